"""The README's examples are real: its Python example and CLI excerpts print what it says."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

from click.testing import CliRunner

from territory.cli import main

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def _block_after(marker: str, language: str = "") -> str:
    start = README.index(marker)
    match = re.compile(rf"```{language}\n(.*?)```", re.DOTALL).search(README, start)
    assert match is not None, marker
    return match.group(1)


def test_python_example_prints_what_the_readme_shows() -> None:
    code = _block_after("## In ten lines of Python", "python")
    shown = _block_after("prints")
    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        exec(compile(code, "README.md", "exec"), {})  # noqa: S102 - the README's own example
    assert output.getvalue() == shown


def test_cli_excerpt_is_current() -> None:
    excerpt = _block_after("## The command line at a glance")
    for command_block in excerpt.split("$ territory ")[1:]:
        command, _, shown = command_block.partition("\n")
        result = CliRunner().invoke(main, command.split(), terminal_width=200)
        assert result.exit_code == 0, result.output
        assert result.output.strip() == shown.strip(), command
