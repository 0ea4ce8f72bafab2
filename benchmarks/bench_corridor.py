"""Benchmark of the corridor checks (territory.corridor) against the naive way, libpysal and a floor.

Run ``pip install -e '.[bench]'`` (libpysal) once, then ``python benchmarks/bench_corridor.py``
(``--strict`` exits 1 when a target is missed). In one run it prints:

1. ``check --all`` on the built-in atlas, first pass on a fresh atlas (after one untimed pass
   on another atlas, so that imports and the process's first calls are not counted; every question of
   :data:`territory.questions.QUESTIONS`, every version and seed scenario, the full answer
   as JSON data) against the same questions answered the naive way: dissolve each side's
   units with geopandas, intersect the two boundaries, measure the line parts in the same
   projected CRS. Target: at least 1,000 times faster.
2. For the built-in unit graph and random Voronoi tilings of 500, 2,000 and 5,000 units,
   with random versions (territories grown from random seeds), the time per question of:

   - *floor*: a numpy scan written here, on integer arrays prepared outside the timing
     (holder codes per version, the border edge list with km): the least any method
     that reads the borders can do per question;
   - *basic*: :meth:`territory.corridor.Layout.check` on a laid-out version, reading
     ``connected`` and ``shared_border_km``;
   - *full*: the same, reading every field (``to_dict()``: wedges, chain, openings,
     components, shared borders);
   - *libpysal*: its rook contiguity graph with perimeter weights, built once per tiling
     (``Graph.build_contiguity(by_perimeter=True)``), then a scan of its adjacency table
     per question, as a libpysal user would write it;
   - *naive*: dissolve and intersect (a sample of versions).

   Targets: basic within 3x the floor at 5,000 units; full faster than libpysal at every
   size; memory per cached version (a :class:`~territory.corridor.Layout`) under 50 KB at
   5,000 units. Every method's answer (connected, km to 0.1 %) must be the same.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import tracemalloc
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry import box

import territory
from territory.adjacency import LENGTH_CRS, MIN_BORDER_KM, UnitGraph, build_unit_graph
from territory.corridor import Layout, lay_out
from territory.questions import QUESTIONS, ask_every, scenarios_to_ask

PARTIES = ("p0", "p1", "p2", "p3", "p4", "p5", "p6")
TARGET_FIRST_PASS = 1000.0
TARGET_BASIC_OVER_FLOOR = 3.0
TARGET_LAYOUT_BYTES = 50_000


@dataclass(frozen=True)
class Answer:
    connected: bool
    km: float


def naive_answer(layer: gpd.GeoDataFrame, a: str, b: str) -> Answer:
    """Dissolve A's and B's units, intersect the boundaries, measure the line parts."""
    territories = layer[layer["party"].isin([a, b])].dissolve(by="party")
    shared = territories.geometry[a].boundary.intersection(territories.geometry[b].boundary)
    lines = [part for part in shapely.get_parts(shared) if part.geom_type in ("LineString", "MultiLineString")]
    km = float(gpd.GeoSeries(lines, crs=layer.crs).to_crs(LENGTH_CRS).length.sum() / 1000) if lines else 0.0
    return Answer(km >= MIN_BORDER_KM, km)


def same(fast: Answer, slow: Answer) -> bool:
    return fast.connected == slow.connected and abs(fast.km - slow.km) <= 1e-3 * max(slow.km, 1e-9)


def per_call(function, calls: list[tuple], repeat: int = 3) -> float:
    """Best of ``repeat`` passes over ``calls``, in seconds per call."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for args in calls:
            function(*args)
        best = min(best, time.perf_counter() - start)
    return best / len(calls)


# ------------------------------------------------------------------ 1. check --all
def ask_all(atlas: territory.Atlas, scenarios: list[str]) -> list[dict]:
    """Every built-in question of every scenario in which both sides hold units, as
    ``territory check --all --json`` asks them."""
    return [row for question in QUESTIONS for row in ask_every(atlas, question, scenarios)
            if row["connected"] is not None]


