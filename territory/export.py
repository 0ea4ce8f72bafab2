"""Writing layers out: the package's one GeoJSON writer, and GeoPackage through GDAL.

Everything the package writes as GeoJSON goes through :func:`feature_collection`: the
units and places of the geodata build, ``territory export`` and :func:`write_layer`, and
the features of the maps (:func:`geometry_json`). The output is RFC 7946: EPSG:4326,
exterior rings counter-clockwise and holes clockwise (section 3.1.6), coordinates
rounded to a fixed number of decimals, and the same input always gives the same bytes.

This module depends on nothing of the package but its errors and atomic writes, so every
layer above (the geodata build, the maps, the CLI) may use it.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from territory._atomic import output_path, write_text_atomic
from territory._files import os_reason
from territory.errors import OutputError, TerritoryError

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd
    import shapely

COORDINATE_DECIMALS = 5
"""Decimals kept in the coordinates of a written file (about 1 m)."""

Format = Literal["geojson", "gpkg"]

#: The file name suffixes of each format.
SUFFIXES: dict[str, tuple[str, ...]] = {"geojson": (".geojson", ".json"), "gpkg": (".gpkg",)}

#: GDAL writes this instead of the current time into GeoPackage metadata, so the same
#: layer always gives the same bytes.
_FIXED_GPKG_DATE = "2000-01-01T00:00:00.000Z"


def _lists(value: Any) -> Any:
    """Coordinates as nested lists, ``-0.0`` written as ``0.0``."""
    if isinstance(value, float):
        return 0.0 if value == 0 else value
    if isinstance(value, (list, tuple)):
        return [_lists(item) for item in value]
    return value


def rounded(geometry: shapely.Geometry, decimals: int) -> shapely.Geometry:
    """``geometry`` with its coordinates rounded to ``decimals`` (half to even, as numpy does)."""
    import numpy as np
    import shapely

    return shapely.transform(geometry, lambda coordinates: np.round(coordinates, decimals))


def geometry_json(
    geometry: shapely.Geometry, decimals: int = COORDINATE_DECIMALS, *, orient: bool = True
) -> dict[str, Any]:
    """A GeoJSON geometry: coordinates rounded to ``decimals`` (half to even, as numpy does)
    and, with ``orient``, polygon rings in RFC 7946 order (exterior counter-clockwise,
    holes clockwise, section 3.1.6)."""
    import shapely

    if orient and geometry.geom_type in ("Polygon", "MultiPolygon"):
        geometry = shapely.orient_polygons(geometry, exterior_cw=False)
    interface = rounded(geometry, decimals).__geo_interface__
    return {"type": interface["type"], "coordinates": _lists(interface["coordinates"])}


def feature_collection(
    features: Iterable[tuple[dict[str, Any], shapely.Geometry]], **members: Any
) -> str:
    """Serialise ``(properties, geometry)`` pairs, one feature per line, plus foreign members."""
    lines = [
        json.dumps({"type": "Feature", "properties": properties, "geometry": geometry_json(geometry)},
                   ensure_ascii=False, separators=(",", ":"))
        for properties, geometry in features
    ]
    head = {"type": "FeatureCollection", **members}
    opening = json.dumps(head, ensure_ascii=False, separators=(",", ":"))[:-1]
    return opening + ',"features":[\n' + ",\n".join(lines) + "\n]}\n"


def plain(value: Any) -> Any:
    """A JSON-ready value: NaN -> None, numpy scalars -> Python, floats rounded to 3 places."""
    if value is None:
        return None
    if hasattr(value, "item") and not isinstance(value, (list, tuple, dict, str)):
        value = value.item()
    if isinstance(value, float):
        return None if math.isnan(value) else round(value, 3)
    return value


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows of ``frame`` (without geometry) as JSON-ready dicts."""
    columns = [column for column in frame.columns if column != "geometry"]
    return [{column: plain(value) for column, value in zip(columns, row, strict=True)}
            for row in frame[columns].itertuples(index=False, name=None)]  # fmt: skip


