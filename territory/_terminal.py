"""Text from data files made safe for a terminal.

A title or a quote in a version file is data from anyone. Printed raw, an escape sequence in
it could retitle the terminal window, hide lines, or (with bidirectional overrides) show
text in another order than it is stored. :func:`terminal_safe` writes every such character
as a visible escape, ``\\u001b``, ``\\u202e`` (valid inside a JSON string too, so the same
function serves ``--json`` output), keeping newlines and tabs.
"""

from __future__ import annotations

import re
from typing import Any

_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f"  # C0 controls but tab and newline, DEL, C1 controls
    "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"  # bidirectional marks, embeddings, isolates
    "\u2028\u2029\ufeff\ufff9-\ufffb]"  # line and paragraph separators, BOM, annotations
)


def terminal_safe(text: str) -> str:
    """``text`` with control and bidirectional-control characters written as escapes."""
    return _UNSAFE.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def terminal_safe_data(value: Any) -> Any:
    """``value`` (JSON-like: dicts, lists, text, numbers) with every text made
    :func:`terminal_safe`, keys included."""
    if isinstance(value, str):
        return terminal_safe(value)
    if isinstance(value, dict):
        return {terminal_safe_data(key): terminal_safe_data(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [terminal_safe_data(item) for item in value]
    return value
