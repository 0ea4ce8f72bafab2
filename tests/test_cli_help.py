"""Every command's help is complete: a summary, every option described, an example where useful;
and the command line starts without the heavy libraries."""

from __future__ import annotations

import json
import subprocess
import sys

import click
import pytest

from territory.cli import main

#: The verbs of the brief (``geodata`` is a group: its verb is ``geodata build``).
VERBS = ("check", "diff", "export", "geodata", "render", "show", "timeline", "versions")

#: Libraries that take seconds to import: a command that does not draw or analyse needs none.
HEAVY = ("geopandas", "folium", "matplotlib", "networkx")


def _commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], click.Command]]:
    found = []
    for name, command in sorted(group.commands.items()):
        found.append((prefix + (name,), command))
        if isinstance(command, click.Group):
            found.extend(_commands(command, prefix + (name,)))
    return found


COMMANDS = _commands(main)


def test_every_verb_of_the_brief_exists_and_is_listed(cli) -> None:
    names = {" ".join(path) for path, _ in COMMANDS}
    assert {"versions", "show", "diff", "timeline", "export", "check", "render", "geodata build"} <= names
    result = cli.run("--help")
    assert result.code == 0
    for name in VERBS:
        assert name in result.output


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=[" ".join(path) for path, _ in COMMANDS])
def test_each_command_has_complete_help(cli, path: tuple[str, ...], command: click.Command) -> None:
    result = cli.run(*path, "--help")
    assert result.code == 0, result.output
    assert command.help and len(command.help.strip()) > 20, path
    for parameter in command.params:
        if isinstance(parameter, click.Option) and not parameter.hidden:
            assert parameter.help, f"{' '.join(path)} {parameter.opts[0]} has no help text"
            assert parameter.opts[0] in result.output


# A fresh interpreter runs one command in-process and reports which heavy libraries it imported.
_START_UP = f"""
import contextlib, io, json, sys
from territory.cli import main

args = json.loads(sys.argv[1])
output = io.StringIO()
try:
    with contextlib.redirect_stdout(output):
        code = main(args, standalone_mode=False)
except SystemExit as stop:
    code = stop.code
print(json.dumps({{"code": code, "output": output.getvalue(),
                  "imported": [name for name in {HEAVY!r} if name in sys.modules]}}))
"""

START_UP_COMMANDS = [
    ["--help"],
    ["versions"],
    ["show", "1920-06-20-chicherin"],
    *([verb, "--help"] for verb in VERBS),
]


@pytest.mark.parametrize("args", START_UP_COMMANDS, ids=[" ".join(args) for args in START_UP_COMMANDS])
def test_start_up_imports_no_heavy_library(args: list[str]) -> None:
    done = subprocess.run(
        [sys.executable, "-c", _START_UP, json.dumps(args)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.splitlines()[-1])
    assert report["code"] in (0, None), report["output"]  # the command ran (None: it returned)
    assert report["output"].strip()  # and printed its answer
    assert report["imported"] == [], f"territory {' '.join(args)} imported {', '.join(report['imported'])}"
