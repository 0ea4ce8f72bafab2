"""The unit hierarchy (finest units, their parents, aliases) read from ``units.geojson``.

A *finest* unit is one feature of the units file; a *parent* (``zangezur``,
``sharur_daralagez``) is the union of its children and has no geometry of its own
in the file. A version may speak of a parent or of its children; everything here
works on both levels.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field, ValidationError

from territory._cache import Memo
from territory._geojson import check_geometry, json_kind, read_geojson
from territory._schema import Strict
from territory.errors import DataFileError, UnknownIdError
from territory.names import LANGUAGES, LocalNames

if TYPE_CHECKING:
    import geopandas as gpd
    import shapely

_UNIT_PROPERTIES = ("id", "name", "aliases", "parent", "seat", "kind", "sources", "uncertainty_km")
_PARENT_KEYS = ("id", "name", "aliases", "seat", "kind", "sources", "children")
_UNIT_KINDS = ("focus", "context")
_POLYGON_TYPES = ("Polygon", "MultiPolygon")
_PLACE_COLUMNS = ["id", "name", "names", "names_note", "aliases", "kind", "unit", "coordinates", "seed", "note"]


class ParentUnit(Strict):
    """A 1920 unit that the atlas also knows as two or more finest units (``zangezur``).

    It has no geometry of its own: its geometry is the union of its ``children``.
    """

    id: str = Field(min_length=1)
    name: str = Field(min_length=1)
    aliases: tuple[str, ...] = ()
    seat: str | None = None
    kind: Literal["focus", "context"]
    names: LocalNames | None = None
    names_note: str | None = None
    sources: tuple[str, ...] = ()
    children: tuple[str, ...] = ()


class UnitHierarchy:
    """Finest units and their parents: ids, names, aliases, levels, geometry and areas.

    The hierarchy answers every question about ids and levels from the properties of the
    units file alone; the geometry (shapely) and the frame (geopandas) are made on first use,
    so that reading versions needs neither.

    Parameters
    ----------
    features
        The GeoJSON features of the finest units, checked against the data contract
        (:func:`read_units`).
    parents
        Parent id -> :class:`ParentUnit`.
    path
        The file the units were read from (for error messages).
    """

    def __init__(self, features: list[dict[str, Any]], parents: dict[str, ParentUnit],
                 path: Path) -> None:
        self.parents = parents
        self.path = path
        self._features = features
        self._properties = {feature["properties"]["id"]: feature["properties"] for feature in features}
        self._parent_of = {
            child: parent.id for parent in parents.values() for child in parent.children
        }
        self._memo = Memo()

    @cached_property
    def ids(self) -> tuple[str, ...]:
        """Every unit id, finest and parent: focus units first, then context units, each
        group by id; a parent just before its children."""

        def key(unit_id: str) -> tuple[bool, str, str]:
            top = self._parent_of.get(unit_id, unit_id)
            return (self._properties[unit_id]["kind"] != "focus", top, unit_id)

        ordered: list[str] = []
        for unit_id in sorted(self._properties, key=key):
            parent = self._parent_of.get(unit_id)
            if parent is not None and parent not in ordered:
                ordered.append(parent)
            ordered.append(unit_id)
        return tuple(ordered)

    @cached_property
    def finest_ids(self) -> tuple[str, ...]:
        """The finest unit ids, in the order of the units file."""
        return tuple(self._properties)

    @cached_property
    def frame(self) -> gpd.GeoDataFrame:
        """One row per finest unit (index = unit id, the file's properties as columns), EPSG:4326."""
        import geopandas as gpd

        frame = gpd.GeoDataFrame.from_features(self._features, crs="EPSG:4326")
        frame = frame.set_index("id", drop=False).rename_axis(None)
        frame["aliases"] = frame["aliases"].map(lambda aliases: list(aliases or []))
        return frame

    @cached_property
    def _finest_geometries(self) -> dict[str, shapely.Geometry]:
        """The geometry of each finest unit; an invalid or empty one is a :class:`DataFileError`."""
        import shapely
        from shapely.geometry import shape

        geometries = {}
        for unit_id, feature in zip(self._properties, self._features, strict=True):
            geometry = shape(feature["geometry"])
            if geometry.is_empty or not shapely.is_valid(geometry):
                raise DataFileError(self.path, f"unit {unit_id}.geometry", "a valid, non-empty polygon")
            geometries[unit_id] = geometry
        return geometries

    @cached_property
    def _finest_area_km2(self) -> dict[str, float]:
        """Area of each finest unit in km2, measured in :data:`territory.crs.EQUAL_AREA`."""
        import numpy as np
        import shapely
        from pyproj import Transformer

        from territory.crs import EQUAL_AREA, GEOGRAPHIC, project

        to_equal_area = Transformer.from_crs(GEOGRAPHIC, EQUAL_AREA, always_xy=True)
        geometries = np.asarray(list(self._finest_geometries.values()), dtype=object)
        projected = project(geometries, to_equal_area)
        return dict(zip(self._finest_geometries, shapely.area(projected) / 1e6, strict=True))

    def __contains__(self, unit_id: object) -> bool:
        return unit_id in self._properties or unit_id in self.parents

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
        return str(self._properties[self.check(unit_id)]["name"])

    def aliases(self, unit_id: str) -> tuple[str, ...]:
        """Aliases of a unit of either level."""
        if unit_id in self.parents:
            return self.parents[unit_id].aliases
        return tuple(self._properties[self.check(unit_id)]["aliases"] or ())

    def local_name(self, unit_id: str, language: str) -> str:
        """The name of a unit of either level in one of :data:`~territory.names.LANGUAGES`;
        its ``name`` where the units file gives no ``names``.

        Raises
        ------
        UnknownIdError
            ``unit_id`` or ``language`` is not known.
        """
        if language not in LANGUAGES:
            raise UnknownIdError("language", "language", language, LANGUAGES)
        if unit_id in self.parents:
            names = self.parents[unit_id].names
            return getattr(names, language) if names else self.parents[unit_id].name
        properties = self._properties[self.check(unit_id)]
        return str((properties.get("names") or {}).get(language) or properties["name"])

    def kind(self, unit_id: str) -> str:
        """``focus`` or ``context``, of a unit of either level."""
        if unit_id in self.parents:
            return self.parents[unit_id].kind
        return str(self._properties[self.check(unit_id)]["kind"])

    def geometry(self, unit_id: str) -> shapely.Geometry:
        """Geometry of a unit (a parent's is the union of its children), cached.

        Exterior rings run counter-clockwise and holes clockwise (RFC 7946, section
        3.1.6), also for a parent, whose union would otherwise come out clockwise.
        """
        return self._memo.get(("geometry", unit_id), lambda: self._geometry(unit_id))

    def _geometry(self, unit_id: str) -> shapely.Geometry:
        import shapely

        parts = [self._finest_geometries[finest] for finest in self.finest(unit_id)]
        geometry = parts[0] if len(parts) == 1 else shapely.union_all(parts)
        return shapely.orient_polygons(geometry, exterior_cw=False)

    def area_km2(self, unit_id: str) -> float:
        """Area of a unit of either level in km2 (sum of its finest units, equal-area CRS)."""
        return float(sum(self._finest_area_km2[finest] for finest in self.finest(unit_id)))


def read_units(path: Path) -> UnitHierarchy:
    """Read a units file that follows the atlas data contract.

    Parameters
    ----------
    path
        A GeoJSON FeatureCollection (EPSG:4326), one feature per finest unit, with the
        properties ``id, name, aliases, parent, seat, kind, sources, uncertainty_km``
        (and, optionally, ``names`` in the five languages with their ``names_note``, and
        ``countries``, the modern countries the unit lies in, which tell international
        lines from internal ones in :mod:`territory.uncertainty`) and a foreign member ``parents``.

    Raises
    ------
    DataFileError
        The file is missing, is not JSON, or breaks the contract (named field). The
        geometry is parsed, and checked for validity, when it is first used.
    """
    path = Path(path)
    raw = read_geojson(path)
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
    seen: set[str] = set()
    for feature in features:
        unit_id = feature["properties"]["id"]
        if unit_id in seen:
            raise DataFileError(path, "features[].properties.id", "each unit id once", unit_id)
        seen.add(unit_id)
    raw_parents = raw.get("parents") or []
    if not isinstance(raw_parents, list):
        raise DataFileError(path, "parents", "a list of parent units", type(raw_parents).__name__)
    properties = {feature["properties"]["id"]: feature["properties"] for feature in features}
    parents = _read_parents(path, raw_parents, properties)
    return UnitHierarchy(features, parents, path)


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
    if properties["seat"] is not None and not isinstance(properties["seat"], str):
        raise DataFileError(
            path, f"{where}.properties.seat (unit {unit_id})", "a place id or null", properties["seat"]
        )
    uncertainty = properties["uncertainty_km"]
    if uncertainty is not None and not (
        isinstance(uncertainty, (int, float)) and not isinstance(uncertainty, bool)
        and 0 <= uncertainty < float("inf")
    ):
        raise DataFileError(
            path, f"{where}.properties.uncertainty_km (unit {unit_id})",
            "a distance in km, 0 or more, or null", uncertainty
        )
    _check_text_list(path, f"{where}.properties.countries (unit {unit_id})", properties.get("countries"))
    check_geometry(path, where, feature.get("geometry"), _POLYGON_TYPES, f" (unit {unit_id})")


def _check_unit_fields(path: Path, where: str, unit_id: str, record: dict[str, Any]) -> None:
    """The fields a finest unit and a parent share: ``name``, ``aliases``, ``kind``, ``sources``."""
    if not isinstance(record["name"], str) or not record["name"]:
        raise DataFileError(
            path, f"{where}.name (unit {unit_id})", "a non-empty name", record["name"]
        )
    for key in ("aliases", "sources"):
        _check_text_list(path, f"{where}.{key} (unit {unit_id})", record[key])
    if record["kind"] not in _UNIT_KINDS:
        raise DataFileError(
            path, f"{where}.kind (unit {unit_id})", " or ".join(_UNIT_KINDS), record["kind"]
        )
    _check_local_names(path, f"{where}.names (unit {unit_id})", record.get("names"))


def _check_text_list(path: Path, field: str, value: object) -> None:
    """Refuse a ``value`` that is neither null nor a list of strings."""
    if value is not None and (
        not isinstance(value, list) or not all(isinstance(item, str) for item in value)
    ):
        raise DataFileError(path, field, "a list of strings", value)


def _check_local_names(path: Path, field: str, names: object) -> None:
    """Refuse ``names`` that are neither null nor a name in each of :data:`LANGUAGES`."""
    if names is None:
        return
    try:
        LocalNames.model_validate(names)
    except ValidationError:
        raise DataFileError(
            path, field, f"a non-empty name for each of {', '.join(LANGUAGES)}", names
        ) from None


def _read_parents(
    path: Path, raw_parents: list[Any], units: dict[str, dict[str, Any]]
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
        if raw["id"] in units or raw["id"] in parents:
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
            if not isinstance(child, str) or child not in units or units[child]["parent"] != raw["id"]:
                raise DataFileError(
                    path,
                    f"{where}.children (unit {raw['id']})",
                    f"finest units whose parent is {raw['id']}",
                    child,
                )
        try:
            parents[raw["id"]] = ParentUnit(
                id=raw["id"],
                name=raw["name"],
                aliases=tuple(raw["aliases"] or ()),
                seat=raw["seat"],
                kind=raw["kind"],
                names=raw.get("names"),
                names_note=raw.get("names_note"),
                sources=tuple(raw["sources"] or ()),
                children=children,
            )
        except ValidationError as exc:
            first = exc.errors()[0]
            field = ".".join(str(part) for part in first["loc"])
            raise DataFileError(
                path, f"{where}.{field} (unit {raw['id']})", first["msg"], first.get("input")
            ) from None
    for index, (unit_id, properties) in enumerate(units.items()):
        parent = properties["parent"]
        if parent is None:
            continue
        where = f"features[{index}].properties.parent (unit {unit_id})"
        if parent not in parents:
            raise DataFileError(path, where, "a parent listed in 'parents'", parent)
        if unit_id not in parents[parent].children:
            raise DataFileError(path, where, f"a parent whose 'children' list {unit_id}", parent)
    return parents


def read_places(path: Path) -> gpd.GeoDataFrame:
    """Read ``places.geojson`` (index = place id); an empty frame when the file is absent.

    Each feature is a Point with the properties ``id`` (unique text) and ``name`` (text);
    ``aliases`` (a list of text), ``names`` (in the five languages), ``unit`` (a unit id),
    ``kind``, ``names_note``, ``coordinates`` and ``note`` (text) and ``seed`` (a list of
    text) are optional.

    Raises
    ------
    DataFileError
        The file cannot be read or breaks that contract (named feature and field).
    """
    import geopandas as gpd

    path = Path(path)
    if not path.exists() and not path.is_symlink():
        return gpd.GeoDataFrame(columns=_PLACE_COLUMNS, geometry=[], crs="EPSG:4326")
    raw = read_geojson(path)
    features = raw.get("features") if isinstance(raw, dict) else None
    if not isinstance(raw, dict) or raw.get("type") != "FeatureCollection" or not isinstance(features, list):
        raise DataFileError(path, "type", "a GeoJSON FeatureCollection of places",
                            json_kind(raw) if not isinstance(raw, dict) else raw.get("type"))
    seen: set[str] = set()
    for index, feature in enumerate(features):
        place_id = _check_place(path, index, feature)
        if place_id in seen:
            raise DataFileError(path, f"features[{index}].properties.id", "each place id once", place_id)
        seen.add(place_id)
    frame = gpd.GeoDataFrame.from_features(features, crs="EPSG:4326")
    for column in _PLACE_COLUMNS:
        if column not in frame.columns:
            frame[column] = None
    for column in _PLACE_LISTS:  # a place without the list has an empty one, not NaN
        frame[column] = frame[column].map(lambda value: value if isinstance(value, list) else [])
    return frame.set_index("id", drop=False).rename_axis(None)


_PLACE_TEXT = ("kind", "unit", "names_note", "coordinates", "note")
_PLACE_LISTS = ("aliases", "seed")


def _check_place(path: Path, index: int, feature: object) -> str:
    """Refuse a place feature that breaks the contract of :func:`read_places`; its id."""
    where = f"features[{index}]"
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        raise DataFileError(path, where, "a GeoJSON Feature object", json_kind(feature))
    properties = feature.get("properties")
    if not isinstance(properties, dict):
        raise DataFileError(path, f"{where}.properties", "an object with the place's id and name",
                            json_kind(properties))
    place_id = properties.get("id")
    if not isinstance(place_id, str) or not place_id:
        raise DataFileError(path, f"{where}.properties.id", "a non-empty text id", place_id)
    owner = f" (place {place_id})"
    name = properties.get("name")
    if not isinstance(name, str) or not name:
        raise DataFileError(path, f"{where}.properties.name{owner}", "a non-empty name", name)
    for key in _PLACE_TEXT:
        if properties.get(key) is not None and not isinstance(properties[key], str):
            raise DataFileError(path, f"{where}.properties.{key}{owner}", "text or null",
                                properties[key])
    for key in _PLACE_LISTS:
        _check_text_list(path, f"{where}.properties.{key}{owner}", properties.get(key))
    _check_local_names(path, f"{where}.properties.names{owner}", properties.get("names"))
    check_geometry(path, where, feature.get("geometry"), ("Point",), owner)
    return place_id
