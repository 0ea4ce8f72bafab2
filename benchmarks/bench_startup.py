"""Start-up time of the ``territory`` command line, each command timed as a whole process.

Run: ``python benchmarks/bench_startup.py [--runs N] [--json]`` (with the project's venv active).

Each command (``territory --help``, ``versions``, ``show 1920-06-20-chicherin`` and
``territory VERB --help`` for every verb) is run as ``python -m territory ...`` in a fresh
interpreter (the same one that runs this file; this goes through the same imports as the console
script), next to two floors run by that interpreter:

1. ``python -c "import click"``: the least a click command line can cost;
2. a process that reads ``geodata/versions/*.yaml`` with PyYAML's C loader (``yaml.SafeLoader``
   if PyYAML was built without libyaml; the output then says so).

Every process first runs once, untimed, with ``-X importtime``: this writes and warms the
bytecode cache (``PYTHONDONTWRITEBYTECODE`` is dropped from the processes' environment, so
the package is timed as an installed one, from its ``.pyc`` files, not recompiled each run),
and the module names it writes to stderr give the heavy libraries (geopandas, folium, ...) each
command imports. Then the N rounds (default 15) run every process once each, in the same order,
so that floors and commands share the machine's noise. Prints the median and min of each in ms,
the ratio of its median to each floor's median, and the targets of the issue: every ``--help``
within 3x of importing click, ``versions`` within 5x of reading the version files.
Prints numbers; asserts nothing: exits 0 unless a command itself fails (its stderr is printed).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
VERSIONS_DIR = ROOT / "geodata" / "versions"
VERBS = ("check", "diff", "export", "geodata", "render", "show", "timeline", "versions")
HEAVY = ("geopandas", "folium", "matplotlib", "networkx", "pandas", "shapely", "pydantic")
HELP_TARGET = 3.0  # each --help: at most this many times the click import
VERSIONS_TARGET = 5.0  # territory versions: at most this many times reading the version files
#: The processes' environment: as this one, but writing bytecode like a normal install.
ENVIRONMENT = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
LOADER = "CSafeLoader" if hasattr(yaml, "CSafeLoader") else "SafeLoader"
READ_VERSIONS = (
    "import sys, yaml; from pathlib import Path; "
    f"[yaml.load(p.read_text(encoding='utf-8'), Loader=yaml.{LOADER}) "
    "for p in sorted(Path(sys.argv[1]).glob('*.yaml'))]"
)


@dataclass
class Process:
    label: str
    argv: list[str]  # after the interpreter
    seconds: list[float] = field(default_factory=list)
    heavy: list[str] = field(default_factory=list)

    @property
    def median_ms(self) -> float:
        return statistics.median(self.seconds) * 1000

    @property
    def min_ms(self) -> float:
        return min(self.seconds) * 1000


def run(process: Process, options: tuple[str, ...] = ()) -> tuple[float, str]:
    """Run the process once; return its wall time in seconds and its stderr."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, *options, *process.argv], cwd=ROOT, env=ENVIRONMENT,
                          stdin=subprocess.DEVNULL, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        error = "".join(line for line in done.stderr.splitlines(keepends=True)
                        if not line.startswith("import time:"))
        raise SystemExit(f"{process.label} failed (exit {done.returncode}):\n{error}")
    return elapsed, done.stderr


def heavy_imports(importtime: str) -> list[str]:
    """The HEAVY packages named in ``-X importtime`` output ("import time: self | cum | name")."""
    names = {line.rsplit("|", 1)[1].strip().split(".")[0]
             for line in importtime.splitlines() if line.startswith("import time:")}
    return [name for name in HEAVY if name in names]


def measure(runs: int) -> tuple[list[Process], list[Process]]:
    floors = [Process("import click (floor 1)", ["-c", "import click"]),
              Process(f"read versions, {LOADER} (floor 2)", ["-c", READ_VERSIONS, str(VERSIONS_DIR)])]
    commands = [Process("territory --help", ["-m", "territory", "--help"]),
                Process("territory versions", ["-m", "territory", "versions"]),
                Process("territory show 1920-06-20-chicherin",
                        ["-m", "territory", "show", "1920-06-20-chicherin"])]
    commands += [Process(f"territory {verb} --help", ["-m", "territory", verb, "--help"]) for verb in VERBS]
    processes = floors + commands
    for process in processes:
        process.heavy = heavy_imports(run(process, ("-X", "importtime"))[1])
    for _ in range(runs):
        for process in processes:
            process.seconds.append(run(process)[0])
    return floors, commands


def results(runs: int, floors: list[Process], commands: list[Process]) -> dict[str, object]:
    click_ms, yaml_ms = floors[0].median_ms, floors[1].median_ms
    rows = [{"command": p.label, "argv": p.argv,
             "median_ms": round(p.median_ms, 2), "min_ms": round(p.min_ms, 2),
             "x_click": round(p.median_ms / click_ms, 2), "x_yaml": round(p.median_ms / yaml_ms, 2),
             "heavy_imports": p.heavy} for p in floors + commands]
    targets = [(p, HELP_TARGET, "x_click", "the click import") for p in commands if p.argv[-1] == "--help"]
    targets += [(p, VERSIONS_TARGET, "x_yaml", "reading the version files")
                for p in commands if p.label == "territory versions"]
    by_label = {row["command"]: row for row in rows}
    return {
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "runs": runs,
        "yaml_loader": LOADER,
        "rows": rows,
        "targets": [{"command": p.label, "floor": floor, "limit": limit,
                     "ratio": by_label[p.label][key], "met": by_label[p.label][key] <= limit}
                    for p, limit, key, floor in targets],
    }


def print_table(report: dict[str, object]) -> None:
    print(f"{report['python']}, {report['runs']} interleaved runs of each whole process "
          f"(after one untimed -X importtime run), cwd {ROOT}")
    if report["yaml_loader"] != "CSafeLoader":
        print("note: PyYAML has no C loader here (built without libyaml): floor 2 uses yaml.SafeLoader")
    print(f"\n{'process':<40}{'median':>10}{'min':>10}{'x click':>9}{'x yaml':>8}  heavy imports")
    for row in report["rows"]:
        print(f"{row['command']:<40}{row['median_ms']:>7.1f} ms{row['min_ms']:>7.1f} ms"
              f"{row['x_click']:>8.2f}x{row['x_yaml']:>7.2f}x  {', '.join(row['heavy_imports']) or '-'}")
    print("\ntargets (median / floor median):")
    for target in report["targets"]:
        print(f"  {target['command']:<38}{target['ratio']:>6.2f}x {target['floor']:<26}"
              f"(<= {target['limit']:.0f}x)  {'met' if target['met'] else 'MISSED'}")
    met = sum(target["met"] for target in report["targets"])
    print(f"  {met} of {len(report['targets'])} met")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="timed runs of each process [15]")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args()
    if args.runs < 1:
        parser.error("--runs must be at least 1")

    report = results(args.runs, *measure(args.runs))
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print_table(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
