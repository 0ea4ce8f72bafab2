"""``territory versions``: the versions the atlas knows, in date order."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from territory.cli.options import atlas_options, echo_json, load_atlas
from territory.versions import Version


def version_summary(version: Version) -> dict[str, Any]:
    """The metadata of a version as JSON-ready values."""
    return {
        "id": version.id,
        "date": version.date.label,
        "not_before": version.date.not_before.isoformat(),
        "not_after": version.date.not_after.isoformat(),
        "kind": version.kind,
        "title": version.title,
        "author": version.author,
        "recipient": version.recipient,
        "source": version.document.citation,
        "also_cited": [document.citation for document in version.also_cited],
        "extends": version.extends,
        "follows": version.follows,
        "units": list(version.units),
        "file": str(version.path) if version.path else None,
    }


@click.command("versions")
@atlas_options
def versions(data: tuple[Path, ...], as_json: bool) -> None:
    """List the versions (proposals, directives, declarations, de facto states) by date."""
    atlas = load_atlas(data)
    if as_json:
        echo_json([version_summary(version) for version in atlas.versions])
        return
    for version in atlas.versions:
        click.echo(f"{version.id:<32} {version.date.label:<21} {version.kind:<11} {version.title}")
