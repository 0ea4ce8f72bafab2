"""Finding units and places by any of their names (ids, names, aliases in any script).

Matching ignores case, diacritics and punctuation (:func:`territory.names.normalize`):
``"Naxçıvan"`` finds ``nakhchivan``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from territory.errors import TerritoryError, UnknownIdError
from territory.names import normalize
from territory.tables import table

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

    from territory.units import UnitHierarchy

SEARCH_COLUMNS = ("kind", "id", "name", "unit", "matched", "exact")

_Entry = tuple[str, str, str, "str | None", list[str]]


class Gazetteer:
    """The names of the units of a hierarchy and of the places of a places frame.

    Parameters
    ----------
    hierarchy
        The units.
    places
        The places (index = place id; columns ``name``, ``aliases``, ``unit``).
    """

    def __init__(self, hierarchy: UnitHierarchy, places: gpd.GeoDataFrame) -> None:
        self.hierarchy = hierarchy
        self.entries = self._entries(hierarchy, places)

    @staticmethod
    def _entries(hierarchy: UnitHierarchy, places: gpd.GeoDataFrame) -> list[_Entry]:
        """``(kind, id, name, unit, names)`` of every unit, then every place."""
        entries: list[_Entry] = [
            ("unit", unit, hierarchy.name(unit), unit,
             [unit, hierarchy.name(unit), *hierarchy.aliases(unit)])
            for unit in hierarchy.ids
        ]  # fmt: skip
        for place_id, place in places.iterrows():
            unit = place.get("unit")
            entries.append(("place", str(place_id), str(place["name"]), unit if isinstance(unit, str) else None,
                            [str(place_id), str(place["name"]), *(place.get("aliases") or [])]))  # fmt: skip
        return entries

    def search(self, name: str) -> pd.DataFrame:
        """Units and places whose id, name or any alias matches ``name`` (see
        :meth:`territory.Atlas.search`)."""
        query = normalize(name)
        found: dict[tuple[str, str], dict[str, object]] = {}
        if query:
            for kind, item_id, item_name, unit, names in self.entries:
                for candidate in names:
                    key = normalize(candidate)
                    exact = key == query
                    if not (exact or query in key):
                        continue
                    previous = found.get((kind, item_id))
                    if previous is None or (exact and not previous["exact"]):
                        found[(kind, item_id)] = {"kind": kind, "id": item_id, "name": item_name, "unit": unit,
                                                  "matched": candidate, "exact": exact}  # fmt: skip
        order = {unit: index for index, unit in enumerate(self.hierarchy.ids)}
        rows = sorted(
            found.values(),
            key=lambda row: (
                not row["exact"],
                row["kind"] != "unit",
                order.get(row["id"], 0) if row["kind"] == "unit" else 0,
                row["id"],
            ),
        )
        return table(rows, SEARCH_COLUMNS)

    def exact_units(self, name: str) -> list[str]:
        """The units that carry ``name`` exactly, in hierarchy order."""
        found = self.search(name)
        return found[(found["kind"] == "unit") & found["exact"]]["id"].tolist()

    def find_unit(self, name: str, where: str) -> str:
        """The unit a name, alias or id stands for (see :meth:`territory.Atlas.find_unit`)."""
        if name in self.hierarchy:
            return name
        matches = self.exact_units(name)
        if len(matches) == 1:
            return matches[0]
        if not matches:
            raise UnknownIdError(where, "unit", name, self.hierarchy.ids)
        parents = [unit for unit in matches if unit in self.hierarchy.parents]
        if len(parents) == 1 and all(
            self.hierarchy.parent_of(unit) == parents[0] for unit in matches if unit != parents[0]
        ):
            return parents[0]
        raise TerritoryError(
            where,
            "unit",
            f"a name of one unit; {name!r} names several: {', '.join(matches)} (give an id)",
        )
