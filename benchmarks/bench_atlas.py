"""Speed of the atlas core: load, layer, holders, diff, at. Prints numbers; asserts nothing.

Run: python benchmarks/bench_atlas.py
"""

from __future__ import annotations

import importlib
import time
from collections.abc import Callable

import territory


def timed(label: str, function: Callable[[], object], repeat: int = 1) -> None:
    start = time.perf_counter()
    for _ in range(repeat):
        function()
    elapsed = (time.perf_counter() - start) / repeat
    print(f"{label:<44} {elapsed * 1000:9.3f} ms")


def main() -> None:
    timed("territory.load() (built-in atlas)", territory.load, repeat=5)
    atlas = territory.load()
    scenario = atlas.scenario("1920-11-29-nakhchivan-taken", "1920-06-20-chicherin")
    # load() reads no geometry; the first layer imports geopandas and parses the units
    timed("import geopandas (the first layer's import)", lambda: importlib.import_module("geopandas"))
    timed("atlas.layer(scenario), first call", lambda: atlas.layer(scenario))
    timed("atlas.layer(scenario), cached", lambda: atlas.layer(scenario), repeat=200)
    timed("atlas.holders(scenario), cached", lambda: atlas.holders(scenario), repeat=2000)
    timed("layer of every version, fresh atlas", lambda: [territory.load().layer(v.id) for v in atlas.versions])
    timed("atlas.diff(June, December)", lambda: atlas.diff("1920-06-20-chicherin", "1920-12-01-narimanov"), 50)
    timed("atlas.at('1920-11-30', kind='de_facto')", lambda: atlas.at("1920-11-30", kind="de_facto"), 50)
    timed("atlas.timeline('zangezur_west')", lambda: atlas.timeline("zangezur_west"), 50)
    timed("atlas.search('Naxçıvan')", lambda: atlas.search("Naxçıvan"), 50)


if __name__ == "__main__":
    main()
