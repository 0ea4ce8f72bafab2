"""``territory check``: the corridor questions, between two parties or the built-in
questions of :mod:`territory.questions`, for one version or scenario or all of them."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from territory._terminal import terminal_safe_data
from territory.cli.options import atlas_options, cli_errors, echo_json, load_atlas
from territory.errors import NoTerritoryError
from territory.questions import QUESTIONS, answer_line, ask_every, sampled_line, scenarios_to_ask
from territory.uncertainty import MAX_SAMPLES

if TYPE_CHECKING:
    from rich.console import Console


def _units(values: tuple[str, ...]) -> list[str] | None:
    """``--within a --within b,c`` -> ``[a, b, c]``; None when not given."""
    units = [unit.strip() for value in values for unit in value.split(",") if unit.strip()]
    return units or None


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
    if "uncertainty" in data:
        _print_sampled(console, data["uncertainty"])
    for party, components in data["components"].items():
        if party in (a, b):
            parts = " | ".join(", ".join(component) for component in components)
            console.print(f"{party}: {len(components)} connected part{'s' * (len(components) != 1)}: {parts}")


def _print_sampled(console: Console, uncertainty: dict[str, Any]) -> None:
    console.print(f"over drawings of the lines (model {uncertainty['model']}, seed {uncertainty['seed']}): "
                  f"{sampled_line(uncertainty)}")
    for key, label in (("wedges", "minimum wedge"), ("openings", "minimum opening")):
        for found in uncertainty[key]:
            console.print(f"  {label} {' + '.join(found['units'])}: in {found['share']:.1%} of the drawings")


def _row(atlas: Any, scenario: str, between: tuple[str, str], within: list[str] | None,
         sampling: dict[str, Any]) -> dict[str, Any]:
    """One row of ``check --all --between``: the answer, or which party holds nothing."""
    try:
        return atlas.corridor(scenario, *between, within=within, **sampling).to_dict()
    except NoTerritoryError as error:
        return {"scenario": scenario, "a": between[0], "b": between[1], "connected": None,
                "holds_nothing": list(error.parties)}


def _print_all(console: Console, rows: list[dict[str, Any]], title: str) -> None:
    """One line per scenario (a table would cut the long scenario ids on a narrow terminal)."""
    console.print(title)
    for row in rows:
        console.print(f"  {row['scenario']}: {answer_line(row)}")


@click.command("check")
@click.argument("scenario", metavar="[VERSION_OR_SCENARIO]", required=False)
@click.option("--between", nargs=2, metavar="A B", help="The two parties, e.g. turkey azerbaijan_ssr.")
@click.option("--question", "questions", multiple=True, metavar="ID",
              help=f"A built-in question ({', '.join(QUESTIONS)}); repeat for several. "
                   "Without --between and --question: all of them.")
@click.option("--within", multiple=True, metavar="UNIT",
              help="A unit that may change hands in wedges and openings (repeat, or comma-separated).")
@click.option("--all", "every_version", is_flag=True, help="One row per version instead of one scenario.")
@click.option("--samples", type=click.IntRange(0, MAX_SAMPLES), default=0, show_default=True, metavar="N",
              help="Also answer over N drawings of the lines, each displaced within its units' uncertainty.")
@click.option("--seed", type=click.IntRange(0), default=0, show_default=True, metavar="S",
              help="Seed of the drawings (the same seed, the same answer).")
@click.option("--scheduler", default="auto", show_default=True, metavar="ADDRESS",
              help="Where the drawings are made: a dask scheduler address, 'local' (a dask LocalCluster), "
                   "'none' (this process), or 'auto' (a LocalCluster for large runs when dask is installed).")
@atlas_options
def check(
    scenario: str | None,
    between: tuple[str, str] | None,
    questions: tuple[str, ...],
    within: tuple[str, ...],
    every_version: bool,
    samples: int,
    seed: int,
    scheduler: str,
    data: tuple[Path, ...],
    as_json: bool,
) -> None:
    """Do parties A and B share a land border in VERSION_OR_SCENARIO, and what would cut or open it.

    VERSION_OR_SCENARIO is a version id or "A+B" (B applied over A). Prints the shared
    border, the smallest wedge (units whose hand-over to a third party ends every contact),
    or the shortest chain of units between them and the smallest openings. Without
    --between, asks the built-in questions (--question, or all four): Turkey / Azerbaijan,
    Armenia / Persia, Azerbaijan / Nakhchivan, Armenia / mountainous Karabakh. With --all,
    one row per version and per scenario of 1920 (the latest de facto layer of November
    1920 with each 1920 proposal applied over it).
    """
    if every_version == (scenario is not None):
        raise click.UsageError("give either VERSION_OR_SCENARIO or --all")
    if between is not None and questions:
        raise click.UsageError("give either --between or --question, not both")
    if between is None and within:
        raise click.UsageError("--within goes with --between (a built-in question has its own)")
    for question in questions:
        if question not in QUESTIONS:
            raise click.BadParameter(f"expected one of {', '.join(QUESTIONS)}, got {question!r}",
                                     param_hint="--question")
    asked: list[str | None] = [None] if between is not None else list(questions or QUESTIONS)
    units = _units(within)
    sampling = {"samples": samples, "seed": seed, "scheduler": scheduler}
    atlas = load_atlas(data)
    with cli_errors({"version": "VERSION_OR_SCENARIO", "unit": "--within", "party": "--between"}):
        if every_version:
            scenarios = scenarios_to_ask(list(atlas.versions))
            tables = [[_row(atlas, s, between, units, sampling) for s in scenarios] if q is None
                      else ask_every(atlas, q, scenarios, **sampling) for q in asked]
            result: Any = tables[0] if between is not None else [row for t in tables for row in t]
        elif between is not None:
            result = atlas.corridor(scenario, *between, within=units, **sampling).to_dict()
        else:
            result = [{"question": q, **atlas.ask(q, scenario, **sampling).to_dict()} for q in asked]
    if as_json:
        echo_json(result)
        return
    from rich.console import Console

    console = Console(highlight=False, markup=False, soft_wrap=True)  # ids are printed as they are
    if every_version:
        if not atlas.versions:
            raise click.ClickException("no versions loaded")
        for question, rows in zip(asked, tables):
            title = (f"{between[0]} and {between[1]}" if question is None
                     else f"{question}: {QUESTIONS[question].title}")
            _print_all(console, terminal_safe_data(rows), title)
    elif between is not None:
        _print_one(console, terminal_safe_data(result))  # ids of user files may hold anything
    else:
        for answer in terminal_safe_data(result):
            console.print(f"{answer['question']}: {QUESTIONS[answer['question']].title}")
            _print_one(console, answer)
