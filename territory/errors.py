"""Error types of :mod:`territory`.

Every error names *where* the problem is (a file, or the API argument), *which*
item or field is wrong, and *what was expected*, so that a user can fix the
input without reading the code.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from difflib import get_close_matches
from pathlib import Path


class TerritoryError(Exception):
    """Base class of all errors raised by :mod:`territory`.

    Parameters
    ----------
    where
        The file (or the API argument, e.g. ``"atlas.layer(version)"``) the
        problem is in.
    item
        The item or field at fault (``"arcs[3].points"``, ``"unit"``, ...).
    expected
        What the field should have been, in plain words.
    got
        What was found instead (optional).
    """

    def __init__(self, where: str | Path, item: str, expected: str, got: object = None) -> None:
        self.where = str(where)
        self.item = item
        self.expected = expected
        self.got = got
        message = f"{self.where}: {item}: expected {expected}"
        if got is not None:
            message += f", got {got!r}"
        super().__init__(message)


class ArgumentError(TerritoryError, TypeError):
    """An API argument of the wrong type (``atlas.version(None)``, ``territory.load(123)``)."""


def expect_text(value: object, where: str, expected: str = "an id (text)") -> str:
    """``value`` if it is text, else an :class:`ArgumentError` at ``where``."""
    if not isinstance(value, str):
        raise ArgumentError(where, "type", expected, type_name(value))
    return value


def expect_texts(value: object, where: str, expected: str = "ids (text, or a list of text)",
                 ) -> tuple[str, ...]:
    """``value`` as a tuple of text: one text, or an iterable of text; else an
    :class:`ArgumentError` at ``where``."""
    if isinstance(value, str):
        return (value,)
    if isinstance(value, (bytes, dict)) or not isinstance(value, Iterable):
        raise ArgumentError(where, "type", expected, type_name(value))
    items = tuple(value)
    for item in items:
        expect_text(item, where, expected)
    return items


def expect_path(value: object, where: str, expected: str = "a path (str or os.PathLike)") -> None:
    """Refuse, as an :class:`ArgumentError` at ``where``, a ``value`` that is not a path
    (``str`` or ``os.PathLike``)."""
    if not isinstance(value, (str, os.PathLike)):
        raise ArgumentError(where, "type", expected, type_name(value))


def type_name(value: object) -> str:
    """The type of ``value`` for a message (``"None"``, ``"int"``)."""
    return "None" if value is None else type(value).__name__


class GeodataBuildError(TerritoryError):
    """The geodata sources cannot be built into a clean partition."""


class DataFileError(TerritoryError):
    """A data file (units, places or a version file) is missing or malformed."""


class UnknownIdError(TerritoryError, KeyError):
    """An id (unit, party, version, scenario) that the atlas does not know."""

    def __init__(self, where: str | Path, kind: str, value: str, known: Iterable[str]) -> None:
        known = sorted(set(known))
        close = get_close_matches(value, known, n=3, cutoff=0.5)
        hint = f"one of the known {kind} ids" + (
            f" (did you mean {', '.join(close)}?)" if close else ""
        )
        self.kind = kind
        self.value = value
        self.known = known
        self.close_matches = close
        super().__init__(where, kind, hint, value)

    def __str__(self) -> str:  # KeyError would otherwise quote the message
        return self.args[0]


class OutputError(TerritoryError):
    """An output (a map, a layer, a built geodata file) cannot be written where it was asked:
    the message names the path and the cause (``permission denied``, ``not a directory``)."""


class MapError(TerritoryError):
    """A map or a static figure cannot be made from what it was given (a layer without the
    layer columns, an unknown format, a timeline without versions ...)."""


class NoTerritoryError(TerritoryError):
    """A corridor question names a party that holds no unit in the scenario asked about.

    Attributes
    ----------
    parties
        The parties of the question that hold nothing, in the order asked.
    """

    def __init__(
        self, where: str | Path, parties: Iterable[str], scenario: str, held: Iterable[str]
    ) -> None:
        self.parties = tuple(parties)
        holding = ", ".join(held) or "none"
        super().__init__(
            where,
            ", ".join(self.parties),
            f"a party that holds at least one unit in {scenario} (parties holding units: {holding})",
        )
