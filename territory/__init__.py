"""Versioned polygon layers, diffs and corridor checks for the 1918-1924 territorial assignments.

>>> import territory
>>> atlas = territory.load()
>>> atlas.layer("1920-06-20-chicherin")          # doctest: +SKIP
>>> atlas.diff("1920-06-20-ordzhonikidze", "1920-12-01-narimanov")  # doctest: +SKIP

``load`` and ``Atlas`` are imported on first use (PEP 562), so that ``import territory``
and the command line's help start without the geometry and plotting libraries.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from territory.errors import (
    ArgumentError,
    DataFileError,
    GeodataBuildError,
    MapError,
    NoTerritoryError,
    OutputError,
    TerritoryError,
    UnknownIdError,
)

if TYPE_CHECKING:
    from territory.atlas import Atlas
    from territory.loading import load

__all__ = [
    "Atlas",
    "ArgumentError",
    "DataFileError",
    "GeodataBuildError",
    "MapError",
    "NoTerritoryError",
    "OutputError",
    "TerritoryError",
    "UnknownIdError",
    "load",
]

_LAZY = {"Atlas": "territory.atlas", "load": "territory.loading"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'territory' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *_LAZY])
