"""Name matching that ignores case, diacritics and punctuation.

``Naxçıvan``, ``NAXCIVAN`` and ``nakhchivan``'s alias ``Naxcivan`` all normalise to
``naxcivan``: Unicode NFKD decomposition with combining marks dropped, then
``str.casefold``, then the letters NFKD leaves whole (Azerbaijani ``ı`` and ``ə``,
Scandinavian ``ø`` ...) mapped to their base letter, and every run of punctuation or
spaces turned into one space.
"""

from __future__ import annotations

import re
import unicodedata

# Letters that have no decomposition in Unicode but a common plain-Latin reading.
_PLAIN = str.maketrans(
    {
        "ı": "i",  # dotless i (Azerbaijani, Turkish)
        "ə": "e",  # schwa (Azerbaijani)
        "ø": "o",
        "ł": "l",
        "đ": "d",
        "ħ": "h",
        "ʼ": "",  # modifier apostrophe (transliteration of soft/hard signs, Armenian aspirates)
        "ʹ": "",
        "ʻ": "",
        "’": "",
        "'": "",
    }
)
_SEPARATORS = re.compile(r"[\W_]+", re.UNICODE)


def normalize(name: str) -> str:
    """Return the matching key of ``name`` (see the module docstring)."""
    decomposed = unicodedata.normalize("NFKD", name)
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    plain = stripped.casefold().translate(_PLAIN)
    return _SEPARATORS.sub(" ", plain).strip()