def bench_check_all() -> tuple[float, list[str]]:
    warm_up = territory.load()  # the process's first calls (imports, numpy and scipy set-up): not timed
    ask_all(warm_up, scenarios_to_ask(warm_up.versions))
    atlas = territory.load()
    scenarios = scenarios_to_ask(atlas.versions)
    start = time.perf_counter()
    for scenario in scenarios:
        atlas.layer(scenario)
    layers_s = time.perf_counter() - start
    start = time.perf_counter()
    _ = atlas.adjacency.arrays  # the unit graph, built once per atlas (with scipy imported)
    graph_s = time.perf_counter() - start

    start = time.perf_counter()
    rows = ask_all(atlas, scenarios)
    first_s = time.perf_counter() - start

    jobs = []
    for row in rows:
        assignment, a, b = QUESTIONS[row["question"]].sides(atlas.holders(row["scenario"]), atlas.hierarchy)
        finest = atlas.units[["geometry"]]
        jobs.append((finest.assign(party=[assignment.get(unit) for unit in finest.index]), a, b, row))
    start = time.perf_counter()
    slow = [naive_answer(layer, a, b) for layer, a, b, _ in jobs]
    naive_s = time.perf_counter() - start
    mismatches = [
        f"{row['question']} in {row['scenario']}: graph {row['shared_border_km']} km, naive {expected.km:.3f} km"
        for row, expected in zip(rows, slow)
        if not same(Answer(row["connected"], row["shared_border_km"]), expected)
    ]
    speedup = naive_s / first_s
    print(f"check --all, first pass on a fresh atlas: {len(rows)} answered questions "
          f"({len(QUESTIONS)} questions x {len(scenarios)} versions and scenarios), layers {layers_s * 1e3:.0f} ms "
          f"(once, needed by both), unit graph {graph_s * 1e3:.0f} ms (once)")
    print(f"  territory, full answers: {first_s * 1e3:8.1f} ms ({first_s / len(rows) * 1e6:.0f} us each)")
    print(f"  naive dissolve+intersect: {naive_s * 1e3:7.1f} ms ({naive_s / len(rows) * 1e3:.2f} ms each)")
    print(f"  ratio {speedup:,.0f}x (target {TARGET_FIRST_PASS:,.0f}x); answers identical: "
          f"{'yes' if not mismatches else 'NO'}")
    return speedup, mismatches


# ------------------------------------------------------------------ 2. per question
def voronoi_units(count: int, seed: int) -> gpd.GeoDataFrame:
    rng = np.random.default_rng(seed)
    frame = box(43.0, 38.0, 48.0, 42.0)
    points = shapely.multipoints(rng.uniform([43.0, 38.0], [48.0, 42.0], size=(count, 2)))
    cells = shapely.intersection(shapely.get_parts(shapely.voronoi_polygons(points, extend_to=frame)), frame)
    return gpd.GeoDataFrame(geometry=list(cells), index=[f"u{i:05d}" for i in range(len(cells))], crs=4326)


