"""``territory diff``: what changes between two versions or scenarios."""

from __future__ import annotations

from pathlib import Path

import click

from territory.cli.options import (
    atlas_options,
    cli_errors,
    echo_json,
    echo_table,
    load_atlas,
)
from territory.export import records


@click.command("diff")
@click.argument("a", metavar="A")
@click.argument("b", metavar="B")
@click.option("--all", "all_units", is_flag=True, help="Also list the units that do not change.")
@atlas_options
def diff(a: str, b: str, all_units: bool, data: tuple[Path, ...], as_json: bool) -> None:
    """Units whose party or status differs from A to B (versions or scenarios "X+Y"),
    with their area in km2 (equal-area projection)."""
    atlas = load_atlas(data)
    with cli_errors({"atlas.diff(a)": "A", "atlas.diff(b)": "B"}):
        table = atlas.diff(a, b, all_units=all_units)
    if as_json:
        echo_json({"a": a, "b": b, "units": records(table)})
        return
    echo_table(
        table,
        ["unit", "party_a", "party_b", "status_change", "assigned_differently", "area_km2"],
        title=f"{a} -> {b}",
    )
