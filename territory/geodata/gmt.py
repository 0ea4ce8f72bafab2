"""Read GSHHG lake shorelines and WDBII rivers through GMT's ``gmt coast -M`` text dump.

GMT keeps both datasets binned (``binned_GSHHS_f.nc``, ``binned_river_f.nc`` under
``/usr/share/gmt-gshhg``); ``gmt coast -M`` writes their lines inside a region as
multisegment text, one ``> ... Level N`` header per piece, each piece cut at the bin
edges. The call has fixed arguments and GMT defaults given on the command line, runs in
an empty temporary directory (so no ``gmt.conf`` or history file is read or written),
and its pieces are returned sorted, so the same files always give the same lines.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from territory.errors import GeodataBuildError

GMT_PACKAGES = "gmt gmt-gshhg-full"
"""The Debian packages that provide ``gmt`` and the full-resolution GSHHG files."""

FIXED_DEFAULTS = ("--FORMAT_FLOAT_OUT=%.10f", "--IO_SEGMENT_MARKER=>", "--GMT_HISTORY=false")
"""GMT settings given on the command line, so that no user setting changes the text."""


@dataclass(frozen=True)
class Piece:
    """One piece of line from ``gmt coast -M``: its GSHHG/WDBII level and lon/lat vertices."""

    level: int
    coordinates: np.ndarray


def _region(bounds: tuple[float, float, float, float]) -> str:
    west, south, east, north = bounds
    return f"-R{west!r}/{east!r}/{south!r}/{north!r}"


def _parse(text: str) -> list[Piece]:
    pieces: list[Piece] = []
    level, rows = 0, []
    for line in text.splitlines():
        if line.startswith(">"):
            if len(rows) > 1:
                pieces.append(Piece(level, np.array(rows, dtype=float)))
            level, rows = int(line.rsplit(maxsplit=1)[-1]), []
        elif line.strip():
            lon, lat = line.split()[:2]
            rows.append((float(lon), float(lat)))
    if len(rows) > 1:
        pieces.append(Piece(level, np.array(rows, dtype=float)))
    return sorted(pieces, key=lambda piece: (piece.level, piece.coordinates.tobytes()))


def coast_pieces(
    data_file: Path, selection: tuple[str, ...], bounds: tuple[float, float, float, float], where: Path, item: str
) -> list[Piece]:
    """The pieces ``gmt coast -Df -M <selection>`` writes inside ``bounds``, read from the
    directory of ``data_file`` (``--DIR_GSHHG``).

    Raises
    ------
    GeodataBuildError
        ``gmt`` is not installed, or it fails (``where`` and ``item`` name the base dataset).
    """
    gmt = shutil.which("gmt")
    if gmt is None:
        raise GeodataBuildError(where, item, f"the gmt program (Debian: apt-get install {GMT_PACKAGES})", "no gmt on PATH")
    command = [gmt, "coast", _region(bounds), "-Df", "-M", *selection, f"--DIR_GSHHG={data_file.parent}", *FIXED_DEFAULTS]
    with tempfile.TemporaryDirectory(prefix="territory-gmt-") as workdir:
        result = subprocess.run(command, cwd=workdir, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise GeodataBuildError(where, item, f"gmt coast to read {data_file}", result.stderr.strip() or result.returncode)
    return _parse(result.stdout)