def grown_assignment(graph: UnitGraph, rng: random.Random) -> dict[str, str | None]:
    """Territories grown from one random seed unit per party; 5 % of units then left unassigned."""
    owner: dict[str, str | None] = {}
    frontier = []
    for party, seed in zip(PARTIES, rng.sample(graph.units, k=len(PARTIES))):
        owner[seed] = party
        frontier.append(seed)
    while frontier:
        index = rng.randrange(len(frontier))
        unit = frontier[index]
        frontier[index] = frontier[-1]
        frontier.pop()
        for near in graph.neighbours[unit]:
            if near not in owner:
                owner[near] = owner[unit]
                frontier.append(near)
    for unit in rng.sample(graph.units, k=len(graph.units) // 20):
        owner[unit] = None
    return owner


def floor_scan(codes: np.ndarray, left: np.ndarray, right: np.ndarray, km: np.ndarray, a: int, b: int) -> float:
    """The floor: one vectorised scan of the integer edge list."""
    hl, hr = codes[left], codes[right]
    return float(km[((hl == a) & (hr == b)) | ((hl == b) & (hr == a))].sum())


def libpysal_scan(adjacency, parties, a: str, b: str) -> float:
    """A libpysal user's scan: the parties of each adjacency row, the A-B rows' perimeter summed."""
    focal = parties.reindex(adjacency.index.get_level_values(0)).to_numpy()
    neighbor = parties.reindex(adjacency.index.get_level_values(1)).to_numpy()
    rows = (focal == a) & (neighbor == b)
    return float(adjacency.to_numpy()[rows].sum() / 1000.0)


def layout_bytes(graph: UnitGraph, assignment: dict[str, str | None]) -> tuple[int, int]:
    """Memory one cached version takes: traced allocation of a new Layout, and its ``nbytes``."""
    _ = graph.arrays  # shared by every version: not counted
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    layout = Layout(graph, assignment)
    traced = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    return traced, layout.nbytes


def measure(name: str, units: gpd.GeoDataFrame, graph: UnitGraph, assignments: list[dict], pairs: list[tuple],
            naive_sample: int) -> tuple[dict[str, float], list[str]]:
    import pandas as pd
    from libpysal.graph import Graph

    arrays = graph.arrays
    codes = []
    for assignment in assignments:
        order = sorted({p for p in assignment.values() if p})
        code = np.full(len(graph.units), -1, dtype=np.int16)
        for unit, party in assignment.items():
            if party:
                code[arrays.index[unit]] = order.index(party)
        codes.append((code, {party: i for i, party in enumerate(order)}))
    floor_calls = [(codes[v][0], arrays.left, arrays.right, arrays.km, codes[v][1][a], codes[v][1][b])
                   for v, a, b in pairs]
    floor_s = per_call(floor_scan, floor_calls)

    start = time.perf_counter()
    layouts = [lay_out(graph, assignment) for assignment in assignments]
    layout_s = (time.perf_counter() - start) / len(assignments)

    def basic(layout: Layout, a: str, b: str) -> tuple[bool, float]:
        result = layout.check(a, b)
        return result.connected, result.shared_border_km

    basic_s = per_call(basic, [(layouts[v], a, b) for v, a, b in pairs])
    full_s = per_call(lambda layout, a, b: layout.check(a, b).to_dict(), [(layouts[v], a, b) for v, a, b in pairs])

    lib_graph = Graph.build_contiguity(units.to_crs(LENGTH_CRS), rook=True, by_perimeter=True)
    adjacency = lib_graph.adjacency
    adjacency = adjacency[adjacency.index.get_level_values(0) != adjacency.index.get_level_values(1)]
    series = [pd.Series(assignment) for assignment in assignments]
    lib_s = per_call(libpysal_scan, [(adjacency, series[v], a, b) for v, a, b in pairs])

    mismatches, naive_total, sampled = [], 0.0, 0
    for index, (v, a, b) in enumerate(pairs):
        result = layouts[v].check(a, b)
        ours = Answer(result.connected, result.shared_border_km)
        checks = {"floor": floor_scan(*floor_calls[index]), "libpysal": libpysal_scan(adjacency, series[v], a, b)}
        if sampled < naive_sample:
            layer = units.assign(party=[assignments[v].get(unit) for unit in units.index])
            start = time.perf_counter()
            checks["naive"] = naive_answer(layer, a, b).km
            naive_total += time.perf_counter() - start
            sampled += 1
        for method, km in checks.items():
            if not same(ours, Answer(km >= MIN_BORDER_KM, km)):
                mismatches.append(f"{name}, version {v}, {a}-{b}: territory {ours.km:.3f} km, {method} {km:.3f} km")
    traced, nbytes = layout_bytes(graph, assignments[0])
    return {
        "units": len(graph.units), "borders": len(graph.borders), "floor": floor_s, "basic": basic_s,
        "full": full_s, "libpysal": lib_s, "naive": naive_total / max(sampled, 1), "layout": layout_s,
        "traced": traced, "nbytes": nbytes,
    }, mismatches


def builtin_case() -> tuple[gpd.GeoDataFrame, UnitGraph, list[dict], list[tuple]]:
    atlas = territory.load()
    assignments = [atlas.holders(version.id) for version in atlas.versions]
    pairs = []
    for index, assignment in enumerate(assignments):
        held = sorted({party for party in assignment.values() if party})
        pairs += [(index, a, b) for i, a in enumerate(held) for b in held[i + 1:]]
    return atlas.units[["geometry"]], atlas.adjacency, assignments, pairs


def synthetic_case(size: int, versions: int) -> tuple[gpd.GeoDataFrame, UnitGraph, list[dict], list[tuple]]:
    units = voronoi_units(size, seed=size)
    graph = build_unit_graph(units)
    rng = random.Random(size)
    assignments = [grown_assignment(graph, rng) for _ in range(versions)]
    pairs = []
    for index, assignment in enumerate(assignments):
        held = sorted({party for party in assignment.values() if party})
        pairs += [(index, *rng.sample(held, k=2)) for _ in range(2)]
    return units, graph, assignments, pairs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--strict", action="store_true", help="exit 1 if a target is missed")
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 2000, 5000], help="tiling sizes")
    parser.add_argument("--versions", type=int, default=200, help="random versions per tiling [200]")
    parser.add_argument("--naive-sample", type=int, default=10, help="questions also answered naively [10]")
    args = parser.parse_args()

    speedup, mismatches = bench_check_all()
    cases = [("built-in", *builtin_case())]
    cases += [(f"{size} units", *synthetic_case(size, args.versions)) for size in args.sizes]
    print("\nper question (us, mean of the best of 3 passes), on laid-out versions; ratios in brackets:")
    print(f"  {'graph':<10}{'units':>6}{'floor':>9}{'basic':>16}{'full':>9}{'libpysal':>10}{'full/lib':>10}"
          f"{'naive':>11}{'naive/full':>11}{'lay out':>10}{'KB/version':>12}")
    missed = []
    for name, units, graph, assignments, pairs in cases:
        row, found = measure(name, units, graph, assignments, pairs, args.naive_sample)
        mismatches += found
        us = {key: row[key] * 1e6 for key in ("floor", "basic", "full", "libpysal", "naive", "layout")}
        print(f"  {name:<10}{row['units']:>6}{us['floor']:>9.1f}{us['basic']:>9.1f} ({us['basic'] / us['floor']:.2f}x)"
              f"{us['full']:>9.1f}{us['libpysal']:>10.1f}{us['full'] / us['libpysal']:>9.2f}x"
              f"{us['naive']:>11.0f}{us['naive'] / us['full']:>10.0f}x{us['layout']:>10.0f}"
              f"{row['traced'] / 1000:>7.1f} ({row['nbytes'] / 1000:.1f})")
        if row["full"] >= row["libpysal"]:
            missed.append(f"{name}: full answer {us['full']:.1f} us, libpysal {us['libpysal']:.1f} us")
        if row["units"] >= 5000:
            if row["basic"] > TARGET_BASIC_OVER_FLOOR * row["floor"]:
                missed.append(f"{name}: basic {us['basic'] / us['floor']:.1f}x the floor")
            if row["traced"] > TARGET_LAYOUT_BYTES:
                missed.append(f"{name}: {row['traced'] / 1000:.1f} KB per cached version")
    print("  basic: connected + km; full: every field; lay out: first use of a version (once, then cached);\n"
          "  KB/version: allocation traced while laying out one version (its codes and matrix in brackets)")
    if speedup < TARGET_FIRST_PASS:
        missed.append(f"check --all first pass {speedup:.0f}x the naive way")
    if mismatches:
        print("\nANSWERS DIFFER:\n  " + "\n  ".join(mismatches))
        return 1
    if missed:
        print("\ntargets missed:\n  " + "\n  ".join(missed))
        return 1 if args.strict else 0
    print("\nall targets met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
