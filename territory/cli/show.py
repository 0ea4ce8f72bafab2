"""``territory show``: the assignments of one version or scenario, unit by unit."""

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
from territory.cli.versions import version_summary


@click.command("show")
@click.argument("version", metavar="VERSION_OR_SCENARIO")
@atlas_options
def show(version: str, data: tuple[Path, ...], as_json: bool) -> None:
    """Show who each unit is assigned to in VERSION_OR_SCENARIO (a version id, or "A+B":
    B applied over A), with status, confidence, quote and source."""
    atlas = load_atlas(data)
    with cli_errors({"version": "VERSION_OR_SCENARIO"}):
        layer = atlas.layer(version)
        parts = [atlas.version(part.strip()) for part in version.split("+")]
    if as_json:
        echo_json({"scenario": "+".join(part.id for part in parts),
                   "versions": [version_summary(part) for part in parts],
                   "units": records(layer)})  # fmt: skip
        return
    for part in parts:
        click.echo(f"{part.id} ({part.date.label}, {part.kind}): {part.title}")
        click.echo(f"  {part.author}" + (f" to {part.recipient}" if part.recipient else ""))
        click.echo(f"  source: {part.document.citation}")
    echo_table(layer, ["unit", "party", "status", "confidence", "version", "area_km2"])
    for row in layer.itertuples():
        if row.quote:
            click.echo(f"{row.unit}: \u201c{row.quote}\u201d")
