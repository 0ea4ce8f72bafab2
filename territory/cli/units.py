"""``territory units``: the units the atlas knows, parents first, each with its parts."""

from __future__ import annotations

from pathlib import Path

import click
import pandas as pd

from territory.cli.options import atlas_options, echo_json, echo_table, load_atlas


@click.command("units")
@atlas_options
def units(data: tuple[Path, ...], as_json: bool) -> None:
    """List the units (ids, names, parents, areas in km2) that versions and questions may name."""
    hierarchy = load_atlas(data).hierarchy
    rows = [
        {
            "id": unit,
            "name": hierarchy.name(unit),
            "parent": hierarchy.parent_of(unit),
            "parts": ", ".join(hierarchy.finest(unit)) if unit in hierarchy.parents else None,
            "area_km2": round(hierarchy.area_km2(unit), 1),
        }
        for unit in hierarchy.ids
    ]
    if as_json:
        echo_json(rows)
        return
    echo_table(pd.DataFrame(rows), ["id", "name", "parent", "area_km2", "parts"])
