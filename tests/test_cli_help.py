"""Every command's help is complete: a summary, every option described, an example where useful."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from territory.cli import main


def _commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], click.Command]]:
    found = []
    for name, command in sorted(group.commands.items()):
        found.append((prefix + (name,), command))
        if isinstance(command, click.Group):
            found.extend(_commands(command, prefix + (name,)))
    return found


COMMANDS = _commands(main)


def test_top_level_help_lists_every_command() -> None:
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    for name in ("versions", "show", "diff", "timeline", "export", "check", "render", "geodata"):
        assert name in result.output


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=[" ".join(path) for path, _ in COMMANDS])
def test_each_command_has_complete_help(path: tuple[str, ...], command: click.Command) -> None:
    result = CliRunner().invoke(main, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert command.help and len(command.help.strip()) > 20, path
    for parameter in command.params:
        if isinstance(parameter, click.Option) and not parameter.hidden:
            assert parameter.help, f"{' '.join(path)} {parameter.opts[0]} has no help text"
            assert parameter.opts[0] in result.output


def test_every_verb_of_the_brief_exists() -> None:
    names = {" ".join(path) for path, _ in COMMANDS}
    assert {"versions", "show", "diff", "timeline", "export", "check", "render", "geodata build"} <= names
