"""Names: the five languages of the atlas, and name matching that ignores case,
diacritics and punctuation.

Every unit, place and water feature has ``names`` in the five ``LANGUAGES`` (a
:class:`LocalNames`), beside the ``aliases`` that search matches.

``Naxçıvan``, ``NAXCIVAN`` and ``nakhchivan``'s alias ``Naxcivan`` all normalise to
``naxcivan``: Unicode NFKD decomposition with combining marks dropped, then
``str.casefold``, then the letters NFKD leaves whole (Azerbaijani ``ı`` and ``ə``,
Scandinavian ``ø`` ...) mapped to their base letter, and every run of punctuation or
spaces turned into one space.
"""

from __future__ import annotations

import re
import unicodedata

from pydantic import Field

from territory._schema import Strict

LANGUAGES = ("en", "ru", "hy", "az", "tr")
"""The languages the atlas names things in: English, Russian, Armenian, Azerbaijani, Turkish."""


class LocalNames(Strict):
    """A name in each of the five ``LANGUAGES``: the 1920 form where one exists, else the
    modern form (the record's ``names_note`` says which)."""

    en: str = Field(min_length=1)
    ru: str = Field(min_length=1)
    hy: str = Field(min_length=1)
    az: str = Field(min_length=1)
    tr: str = Field(min_length=1)

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
