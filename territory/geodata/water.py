"""The lakes and rivers of ``water.yaml``, found in the pinned base data.

A lake is the polygon of its base dataset that contains its documented point: a GSHHG
level-2 shoreline less the level-3 islands inside it, or a lake hole of the OpenStreetMap
country polygons (geo-maps countries-land). A river is the shortest way over the WDBII
river segments through its documented points, in order from source to mouth; a point
marked ``routed: false`` is reached by straight lines instead. WDBII's segments
stop at the shores of the GSHHG lakes and reservoirs, and break here and there: the
graph joins the segment ends on the shore of one lake straight across it, and a
segment end to another piece of river less than :data:`GAP_KM` away.
Distances are measured in the conformal CRS (:data:`territory.crs.CONFORMAL`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

import geopandas as gpd
import networkx as nx
import numpy as np
import shapely
from pyproj import Transformer
from shapely.geometry import LineString, Point, Polygon, box
from shapely.ops import nearest_points

from territory.crs import CONFORMAL, GEOGRAPHIC
from territory.errors import GeodataBuildError
from territory.geodata.base import COUNTRY_CODE_FIELD, resolve_path, verify_checksum
from territory.geodata.gmt import coast_pieces
from territory.geodata.sources import BuildSources, RiverSource

SNAP_KM = 3.0
"""How far a routed river point may lie from the nearest WDBII vertex, unless it says otherwise."""

GAP_KM = 3.0
"""The longest break between two pieces of WDBII river that the graph bridges."""

SHORE_KM = 1.0
"""How close to a lake's shore a WDBII segment end must be to be joined across the lake."""

NODE_DECIMALS = 7
"""Decimals of the lon/lat key of a graph vertex (pieces meet at bin edges)."""


@dataclass(frozen=True)
class _Shorelines:
    lakes: list[Polygon]
    islands: list[Polygon]


def _polygons(pieces) -> list[Polygon]:
    lines = [LineString(piece.coordinates) for piece in pieces]
    if not lines:
        return []
    merged = shapely.line_merge(shapely.union_all(lines))
    return list(shapely.get_parts(shapely.polygonize(list(shapely.get_parts(merged)))))


def _shorelines(sources: BuildSources) -> _Shorelines:
    dataset = sources.base.gshhg_shorelines
    base_file = sources.directory / "base.yaml"
    path = resolve_path(dataset, base_file, "gshhg_shorelines")
    verify_checksum(path, dataset, base_file, "gshhg_shorelines")
    pieces = coast_pieces(path, ("-W", "-A0/2/3"), sources.units.frame.bounds, base_file, "gshhg_shorelines")
    return _Shorelines(
        lakes=_polygons([piece for piece in pieces if piece.level == 2]),
        islands=_polygons([piece for piece in pieces if piece.level == 3]),
    )


def _land_lakes(sources: BuildSources) -> tuple[list[Polygon], list[shapely.Geometry]]:
    """The holes of the country polygons of countries-land inside the frame, and the polygons."""
    dataset = sources.base.countries_land
    base_file = sources.directory / "base.yaml"
    path = resolve_path(dataset, base_file, "countries_land")
    verify_checksum(path, dataset, base_file, "countries_land")
    frame = box(*sources.units.frame.bounds)
    isos = set(sources.units.countries)
    countries = [
        shapely.from_geojson(json.dumps(feature["geometry"]))
        for feature in json.loads(path.read_bytes())["features"]
        if feature["properties"].get(COUNTRY_CODE_FIELD) in isos
    ]
    countries = [country for country in countries if country.intersects(frame)]
    holes = [
        Polygon(ring)
        for country in countries
        for polygon in shapely.get_parts(country)
        for ring in polygon.interiors
        if Polygon(ring).intersects(frame)
    ]
    return holes, countries


def _lakes(sources: BuildSources, water_file: Path) -> tuple[list[tuple[str, shapely.Geometry, str]], _Shorelines]:
    shorelines = _shorelines(sources)
    needs_land = any(lake.base == "countries_land" for lake in sources.water.lakes)
    holes, countries = _land_lakes(sources) if needs_land else ([], [])
    rows = []
    for index, lake in enumerate(sources.water.lakes):
        point = Point(lake.point.lon, lake.point.lat)
        if lake.base == "gshhg_shorelines":
            found = [polygon for polygon in shorelines.lakes if polygon.contains(point)]
            if found and any(island.contains(point) for island in shorelines.islands):
                found = []
            if found:
                outline = min(found, key=lambda polygon: polygon.area)  # the innermost, if lakes nest
                islands = [island for island in shorelines.islands if outline.contains(island)]
                geometry = outline.difference(shapely.union_all(islands)) if islands else outline
        else:
            found = [hole for hole in holes if hole.contains(point)]
            if found and any(country.contains(point) for country in countries):
                found = []
            geometry = found[0] if found else None
        if not found:
            raise GeodataBuildError(
                water_file, f"lakes[{index}].point", f"a point inside a lake of {lake.base} within the frame",
                f"{lake.point.id} ({lake.point.lon}, {lake.point.lat})",
            )
        rows.append((lake.id, geometry, f"the {lake.base} lake containing {lake.point.id}"))
    return rows, shorelines


