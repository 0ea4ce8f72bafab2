"""``territory timeline``: what every version says about one unit."""

from __future__ import annotations

from pathlib import Path

import click

from territory.cli.options import (
    atlas_options,
    cli_errors,
    echo_json,
    echo_table,
    load_atlas,
    records,
)
from territory.errors import UnknownIdError


@click.command("timeline")
@click.argument("unit", metavar="UNIT")
@click.option(
    "--covered-only", is_flag=True, help="Leave out the versions that are silent on the unit."
)
@atlas_options
def timeline(unit: str, covered_only: bool, data: tuple[Path, ...], as_json: bool) -> None:
    """The chronology of UNIT (an id or any alias, e.g. Zangazur or Naxçıvan) across all
    versions, with the source of every statement."""
    atlas = load_atlas(data)
    with cli_errors():
        unit_id = _unit_id(atlas, unit)
        table = atlas.timeline(unit_id, covered_only=covered_only)
    if as_json:
        echo_json({"unit": unit_id, "versions": records(table)})
        return
    echo_table(
        table,
        ["date", "version", "unit", "party", "status", "confidence", "stated_in"],
        title=unit_id,
    )


def _unit_id(atlas, name: str) -> str:
    """The unit named ``name``: its id, or the one unit whose alias matches exactly."""
    if name in atlas.hierarchy:
        return name
    found = atlas.search(name)
    units = found[(found["kind"] == "unit") & found["exact"]]["id"].tolist()
    if len(units) == 1:
        return units[0]
    raise UnknownIdError("UNIT", "unit", name, atlas.hierarchy.ids)
