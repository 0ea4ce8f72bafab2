"""Tests of territory.adjacency on synthetic tilings (and on the built-in units when present)."""

from __future__ import annotations

import geopandas as gpd
import pyproj
import pytest
from shapely.geometry import box

from territory._paths import data_dir
from territory.adjacency import MIN_BORDER_KM, build_unit_graph
from territory.errors import TerritoryError, UnknownIdError

GEOD = pyproj.Geod(ellps="WGS84")


def test_grid_edges_are_the_side_neighbours_and_corners_are_point_touches(grid_tiling):
    graph = build_unit_graph(grid_tiling(3, 3))
    sides = {
        tuple(sorted((f"c{i}r{j}", f"c{i + di}r{j + dj}")))
        for i in range(3) for j in range(3) for di, dj in ((1, 0), (0, 1)) if i + di < 3 and j + dj < 3
    }
    corners = {
        tuple(sorted((f"c{i}r{j}", f"c{i + 1}r{j + dj}")))
        for i in range(2) for j in range(3) for dj in (-1, 1) if 0 <= j + dj < 3
    }
    assert set(graph.borders) == sides
    assert set(graph.point_touches) == corners
    assert graph.border("c1r1", "c2r2") is None
    assert graph.border_km("c0r0", "c1r1") == 0.0


@pytest.mark.parametrize(("overlap_deg", "is_border"), [(4e-6, False), (3e-5, True)])
def test_a_sliver_shorter_than_the_minimum_is_a_point_touch(overlap_deg, is_border):
    # y overlaps by overlap_deg degrees of latitude along x = 45.1 (4e-6 deg ~ 0.44 m, 3e-5 deg ~ 3.3 m).
    units = gpd.GeoDataFrame(
        geometry=[box(45.0, 39.5, 45.1, 39.6), box(45.1, 39.6 - overlap_deg, 45.2, 39.7)], index=["x", "y"], crs=4326
    )
    graph = build_unit_graph(units)
    assert (graph.border("x", "y") is not None) == is_border
    assert (("x", "y") in graph.point_touches) == (not is_border)


def test_border_lengths_match_geodesic_lengths(voronoi_tiling):
    units = voronoi_tiling(40, seed=3)
    graph = build_unit_graph(units)
    assert graph.borders
    for border in graph.borders.values():
        geodesic_km = GEOD.geometry_length(border.geometry) / 1000
        assert border.km == pytest.approx(geodesic_km, rel=2e-3)


def test_border_geometry_is_the_shared_boundary(voronoi_tiling):
    units = voronoi_tiling(25, seed=5)
    graph = build_unit_graph(units)
    for (a, b), border in graph.borders.items():
        assert border.a == a < b == border.b
        assert border.geometry.geom_type in {"LineString", "MultiLineString"}
        # the border lies on both boundaries and is as long, on the ellipsoid, as their shared part
        for unit in (a, b):
            assert units.geometry[unit].boundary.buffer(1e-9).covers(border.geometry)
        shared = units.geometry[a].boundary.intersection(units.geometry[b].boundary)
        geodesic_km = GEOD.geometry_length(shared) / 1000
        assert GEOD.geometry_length(border.geometry) / 1000 == pytest.approx(geodesic_km, rel=0.005)
        assert border.km == pytest.approx(geodesic_km, rel=0.005)


def test_every_voronoi_neighbour_pair_is_found(voronoi_tiling):
    units = voronoi_tiling(60, seed=11)
    graph = build_unit_graph(units)
    geometries = units.geometry
    expected = set()
    for i, a in enumerate(units.index):
        for b in units.index[i + 1:]:
            shared = geometries[a].boundary.intersection(geometries[b].boundary)
            if GEOD.geometry_length(shared) / 1000 >= MIN_BORDER_KM:
                expected.add((a, b))
    assert set(graph.borders) == expected


def test_contract_sums_children_and_keeps_point_touches_only_without_a_border(grid_tiling):
    # Column 0 is parent "west" (c0r0, c0r1, c0r2).
    parents = {"c0r0": "west", "c0r1": "west", "c0r2": "west"}
    graph = build_unit_graph(grid_tiling(3, 3, parents))
    level = ["west", "c1r0", "c1r1", "c1r2", "c2r0", "c2r1", "c2r2"]
    contracted = graph.contract(level)
    assert contracted.units == tuple(sorted(level))
    assert contracted.border_km("west", "c1r1") == pytest.approx(graph.border_km("c0r1", "c1r1"))
    assert set(contracted.neighbours["west"]) == {"c1r0", "c1r1", "c1r2"}
    geometry = contracted.border("west", "c1r0").geometry
    assert geometry.length == pytest.approx(graph.border("c0r0", "c1r0").geometry.length)
    # c0r0 touched c1r1 at a corner, but west now shares a line with c1r1: no point touch left.
    assert all("west" not in pair for pair in contracted.point_touches)
    assert ("c1r0", "c2r1") in contracted.point_touches
    assert graph.contract(reversed(level)) is contracted
    assert graph.contract(graph.units) is graph


def test_children_and_bad_levels(grid_tiling):
    graph = build_unit_graph(grid_tiling(2, 2, {"c0r0": "p", "c0r1": "p"}))
    assert graph.children("p") == ("c0r0", "c0r1")
    assert graph.children("c1r1") == ("c1r1",)
    with pytest.raises(UnknownIdError, match="did you mean"):
        graph.children("c1r9")
    with pytest.raises(TerritoryError, match="missing"):
        graph.contract(["p", "c1r0"])
    with pytest.raises(TerritoryError, match="exactly one"):
        graph.contract(["p", "c0r0", "c1r0", "c1r1"])


def test_bad_input_is_named(grid_tiling):
    units = grid_tiling(2, 1)
    with pytest.raises(TerritoryError, match="crs"):
        build_unit_graph(units.set_crs(None, allow_override=True))
    duplicated = units.copy()
    duplicated.index = ["x", "x"]
    with pytest.raises(TerritoryError, match="unique unit ids"):
        build_unit_graph(duplicated)
    lines = units.copy()
    lines.loc["c1r0", "geometry"] = lines.geometry["c1r0"].boundary
    with pytest.raises(TerritoryError, match=r"c1r0\.geometry"):
        build_unit_graph(lines)


def test_networkx_and_frame_views_agree(grid_tiling):
    graph = build_unit_graph(grid_tiling(2, 3))
    as_networkx = graph.to_networkx()
    frame = graph.to_geodataframe()
    assert as_networkx.number_of_edges() == len(graph.borders) == len(frame)
    assert frame.crs == graph.crs
    assert frame["km"].sum() == pytest.approx(sum(km for _, _, km in as_networkx.edges(data="km")))


def test_built_in_units_borders_are_the_shared_boundaries():
    units = gpd.read_file(data_dir() / "units.geojson").set_index("id")
    graph = build_unit_graph(units)
    for i, a in enumerate(units.index):
        for b in units.index[i + 1:]:
            shared = units.geometry[a].boundary.intersection(units.geometry[b].boundary)
            geodesic_km = GEOD.geometry_length(shared) / 1000
            if geodesic_km >= MIN_BORDER_KM:
                assert graph.border_km(a, b) == pytest.approx(geodesic_km, rel=3e-3), (a, b)
            else:
                assert graph.border(a, b) is None, (a, b)
    for unit in ("nakhchivan", "zangezur_west", "surmali"):
        assert graph.neighbours[unit]
