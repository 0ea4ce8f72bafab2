"""Deterministic RFC 7946 GeoJSON: sorted features, fixed key order, rounded coordinates."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import shapely

COORDINATE_DECIMALS = 5


def _rounded(value: Any) -> Any:
    if isinstance(value, float):
        rounded = round(value, COORDINATE_DECIMALS)
        return 0.0 if rounded == 0 else rounded
    if isinstance(value, (list, tuple)):
        return [_rounded(item) for item in value]
    return value


def geometry_json(geometry: shapely.Geometry) -> dict[str, Any]:
    """RFC 7946 geometry: exterior rings counter-clockwise, coordinates rounded."""
    if geometry.geom_type in ("Polygon", "MultiPolygon"):
        geometry = shapely.orient_polygons(geometry, exterior_cw=False)
    interface = geometry.__geo_interface__
    return {"type": interface["type"], "coordinates": _rounded(interface["coordinates"])}


def feature_collection(features: Iterable[tuple[dict[str, Any], shapely.Geometry]], **members: Any) -> str:
    """Serialise ``(properties, geometry)`` pairs, one feature per line, plus foreign members."""
    lines = [
        json.dumps({"type": "Feature", "properties": properties, "geometry": geometry_json(geometry)},
                   ensure_ascii=False, separators=(",", ":"))
        for properties, geometry in features
    ]
    head = {"type": "FeatureCollection", **members}
    opening = json.dumps(head, ensure_ascii=False, separators=(",", ":"))[:-1]
    return opening + ',"features":[\n' + ",\n".join(lines) + "\n]}\n"
