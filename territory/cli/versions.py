"""``territory versions``: the versions the atlas knows, in date order."""

from __future__ import annotations

from pathlib import Path

import click

from territory.cli.options import atlas_options, echo, echo_json, load_atlas


@click.command("versions")
@atlas_options
def versions(data: tuple[Path, ...], as_json: bool) -> None:
    """List the versions (proposals, directives, declarations, de facto states) by date.

    Under each: whose document it is and where the atlas read it (``issued_by``,
    ``reported_in``).
    """
    atlas = load_atlas(data)
    if as_json:
        echo_json([version.summary() for version in atlas.versions])
        return
    for version in atlas.versions:
        echo(f"{version.id:<32} {version.date.label:<21} {version.kind:<11} {version.title}")
        if version.provenance:
            echo(f"    {version.provenance}")
