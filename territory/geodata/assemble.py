"""Assemble the units as a planar partition of the frame.

The method, in four steps:

1. **Lines.** The outlines of the countries (OpenStreetMap-derived, clipped to the
   frame, small exclaves and islands left out), the admin-1 lines that separate
   divisions given to different units (Natural Earth admin-1; each end carried to the
   country border, since the generalized admin-1 lines end up to about 5 km from the
   OpenStreetMap borders), and the authored rings.
2. **Faces.** The lines are noded on a grid of ``GRID_DEGREES`` and polygonized:
   every face of the arrangement is a polygon, and the faces tile the plane.
3. **Labels.** Each face inside a country is labelled from a point inside it: its
   country, then its admin-1 division (the nearest one of that country where the
   layers differ), then the unit the division belongs to, unless an authored ring
   that cuts that division encloses the point.
4. **Units.** The faces of each unit are dissolved. Because every face belongs to
   exactly one unit, the units tile the region by construction.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import get_close_matches

import geopandas as gpd
import numpy as np
import shapely
import shapely.ops
from shapely.geometry import LineString, Point, Polygon

from territory.crs import EQUAL_AREA
from territory.errors import GeodataBuildError
from territory.geodata.base import BaseLayers
from territory.geodata.sources import BuildSources, Ring

GRID_DEGREES = 1e-5
"""Coordinate grid of the output (about 1 m): all lines are snap-rounded to it."""

MIN_PART_KM2 = 100.0
"""Country parts smaller than this (Soviet-era exclaves, islets) are merged or left out."""

LINE_END_OVERSHOOT_DEGREES = 0.002
"""How far (about 200 m) an admin-1 line carried to the country border is drawn past it."""

MIN_COUNTRY_SHARE = 0.01
"""A unit lies in a modern country when at least this share of its area does (slivers do not count)."""

DIVISION_SNAP_DEGREES = 0.05
"""A face outside every division of its country takes the nearest one within this distance."""



@dataclass(frozen=True)
class Assembly:
    """The result of :func:`assemble_units`."""

    units: gpd.GeoDataFrame
    """One row per finest unit (``id``, ``countries``, geometry), sorted by id."""
    region: shapely.Geometry
    """The union of the countries: the area the units must tile."""
    face_count: int


def _large(polygons: list[Polygon]) -> list[bool]:
    """Whether each lon/lat polygon has at least ``MIN_PART_KM2`` (equal-area CRS)."""
    areas = gpd.GeoSeries(polygons, crs="EPSG:4326").to_crs(EQUAL_AREA).area / 1e6
    return list(areas >= MIN_PART_KM2)


def main_country_parts(countries: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Keep each country's parts of at least ``MIN_PART_KM2``, with holes of that size filled."""
    kept = []
    for geometry in countries.geometry:
        parts = _polygons(geometry)
        exteriors = [Polygon(part.exterior) for part, large in zip(parts, _large(parts), strict=True) if large]
        kept.append(shapely.union_all(exteriors))
    return countries.set_geometry(kept)


def without_small_holes(geometry: shapely.Geometry) -> shapely.Geometry:
    """``geometry`` with its holes under ``MIN_PART_KM2`` filled: the slivers where two countries'
    polygons do not quite meet belong to the region."""
    kept = []
    for polygon in _polygons(geometry):
        holes = [Polygon(ring) for ring in polygon.interiors]
        large_holes = [hole.exterior for hole, large in zip(holes, _large(holes), strict=True) if large]
        kept.append(Polygon(polygon.exterior, large_holes))
    return shapely.union_all(kept)


def _polygons(geometry: shapely.Geometry) -> list[Polygon]:
    return list(getattr(geometry, "geoms", [geometry]))


def division_units(sources: BuildSources, base: BaseLayers) -> dict[tuple[str, str], str]:
    """Map every admin-1 division ``(iso, gn_name)`` in the frame to its unit id."""
    units_file = sources.directory / "units.yaml"
    known = {(iso, name) for iso, name in zip(base.divisions["iso"], base.divisions["gn_name"], strict=True)}
    names = {name: iso for iso, name in known}
    mapping = {(iso, name): sources.units.countries[iso] for iso, name in known}
    claimed: dict[str, str] = {}
    for index, unit in enumerate(sources.units.units):
        for name in unit.admin1:
            if name not in names:
                close = get_close_matches(name, sorted(names), n=3)
                raise GeodataBuildError(
                    units_file,
                    f"units[{index}].admin1",
                    "gn_name values of Natural Earth admin-1 divisions in the frame"
                    + (f" (did you mean {', '.join(close)}?)" if close else ""),
                    name,
                )
            if name in claimed:
                raise GeodataBuildError(
                    units_file, f"units[{index}].admin1", f"each division in one unit only ({name} is in {claimed[name]})", name
                )
            claimed[name] = unit.id
            mapping[(names[name], name)] = unit.id
    return mapping


def ring_polygon(ring: Ring) -> Polygon:
    """The polygon enclosed by an authored ring (the ring is checked by :mod:`territory.geodata.checks`)."""
    coordinates = {point.id: (point.lon, point.lat) for point in ring.points if point.lon is not None}
    return Polygon([coordinates[point.id] for point in ring.points])


