"""``territory show``: the assignments of one version or scenario, unit by unit."""

from __future__ import annotations

from pathlib import Path

import click

from territory.cli.options import (
    atlas_options,
    cli_errors,
    echo,
    echo_json,
    echo_table,
    load_atlas,
)
from territory.export import records


@click.command("show")
@click.argument("scenario", metavar="VERSION_OR_SCENARIO")
@atlas_options
def show(scenario: str, data: tuple[Path, ...], as_json: bool) -> None:
    """Show who each unit is assigned to in VERSION_OR_SCENARIO (a version id, or "A+B":
    B applied over A), with status, confidence, quote and source."""
    from territory.resolve import Scenario

    atlas = load_atlas(data)
    with cli_errors({"version": "VERSION_OR_SCENARIO"}):
        table = atlas.assignments(scenario)
        parts = [atlas.version(part) for part in Scenario.parse(scenario).parts]
    if as_json:
        echo_json({"scenario": table.attrs["version"],
                   "versions": [part.summary() for part in parts],
                   "units": records(table)})  # fmt: skip
        return
    for part in parts:
        echo(f"{part.id} ({part.date.label}, {part.kind}): {part.title}")
        echo(f"  {part.author}" + (f" to {part.recipient}" if part.recipient else ""))
        echo(f"  source: {part.document.citation}")
        if part.provenance:
            echo(f"  {part.provenance}")
    echo_table(table, ["unit", "party", "status", "confidence", "version", "area_km2"])
    for row in table.itertuples():
        if row.quote:
            echo(f"{row.unit}: \u201c{row.quote}\u201d")