class _RiverGraph:
    """The WDBII segments as a graph of projected vertices, with its bridges."""

    def __init__(self, sources: BuildSources, lakes: list[Polygon]) -> None:
        dataset = sources.base.wdbii_rivers
        base_file = sources.directory / "base.yaml"
        path = resolve_path(dataset, base_file, "wdbii_rivers")
        verify_checksum(path, dataset, base_file, "wdbii_rivers")
        pieces = coast_pieces(path, ("-Ir",), sources.units.frame.bounds, base_file, "wdbii_rivers")
        self._to_metres = Transformer.from_crs(GEOGRAPHIC, CONFORMAL, always_xy=True)
        graph = nx.Graph()
        for piece in pieces:
            keys = [tuple(row) for row in np.round(piece.coordinates, NODE_DECIMALS)]
            for start, end in zip(keys, keys[1:], strict=False):
                if start != end:
                    graph.add_edge(start, end, weight=self._metres(start, end), kind="segment")
        self._bridge_lakes(graph, lakes)
        self._bridge_gaps(graph)
        self.graph = graph
        self._nodes = list(graph.nodes)
        self._xy = self._project(np.array(self._nodes))

    def _project(self, lonlat: np.ndarray) -> np.ndarray:
        return np.column_stack(self._to_metres.transform(lonlat[:, 0], lonlat[:, 1]))

    def _metres(self, start: tuple[float, float], end: tuple[float, float]) -> float:
        (x0, x1), (y0, y1) = self._to_metres.transform((start[0], end[0]), (start[1], end[1]))
        return float(np.hypot(x1 - x0, y1 - y0))

    def _bridge_lakes(self, graph: nx.Graph, lakes: list[Polygon]) -> None:
        ends = sorted(node for node in graph.nodes if graph.degree(node) == 1)
        if not ends:
            return
        shore_degrees = SHORE_KM / 111.0 * 2  # generous in degrees; measured again in metres below
        for lake in lakes:
            near = [end for end in ends if lake.exterior.distance(Point(end)) < shore_degrees]
            near = [end for end in near if self._shore_metres(lake, end) <= SHORE_KM * 1000]
            component = {end: nx.node_connected_component(graph, end) for end in near}
            for start, end in combinations(near, 2):
                if end not in component[start]:
                    graph.add_edge(start, end, weight=self._metres(start, end), kind="lake")

    def _shore_metres(self, lake: Polygon, end: tuple[float, float]) -> float:
        nearest = nearest_points(lake.exterior, Point(end))[0]
        return self._metres(end, (nearest.x, nearest.y))

    def _bridge_gaps(self, graph: nx.Graph) -> None:
        components = {node: index for index, part in enumerate(nx.connected_components(graph)) for node in part}
        nodes = sorted(graph.nodes)
        xy = self._project(np.array(nodes))
        for index in np.flatnonzero([graph.degree(node) == 1 for node in nodes]):
            end = nodes[index]
            distance = np.hypot(*(xy - xy[index]).T)
            others = np.array([components[node] != components[end] for node in nodes])
            if not others.any():
                continue
            nearest = int(np.flatnonzero(others)[np.argmin(distance[others])])
            if distance[nearest] <= GAP_KM * 1000:
                graph.add_edge(end, nodes[nearest], weight=float(distance[nearest]), kind="gap")

    def snap(self, lon: float, lat: float) -> tuple[tuple[float, float], float]:
        """The nearest vertex of ``(lon, lat)`` and its distance in km."""
        x, y = self._project(np.array([[lon, lat]]))[0]
        distance = np.hypot(self._xy[:, 0] - x, self._xy[:, 1] - y)
        index = int(np.argmin(distance))
        return self._nodes[index], float(distance[index]) / 1000


