"""The geodata pipeline: pinned base layers + authored rings -> ``geodata/units.geojson``
(and ``places.geojson``, ``water.geojson``).

Run it with ``territory geodata build`` or ``python -m territory geodata build``. It reads
``geodata/sources/`` (see :mod:`territory.geodata.sources`), checks everything, and
only then writes ``units.geojson``, ``places.geojson`` and ``water.geojson`` (atomically). A failed
check stops the build with a :class:`~territory.errors.GeodataBuildError` and
writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from territory._atomic import output_folder, write_files_atomic
from territory.geodata.assemble import assemble_units
from territory.geodata.base import load_base_layers
from territory.geodata.checks import (
    check_assembly,
    check_control_points,
    check_ring_cuts,
    check_sources,
)
from territory.geodata.outputs import places_geojson, units_geojson, water_geojson
from territory.geodata.sources import load_sources
from territory.geodata.water import build_water

UNITS_FILE = "units.geojson"
PLACES_FILE = "places.geojson"
WATER_FILE = "water.geojson"


@dataclass(frozen=True)
class BuildResult:
    """What a build produced: the three GeoJSON texts and some numbers for the log."""

    units_geojson: str
    places_geojson: str
    unit_count: int
    face_count: int
    water_geojson: str
    water_count: int


def build_geodata(sources_dir: Path) -> BuildResult:
    """Build the units, places and water from ``sources_dir`` without writing anything."""
    sources = load_sources(Path(sources_dir))
    check_sources(sources)
    base = load_base_layers(sources)
    assembly = assemble_units(sources, base)
    check_control_points(sources, assembly.region)
    check_ring_cuts(sources, assembly)
    check_assembly(sources, assembly)
    water = build_water(sources)
    return BuildResult(
        units_geojson=units_geojson(sources, assembly),
        places_geojson=places_geojson(sources, assembly),
        unit_count=len(assembly.units),
        face_count=assembly.face_count,
        water_geojson=water_geojson(sources, water),
        water_count=len(water),
    )


def write_geodata(sources_dir: Path, out_dir: Path) -> BuildResult:
    """Build, then write ``units.geojson``, ``places.geojson`` and ``water.geojson`` into
    ``out_dir`` as one set (:func:`territory._atomic.write_files_atomic`): the three files
    come from the same build or are left as they were."""
    out = output_folder(out_dir, "geodata build --out")  # before the build's half minute
    result = build_geodata(sources_dir)
    write_files_atomic(out, {
        UNITS_FILE: result.units_geojson.encode("utf-8"),
        PLACES_FILE: result.places_geojson.encode("utf-8"),
        WATER_FILE: result.water_geojson.encode("utf-8"),
    }, "geodata build --out")
    return result
