"""Options and helpers shared by the verbs: ``--data DIR`` (repeatable), ``--json``, errors, output."""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from territory.errors import TerritoryError, UnknownIdError

if TYPE_CHECKING:
    import pandas as pd

    from territory.atlas import Atlas

F = TypeVar("F", bound=Callable[..., Any])

data_option = click.option(
    "--data",
    "data",
    multiple=True,
    metavar="PATH",
    type=click.Path(path_type=Path),
    help="Your own version files or a directory of them (or a units file) to add; repeatable.",
)

json_option = click.option(
    "--json", "as_json", is_flag=True, help="Print JSON (for scripts) instead of text."
)


def atlas_options(command: F) -> F:
    """Both shared options, ``--data`` and ``--json``."""
    return data_option(json_option(command))


def unknown_id_message(error: UnknownIdError) -> str:
    """One line: the unknown id and its close matches."""
    hint = (
        f"; did you mean {', '.join(error.close_matches)}?"
        if error.close_matches
        else f"; see `territory {'versions' if error.kind == 'version' else 'timeline --help'}`"
    )
    return f"unknown {error.kind} {error.value!r}{hint}"


@contextmanager
def cli_errors() -> Iterator[None]:
    """Turn the library's errors into a one-line message and a non-zero exit."""
    try:
        yield
    except UnknownIdError as error:
        raise click.ClickException(unknown_id_message(error)) from error
    except TerritoryError as error:
        raise click.ClickException(str(error)) from error


def load_atlas(data: tuple[Path, ...]) -> Atlas:
    """The built-in atlas plus the ``--data`` paths."""
    import territory

    with cli_errors():
        return territory.load(list(data) or None)


def plain(value: Any) -> Any:
    """A JSON-ready value: NaN -> None, numpy scalars -> Python, floats rounded to 3 places."""
    if value is None:
        return None
    if hasattr(value, "item") and not isinstance(value, (list, tuple, dict, str)):
        value = value.item()
    if isinstance(value, float):
        return None if math.isnan(value) else round(value, 3)
    return value


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows of ``frame`` (without geometry) as JSON-ready dicts."""
    columns = [column for column in frame.columns if column != "geometry"]
    return [{column: plain(value) for column, value in zip(columns, row, strict=True)}
            for row in frame[columns].itertuples(index=False, name=None)]  # fmt: skip


def echo_json(payload: Any) -> None:
    """Print ``payload`` as deterministic JSON (sorted keys, UTF-8 kept)."""
    click.echo(json.dumps(payload, indent=2, sort_keys=True, ensure_ascii=False))


def echo_table(frame: pd.DataFrame, columns: list[str], title: str | None = None) -> None:
    """Print selected columns of ``frame`` as an aligned text table (missing values as ``-``)."""
    cells = [
        [_cell(value) for value in row] for row in frame[columns].itertuples(index=False, name=None)
    ]
    widths = [
        max([len(column)] + [len(row[index]) for row in cells])
        for index, column in enumerate(columns)
    ]
    if title:
        click.echo(title)
    for row in [columns, ["-" * width for width in widths], *cells]:
        click.echo(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        )


def _cell(value: Any) -> str:
    value = plain(value)
    if value is None or value == "":
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:,.0f}"
    return str(value)
