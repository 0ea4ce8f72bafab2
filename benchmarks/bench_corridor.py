"""Benchmark of the corridor checks (territory.corridor) against the naive geometric way.

Run ``python benchmarks/bench_corridor.py`` (add ``--strict`` to exit non-zero when a
target is missed). Prints:

1. the built-in atlas: checks per second over every version and every pair of parties
   holding land in it, next to the same questions answered the naive way (dissolve each
   party's units with geopandas, intersect the two boundaries, measure the line parts in
   the same projected CRS); the answers (connected, border km to 0.1 %) must be identical,
   and the graph must be at least 100 times faster;
2. random Voronoi tilings of 500 to 5,000 units with many random versions (territories
   grown from random seeds), to show how the cost grows with units and versions.
"""

from __future__ import annotations

import argparse
import itertools
import random
import sys
import time
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry import box

import territory
from territory.adjacency import LENGTH_CRS, MIN_BORDER_KM, UnitGraph, build_unit_graph
from territory.corridor import check_assignment

TARGET_SPEEDUP = 100.0
PARTIES = ("p0", "p1", "p2", "p3", "p4", "p5", "p6")


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


def timed(function, *args):
    start = time.perf_counter()
    value = function(*args)
    return value, time.perf_counter() - start


def bench_atlas(repeat: int) -> tuple[float, list[str]]:
    """Return the speed-up over the naive way and the mismatches found."""
    atlas, load_s = timed(territory.load)
    _, graph_s = timed(lambda: atlas.adjacency)
    jobs = []
    for version in atlas.versions:
        held = sorted({party for party in atlas.holders(version.id).values() if party})
        jobs += [(version.id, a, b) for a, b in itertools.combinations(held, 2)]
    if not jobs:
        raise SystemExit("the built-in atlas has no version with two parties holding land")

    _, layers_s = timed(lambda: [atlas.layer(version.id) for version in atlas.versions])
    first, cold_s = timed(lambda: [atlas.corridor(*job) for job in jobs])
    warm_s = min(timed(lambda: [atlas.corridor(*job) for job in jobs])[1] for _ in range(repeat))
    naive_passes = [timed(lambda: [naive_answer(atlas.layer(version), a, b) for version, a, b in jobs])
                    for _ in range(3)]
    slow, naive_s = naive_passes[0][0], min(seconds for _, seconds in naive_passes)

    mismatches = [
        f"{job}: graph {result.connected} {result.shared_border_km:.3f} km, naive {answer.connected} {answer.km:.3f} km"
        for job, result, answer in zip(jobs, first, slow)
        if not same(Answer(result.connected, result.shared_border_km), answer)
    ]
    count = len(jobs)
    connected = sum(result.connected for result in first)
    speedup = naive_s / warm_s
    print(f"built-in atlas: {len(atlas.units)} units, {len(atlas.versions)} versions, "
          f"{count} (version, party pair) checks, {connected} connected; load {load_s * 1e3:.0f} ms, "
          f"unit graph {graph_s * 1e3:.1f} ms (once), layers {layers_s * 1e3:.0f} ms (once, by the atlas)")
    print(f"  {'method':<44}{'per check':>12}{'checks/s':>12}")
    print(f"  {'graph, first pass (lays each layer on graph)':<44}{cold_s / count * 1e6:>9.1f} us{count / cold_s:>12.0f}")
    print(f"  {f'graph, steady state (best of {repeat} passes)':<44}{warm_s / count * 1e6:>9.1f} us{count / warm_s:>12.0f}")
    print(f"  {'naive: dissolve + intersect (best of 3)':<44}{naive_s / count * 1e3:>9.2f} ms{count / naive_s:>12.0f}")
    print(f"  speed-up: {speedup:.0f}x steady state, {naive_s / cold_s:.0f}x first pass "
          f"(target {TARGET_SPEEDUP:.0f}x); answers identical: {'yes' if not mismatches else 'NO'}")
    return speedup, mismatches


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


def bench_synthetic(sizes: list[int], versions: int, naive_sample: int) -> list[str]:
    print(f"\nrandom Voronoi tilings, {versions} random versions each (territories of {len(PARTIES)} parties "
          "grown from random seeds), two random party pairs per version:")
    print(f"  {'units':>6}{'borders':>9}{'graph':>9}{'1st check':>12}{'2nd check':>12}{'checks/s':>10}"
          f"{'naive':>10}{'speed-up':>10}")
    mismatches = []
    for size in sizes:
        units = voronoi_units(size, seed=size)
        graph, graph_s = timed(build_unit_graph, units)
        rng = random.Random(size)
        cold_s = warm_s = 0.0
        sample = []
        for index in range(versions):
            assignment = grown_assignment(graph, rng)
            held = sorted({party for party in assignment.values() if party})
            (a, b), (c, d) = rng.sample(held, k=2), rng.sample(held, k=2)
            result, seconds = timed(check_assignment, graph, assignment, a, b)
            cold_s += seconds
            warm_s += timed(check_assignment, graph, assignment, c, d)[1]
            if index < naive_sample:
                sample.append((assignment, a, b, result))
        naive_s = 0.0
        for index, (assignment, a, b, result) in enumerate(sample):
            layer = units.assign(party=[assignment[unit] for unit in units.index])
            answer, seconds = timed(naive_answer, layer, a, b)
            naive_s += seconds
            if not same(Answer(result.connected, result.shared_border_km), answer):
                mismatches.append(f"{size} units, version {index}: graph {result.shared_border_km:.3f} km, "
                                  f"naive {answer.km:.3f} km")
        naive_each, warm_each = naive_s / len(sample), warm_s / versions
        print(f"  {size:>6}{len(graph.borders):>9}{graph_s:>7.2f} s{cold_s / versions * 1e3:>9.2f} ms"
              f"{warm_each * 1e3:>9.2f} ms{1 / warm_each:>10.0f}{naive_each * 1e3:>7.1f} ms{naive_each / warm_each:>9.0f}x")
    print("  graph: built once per tiling; 1st check of a version lays its assignment on the graph (cached);\n"
          "  2nd check asks about another pair in the same version; checks/s and speed-up use the 2nd check;\n"
          f"  naive answers (first {naive_sample} versions) compared with the graph's")
    return mismatches


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--strict", action="store_true", help="exit 1 if the speed-up target is missed")
    parser.add_argument("--repeat", type=int, default=50, help="passes over the built-in checks [50]")
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 1000, 2000, 5000], help="tiling sizes")
    parser.add_argument("--versions", type=int, default=1000, help="random versions per tiling [1000]")
    parser.add_argument("--naive-sample", type=int, default=20, help="versions also answered naively [20]")
    args = parser.parse_args()

    speedup, mismatches = bench_atlas(args.repeat)
    mismatches += bench_synthetic(args.sizes, args.versions, args.naive_sample)
    if mismatches:
        print("\nANSWERS DIFFER:\n  " + "\n  ".join(mismatches))
        return 1
    if speedup < TARGET_SPEEDUP:
        print(f"\ntarget missed: {speedup:.0f}x < {TARGET_SPEEDUP:.0f}x faster than the naive way")
        return 1 if args.strict else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
