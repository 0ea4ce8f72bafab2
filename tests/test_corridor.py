"""Tests of territory.corridor: hand-checked strips, brute force on random tilings, the built-in atlas."""

from __future__ import annotations

import functools
import itertools
import json
import random

import geopandas as gpd
import networkx as nx
import pyproj
import pytest
import shapely
import yaml

from territory._paths import data_dir
from territory.adjacency import MIN_BORDER_KM, build_unit_graph
from territory.corridor import check_assignment
from territory.errors import NoTerritoryError, TerritoryError, UnknownIdError

GEOD = pyproj.Geod(ellps="WGS84")


@pytest.fixture(scope="module")
def strip(grid_tiling):
    """``strip(length)``: a row of squares c0r0 .. c{length-1}r0."""
    return lambda length: grid_tiling(length, 1)


# --- hand-checked cases -------------------------------------------------------------------------


def test_strip_chain_and_openings(strip):
    graph = build_unit_graph(strip(5))
    assignment = {"c0r0": "A", "c1r0": "C", "c2r0": None, "c3r0": "C", "c4r0": "B"}
    result = check_assignment(graph, assignment, "A", "B")
    assert not result.connected
    assert result.shared_border_km == 0.0 and result.shared_borders == ()
    assert result.wedges == () and result.wedge == ()
    assert [(link.unit, link.holder) for link in result.chain] == [
        ("c0r0", "A"), ("c1r0", "C"), ("c2r0", None), ("c3r0", "C"), ("c4r0", "B")
    ]
    assert result.chain_km == pytest.approx(sum(graph.border_km(f"c{i}r0", f"c{i + 1}r0") for i in range(4)))
    assert result.openings == (("c1r0", "c2r0", "c3r0"),)
    assert result.components == {"A": (("c0r0",),), "B": (("c4r0",),), "C": (("c1r0",), ("c3r0",))}
    # c2r0 not negotiable: no opening, but the chain (a description) is unchanged.
    restricted = check_assignment(graph, assignment, "A", "B", within=["c1r0", "c3r0"])
    assert restricted.openings == ()
    assert restricted.chain == result.chain


def test_strip_wedge(strip):
    graph = build_unit_graph(strip(4))
    assignment = {"c0r0": "A", "c1r0": "A", "c2r0": "B", "c3r0": "B"}
    result = check_assignment(graph, assignment, "A", "B")
    assert result.connected
    assert result.shared_border_km == pytest.approx(graph.border_km("c1r0", "c2r0"))
    assert [(s.unit_a, s.unit_b) for s in result.shared_borders] == [("c1r0", "c2r0")]
    assert result.wedges == (("c1r0",), ("c2r0",))
    assert result.chain == () and result.openings == ()
    assert check_assignment(graph, assignment, "A", "B", within=["c2r0", "c3r0"]).wedges == (("c2r0",),)
    assert check_assignment(graph, assignment, "A", "B", within=["c0r0", "c3r0"]).wedges == ()


def test_corner_touch_is_not_a_connection(grid_tiling):
    # A at c0r0 and B at c1r1 meet at one corner only.
    assignment = {"c0r0": "A", "c1r1": "B", "c0r1": None, "c1r0": "C"}
    result = check_assignment(build_unit_graph(grid_tiling(2, 2)), assignment, "A", "B")
    assert not result.connected
    assert {o for o in result.openings} == {("c0r1",), ("c1r0",)}
    assert [link.unit for link in result.chain][1] in {"c0r1", "c1r0"}


