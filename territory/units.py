"""The unit hierarchy (finest units, their parents, aliases) read from ``units.geojson``.

A *finest* unit is one feature of the units file; a *parent* (``zangezur``,
``sharur_daralagez``) is the union of its children and has no geometry of its own
in the file. A version may speak of a parent or of its children; everything here
works on both levels.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import shapely

from territory._yaml import read_text_utf8
from territory.crs import EQUAL_AREA
from territory.errors import DataFileError, UnknownIdError

_UNIT_PROPERTIES = ("id", "name", "aliases", "parent", "seat", "kind", "sources", "uncertainty_km")
_PARENT_KEYS = ("id", "name", "aliases", "seat", "kind", "sources", "children")
_UNIT_KINDS = ("focus", "context")
_POLYGON_TYPES = ("Polygon", "MultiPolygon")
_PLACE_COLUMNS = ["id", "name", "aliases", "kind", "unit", "coordinates", "seed", "note"]


@dataclass(frozen=True)
class ParentUnit:
    """A 1920 unit that the atlas also knows as two or more finest units."""

    id: str
    name: str
    aliases: tuple[str, ...]
    seat: str | None
    kind: str
    sources: tuple[str, ...]
    children: tuple[str, ...]


class Units:
    """Finest units (a GeoDataFrame indexed by id) and their parents.

    Parameters
    ----------
    frame
        One row per finest unit, index = unit id, EPSG:4326.
    parents
        Parent id -> :class:`ParentUnit`.
    path
        The file the units were read from (for error messages).
    """

    def __init__(self, frame: gpd.GeoDataFrame, parents: dict[str, ParentUnit], path: Path) -> None:
        self.frame = frame
        self.parents = parents
        self.path = path
        self._parent_of = {
            child: parent.id for parent in parents.values() for child in parent.children
        }
        self._geometries: dict[str, shapely.Geometry] = {}

    @cached_property
    def ids(self) -> tuple[str, ...]:
        """Every unit id, finest and parent: focus units first, then context units, each
        group by id; a parent just before its children."""

        def key(unit_id: str) -> tuple[bool, str, str]:
            top = self._parent_of.get(unit_id, unit_id)
            return (self.frame.at[unit_id, "kind"] != "focus", top, unit_id)

        ordered: list[str] = []
        for unit_id in sorted(self.frame.index, key=key):
            parent = self._parent_of.get(unit_id)
            if parent is not None and parent not in ordered:
                ordered.append(parent)
            ordered.append(unit_id)
        return tuple(ordered)

    @cached_property
    def finest_area_km2(self) -> pd.Series:
        """Area of each finest unit in km2, measured in :data:`territory.crs.EQUAL_AREA`."""
        return self.frame.geometry.to_crs(EQUAL_AREA).area / 1e6

    def __contains__(self, unit_id: object) -> bool:
        return unit_id in self.frame.index or unit_id in self.parents

    def check(self, unit_id: str, where: str = "unit") -> str:
        """Return ``unit_id`` if known, else raise :class:`UnknownIdError` with close matches."""
        if unit_id not in self:
            raise UnknownIdError(where, "unit", unit_id, self.ids)
        return unit_id

    def finest(self, unit_id: str) -> tuple[str, ...]:
        """The finest units that make up ``unit_id`` (itself when it is finest)."""
        if unit_id in self.parents:
            return self.parents[unit_id].children
        return (self.check(unit_id),)

    def parent_of(self, unit_id: str) -> str | None:
        """The parent of a finest unit, or None."""
        return self._parent_of.get(unit_id)

    def overlap(self, a: str, b: str) -> bool:
        """Whether two units (any level) share a finest unit."""
        return not set(self.finest(a)).isdisjoint(self.finest(b))

    def name(self, unit_id: str) -> str:
        """Display name of a unit of either level."""
        if unit_id in self.parents:
            return self.parents[unit_id].name
        return str(self.frame.at[self.check(unit_id), "name"])

    def aliases(self, unit_id: str) -> tuple[str, ...]:
        """Aliases of a unit of either level."""
        if unit_id in self.parents:
            return self.parents[unit_id].aliases
        return tuple(self.frame.at[self.check(unit_id), "aliases"])

    def geometry(self, unit_id: str) -> shapely.Geometry:
        """Geometry of a unit (a parent's is the union of its children), cached.

        Exterior rings run counter-clockwise and holes clockwise (RFC 7946, section
        3.1.6), also for a parent, whose union would otherwise come out clockwise.
        """
        if unit_id not in self._geometries:
            parts = self.frame.geometry.loc[list(self.finest(unit_id))]
            geometry = parts.iloc[0] if len(parts) == 1 else shapely.union_all(parts.values)
            self._geometries[unit_id] = shapely.orient_polygons(geometry, exterior_cw=False)
        return self._geometries[unit_id]

    def area_km2(self, unit_id: str) -> float:
        """Area of a unit of either level in km2 (sum of its finest units, equal-area CRS)."""
        return float(self.finest_area_km2.loc[list(self.finest(unit_id))].sum())


def read_units(path: Path) -> Units:
    """Read a units file that follows the atlas data contract.

    Parameters
    ----------
    path
        A GeoJSON FeatureCollection (EPSG:4326), one feature per finest unit, with the
        properties ``id, name, aliases, parent, seat, kind, sources, uncertainty_km``
        and a foreign member ``parents``.

    Raises
    ------
    DataFileError
        The file is missing, is not JSON, or breaks the contract (named field).
    """
    path = Path(path)
    raw = _read_json(path)
    features = raw.get("features") if isinstance(raw, dict) else None
    if (
        not isinstance(raw, dict)
        or raw.get("type") != "FeatureCollection"
        or not isinstance(features, list)
        or not features
    ):
        raise DataFileError(path, "type", "a GeoJSON FeatureCollection with at least one feature")
    for index, feature in enumerate(features):
        _check_feature(path, index, feature)
    frame = gpd.GeoDataFrame.from_features(features, crs="EPSG:4326")
    duplicated = frame["id"][frame["id"].duplicated()]
    if not duplicated.empty:
        raise DataFileError(
            path, "features[].properties.id", "each unit id once", duplicated.iloc[0]
        )
    frame = frame.set_index("id", drop=False).rename_axis(None)
    frame["aliases"] = frame["aliases"].map(lambda aliases: list(aliases or []))
    invalid = frame.index[~frame.geometry.is_valid | frame.geometry.is_empty]
    if len(invalid):
        raise DataFileError(path, f"unit {invalid[0]}.geometry", "a valid, non-empty polygon")
    raw_parents = raw.get("parents") or []
    if not isinstance(raw_parents, list):
        raise DataFileError(path, "parents", "a list of parent units", type(raw_parents).__name__)
    parents = _read_parents(path, raw_parents, frame)
    return Units(frame, parents, path)


def _check_feature(path: Path, index: int, feature: object) -> None:
    """Refuse a feature that breaks the data contract, naming its index, id and field."""
    where = f"features[{index}]"
    if not isinstance(feature, dict):
        raise DataFileError(path, where, "a GeoJSON Feature object", type(feature).__name__)
    properties = feature.get("properties")
    if not isinstance(properties, dict):
        raise DataFileError(path, f"{where}.properties", "an object with the unit properties")
    for key in _UNIT_PROPERTIES:
        if key not in properties:
            raise DataFileError(path, f"{where}.properties.{key}", "a value (data contract)")
    unit_id = properties["id"]
    if not isinstance(unit_id, str) or not unit_id:
        raise DataFileError(path, f"{where}.properties.id", "a non-empty text id", unit_id)
    _check_unit_fields(path, f"{where}.properties", unit_id, properties)
    parent = properties["parent"]
    if parent is not None and (not isinstance(parent, str) or not parent):
        raise DataFileError(
            path, f"{where}.properties.parent (unit {unit_id})", "a parent id or null", parent
        )
    geometry = feature.get("geometry")
    geometry_type = geometry.get("type") if isinstance(geometry, dict) else None
    if geometry_type not in _POLYGON_TYPES:
        raise DataFileError(
            path,
            f"{where}.geometry.type (unit {unit_id})",
            "Polygon or MultiPolygon",
            geometry_type,
        )


def _check_unit_fields(path: Path, where: str, unit_id: str, record: dict[str, Any]) -> None:
    """The fields a finest unit and a parent share: ``name``, ``aliases``, ``kind``, ``sources``."""
    if not isinstance(record["name"], str) or not record["name"]:
        raise DataFileError(
            path, f"{where}.name (unit {unit_id})", "a non-empty name", record["name"]
        )
    for key in ("aliases", "sources"):
        value = record[key]
        if value is not None and (
            not isinstance(value, list) or not all(isinstance(item, str) for item in value)
        ):
            raise DataFileError(path, f"{where}.{key} (unit {unit_id})", "a list of strings", value)
    if record["kind"] not in _UNIT_KINDS:
        raise DataFileError(
            path, f"{where}.kind (unit {unit_id})", " or ".join(_UNIT_KINDS), record["kind"]
        )


def _read_json(path: Path) -> Any:
    if not path.is_file():
        raise DataFileError(path, "file", "an existing GeoJSON file")
    text = read_text_utf8(path)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise DataFileError(f"{path}:{exc.lineno}", "JSON syntax", "valid JSON", exc.msg) from exc


def _read_parents(
    path: Path, raw_parents: list[Any], frame: gpd.GeoDataFrame
) -> dict[str, ParentUnit]:
    """The parents, checked against the features: a parent's ``children`` and its
    children's ``parent`` must name each other."""
    parents: dict[str, ParentUnit] = {}
    for index, raw in enumerate(raw_parents):
        if not isinstance(raw, dict):
            raise DataFileError(path, f"parents[{index}]", "an object", type(raw).__name__)
        for key in _PARENT_KEYS:
            if key not in raw:
                raise DataFileError(path, f"parents[{index}].{key}", "a value (data contract)")
        if not isinstance(raw["id"], str) or not raw["id"]:
            raise DataFileError(path, f"parents[{index}].id", "a non-empty text id", raw["id"])
        if raw["id"] in frame.index or raw["id"] in parents:
            raise DataFileError(
                path, f"parents[{index}].id", "an id not used by another unit", raw["id"]
            )
        where = f"parents[{index}]"
        _check_unit_fields(path, where, raw["id"], raw)
        if not isinstance(raw["children"], list) or not raw["children"]:
            raise DataFileError(
                path,
                f"{where}.children (unit {raw['id']})",
                "a non-empty list of finest unit ids",
                raw["children"],
            )
        children = tuple(raw["children"])
        for child in children:
            if child not in frame.index or frame.at[child, "parent"] != raw["id"]:
                raise DataFileError(
                    path,
                    f"{where}.children (unit {raw['id']})",
                    f"finest units whose parent is {raw['id']}",
                    child,
                )
        parents[raw["id"]] = ParentUnit(
            id=raw["id"],
            name=raw["name"],
            aliases=tuple(raw["aliases"] or ()),
            seat=raw["seat"],
            kind=raw["kind"],
            sources=tuple(raw["sources"] or ()),
            children=children,
        )
    for index, (unit_id, parent) in enumerate(frame["parent"].items()):
        if parent is None or pd.isna(parent):
            continue
        where = f"features[{index}].properties.parent (unit {unit_id})"
        if parent not in parents:
            raise DataFileError(path, where, "a parent listed in 'parents'", parent)
        if unit_id not in parents[parent].children:
            raise DataFileError(path, where, f"a parent whose 'children' list {unit_id}", parent)
    return parents


def read_places(path: Path) -> gpd.GeoDataFrame:
    """Read ``places.geojson`` (index = place id); an empty frame when the file is absent."""
    path = Path(path)
    if not path.exists():
        return gpd.GeoDataFrame(columns=_PLACE_COLUMNS, geometry=[], crs="EPSG:4326")
    raw = _read_json(path)
    frame = gpd.GeoDataFrame.from_features(raw.get("features") or [], crs="EPSG:4326")
    for column in _PLACE_COLUMNS:
        if column not in frame.columns:
            frame[column] = None
    return frame.set_index("id", drop=False).rename_axis(None)
