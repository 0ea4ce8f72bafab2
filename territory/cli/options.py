"""Options and helpers shared by the verbs: ``--data DIR`` (repeatable), ``--lenient``,
``--json``, errors, output."""

from __future__ import annotations

import json
import warnings
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from territory._terminal import terminal_safe
from territory.errors import TerritoryError, UnknownIdError
from territory.export import plain

if TYPE_CHECKING:
    import pandas as pd

    from territory.atlas import Atlas

F = TypeVar("F", bound=Callable[..., Any])

_LENIENT = "territory.lenient"


def _remember_lenient(context: click.Context, _: click.Parameter, value: bool) -> bool:
    context.meta[_LENIENT] = value
    return value


def data_option(command: F) -> F:
    """``--data PATH`` (repeatable) and ``--lenient``, the options of every verb that loads.

    ``--lenient`` is not passed to the command: :func:`load_atlas` reads it.
    """
    command = click.option(
        "--lenient",
        is_flag=True,
        expose_value=False,
        callback=_remember_lenient,
        help="Skip --data version files that have problems (listed on stderr) instead of stopping.",
    )(command)
    return click.option(
        "--data",
        "data",
        multiple=True,
        metavar="PATH",
        type=PathArgument(),
        help="Your own version files or a directory of them (or a units file) to add; repeatable.",
    )(command)


json_option = click.option(
    "--json", "as_json", is_flag=True, help="Print JSON (for scripts) instead of text."
)


def atlas_options(command: F) -> F:
    """The shared options: ``--data``, ``--lenient`` and ``--json``."""
    return data_option(json_option(command))


class PathArgument(click.Path):
    """``click.Path`` (values as :class:`pathlib.Path`) that refuses an empty name, which
    ``Path`` would silently read as the current folder."""

    def __init__(self, **kwargs: Any) -> None:
        # readable=False: the loader and the writers check, and say why, in one line
        super().__init__(path_type=Path, readable=False, **kwargs)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, str) and not value.strip():
            self.fail("expected a file or folder name, got an empty one (it would mean the "
                      "current folder; write . for that)", param, ctx)
        return super().convert(value, param, ctx)


#: Where the known ids of a kind are listed, for kinds with a command that lists them.
LISTED_BY = {
    "version": "see `territory versions`",
    "unit": "see `territory units`",
    "map": "see `territory render --list`",
}

#: Kinds with at most this many known ids name them all in the hint.
_MAX_NAMED = 20


def unknown_id_message(
    error: UnknownIdError, argument: str | None = None, hint: str | None = None
) -> str:
    """One line: the argument, the unknown id, its close matches and where the known ids are.

    Parameters
    ----------
    error
        The library's error.
    argument
        The CLI argument or option that carried the id (``VERSION_OR_SCENARIO``,
        ``--between``); default: ``error.where`` when it names one, else nothing.
    hint
        Where the user finds the known ids; default: :data:`LISTED_BY` for the kind,
        else the known ids themselves when there are few.
    """
    if argument is None and (error.where.startswith("-") or error.where.isupper()):
        argument = error.where
    if hint is None:
        hint = LISTED_BY.get(error.kind)
    if hint is None and error.known and len(error.known) <= _MAX_NAMED:
        hint = f"known {error.kind} ids: {', '.join(error.known)}"
    message = f"{argument}: " if argument else ""
    message += f"unknown {error.kind} {error.value!r}"
    if error.close_matches:
        message += f"; did you mean {', '.join(error.close_matches)}?"
        return message + (f" ({hint})" if hint else "")
    return message + (f"; {hint}" if hint else "")


def fail_unknown(
    error: UnknownIdError, argument: str | None = None, hint: str | None = None
) -> NoReturn:
    """Exit the command with :func:`unknown_id_message` (see there for the parameters)."""
    raise click.ClickException(terminal_safe(unknown_id_message(error, argument, hint))) from error


@contextmanager
def cli_errors(arguments: Mapping[str, str] | None = None) -> Iterator[None]:
    """Turn the library's errors into a one-line message and a non-zero exit.

    Parameters
    ----------
    arguments
        The CLI argument that carries the ids of an unknown-id error, looked up by the
        error's ``where`` (``"atlas.diff(a)": "A"``), then by its kind
        (``"version": "VERSION_OR_SCENARIO"``).
    """
    try:
        yield
    except UnknownIdError as error:
        arguments = arguments or {}
        fail_unknown(error, arguments.get(error.where, arguments.get(error.kind)))
    except TerritoryError as error:
        raise click.ClickException(terminal_safe(str(error))) from error


def load_atlas(data: tuple[Path, ...], lenient: bool | None = None) -> Atlas:
    """The built-in atlas plus the ``--data`` paths.

    Parameters
    ----------
    data
        The ``--data`` paths.
    lenient
        Skip version files with problems; default: the ``--lenient`` flag of the
        command. The problems are printed on stderr, one line each.
    """
    import territory

    if lenient is None:
        context = click.get_current_context(silent=True)
        lenient = bool(context and context.meta.get(_LENIENT))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # the problems are printed below
        atlas = territory.load(list(data) or None, lenient=lenient)
    for problem in atlas.problems:
        echo(f"skipped: {problem}", err=True)
    return atlas


def echo(text: str, err: bool = False) -> None:
    """Print a line that may hold text from data files, its control characters escaped
    (:func:`territory._terminal.terminal_safe`): the one way the verbs print."""
    click.echo(terminal_safe(text), err=err)


def echo_json(payload: Any) -> None:
    """Print ``payload`` as deterministic JSON (sorted keys, UTF-8 kept, control characters
    as JSON escapes)."""
    echo(json.dumps(payload, indent=2, sort_keys=True, ensure_ascii=False))


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
        echo(title)
    for row in [columns, ["-" * width for width in widths], *cells]:
        echo("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())


def _cell(value: Any) -> str:
    value = plain(value)
    if value is None or value == "":
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:,.0f}"
    return str(value)