def test_parent_level_is_one_node(grid_tiling):
    graph = build_unit_graph(grid_tiling(3, 2, {"c1r0": "middle", "c1r1": "middle"}))
    level = {"c0r0": "A", "c0r1": "A", "middle": "C", "c2r0": "B", "c2r1": "B"}
    held = {**level, "middle": "A"}
    result = check_assignment(graph, level, "A", "B")
    assert result.openings == (("middle",),)
    assert [link.unit for link in result.chain][1] == "middle"
    connected = check_assignment(graph, held, "A", "B")
    assert connected.connected
    # The whole parent is one node: handing it away is the one smallest wedge.
    assert connected.wedges == (("middle",),)
    assert connected.components["A"] == (("c0r0", "c0r1", "middle"),)
    expected_km = graph.border_km("c1r0", "c2r0") + graph.border_km("c1r1", "c2r1")
    assert connected.shared_border_km == pytest.approx(expected_km)
    assert check_assignment(graph, held, "A", "B", within=["c1r0", "c1r1"]).wedges == (("middle",),)
    assert check_assignment(graph, held, "A", "B", within=["c1r0", "c2r0", "c2r1"]).wedges == (("c2r0", "c2r1"),)
    # The same ground at the finest level: two separate contacts, one unit of each to hand over.
    finest = {"c0r0": "A", "c0r1": "A", "c1r0": "A", "c1r1": "A", "c2r0": "B", "c2r1": "B"}
    assert check_assignment(graph, finest, "A", "B").wedges == (
        ("c1r0", "c1r1"), ("c1r0", "c2r1"), ("c1r1", "c2r0"), ("c2r0", "c2r1")
    )


def test_limit_truncates_and_says_so(grid_tiling, strip):
    # Two separate A-B contacts on a 2 x 2 grid: 4 minimum wedges of 2 units.
    assignment = {"c0r0": "A", "c1r0": "B", "c0r1": "B", "c1r1": "A"}
    graph = build_unit_graph(grid_tiling(2, 2))
    full = check_assignment(graph, assignment, "A", "B")
    assert len(full.wedges) == 2 and full.wedges_complete  # the 4-cycle: {c0r0, c1r1} or {c1r0, c0r1}
    strip_graph = build_unit_graph(strip(6))
    pairs = {"c0r0": "A", "c1r0": "B", "c2r0": "C", "c3r0": "A", "c4r0": "B", "c5r0": "C"}
    result = check_assignment(strip_graph, pairs, "A", "B", limit=3)
    assert len(result.wedges) == 3 and not result.wedges_complete
    assert len(check_assignment(strip_graph, pairs, "A", "B").wedges) == 4


def test_errors_name_the_argument(strip):
    graph = build_unit_graph(strip(3))
    assignment = {"c0r0": "A", "c1r0": None, "c2r0": "B"}
    with pytest.raises(NoTerritoryError, match="holds at least one unit in v") as nothing:
        check_assignment(graph, assignment, "A", "C", scenario="v")
    assert nothing.value.parties == ("C",)
    with pytest.raises(TerritoryError, match="two different parties"):
        check_assignment(graph, assignment, "A", "A", scenario="v")
    with pytest.raises(UnknownIdError, match="did you mean c1r0"):
        check_assignment(graph, assignment, "A", "B", within=["c1r9"], scenario="v")


def test_to_dict_is_json_and_frame_has_geometry(grid_tiling):
    units = grid_tiling(3, 3)
    assignment = {u: ("A" if u[1] == "0" else "B") for u in units.index}
    result = check_assignment(build_unit_graph(units), assignment, "A", "B", scenario="v")
    data = json.loads(json.dumps(result.to_dict()))
    assert data["connected"] is True and data["wedge"] == list(result.wedge)
    assert set(data) >= {"scenario", "a", "b", "connected", "shared_border_km", "wedge", "wedges", "chain",
                         "openings", "components"}
    frame = result.shared_borders_frame()
    assert len(frame) == 3 and frame.crs == units.crs
    assert frame["km"].sum() == pytest.approx(result.shared_border_km)


# --- brute force on random tilings --------------------------------------------------------------


