"""Lighter geometry for display: topology-preserving simplification and rounding.

Analysis always uses the full-detail geometry of the atlas. Maps only need what
a screen can show: the finest units are simplified once as a coverage (shared
borders stay shared, no gaps or slivers appear), rounded to a few decimals, and
every layer row (a finest unit or the union of several) is assembled from them,
so that two versions drawn side by side have exactly the same lines.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import shapely
from shapely.ops import polylabel

from territory.export import geometry_json, rounded

#: Simplification tolerance, degrees (about 350 m in the Caucasus; the OSM frontiers carry
#: metre-level detail that a screen cannot show).
TOLERANCE_DEG = 0.0035
#: Decimals kept in the coordinates of a map (4 decimals: about 10 m).
DECIMALS = 4


class DisplayGeometry:
    """Simplified geometry of the finest units, and of any layer built from them.

    Parameters
    ----------
    units
        The finest units (``atlas.units``: index = unit id, EPSG:4326).
    tolerance, decimals
        Simplification tolerance (degrees) and decimals kept.
    """

    def __init__(self, units: gpd.GeoDataFrame, tolerance: float = TOLERANCE_DEG,
                 decimals: int = DECIMALS) -> None:
        self.decimals = decimals
        geometries = np.asarray(units.geometry.values, dtype=object)
        simplified = shapely.coverage_simplify(geometries, tolerance, simplify_boundary=True)
        snapped = shapely.set_precision(simplified, 10.0 ** -decimals)
        self.units = gpd.GeoSeries(snapped, index=units.index, crs=units.crs)
        self.points = gpd.GeoSeries(
            shapely.point_on_surface(geometries), index=units.index, crs=units.crs
        )

    def for_geometry(self, geometry: shapely.Geometry) -> shapely.Geometry:
        """Return the display version of ``geometry``, a finest unit or a union of them."""
        inside = self.points.index[shapely.contains(geometry, self.points.values)]
        if len(inside) == 0:
            return rounded(shapely.simplify(geometry, 0.0), self.decimals)
        if len(inside) == 1:
            return self.units[inside[0]]
        return shapely.set_precision(
            shapely.coverage_union_all(self.units[inside].values), 10.0 ** -self.decimals
        )

    def geojson(self, geometry: shapely.Geometry) -> dict:
        """Return ``geometry`` as a GeoJSON mapping with rounded coordinates.

        The rings keep the order of the display geometry (Leaflet draws either order);
        :func:`territory.export.geometry_json` is the writer.
        """
        return geometry_json(geometry, self.decimals, orient=False)


def label_point(geometry: shapely.Geometry) -> tuple[float, float]:
    """Return ``(lat, lon)`` of a good label position: the pole of inaccessibility of the largest part."""
    parts = shapely.get_parts(geometry)
    largest = max(parts, key=lambda part: part.area)
    point = polylabel(largest, tolerance=0.005)
    return (round(point.y, 4), round(point.x, 4))


def bounds_latlon(frame: gpd.GeoDataFrame) -> list[list[float]]:
    """Return ``[[south, west], [north, east]]`` of a frame, for ``fit_bounds``."""
    west, south, east, north = (round(float(v), 4) for v in frame.total_bounds)
    return [[south, west], [north, east]]
