"""``territory export``: write a version or scenario layer as GeoJSON or GeoPackage."""

from __future__ import annotations

from pathlib import Path

import click

from territory.cli.options import PathArgument, cli_errors, data_option, echo, load_atlas
from territory.export import SUFFIXES, format_for, write_layer


@click.command("export")
@click.argument("scenario", metavar="VERSION_OR_SCENARIO")
@click.option(
    "--format", "fmt", type=click.Choice(sorted(SUFFIXES)), default=None,
    help="File format: RFC 7946 GeoJSON (.geojson, .json) or a GeoPackage layer (.gpkg) "
    "[default: from the --out suffix].",
)
@click.option(
    "--out",
    "out",
    required=True,
    type=PathArgument(dir_okay=False),
    help="File to write; its suffix must fit the format.",
)
@data_option
def export(scenario: str, fmt: str | None, out: Path, data: tuple[Path, ...]) -> None:
    """Write the layer of VERSION_OR_SCENARIO ("A+B": B applied over A) to --out.

    The file is written atomically: it appears complete or not at all.
    """
    fmt = format_for(out, fmt, where="--out", format_name="--format")  # before any work
    atlas = load_atlas(data)
    with cli_errors({"version": "VERSION_OR_SCENARIO"}):
        layer = atlas.layer(scenario)
    write_layer(layer, out, fmt, where="--out")
    echo(f"wrote {out} ({len(layer)} units, {fmt})")