def naive_contact_km(units: gpd.GeoDataFrame, a_units: list[str], b_units: list[str]) -> float:
    """Dissolve both territories and measure the line part of their common boundary (geodesic km)."""
    a_shape = shapely.union_all(units.geometry[a_units].values)
    b_shape = shapely.union_all(units.geometry[b_units].values)
    shared = a_shape.boundary.intersection(b_shape.boundary)
    lines = [p for p in shapely.get_parts(shared) if p.geom_type in ("LineString", "MultiLineString")]
    return sum(GEOD.geometry_length(line) for line in lines) / 1000


def brute_wedges(graph: nx.Graph, a_units: set[str], b_units: set[str], allowed: set[str]) -> set[frozenset[str]]:
    contacts = [(u, v) for u in a_units for v in graph[u] if v in b_units]
    candidates = sorted({x for edge in contacts for x in edge} & allowed)
    for size in range(len(candidates) + 1):
        found = {frozenset(s) for s in itertools.combinations(candidates, size)
                 if all(u in s or v in s for u, v in contacts)}
        if found:
            return found
    return set()


def brute_openings(graph: nx.Graph, a_units: set[str], b_units: set[str], allowed: set[str]) -> set[frozenset[str]]:
    """Smallest sets X whose transfer (to A or B) links A's territory to B's through A's and B's units."""
    candidates = sorted(allowed - a_units - b_units)
    for size in range(1, len(candidates) + 1):
        found = set()
        for extra in itertools.combinations(candidates, size):
            held = graph.subgraph(a_units | b_units | set(extra))
            # Any split of `extra` between A and B gives an A-B border somewhere on such a path.
            if any(nx.has_path(held, u, v) for u in a_units for v in b_units):
                found.add(frozenset(extra))
        if found:
            return found
    return set()


def brute_chain(graph: nx.Graph, a_units: set[str], b_units: set[str]) -> tuple[int, float] | None:
    """(units, km) of the shortest chain: fewest units first, then fewest km, by networkx's
    Dijkstra with each edge costing more than all km together (enumerating every simple
    path, as before, explodes once a layer has many units that are neither A's nor B's)."""
    middle = set(graph) - a_units - b_units
    step = 1.0 + sum(km for _, _, km in graph.edges(data="km"))
    best = None
    for u in a_units:
        for v in b_units:
            sub = graph.subgraph(middle | {u, v})
            if not nx.has_path(sub, u, v):
                continue
            path = nx.dijkstra_path(sub, u, v, weight=lambda x, y, edge: step + edge["km"])
            key = (len(path), sum(graph[x][y]["km"] for x, y in itertools.pairwise(path)))
            best = key if best is None or key < best else best
    return best


def brute_components(graph: nx.Graph, units: set[str]) -> set[frozenset[str]]:
    return {frozenset(c) for c in nx.connected_components(graph.subgraph(units))}


def assert_matches_brute_force(result, graph: nx.Graph, assignment: dict, allowed: set[str]) -> None:
    """Check wedges, chain, openings and components of ``result`` against brute force over ``graph``."""
    a_units = {u for u, p in assignment.items() if p == result.a}
    b_units = {u for u, p in assignment.items() if p == result.b}
    if result.connected:
        assert set(map(frozenset, result.wedges)) == brute_wedges(graph, a_units, b_units, allowed)
        assert result.wedges_complete and result.chain == () and result.openings == ()
    else:
        assert result.wedges == ()
        assert set(map(frozenset, result.openings)) == brute_openings(graph, a_units, b_units, allowed)
        best_length, best_km = brute_chain(graph, a_units, b_units)
        chain = [link.unit for link in result.chain]
        assert len(chain) == best_length and result.chain_km == pytest.approx(best_km, rel=3e-3)
        assert chain[0] in a_units and chain[-1] in b_units
        assert all(graph.has_edge(x, y) for x, y in itertools.pairwise(chain))
        assert all(link.holder == assignment[link.unit] for link in result.chain)
        if allowed == set(graph):
            assert tuple(sorted(chain[1:-1])) in result.openings
    for party in {p for p in assignment.values() if p}:
        held = {u for u, p in assignment.items() if p == party}
        assert set(map(frozenset, result.components[party])) == brute_components(graph, held)


