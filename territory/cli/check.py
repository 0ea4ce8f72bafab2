"""``territory check``: the corridor questions between two parties, for one version or all."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from territory._terminal import terminal_safe_data
from territory.cli.options import atlas_options, cli_errors, echo_json, load_atlas
from territory.errors import NoTerritoryError

if TYPE_CHECKING:
    from rich.console import Console


def _units(values: tuple[str, ...]) -> list[str] | None:
    """``--within a --within b,c`` -> ``[a, b, c]``; None when not given."""
    units = [unit.strip() for value in values for unit in value.split(",") if unit.strip()]
    return units or None


def _chain_text(chain: list[dict[str, Any]]) -> str:
    return " - ".join(f"{link['unit']} ({link['holder'] or 'no holder'})" for link in chain)


def _sets_text(sets: list[list[str]], complete: bool) -> str:
    text = "; ".join(" + ".join(units) for units in sets) or "none"
    return text if complete else f"{text}; ... (more not listed)"


def _print_one(console: Console, data: dict[str, Any]) -> None:
    from rich.table import Table

    a, b = data["a"], data["b"]
    console.print(f"{a} and {b} in {data['scenario']}")
    if data["within"] is not None:
        console.print(f"negotiable units: {', '.join(data['within'])}")
    if data["connected"]:
        console.print(f"connected: yes, shared border {data['shared_border_km']:.1f} km")
        table = Table(f"unit of {a}", f"unit of {b}", "km")
        for stretch in data["shared_borders"]:
            table.add_row(stretch["unit_a"], stretch["unit_b"], f"{stretch['km']:.1f}")
        console.print(table)
        size = len(data["wedge"])
        console.print(f"smallest wedge ({size} unit{'s' * (size != 1)}): "
                      f"{_sets_text(data['wedges'], data['wedges_complete'])}")
    else:
        console.print("connected: no")
        if data["chain"]:
            between = len(data["chain"]) - 2
            table = Table("unit", "holder", title=f"shortest chain ({between} intermediate unit{'s' * (between != 1)}, "
                                                  f"{data['chain_km']:.1f} km of borders crossed)")
            for link in data["chain"]:
                table.add_row(link["unit"], link["holder"] or "no holder")
            console.print(table)
        console.print(f"openings (smallest sets to hand to {a} or {b}): "
                      f"{_sets_text(data['openings'], data['openings_complete'])}")
    for party, components in data["components"].items():
        if party in (a, b):
            parts = " | ".join(", ".join(component) for component in components)
            console.print(f"{party}: {len(components)} connected part{'s' * (len(components) != 1)}: {parts}")


def _row(atlas: Any, version: str, a: str, b: str, within: list[str] | None) -> dict[str, Any]:
    """One row of ``check --all``: the answer, or which party holds nothing in ``version``."""
    try:
        return atlas.corridor(version, a, b, within=within).to_dict()
    except NoTerritoryError as error:
        return {"scenario": version, "a": a, "b": b, "connected": None,
                "holds_nothing": list(error.parties)}


def _print_all(console: Console, rows: list[dict[str, Any]]) -> None:
    from rich.table import Table

    a, b = rows[0]["a"], rows[0]["b"]
    table = Table(title=f"{a} and {b}")
    table.add_column("version", no_wrap=True)
    table.add_column("connected")
    table.add_column("border km", justify="right")
    table.add_column("wedge or chain")
    for row in rows:
        if row["connected"] is None:
            table.add_row(row["scenario"], "-", "-", f"holds no unit: {', '.join(row['holds_nothing'])}")
        elif row["connected"]:
            table.add_row(row["scenario"], "yes", f"{row['shared_border_km']:.1f}", "wedge: " + " + ".join(row["wedge"]))
        else:
            table.add_row(row["scenario"], "no", "0.0", "chain: " + _chain_text(row["chain"]))
    console.print(table)


@click.command("check")
@click.argument("scenario", metavar="[VERSION_OR_SCENARIO]", required=False)
@click.option("--between", nargs=2, required=True, metavar="A B", help="The two parties, e.g. turkey azerbaijan_ssr.")
@click.option("--within", multiple=True, metavar="UNIT",
              help="A unit that may change hands in wedges and openings (repeat, or comma-separated).")
@click.option("--all", "every_version", is_flag=True, help="One row per version instead of one scenario.")
@atlas_options
def check(
    scenario: str | None,
    between: tuple[str, str],
    within: tuple[str, ...],
    every_version: bool,
    data: tuple[Path, ...],
    as_json: bool,
) -> None:
    """Do parties A and B share a land border in VERSION_OR_SCENARIO, and what would cut or open it.

    VERSION_OR_SCENARIO is a version id or "A+B" (B applied over A). Prints the shared
    border, the smallest wedge (units whose hand-over to a third party ends every contact),
    or the shortest chain of units between them and the smallest openings.
    """
    if every_version == (scenario is not None):
        raise click.UsageError("give either VERSION_OR_SCENARIO or --all")
    a, b = between
    units = _units(within)
    atlas = load_atlas(data)
    with cli_errors({"version": "VERSION_OR_SCENARIO", "unit": "--within", "party": "--between"}):
        if every_version:
            result: Any = [_row(atlas, version.id, a, b, units) for version in atlas.versions]
        else:
            result = atlas.corridor(scenario, a, b, within=units).to_dict()
    if as_json:
        echo_json(result)
        return
    from rich.console import Console

    console = Console(highlight=False, markup=False, soft_wrap=True)  # ids are printed as they are
    result = terminal_safe_data(result)  # unit and party ids of user files may hold anything
    if every_version:
        if not result:
            raise click.ClickException("no versions loaded")
        _print_all(console, result)
    else:
        _print_one(console, result)
