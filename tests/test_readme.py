"""The README's examples are real: its Python example and CLI excerpts print what it says."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

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


def _cli_excerpts() -> list[tuple[str, str]]:
    """``(command, output shown)`` of each ``$ territory ...`` block of the CLI section."""
    excerpt = _block_after("## The command line at a glance")
    blocks = [block.partition("\n") for block in excerpt.split("$ territory ")[1:]]
    return [(command, shown) for command, _, shown in blocks]


def test_the_readme_shows_cli_excerpts() -> None:
    assert len(_cli_excerpts()) >= 2


@pytest.mark.parametrize(("command", "shown"), _cli_excerpts(),
                         ids=[command.split()[0] for command, _ in _cli_excerpts()])
def test_cli_excerpt_is_current(cli, command: str, shown: str) -> None:
    result = cli.run(*command.split(), width=200)
    assert result.code == 0, result.output
    assert result.output.strip() == shown.strip()
