"""Benchmark of ``territory render`` on the built-in atlas: total time and the size of each map.

Run: ``python benchmarks/bench_render.py [--repeat N] [--format html|png|svg]``.
Targets (issue 5): the whole HTML render under 10 s on a 2-core machine, each
self-contained HTML map under 1.5 MB (the size target is for HTML only; png/svg
write the version, compare, timeline and corridor images). Prints numbers;
asserts nothing.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import territory
from territory.maps.render import render_all

TARGET_SECONDS = 10.0
TARGET_BYTES = 1_500_000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="renders to time (the best is kept)")
    parser.add_argument("--format", dest="fmt", default="html", choices=["html", "png", "svg"])
    args = parser.parse_args()

    started = time.perf_counter()
    atlas = territory.load()
    load_seconds = time.perf_counter() - started
    timings = []
    with tempfile.TemporaryDirectory() as tmp:
        for index in range(args.repeat):
            out = Path(tmp) / f"run{index}"
            atlas = territory.load()  # a fresh atlas: no layer or geometry cached from the last run
            started = time.perf_counter()
            written = render_all(atlas, out, fmt=args.fmt, progress=False)
            timings.append(time.perf_counter() - started)
        sizes = sorted(((path.stat().st_size, path.name) for path in written), reverse=True)
    best = min(timings)
    print(f"load: {load_seconds:.2f} s")
    print(f"render ({args.fmt}, {len(sizes)} files): best {best:.2f} s of {args.repeat} "
          f"({', '.join(f'{t:.2f}' for t in timings)}); target < {TARGET_SECONDS:.0f} s: "
          f"{'met' if best < TARGET_SECONDS else 'MISSED'}")
    for size, name in sizes:
        over = args.fmt == "html" and size >= TARGET_BYTES and name != "index.html"
        flag = "  OVER TARGET" if over else ""
        print(f"{size / 1e6:8.3f} MB  {name}{flag}")
    target = f"; target < {TARGET_BYTES / 1e6:.1f} MB per map" if args.fmt == "html" else ""
    print(f"largest: {sizes[0][0] / 1e6:.3f} MB{target}")


if __name__ == "__main__":
    main()
