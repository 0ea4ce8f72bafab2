"""The tables the atlas answers with: the layer schema and the frames built from holdings.

A *layer* is one row per unit at the level a version speaks of, in the columns of
:data:`LAYER_COLUMNS`; :func:`table` builds any answer frame so that text columns keep
None (not NaN) for a missing value.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from territory.resolve import Holding, Holdings, holding_at

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

    from territory.units import UnitHierarchy
    from territory.versions import Version

#: The columns of a layer (:meth:`territory.Atlas.layer`), in order: the one layer schema.
LAYER_COLUMNS: tuple[str, ...] = (
    "unit",
    "name",
    "party",
    "status",
    "confidence",
    "source",
    "quote",
    "note",
    "claimants",
    "version",
    "covered",
    "area_km2",
    "geometry",
)

_TYPED_COLUMNS = {"covered": bool, "assigned_differently": bool, "exact": bool, "area_km2": float}


def table(rows: list[dict[str, object]], columns: list[str] | tuple[str, ...]) -> pd.DataFrame:
    """A frame of ``rows`` whose text columns keep None for missing values (pandas would use NaN)."""
    import pandas as pd

    frame = pd.DataFrame(rows, columns=list(columns), dtype=object)
    for column, kind in _TYPED_COLUMNS.items():
        if column in frame.columns:
            frame[column] = frame[column].astype(kind)
    return frame

NOT_COVERED = "not_covered"
"""The status of a unit a version is silent on."""

DIFF_COLUMNS: tuple[str, ...] = (
    "unit", "name", "party_a", "party_b", "status_a", "status_b", "status_change",
    "assigned_differently", "version_a", "version_b", "area_km2",
)  # fmt: skip

TIMELINE_COLUMNS: tuple[str, ...] = (
    "date", "version", "kind", "title", "unit", "party", "status", "confidence", "quote",
    "source", "stated_in",
)  # fmt: skip


def layer_rows(hierarchy: UnitHierarchy, resolved: Holdings, *,
               geometry: bool = True) -> list[dict[str, object]]:
    """One row per unit of ``resolved``, plus the units it is silent on, in hierarchy order.

    A unit nothing is said of is reported ``not_covered`` (merged into its parent when
    all the parent's children are), never guessed.
    """
    rows = [_row(hierarchy, holding, geometry) for holding in resolved.values()]
    rows += [_empty_row(hierarchy, unit, geometry) for unit in uncovered_units(hierarchy, resolved)]
    order = {unit: index for index, unit in enumerate(hierarchy.ids)}
    rows.sort(key=lambda row: order[row["unit"]])
    return rows


def layer_frame(hierarchy: UnitHierarchy, resolved: Holdings, label: str) -> gpd.GeoDataFrame:
    """The layer of ``resolved``: :func:`layer_rows` in :data:`LAYER_COLUMNS`, EPSG:4326."""
    import geopandas as gpd

    frame = gpd.GeoDataFrame(table(layer_rows(hierarchy, resolved), LAYER_COLUMNS),
                             geometry="geometry", crs="EPSG:4326")
    frame.attrs["version"] = label
    return frame


def assignments_frame(hierarchy: UnitHierarchy, resolved: Holdings, label: str) -> pd.DataFrame:
    """The layer of ``resolved`` without geometry (no geopandas needed)."""
    frame = table(layer_rows(hierarchy, resolved, geometry=False), LAYER_COLUMNS[:-1])
    frame.attrs["version"] = label
    return frame


def layer_holders(hierarchy: UnitHierarchy, resolved: Holdings) -> dict[str, str | None]:
    """Unit of the layer (at the level spoken of) -> its holder; None where not covered."""
    holders = {unit: holding.party for unit, holding in resolved.items()}
    holders.update(dict.fromkeys(uncovered_units(hierarchy, resolved)))
    return holders


def uncovered_units(hierarchy: UnitHierarchy, resolved: Holdings) -> list[str]:
    """The units ``resolved`` says nothing of: finest units, merged into their parent when
    all the parent's children are."""
    covered = {finest for unit in resolved for finest in hierarchy.finest(unit)}
    units: list[str] = []
    for unit in hierarchy.ids:
        if unit in hierarchy.parents:
            if covered.isdisjoint(hierarchy.parents[unit].children):
                units.append(unit)
        elif unit not in covered:
            parent = hierarchy.parent_of(unit)
            if parent is None or not covered.isdisjoint(hierarchy.parents[parent].children):
                units.append(unit)
    return units


def _row(hierarchy: UnitHierarchy, holding: Holding, geometry: bool) -> dict[str, object]:
    row: dict[str, object] = {
        "unit": holding.unit,
        "name": hierarchy.name(holding.unit),
        "party": holding.party,
        "status": holding.status,
        "confidence": holding.confidence,
        "source": holding.source,
        "quote": holding.quote,
        "note": holding.note,
        "claimants": ", ".join(holding.claimants) or None,
        "version": holding.version,
        "covered": True,
        "area_km2": hierarchy.area_km2(holding.unit),
    }
    if geometry:
        row["geometry"] = hierarchy.geometry(holding.unit)
    return row


def _empty_row(hierarchy: UnitHierarchy, unit: str, geometry: bool) -> dict[str, object]:
    row: dict[str, object] = {
        "unit": unit,
        "name": hierarchy.name(unit),
        "party": None,
        "status": NOT_COVERED,
        "confidence": None,
        "source": None,
        "quote": None,
        "note": None,
        "claimants": None,
        "version": None,
        "covered": False,
        "area_km2": hierarchy.area_km2(unit),
    }
    if geometry:
        row["geometry"] = hierarchy.geometry(unit)
    return row


def diff_frame(hierarchy: UnitHierarchy, left: Holdings, right: Holdings, *,
               all_units: bool = False) -> pd.DataFrame:
    """What changes from ``left`` to ``right`` (see :meth:`territory.Atlas.diff`)."""
    rows = []
    for unit in _comparison_units(hierarchy, left, right):
        hold_a, hold_b = holding_at(left, unit, hierarchy), holding_at(right, unit, hierarchy)
        party_a, party_b = (hold.party if hold else None for hold in (hold_a, hold_b))
        status_a, status_b = (hold.status if hold else NOT_COVERED for hold in (hold_a, hold_b))
        changed = party_a != party_b or status_a != status_b
        if not (changed or all_units):
            continue
        rows.append(
            {
                "unit": unit,
                "name": hierarchy.name(unit),
                "party_a": party_a,
                "party_b": party_b,
                "status_a": status_a,
                "status_b": status_b,
                "status_change": f"{status_a} -> {status_b}" if status_a != status_b else "",
                "assigned_differently": bool(hold_a and hold_b and party_a != party_b),
                "version_a": hold_a.version if hold_a else None,
                "version_b": hold_b.version if hold_b else None,
                "area_km2": hierarchy.area_km2(unit),
            }
        )
    return table(rows, DIFF_COLUMNS)


def _comparison_units(hierarchy: UnitHierarchy, left: Holdings, right: Holdings) -> list[str]:
    """The units to compare: a unit one side assigns whole and the other by parts, by its parts."""
    units: list[str] = []
    for unit in hierarchy.ids:
        parent = hierarchy.parent_of(unit)
        if unit in hierarchy.parents:
            children = hierarchy.parents[unit].children
            if not any(child in side for side in (left, right) for child in children):
                units.append(unit)
        elif parent is None or any(
            child in side for side in (left, right) for child in hierarchy.parents[parent].children
        ):
            units.append(unit)
    return units


def timeline_frame(hierarchy: UnitHierarchy, unit: str,
                   statements: Iterable[tuple[Version, Holdings]], *,
                   covered_only: bool = False) -> pd.DataFrame:
    """The chronology of ``unit`` over ``(version, its holdings)`` pairs (see
    :meth:`territory.Atlas.timeline`)."""
    rows = []
    for version, resolved in statements:
        holdings = [holding for key, holding in resolved.items() if hierarchy.overlap(key, unit)]
        base = {"date": version.date.label, "version": version.id, "kind": version.kind,
                "title": version.title}  # fmt: skip
        if not holdings and not covered_only:
            rows.append({**base, "unit": unit, "party": None, "status": NOT_COVERED,
                         "confidence": None, "quote": None, "source": None, "stated_in": None})  # fmt: skip
        for holding in holdings:
            rows.append({**base, "unit": holding.unit, "party": holding.party,
                         "status": holding.status, "confidence": holding.confidence,
                         "quote": holding.quote, "source": holding.source,
                         "stated_in": holding.version})  # fmt: skip
    return table(rows, TIMELINE_COLUMNS)