def random_assignment(units: list[str], rng: random.Random, spread: bool) -> dict[str, str | None]:
    """``spread``: every unit random among A, B, C, None; else A and B hold 1-3 units each."""
    if spread:
        while True:
            assignment = {unit: rng.choice(["A", "B", "C", None]) for unit in units}
            if {"A", "B"} <= set(assignment.values()):
                return assignment
    order = rng.sample(units, k=len(units))
    held_a, held_b = rng.randint(1, 3), rng.randint(1, 3)
    return {
        unit: "A" if i < held_a else "B" if i < held_a + held_b else rng.choice(["C", "C", None])
        for i, unit in enumerate(order)
    }


@pytest.mark.parametrize("seed", range(60))
def test_random_voronoi_against_brute_force(voronoi_tiling, seed):
    rng = random.Random(seed)
    units = voronoi_tiling(16, seed=100 + seed)
    graph = build_unit_graph(units)
    assignment = random_assignment(list(graph.units), rng, spread=seed % 3 == 0)
    within = None if seed % 2 else rng.sample(graph.units, k=11)
    allowed = set(graph.units) if within is None else set(within)
    result = check_assignment(graph, assignment, "A", "B", within=within)

    a_units = sorted(u for u, p in assignment.items() if p == "A")
    b_units = sorted(u for u, p in assignment.items() if p == "B")
    naive_km = naive_contact_km(units, a_units, b_units)
    assert result.connected == (naive_km >= MIN_BORDER_KM)
    assert result.shared_border_km == pytest.approx(naive_km, rel=3e-3, abs=1e-6)
    assert_matches_brute_force(result, graph.to_networkx(), assignment, allowed)


def test_results_are_deterministic(voronoi_tiling):
    units = voronoi_tiling(30, seed=7)
    rng = random.Random(7)
    assignment = {unit: rng.choice(["A", "B", None]) for unit in units.index}
    first = check_assignment(build_unit_graph(units), assignment, "A", "B").to_dict()
    second = check_assignment(build_unit_graph(units), dict(reversed(list(assignment.items()))), "A", "B").to_dict()
    assert json.dumps(first, sort_keys=True) == json.dumps(second, sort_keys=True)


# --- the built-in atlas: the brief's scenarios, checked against geometry read in the test ------

FOCUS = ["zangezur", "nakhchivan", "ordubad", "sharur_daralagez", "karabakh"]
LATE_NOVEMBER = "1920-11-29-nakhchivan-taken"
JUNE = "1920-06-20-chicherin"
DECEMBER = "1920-12-01-narimanov"
#: The built-in versions (each file is named after its id, as test_versions checks) and parties.
VERSION_IDS = sorted(path.stem for path in (data_dir() / "versions").glob("*.yaml"))
PARTY_IDS = [party["id"] for party in
             yaml.safe_load((data_dir() / "parties.yaml").read_text(encoding="utf-8"))["parties"]]
SCENARIOS = [f"{LATE_NOVEMBER}+{JUNE}", f"{LATE_NOVEMBER}+{DECEMBER}", *VERSION_IDS]


def layer_graph(layer: gpd.GeoDataFrame) -> nx.Graph:
    """Adjacency of the layer's rows straight from their polygons (shared boundary >= 1 m, geodesic km)."""
    graph = nx.Graph()
    graph.add_nodes_from(layer["unit"])
    rows = list(zip(layer["unit"], layer.geometry))
    for i, (a, shape_a) in enumerate(rows):
        for b, shape_b in rows[i + 1:]:
            km = GEOD.geometry_length(shape_a.boundary.intersection(shape_b.boundary)) / 1000
            if km >= MIN_BORDER_KM:
                graph.add_edge(a, b, km=km)
    return graph


def holders_of(layer: gpd.GeoDataFrame) -> dict[str, str | None]:
    return {unit: party if isinstance(party, str) else None for unit, party in zip(layer["unit"], layer["party"])}


