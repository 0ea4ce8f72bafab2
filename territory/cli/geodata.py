"""``territory geodata build``: regenerate the committed geodata from its sources."""

from __future__ import annotations

from pathlib import Path

import click

from territory._paths import sources_dir
from territory.cli.options import PathArgument, echo


@click.group()
def geodata() -> None:
    """Build and inspect the committed geodata (units, places and water)."""


@geodata.command("build")
@click.option("--sources", "sources", type=PathArgument(file_okay=False), default=None,
              help="Directory of base.yaml, units.yaml, rings.yaml, places.yaml, water.yaml [default: geodata/sources].")
@click.option("--out", "out", type=PathArgument(file_okay=False), default=None,
              help="Where to write units.geojson, places.geojson and water.geojson [default: geodata/].")
def build_command(sources: Path | None, out: Path | None) -> None:
    """Rebuild units.geojson, places.geojson and water.geojson from the pinned base data and the authored rings.

    Needs the base datasets of geodata/sources/base.yaml installed (npm, in the checkout:
    @geo-maps/countries-coastline-1m, @geo-maps/countries-land-1m; Debian: qgis-common, gmt,
    gmt-gshhg-full). Nothing is written if any check fails.
    """
    from territory.geodata import write_geodata

    sources = sources or sources_dir()
    out = out or sources.parent
    result = write_geodata(sources, out)
    echo(f"wrote {out / 'units.geojson'} ({result.unit_count} units from {result.face_count} faces), "
               f"{out / 'places.geojson'} and {out / 'water.geojson'} ({result.water_count} lakes and rivers)")


geodata.add_command(build_command)