def _extended_ends(line: LineString, outline: shapely.Geometry, country: shapely.Geometry,
                   border: shapely.Geometry) -> LineString:
    """Carry the ends of ``line`` that lie on the admin-1 ``outline`` to the ``country``'s ``border``.

    An end inside the country is joined to the nearest point of the country's border and
    carried ``LINE_END_OVERSHOOT_DEGREES`` past it, so that the line closes its faces; an end
    outside the country already lies beyond the border.
    """
    coords = np.asarray(line.coords)
    for end in (0, -1):
        point = Point(coords[end])
        if outline.distance(point) > 1e-9 or not country.contains(point):
            continue
        target = np.asarray(shapely.ops.nearest_points(border, point)[0].coords[0])
        direction = target - coords[end]
        norm = float(np.hypot(*direction))
        if norm == 0:
            continue
        beyond = target + direction / norm * LINE_END_OVERSHOOT_DEGREES
        coords = np.vstack([coords, beyond]) if end == -1 else np.vstack([beyond, coords])
    return LineString(coords)


def internal_lines(base: BaseLayers, mapping: dict[tuple[str, str], str]) -> list[LineString]:
    """The admin-1 lines between divisions of different units, ends carried to the country border."""
    lines: list[LineString] = []
    divisions = base.divisions.assign(
        unit=[mapping[(iso, name)] for iso, name in zip(base.divisions["iso"], base.divisions["gn_name"], strict=True)]
    )
    countries = dict(zip(base.countries["iso"], base.countries.geometry, strict=True))
    for iso, group in divisions.groupby("iso", sort=True):
        by_unit = group.dissolve("unit", sort=True)
        if len(by_unit) < 2:
            continue
        country = countries[iso]
        border = country.boundary
        outline = shapely.union_all(group.geometry.to_numpy()).boundary
        inner = shapely.union_all(by_unit.geometry.boundary.to_numpy()).difference(outline)
        merged = shapely.line_merge(inner)
        for part in getattr(merged, "geoms", [merged]):
            if isinstance(part, LineString) and not part.is_empty:
                lines.append(_extended_ends(part, outline, country, border))
    return lines


def _face_labels(
    faces: np.ndarray,
    countries: gpd.GeoDataFrame,
    base: BaseLayers,
    mapping: dict[tuple[str, str], str],
    rings: list[tuple[Ring, Polygon]],
    region: shapely.Geometry,
) -> list[tuple[str | None, str | None]]:
    """The unit and the country (ISO code) of each face; ``(None, None)`` outside the region."""
    points = shapely.point_on_surface(faces)
    country_tree = shapely.STRtree(countries.geometry.to_numpy())
    division_tree = shapely.STRtree(base.divisions.geometry.to_numpy())
    div_iso = base.divisions["iso"].to_numpy()
    div_name = base.divisions["gn_name"].to_numpy()
    labels: list[tuple[str | None, str | None]] = []
    for point in points:
        hits = country_tree.query(point, predicate="within")
        if len(hits) == 0 and region.contains(point):
            # A sliver between two countries' polygons, which do not always share their border
            # exactly: it goes to the nearest country (the first of them on a tie).
            hits = country_tree.query_nearest(point)
        if len(hits) == 0:
            labels.append((None, None))
            continue
        iso = countries["iso"].iloc[int(hits.min())]
        candidates = [i for i in division_tree.query(point, predicate="within") if div_iso[i] == iso]
        if not candidates:
            near = division_tree.query(point, predicate="dwithin", distance=DIVISION_SNAP_DEGREES)
            same = [i for i in near if div_iso[i] == iso]
            if not same:
                raise GeodataBuildError(
                    "geodata/sources/base.yaml", "admin1", f"a {iso} division within {DIVISION_SNAP_DEGREES} degrees", point.wkt
                )
            candidates = [min(same, key=lambda i: (base.divisions.geometry.iloc[i].distance(point), div_name[i]))]
        name = div_name[min(candidates)]
        unit = mapping[(iso, name)]
        for ring, polygon in rings:
            if name in ring.within and polygon.contains(point):
                unit = ring.unit
        labels.append((unit, iso))
    return labels


def assemble_units(sources: BuildSources, base: BaseLayers) -> Assembly:
    """Build the finest units from the base layers and the authored rings."""
    mapping = division_units(sources, base)
    countries = main_country_parts(base.countries)
    rings = [(ring, ring_polygon(ring)) for ring in sources.rings.rings]
    lines: list[shapely.Geometry] = [geometry.boundary for geometry in countries.geometry]
    lines += internal_lines(base, mapping)
    lines += [polygon.exterior for _, polygon in rings]
    arrangement = shapely.set_precision(shapely.union_all(lines), GRID_DEGREES)
    faces = np.asarray(shapely.get_parts(shapely.polygonize(shapely.get_parts(arrangement))))
    region = without_small_holes(shapely.union_all(countries.geometry.to_numpy()))
    labels = _face_labels(faces, countries, base, mapping, rings, region)
    frame = gpd.GeoDataFrame({"id": [unit for unit, _ in labels], "iso": [iso for _, iso in labels]},
                             geometry=faces, crs="EPSG:4326")
    frame = frame[frame["id"].notna()]
    ids = sorted(frame["id"].unique())
    geometries = [shapely.union_all(frame.geometry[frame["id"] == unit].to_numpy()) for unit in ids]
    units = gpd.GeoDataFrame({"id": ids, "countries": _countries_of(frame, ids)}, geometry=geometries, crs="EPSG:4326")
    return Assembly(units=units, region=region, face_count=len(frame))


def _countries_of(faces: gpd.GeoDataFrame, ids: list[str]) -> list[list[str]]:
    """The modern countries (ISO codes, sorted) holding at least ``MIN_COUNTRY_SHARE`` of each
    unit's area, from the country its faces were labelled in."""
    area = faces.to_crs(EQUAL_AREA).area
    shares = area.groupby([faces["id"], faces["iso"]]).sum() / area.groupby(faces["id"]).sum()
    return [sorted(iso for iso, share in shares[unit].items() if share >= MIN_COUNTRY_SHARE) for unit in ids]


