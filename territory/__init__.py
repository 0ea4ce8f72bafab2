"""Versioned polygon layers, diffs and corridor checks for the 1920 territorial proposals.

>>> import territory
>>> atlas = territory.load()
>>> atlas.layer("1920-06-20-chicherin")          # doctest: +SKIP
>>> atlas.diff("1920-06-20-ordzhonikidze", "1920-12-01-narimanov")  # doctest: +SKIP
"""

from __future__ import annotations

from territory.atlas import Atlas
from territory.errors import DataFileError, GeodataBuildError, TerritoryError, UnknownIdError
from territory.loading import load

__all__ = [
    "Atlas",
    "DataFileError",
    "GeodataBuildError",
    "TerritoryError",
    "UnknownIdError",
    "load",
]
