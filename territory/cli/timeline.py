"""``territory timeline``: what every version says about one unit."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from territory.cli.options import (
    atlas_options,
    echo_json,
    echo_table,
    load_atlas,
)
from territory.export import records

if TYPE_CHECKING:
    from territory.atlas import Atlas


@click.command("timeline")
@click.argument("unit", metavar="UNIT")
@click.option(
    "--covered-only", is_flag=True, help="Leave out the versions that are silent on the unit."
)
@atlas_options
def timeline(unit: str, covered_only: bool, data: tuple[Path, ...], as_json: bool) -> None:
    """The chronology of UNIT (an id or any alias, e.g. Zangazur or Naxçıvan) across all
    versions, with the source of every statement.

    A name that a unit and some of its parts share (Syunik: zangezur and zangezur_west)
    gives the unit, which includes what is said of its parts; the output says so.
    """
    atlas = load_atlas(data)
    unit_id = atlas.find_unit(unit, where="UNIT")
    table = atlas.timeline(unit_id, covered_only=covered_only)
    also = _also_named(atlas, unit, unit_id)
    if as_json:
        echo_json({"unit": unit_id, "query": unit, "also_named": also, "versions": records(table)})
        return
    title = unit_id
    if also:
        title += f" ({unit!r} also names {', '.join(also)}, part of {unit_id})"
    echo_table(
        table,
        ["date", "version", "unit", "party", "status", "confidence", "stated_in"],
        title=title,
    )


def _also_named(atlas: Atlas, name: str, chosen: str) -> list[str]:
    """The other units that carry ``name`` exactly, besides the one chosen."""
    return [unit for unit in atlas.gazetteer.exact_units(name) if unit != chosen]