@pytest.fixture(scope="module")
def read_layer(atlas):
    """``read_layer(scenario)``: the layer, its graph read from the polygons, its holders (once each)."""

    @functools.cache
    def read(scenario: str) -> tuple[gpd.GeoDataFrame, nx.Graph, dict[str, str | None]]:
        layer = atlas.layer(scenario)
        return layer, layer_graph(layer), holders_of(layer)

    return read


def test_the_scenarios_checked_are_those_of_the_atlas(atlas):
    assert {LATE_NOVEMBER, JUNE, DECEMBER} <= {version.id for version in atlas.versions}
    assert set(VERSION_IDS) == {version.id for version in atlas.versions}
    assert set(PARTY_IDS) == set(atlas.parties)


@pytest.mark.parametrize("within", [None, FOCUS], ids=["all", "within-focus"])
@pytest.mark.parametrize(("a", "b"), list(itertools.combinations(PARTY_IDS, 2)))
@pytest.mark.parametrize("scenario", SCENARIOS)
def test_every_scenario_and_party_pair_against_geometry_and_brute_force(
    atlas, read_layer, scenario, a, b, within
):
    """A pair with a party that holds nothing is refused; the answer for the others matches
    the borders read from the layer's polygons and the brute-force sets."""
    layer, graph, assignment = read_layer(scenario)
    holding_nothing = [party for party in (a, b) if party not in assignment.values()]
    if holding_nothing:
        with pytest.raises(NoTerritoryError) as caught:
            atlas.corridor(scenario, a, b, within=within)
        assert caught.value.parties == tuple(holding_nothing)
        return
    result = atlas.corridor(scenario, a, b, within=within)
    a_units = [u for u, p in assignment.items() if p == a]
    b_units = [u for u, p in assignment.items() if p == b]
    km = naive_contact_km(layer.set_index("unit"), a_units, b_units)
    assert result.connected == (km >= MIN_BORDER_KM), (a, b)
    assert result.shared_border_km == pytest.approx(km, rel=3e-3, abs=1e-6)
    focus = {finest for unit in FOCUS for finest in atlas.hierarchy.finest(unit)}
    # a unit of the layer is negotiable when all of it is (a part of sharur_daralagez too)
    allowed = set(graph) if within is None else {
        unit for unit in graph if set(atlas.hierarchy.finest(unit)) <= focus}
    assert_matches_brute_force(result, graph, assignment, allowed)


def test_unknown_party_or_version_is_named(atlas):
    with pytest.raises(UnknownIdError, match="party.*'Q'") as unknown:
        atlas.corridor(JUNE, "azerbaijan_ssr", "Q")
    assert f"check {JUNE}" in str(unknown.value)
    with pytest.raises(UnknownIdError, match="version"):
        atlas.corridor("1920-06-20-chicherim", "azerbaijan_ssr", "rsfsr")
    with pytest.raises(NoTerritoryError, match=f"holds at least one unit in {JUNE}") as nothing:
        atlas.corridor(JUNE, "azerbaijan_ssr", "turkey")
    assert nothing.value.parties == ("turkey",)


