"""``territory export``: write a version or scenario layer as GeoJSON or GeoPackage."""

from __future__ import annotations

import json
import os
from pathlib import Path

import click
import geopandas as gpd
from shapely.geometry import mapping

from territory._atomic import write_text_atomic
from territory.cli.options import cli_errors, data_option, load_atlas, plain

#: GDAL writes this instead of the current time into GeoPackage metadata, so the same
#: layer always gives the same bytes.
_FIXED_GPKG_DATE = "2000-01-01T00:00:00.000Z"


@click.command("export")
@click.argument("version", metavar="VERSION_OR_SCENARIO")
@click.option(
    "--format", "fmt", type=click.Choice(["geojson", "gpkg"]), default="geojson", show_default=True,
    help="File format: RFC 7946 GeoJSON or a GeoPackage layer.",
)
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="File to write.",
)
@data_option
def export(version: str, fmt: str, out: Path, data: tuple[Path, ...]) -> None:
    """Write the layer of VERSION_OR_SCENARIO ("A+B": B applied over A) to --out.

    The file is written atomically: it appears complete or not at all.
    """
    atlas = load_atlas(data)
    with cli_errors():
        layer = atlas.layer(version)
    if not out.parent.is_dir():
        raise click.ClickException(
            f"--out: expected a file in an existing directory, got {str(out)!r}"
        )
    name = "+".join(part.strip() for part in version.split("+"))
    write_layer(layer, out, fmt, name)
    click.echo(f"wrote {out} ({len(layer)} units, {fmt})")


def write_layer(layer: gpd.GeoDataFrame, out: Path, fmt: str, name: str) -> None:
    """Write ``layer`` to ``out`` atomically (through a temporary file in the same directory)."""
    if fmt == "geojson":
        write_text_atomic(out, _geojson(layer, name))
        return
    import pyogrio

    temporary = out.with_name(f".{out.stem}.{os.getpid()}.tmp{out.suffix or '.gpkg'}")
    pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": _FIXED_GPKG_DATE})
    try:
        layer.to_file(temporary, driver="GPKG", layer=name, engine="pyogrio")
        os.replace(temporary, out)
    finally:
        pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": None})
        temporary.unlink(missing_ok=True)


def _geojson(layer: gpd.GeoDataFrame, name: str) -> str:
    columns = [column for column in layer.columns if column != "geometry"]
    features = [
        {
            "type": "Feature",
            "properties": {column: plain(row[column]) for column in columns},
            "geometry": mapping(row["geometry"]),
        }
        for _, row in layer.iterrows()
    ]
    collection = {"type": "FeatureCollection", "name": name, "features": features}
    return json.dumps(collection, sort_keys=True, ensure_ascii=False) + "\n"
