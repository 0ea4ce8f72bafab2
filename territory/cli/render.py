"""``territory render``: write the maps (HTML gallery, or PNG/SVG for print) into a directory."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from territory.cli.options import (
    PathArgument,
    atlas_options,
    cli_errors,
    echo,
    echo_json,
    load_atlas,
)

if TYPE_CHECKING:
    from territory.maps.plan import MapSpec


@click.command()
@atlas_options
@click.option("--out", "out", type=PathArgument(file_okay=False), default=Path("maps"),
              show_default=True, help="Directory to write the maps into.")
@click.option("--only", "only", multiple=True, metavar="ID",
              help="Render only this map (e.g. version-1920-06-20-chicherin, timeline); repeatable.")
@click.option("--self-contained/--cdn", "self_contained", default=True, show_default=True,
              help="Inline Leaflet (no network request), or link them from a CDN.")
@click.option("--tiles", is_flag=True, help="Add an online tile layer (the maps then load tiles).")
@click.option("--format", "fmt", type=click.Choice(["html", "png", "svg"]), default="html",
              show_default=True, help="HTML maps and gallery, or static images for print.")
@click.option("--list", "list_only", is_flag=True,
              help="List the map ids (with kind, title and caption) and exit.")
@click.option("--no-progress", "no_progress", is_flag=True, help="Do not show the progress bar.")
def render(data: tuple[Path, ...], as_json: bool, out: Path, only: tuple[str, ...],
           self_contained: bool, tiles: bool, fmt: str, list_only: bool, no_progress: bool) -> None:
    """Write one map per version, the June/November comparisons, the timeline and the corridor view.

    HTML maps are self-contained by default: one file each, no network request, usable
    from file:// and inside an <iframe>; index.html lists them with a snippet to embed each.
    """
    from territory.maps.plan import plan_maps
    from territory.maps.render import render_all

    atlas = load_atlas(data)
    with cli_errors({"render --only": "--only"}):
        if list_only:
            _echo_plan(plan_maps(atlas), as_json)
            return
        written = render_all(atlas, out, only=list(only) or None, self_contained=self_contained,
                             tiles=tiles, fmt=fmt, progress=not (no_progress or as_json))
    if as_json:
        echo_json({"out": str(out), "files": [str(path) for path in written]})
    else:
        echo(f"wrote {len(written)} files into {out}")


def _echo_plan(specs: list[MapSpec], as_json: bool) -> None:
    if as_json:
        echo_json([{"id": s.id, "kind": s.kind, "title": s.title, "caption": s.caption}
                   for s in specs])
        return
    for spec in specs:
        echo(f"{spec.id}\t{spec.kind}\t{spec.title}\t{spec.caption}")