def test_late_november_with_the_june_directive(atlas, read_layer):
    scenario = f"{LATE_NOVEMBER}+{JUNE}"
    _, graph, held = read_layer(scenario)
    # What the scenario says (from the version files) and what the geometry says (read here):
    # the armistice leaves Surmali contested and Kars oblast uncovered, so Turkey holds only
    # the land west of the 1914 frontier.
    assert held["surmali"] is None
    kars = set(atlas.hierarchy.finest("kars"))
    assert [held[u] for u in held if set(atlas.hierarchy.finest(u)) <= kars] == [None]
    assert held["zangezur"] == held["karabakh"] == "azerbaijan_ssr"
    assert held["nakhchivan"] == "rsfsr" and held["sharur"] is None
    assert graph.has_edge("surmali", "sharur") and graph.has_edge("nakhchivan", "zangezur")
    turkish = {u for u, p in held.items() if p == "turkey"}
    azerbaijani = {u for u, p in held.items() if p == "azerbaijan_ssr"}
    assert turkish == {"anatolia"}
    assert not any(graph.has_edge(u, v) for u in turkish for v in azerbaijani)

    result = atlas.corridor(scenario, "turkey", "azerbaijan_ssr")
    assert not result.connected and result.shared_border_km == 0.0
    # one unit between them: Persia borders both Turkey and Azerbaijani Zangezur
    assert [link.unit for link in result.chain] == ["anatolia", "persia", "zangezur"]
    assert graph.has_edge("anatolia", "persia") and graph.has_edge("persia", "zangezur")
    focus_openings = atlas.corridor(scenario, "turkey", "azerbaijan_ssr", within=FOCUS).openings
    expected = sorted(
        (u,) for u in graph
        if set(atlas.hierarchy.finest(u)) <= {f for unit in FOCUS for f in atlas.hierarchy.finest(unit)}
        and held[u] not in ("turkey", "azerbaijan_ssr")
        and any(graph.has_edge(u, t) for t in turkish) and any(graph.has_edge(u, z) for z in azerbaijani)
    )
    assert expected == []  # no district borders both
    assert list(focus_openings) == expected

    # The Russian-occupied Nakhchivan touches Azerbaijani Zangezur.
    russian = atlas.corridor(scenario, "rsfsr", "azerbaijan_ssr")
    assert russian.connected
    assert ("nakhchivan", "zangezur") in [(s.unit_a, s.unit_b) for s in russian.shared_borders]


def test_late_november_with_the_december_declaration(atlas, read_layer):
    scenario = f"{LATE_NOVEMBER}+{DECEMBER}"
    _, graph, held = read_layer(scenario)
    assert held["zangezur"] == held["nakhchivan"] == "armenia_ssr"
    assert held["surmali"] is None  # contested at the armistice
    result = atlas.corridor(scenario, "armenia_ssr", "azerbaijan_ssr")
    assert result.connected == graph.has_edge("zangezur", "azerbaijan")
    assert result.connected
    # Soviet Armenia's two units form one territory: Nakhchivan borders Zangezur.
    assert result.components["armenia_ssr"] == (("nakhchivan", "zangezur"),)
    turkey = atlas.corridor(scenario, "turkey", "armenia_ssr")
    turkish = {u for u, p in held.items() if p == "turkey"}
    assert turkey.connected == any(graph.has_edge(u, v) for u in turkish for v in ("nakhchivan", "zangezur"))


def test_a_layout_answers_every_pair_and_defers_the_rest(voronoi_tiling, monkeypatch):
    from territory import corridor

    units = voronoi_tiling(40, seed=3)
    graph = build_unit_graph(units)
    rng = random.Random(3)
    assignment = {unit: rng.choice(["A", "B", "C", None]) for unit in units.index}
    layout = corridor.lay_out(graph, assignment)
    assert corridor.lay_out(graph, dict(reversed(list(assignment.items())))) is layout  # one per assignment
    assert (layout.contact_km == layout.contact_km.T).all()
    calls = []
    real_chain = corridor._chain
    monkeypatch.setattr(corridor, "_chain", lambda *args: calls.append(1) or real_chain(*args))
    for a, b in itertools.combinations(layout.parties, 2):
        result = layout.check(a, b)
        assert result.shared_border_km == pytest.approx(sum(s.km for s in result.shared_borders))
        assert result.connected == bool(result.shared_borders)
        assert result.to_dict() == check_assignment(graph, assignment, a, b).to_dict()
    calls.clear()
    result = layout.check(*layout.parties[:2])
    assert calls == []  # nothing beyond the look-up until a deferred field is read
    assert result.chain == result.chain and result.chain_km >= 0.0  # read twice, computed once
    assert len(calls) == (0 if result.connected else 1)
