"""``territory export``: write a version or scenario layer as GeoJSON or GeoPackage."""

from __future__ import annotations

import json
import os
from pathlib import Path

import click
import geopandas as gpd
import shapely
from shapely.geometry import mapping

from territory._atomic import write_text_atomic
from territory.cli.options import cli_errors, data_option, load_atlas, plain

#: The file name suffixes of each format.
SUFFIXES = {"geojson": (".geojson", ".json"), "gpkg": (".gpkg",)}

#: GDAL writes this instead of the current time into GeoPackage metadata, so the same
#: layer always gives the same bytes.
_FIXED_GPKG_DATE = "2000-01-01T00:00:00.000Z"


@click.command("export")
@click.argument("version", metavar="VERSION_OR_SCENARIO")
@click.option(
    "--format", "fmt", type=click.Choice(sorted(SUFFIXES)), default=None,
    help="File format: RFC 7946 GeoJSON (.geojson, .json) or a GeoPackage layer (.gpkg) "
    "[default: from the --out suffix].",
)
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="File to write; its suffix must fit the format.",
)
@data_option
def export(version: str, fmt: str | None, out: Path, data: tuple[Path, ...]) -> None:
    """Write the layer of VERSION_OR_SCENARIO ("A+B": B applied over A) to --out.

    The file is written atomically: it appears complete or not at all.
    """
    fmt = _format(out, fmt)
    atlas = load_atlas(data)
    with cli_errors({"version": "VERSION_OR_SCENARIO"}):
        layer = atlas.layer(version)
    if not out.parent.is_dir():
        raise click.ClickException(
            f"--out: expected a file in an existing directory, got {str(out)!r}"
        )
    name = "+".join(part.strip() for part in version.split("+"))
    write_layer(layer, out, fmt, name)
    click.echo(f"wrote {out} ({len(layer)} units, {fmt})")


def _format(out: Path, fmt: str | None) -> str:
    """The format: ``fmt`` if given and ``out`` has one of its suffixes, else the suffix's."""
    suffix = out.suffix.lower()
    if fmt is None:
        fmt = next((name for name, suffixes in SUFFIXES.items() if suffix in suffixes), None)
        if fmt is None:
            known = ", ".join(suffix for suffixes in SUFFIXES.values() for suffix in suffixes)
            raise click.BadParameter(
                f"expected a file name ending in {known} (or give --format), got {str(out)!r}",
                param_hint="--out",
            )
    elif suffix not in SUFFIXES[fmt]:
        raise click.BadParameter(
            f"expected a file name ending in {' or '.join(SUFFIXES[fmt])} for --format {fmt}, "
            f"got {str(out)!r}",
            param_hint="--out",
        )
    return fmt


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
    """RFC 7946 GeoJSON: exterior rings counter-clockwise, holes clockwise (section 3.1.6)."""
    columns = [column for column in layer.columns if column != "geometry"]
    features = [
        {
            "type": "Feature",
            "properties": {column: plain(row[column]) for column in columns},
            "geometry": mapping(shapely.orient_polygons(row["geometry"], exterior_cw=False)),
        }
        for _, row in layer.iterrows()
    ]
    collection = {"type": "FeatureCollection", "name": name, "features": features}
    return json.dumps(collection, sort_keys=True, ensure_ascii=False) + "\n"
