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


def test_unit_table_is_current(atlas) -> None:
    """The README's unit table lists every finest unit with its name, parent, area and uncertainty."""
    hierarchy = atlas.hierarchy
    table = README[README.index("| unit | 1920 name | parent |"):].split("\n\n")[0].splitlines()[2:]
    shown = {}
    for row in table:
        unit, name, parent, area, uncertainty = (cell.strip().strip("`") for cell in row.strip("|").split("|"))
        shown[unit] = (name, parent or None, area, uncertainty)
    expected = {
        unit: (hierarchy.name(unit), hierarchy.parent_of(unit), f"{hierarchy.area_km2(unit):,.0f}",
               f"{atlas.units.loc[unit, 'uncertainty_km']:g}")
        for unit in hierarchy.finest_ids
    }
    assert shown == expected


def _table_after(header: str) -> dict[str, str]:
    """``first cell -> second cell`` of the README table that starts with ``header``."""
    rows = README[README.index(header):].split("\n\n")[0].splitlines()[2:]
    return dict(tuple(cell.strip().strip("`") for cell in row.strip("|").split("|")) for row in rows)


def test_version_counts_are_current(atlas) -> None:
    """The README's counts of versions by kind and by issuing party are the atlas's."""
    kinds: dict[str, int] = {}
    issuers: dict[str, int] = {}
    for version in atlas.versions:
        kinds[version.kind] = kinds.get(version.kind, 0) + 1
        for party in version.issuers or ("(compiled by the atlas)",):
            issuers[party] = issuers.get(party, 0) + 1
    assert _table_after("| kind | versions |") == {kind: str(n) for kind, n in kinds.items()}
    assert _table_after("| issuing party | versions |") == {party: str(n) for party, n in issuers.items()}
