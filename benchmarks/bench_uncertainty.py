"""Benchmark of the answers under boundary uncertainty (territory.uncertainty).

Run ``python benchmarks/bench_uncertainty.py`` (``--strict`` exits 1 when a target is
missed; ``--scheduler local`` draws on a dask LocalCluster, with the ``[dask]`` extra). It
answers every question of ``territory check --all`` on the built-in atlas over 1,000
drawings of the lines, on a fresh atlas, and prints:

- the time to draw the lines (once for every question: the drawings are shared) and to
  answer all the questions over them; target: within 60 s in all;
- the ratio to the floor: the same questions answered once each without drawings, times
  the number of drawings (answering each drawing from scratch);
- the distinct unit graphs among the drawings, and each question's result: the share of
  drawings in which the two sides touch and the shared km at p5 / p50 / p95.
"""

from __future__ import annotations

import argparse
import sys
import time

import territory
from territory.questions import QUESTIONS, ask_every, scenarios_to_ask

TARGET_SECONDS = 60.0


def ask_all(atlas: territory.Atlas, scenarios: list[str], **sampling: object) -> list[dict]:
    """Every question of ``check --all`` in which both sides hold units, as JSON data."""
    return [row for question in QUESTIONS for row in ask_every(atlas, question, scenarios, **sampling)
            if row["connected"] is not None]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=1000, help="drawings of the lines [1000]")
    parser.add_argument("--seed", type=int, default=0, help="seed of the drawings [0]")
    parser.add_argument("--scheduler", default="none", help="none (this process), local, or an address [none]")
    parser.add_argument("--strict", action="store_true", help="exit 1 if the target is missed")
    args = parser.parse_args()

    atlas = territory.load()
    scenarios = scenarios_to_ask(atlas.versions)
    start = time.perf_counter()
    ask_all(atlas, scenarios)
    once_s = time.perf_counter() - start

    fresh = territory.load()
    start = time.perf_counter()
    rows = ask_all(fresh, scenarios, samples=args.samples, seed=args.seed, scheduler=args.scheduler)
    total_s = time.perf_counter() - start
    drawings = fresh.derived(("uncertainty.drawings", args.samples, args.seed), lambda: None)
    floor_s = once_s * args.samples
    print(f"{len(rows)} questions of check --all, {args.samples:,} drawings of the lines (seed {args.seed}, "
          f"scheduler {args.scheduler}): {total_s:.2f} s in all (target {TARGET_SECONDS:.0f} s)")
    print(f"  answering each drawing from scratch would take about {floor_s:.1f} s "
          f"({once_s * 1e3:.1f} ms for one pass x {args.samples:,}): ratio {floor_s / total_s:.1f}x")
    if drawings is not None:
        print(f"  distinct unit graphs among the drawings: {len(drawings.graphs)}")
    print("\nquestion, scenario: touching in / shared km p5 / p50 / p95")
    for row in rows:
        u = row["uncertainty"]
        km = u["shared_border_km"]
        print(f"  {row['question']}, {row['scenario']}: {u['p_connected']:.1%} / {km['p5']:.1f} / {km['p50']:.1f} / {km['p95']:.1f}")
    if total_s > TARGET_SECONDS:
        print(f"\ntarget missed: {total_s:.1f} s")
        return 1 if args.strict else 0
    print("\ntarget met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
