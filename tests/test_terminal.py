"""Text from data files on the terminal: controls and bidirectional controls escaped."""

from __future__ import annotations

import json

import pytest

from territory._terminal import terminal_safe, terminal_safe_data


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("\x1b]0;title\x07", "\\u001b]0;title\\u0007"),  # OSC: retitles the window
        ("\x1b[2J", "\\u001b[2J"),  # clears the screen
        ("\x9b31m", "\\u009b31m"),  # C1 CSI
        ("abc\u202edcba", "abc\\u202edcba"),  # right-to-left override
        ("a\rb\x00c\x7f", "a\\u000db\\u0000c\\u007f"),
        ("Zəngəzur Зангезур Զանգեզուր\n\tline two", "Zəngəzur Зангезур Զանգեզուր\n\tline two"),
    ],
)
def test_terminal_safe_escapes_controls_and_keeps_text(text: str, shown: str) -> None:
    assert terminal_safe(text) == shown


def test_the_escapes_are_valid_json_that_reads_back() -> None:
    data = {"title\x1b": ["\x9b", "\u202e", 3, None]}
    printed = terminal_safe(json.dumps(data, ensure_ascii=False))
    assert json.loads(printed) == data
    assert terminal_safe_data(data) == {"title\\u001b": ["\\u009b", "\\u202e", 3, None]}