def layer_geojson(layer: gpd.GeoDataFrame, name: str) -> str:
    """A layer of :meth:`territory.Atlas.layer` as an RFC 7946 FeatureCollection named ``name``."""
    features = zip(records(layer), layer.geometry, strict=True)
    return feature_collection(features, name=name)


def format_for(path: Path, fmt: str | None = None, where: str = "write_layer(out)",
               format_name: str = "fmt") -> Format:
    """The format of ``path``: ``fmt`` if given and ``path`` has one of its suffixes, else the
    suffix's. ``where`` and ``format_name`` name the path and the format in an error
    (``--out`` and ``--format`` on the command line).

    Raises
    ------
    TerritoryError
        The suffix is not one of :data:`SUFFIXES`, or does not fit ``fmt``.
    """
    suffix = Path(path).suffix.lower()
    if fmt is None:
        found = next((name for name, suffixes in SUFFIXES.items() if suffix in suffixes), None)
        if found is None:
            known = ", ".join(suffix for suffixes in SUFFIXES.values() for suffix in suffixes)
            raise TerritoryError(
                where, "file name", f"a file name ending in {known} (or give {format_name})", str(path)
            )
        return found  # type: ignore[return-value]
    if fmt not in SUFFIXES:
        raise TerritoryError(where, format_name, " or ".join(SUFFIXES), fmt)
    if suffix not in SUFFIXES[fmt]:
        raise TerritoryError(
            where, "file name", f"a file name ending in {' or '.join(SUFFIXES[fmt])} for {format_name} {fmt}",
            str(path),
        )
    return fmt  # type: ignore[return-value]


def write_layer(layer: gpd.GeoDataFrame, out: str | Path, fmt: str | None = None,
                name: str | None = None, where: str = "write_layer(out)") -> Path:
    """Write ``layer`` to ``out`` atomically: the file appears complete or not at all.

    Parameters
    ----------
    layer
        A layer of :meth:`territory.Atlas.layer` (or any GeoDataFrame in EPSG:4326).
    out
        The file to write, in an existing directory.
    fmt
        ``"geojson"`` or ``"gpkg"``; default: from the suffix of ``out``.
    name
        The collection (GeoJSON) or layer (GeoPackage) name; default: ``layer.attrs["version"]``.
    where
        How to name ``out`` in an error (``--out`` on the command line).

    Returns
    -------
    Path
        ``out``.

    Raises
    ------
    TerritoryError
        The suffix of ``out`` does not fit the format.
    OutputError
        ``out`` is empty, a folder or not a regular file, its folder does not exist, or it
        cannot be written (the cause named). A symbolic link at ``out`` is followed: the
        file it points to is replaced and the link kept.
    """
    fmt = format_for(Path(out), fmt, where)
    target = output_path(out, where)
    if not target.parent.is_dir():
        raise OutputError(out, "path", "a file in an existing folder", str(target.parent))
    name = name or str(layer.attrs.get("version", target.stem))
    if fmt == "geojson":
        write_text_atomic(target, layer_geojson(layer, name), where)
        return Path(out)
    import pyogrio
    from pyogrio.errors import DataSourceError

    temporary = target.with_name(f".{target.stem}.{os.getpid()}.tmp{target.suffix}")
    pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": _FIXED_GPKG_DATE})
    try:
        layer.to_file(temporary, driver="GPKG", layer=name, engine="pyogrio")
        os.replace(temporary, target)
    except (DataSourceError, OSError) as exc:
        cause = os_reason(exc) if isinstance(exc, OSError) and exc.strerror else str(exc).lower()
        raise OutputError(out, "path", "a location that can be written", cause) from None
    finally:
        pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": None})
        temporary.unlink(missing_ok=True)
    return Path(out)
