"""Read a GeoJSON data file from anyone: the JSON within limits, and geometry checked as data.

:func:`read_geojson` refuses a file over :data:`MAX_GEOJSON_BYTES`, JSON nested deeper than
:data:`MAX_JSON_DEPTH` and JSON syntax errors, naming the file (and the line).
:func:`check_geometry` refuses, before shapely or geopandas see it, a geometry that is not
of the expected types or whose coordinates are not numbers in the range of longitude and
latitude, or whose rings are too short or open, naming the feature and the field.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from territory._files import read_data_text
from territory.errors import DataFileError

MAX_GEOJSON_BYTES = 64 * 1024 * 1024
"""The largest units or places file read (64 MiB; the built-in units file is under 1 MiB)."""
MAX_JSON_DEPTH = 32
"""The deepest nesting of arrays and objects (a feature collection of MultiPolygons needs 8)."""

_DEPTH_OF_COORDINATES = {"Point": 0, "Polygon": 2, "MultiPolygon": 3}


def read_geojson(path: Path) -> Any:
    """The parsed JSON of ``path``.

    Raises
    ------
    DataFileError
        The file cannot be read (see :func:`territory._files.read_data_text`), is over
        :data:`MAX_GEOJSON_BYTES`, is not JSON, or is nested deeper than :data:`MAX_JSON_DEPTH`.
    """
    text = read_data_text(path, MAX_GEOJSON_BYTES, DataFileError, "GeoJSON file")
    too_deep = DataFileError(path, "structure", f"nesting at most {MAX_JSON_DEPTH} levels deep "
                             "(MAX_JSON_DEPTH)")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DataFileError(f"{path}:{exc.lineno}", "JSON syntax", "valid JSON", exc.msg) from None
    except RecursionError:
        raise too_deep from None
    if _depth_exceeds(data, MAX_JSON_DEPTH):
        raise too_deep
    return data


def _depth_exceeds(data: Any, limit: int) -> bool:
    """Whether ``data`` nests deeper than ``limit``; GeoJSON ``coordinates`` are not walked
    (:func:`check_geometry` checks their exact depth)."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > limit:
            return True
        if isinstance(value, dict):
            children = [child for key, child in value.items() if key != "coordinates"]
        elif isinstance(value, list):
            children = value
        else:
            continue
        stack.extend((child, depth + 1) for child in children if isinstance(child, (list, dict)))
    return False


def check_geometry(path: Path, where: str, geometry: object, types: Sequence[str],
                   owner: str = "") -> None:
    """Refuse a GeoJSON geometry that is not one of ``types`` with well-formed coordinates.

    A position is two or three numbers (not text, not booleans), longitude in [-180, 180]
    and latitude in [-90, 90]; a polygon ring has at least four positions and ends where it
    began.

    Raises
    ------
    DataFileError
        Naming ``path``, the field at fault under ``where`` (``"features[3]"``) and then
        ``owner`` (``" (unit x)"``).
    """
    kind = geometry.get("type") if isinstance(geometry, dict) else None
    if kind not in types:
        got = kind if isinstance(geometry, dict) else json_kind(geometry)
        raise DataFileError(path, f"{where}.geometry.type{owner}", " or ".join(types), got)
    assert isinstance(geometry, dict)
    coordinates = geometry.get("coordinates")
    try:
        _check_nested(path, f"{where}.geometry.coordinates", coordinates,
                      _DEPTH_OF_COORDINATES[kind])
    except DataFileError as error:
        raise DataFileError(path, error.item + owner, error.expected, error.got) from None


def _check_nested(path: Path, where: str, value: object, depth: int) -> None:
    """``depth`` 0: a position; 1: a ring; 2: a polygon (rings); 3: polygons."""
    if depth == 0:
        _check_position(path, where, value)
        return
    expected = {1: "a ring (a list of positions)", 2: "a polygon (a list of rings)",
                3: "a list of polygons"}[depth]
    if not isinstance(value, list) or not value:
        raise DataFileError(path, where, f"{expected}, not empty", _shown(value))
    if depth == 1:
        _check_ring(path, where, value)
        return
    for index, item in enumerate(value):
        _check_nested(path, f"{where}[{index}]", item, depth - 1)


def _check_ring(path: Path, where: str, ring: list[Any]) -> None:
    # the common case at the speed of a set of types; a position at fault is then found one by one
    if not (
        all(type(position) is list and len(position) == 2 for position in ring)
        and {type(number) for position in ring for number in position} <= {int, float}
        and all(-180 <= lon <= 180 and -90 <= lat <= 90 for lon, lat in ring)
    ):
        for index, position in enumerate(ring):
            _check_position(path, f"{where}[{index}]", position)
    if len(ring) < 4:
        raise DataFileError(path, where, "a ring of at least 4 positions", f"{len(ring)} positions")
    if ring[0] != ring[-1]:
        raise DataFileError(path, where, "a closed ring (the last position equal to the first)",
                            f"{ring[0]} ... {ring[-1]}")


def _check_position(path: Path, where: str, value: object) -> None:
    if (
        not isinstance(value, list)
        or len(value) not in (2, 3)
        or not all(isinstance(number, (int, float)) and not isinstance(number, bool)
                   and math.isfinite(number) for number in value)
    ):
        raise DataFileError(path, where, "a position [longitude, latitude] of numbers",
                            _shown(value))
    longitude, latitude = value[0], value[1]
    if not (-180 <= longitude <= 180 and -90 <= latitude <= 90):
        raise DataFileError(path, where, "longitude in [-180, 180] and latitude in [-90, 90] "
                            "(EPSG:4326)", value)


def json_kind(value: object) -> str:
    """The JSON kind of a parsed value, for a message (``null``, ``list``, ``str``)."""
    return "null" if value is None else type(value).__name__


def _shown(value: object) -> object:
    """``value`` for a message, cut short if long."""
    text = repr(value)
    return value if len(text) <= 60 else text[:57] + "..."