def _without_loops(coordinates: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """``coordinates`` without the detours that come back to a vertex already passed (the
    way to a point snapped just off the river and back, ``a, b, a`` becoming ``a``)."""
    kept: list[tuple[float, float]] = []
    seen: dict[tuple[float, float], int] = {}
    for coordinate in coordinates:
        if coordinate in seen:
            del kept[seen[coordinate] + 1:]
            seen = {vertex: position for position, vertex in enumerate(kept)}
        else:
            seen[coordinate] = len(kept)
            kept.append(coordinate)
    return kept


def _river(river: RiverSource, index: int, graph: _RiverGraph, water_file: Path) -> tuple[LineString, str]:
    points = river.points
    snapped = [point.routed and river.base != "authored" for point in points]
    positions: list[tuple[float, float]] = []
    for j, point in enumerate(points):
        if snapped[j]:
            node, km = graph.snap(point.lon, point.lat)
            limit = point.snap_km or SNAP_KM
            if km > limit:
                raise GeodataBuildError(
                    water_file, f"rivers[{index}].points[{j}]",
                    f"a point within {limit:g} km of a {river.base} segment, or routed: false with a reason",
                    f"{point.id} is {km:.1f} km away",
                )
            positions.append(node)
        else:
            positions.append((point.lon, point.lat))
    coordinates = [positions[0]]
    bridges = {"lake": 0, "gap": 0}
    for j in range(1, len(points)):
        if snapped[j - 1] and snapped[j]:
            try:
                path = nx.shortest_path(graph.graph, positions[j - 1], positions[j], weight="weight")
            except nx.NetworkXNoPath:
                raise GeodataBuildError(
                    water_file, f"rivers[{index}].points[{j}]",
                    f"a point connected to {points[j - 1].id} by the segments of {river.base}, or routed: false with a reason",
                    points[j].id,
                ) from None
            for start, end in zip(path, path[1:], strict=False):
                kind = graph.graph.edges[start, end]["kind"]
                if kind in bridges:
                    bridges[kind] += 1
            coordinates.extend(path[1:])
        else:
            coordinates.append(positions[j])
    coordinates = _without_loops(coordinates)
    for end, point in ((0, points[0]), (-1, points[-1])):
        if snapped[end] and coordinates[end] != (point.lon, point.lat):
            coordinates.insert(len(coordinates) if end == -1 else 0, (point.lon, point.lat))
    straight = sum(1 for j in range(1, len(points)) if not (snapped[j - 1] and snapped[j]))
    if river.base == "authored":
        return LineString(coordinates), f"authored: straight lines through {len(points)} documented points"
    method = (
        f"{river.base} segments routed through {len(points)} documented points; {straight} straight joins, "
        f"{bridges['lake']} lake crossings, {bridges['gap']} gaps under {GAP_KM:g} km bridged"
    )
    return LineString(coordinates), method


def _clipped(geometry: shapely.Geometry, frame: Polygon) -> shapely.Geometry:
    """``geometry`` inside the frame (unchanged where it is inside: clipping would split a
    river at the few places where WDBII's line touches itself)."""
    return geometry if frame.contains(geometry) else shapely.intersection(geometry, frame)


def build_water(sources: BuildSources) -> gpd.GeoDataFrame:
    """The lakes and rivers of ``water.yaml``, clipped to the frame and sorted by id.

    Columns: ``id``, ``kind`` (``lake`` or ``river``), ``method`` (how the geometry was
    found), geometry ((Multi)Polygon for a lake, (Multi)LineString for a river), EPSG:4326.

    Raises
    ------
    GeodataBuildError
        A lake's point is in no lake of its base, a river point is too far from the
        river segments, or two consecutive points are not connected by them.
    """
    water_file = sources.directory / "water.yaml"
    ids = [feature.id for feature in (*sources.water.lakes, *sources.water.rivers)]
    duplicates = sorted({item for item in ids if ids.count(item) > 1})
    if duplicates:
        raise GeodataBuildError(water_file, "lakes[].id, rivers[].id", "unique ids", duplicates)
    frame = box(*sources.units.frame.bounds)
    lakes, shorelines = _lakes(sources, water_file)
    graph = _RiverGraph(sources, shorelines.lakes)
    rows = [(feature_id, "lake", geometry, method) for feature_id, geometry, method in lakes]
    for index, river in enumerate(sources.water.rivers):
        line, method = _river(river, index, graph, water_file)
        rows.append((river.id, "river", line, method))
    rows.sort(key=lambda row: row[0])
    return gpd.GeoDataFrame(
        {"id": [row[0] for row in rows], "kind": [row[1] for row in rows], "method": [row[3] for row in rows]},
        geometry=[_clipped(row[2], frame) for row in rows],
        crs="EPSG:4326",
    )

