"""The ``territory`` command line: one module per verb, each a thin call into the API."""

from __future__ import annotations

import signal
import threading
from types import FrameType
from typing import NoReturn

import click

from territory.cli.check import check
from territory.cli.diff import diff
from territory.cli.export import export
from territory.cli.geodata import geodata
from territory.cli.options import cli_errors
from territory.cli.render import render
from territory.cli.show import show
from territory.cli.timeline import timeline
from territory.cli.units import units
from territory.cli.versions import versions


class TerritoryGroup(click.Group):
    """The command group: a :class:`~territory.errors.TerritoryError` that a verb lets through
    ends the command with its one-line message and a non-zero exit, never a traceback; SIGTERM
    ends it as Ctrl-C does, through the clean-up of every output being written (exit 143)."""

    def invoke(self, ctx: click.Context) -> object:
        if threading.current_thread() is not threading.main_thread():  # signals go to the main one
            with cli_errors():
                return super().invoke(ctx)
        previous = signal.signal(signal.SIGTERM, _exit_on_sigterm)
        try:
            with cli_errors():
                return super().invoke(ctx)
        finally:
            signal.signal(signal.SIGTERM, previous)


def _exit_on_sigterm(signum: int, _frame: FrameType | None) -> NoReturn:
    raise SystemExit(128 + signum)


@click.group(cls=TerritoryGroup,
             context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="territory")
def main() -> None:
    """Versioned 1918-1924 territorial assignments: layers, diffs, corridor checks and maps.

    Data: the five districts of the 1920 proposals (Zangezur, Nakhchivan, Ordubad,
    Sharur-Daralagez, Karabakh) and their neighbours, with every assignment sourced.
    """


main.add_command(geodata)
main.add_command(check)
main.add_command(versions)
main.add_command(units)
main.add_command(show)
main.add_command(diff)
main.add_command(timeline)
main.add_command(export)
main.add_command(render)
