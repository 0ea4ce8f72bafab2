"""Consistency checks of the geodata sources and of the assembled units.

Each check raises :class:`~territory.errors.GeodataBuildError` naming the source
file, the item and the problem; the build writes nothing when one fails.
"""

from __future__ import annotations

from collections import Counter

import shapely
from shapely.geometry import Point

from territory.errors import GeodataBuildError
from territory.geodata.assemble import Assembly, ring_polygon
from territory.geodata.sources import BuildSources


def check_sources(sources: BuildSources) -> None:
    """Ids unique, references resolvable, rings closed and simple."""
    units_file = sources.directory / "units.yaml"
    rings_file = sources.directory / "rings.yaml"
    places_file = sources.directory / "places.yaml"

    unit_ids = [unit.id for unit in sources.units.units]
    parent_ids = [parent.id for parent in sources.units.parents]
    for name, ids, file in (
        ("units", unit_ids + parent_ids, units_file),
        ("places", [place.id for place in sources.places.places], places_file),
        ("rings", [ring.id for ring in sources.rings.rings], rings_file),
    ):
        duplicates = sorted(item for item, count in Counter(ids).items() if count > 1)
        if duplicates:
            raise GeodataBuildError(file, f"{name}[].id", "unique ids", duplicates)

    place_ids = {place.id for place in sources.places.places}
    for index, unit in enumerate(sources.units.units):
        if unit.parent is not None and unit.parent not in parent_ids:
            raise GeodataBuildError(units_file, f"units[{index}].parent", f"one of the parents {parent_ids}", unit.parent)
        if unit.seat not in place_ids:
            raise GeodataBuildError(units_file, f"units[{index}].seat", "a place id of places.yaml", unit.seat)
    for index, parent in enumerate(sources.units.parents):
        if parent.seat not in place_ids:
            raise GeodataBuildError(units_file, f"parents[{index}].seat", "a place id of places.yaml", parent.seat)
        if parent.id not in {unit.parent for unit in sources.units.units}:
            raise GeodataBuildError(units_file, f"parents[{index}]", "a parent with at least one child unit", parent.id)
    for iso, unit in sources.units.countries.items():
        if unit not in unit_ids:
            raise GeodataBuildError(units_file, f"countries.{iso}", "a unit id of units", unit)

    for index, ring in enumerate(sources.rings.rings):
        where = f"rings[{index}]"
        if ring.unit not in unit_ids:
            raise GeodataBuildError(rings_file, f"{where}.unit", "a unit id of units.yaml", ring.unit)
        points = ring.points
        if len(points) < 4:
            raise GeodataBuildError(rings_file, f"{where}.points", "at least three points and the closing one", len(points))
        if points[-1].id != points[0].id:
            raise GeodataBuildError(
                rings_file, f"{where}.points", f"the last point to repeat the first ({points[0].id}) so the ring closes", points[-1].id
            )
        seen: set[str] = set()
        for number, point in enumerate(points[:-1]):
            if point.lon is None or point.lat is None or not point.reason:
                raise GeodataBuildError(rings_file, f"{where}.points[{number}]", "lon, lat and reason", point.id)
            if point.id in seen:
                raise GeodataBuildError(rings_file, f"{where}.points[{number}].id", "ids unique within the ring", point.id)
            seen.add(point.id)
        if points[-1].lon is not None:
            raise GeodataBuildError(rings_file, f"{where}.points[{len(points) - 1}]", "only the id of the first point", points[-1].id)
        polygon = ring_polygon(ring)
        if not polygon.is_valid:
            raise GeodataBuildError(rings_file, f"{where}.points", "a ring that does not cross itself", shapely.is_valid_reason(polygon))


def check_control_points(sources: BuildSources, region: shapely.Geometry) -> None:
    """Every control point of every ring lies inside the region."""
    rings_file = sources.directory / "rings.yaml"
    for index, ring in enumerate(sources.rings.rings):
        for number, point in enumerate(ring.points[:-1]):
            if not region.contains(Point(point.lon, point.lat)):
                raise GeodataBuildError(
                    rings_file,
                    f"rings[{index}].points[{number}]",
                    "a control point inside the region (the countries within the frame)",
                    f"{point.id} at lon {point.lon}, lat {point.lat}",
                )


def check_ring_cuts(sources: BuildSources, assembly: Assembly) -> None:
    """Each ring gives its unit some area: a ring that misses its divisions is a mistake."""
    rings_file = sources.directory / "rings.yaml"
    units = dict(zip(assembly.units["id"], assembly.units.geometry, strict=True))
    for index, ring in enumerate(sources.rings.rings):
        inside = ring_polygon(ring).intersection(units.get(ring.unit, shapely.Polygon()))
        if inside.area == 0:
            raise GeodataBuildError(
                rings_file, f"rings[{index}]", f"a ring that encloses part of {ring.within} for {ring.unit}", ring.id
            )


def check_assembly(sources: BuildSources, assembly: Assembly) -> None:
    """Every unit built, valid, and holding its seat."""
    units_file = sources.directory / "units.yaml"
    built = dict(zip(assembly.units["id"], assembly.units.geometry, strict=True))
    places = {place.id: Point(place.lon, place.lat) for place in sources.places.places}
    for index, unit in enumerate(sources.units.units):
        geometry = built.get(unit.id)
        if geometry is None or geometry.is_empty:
            raise GeodataBuildError(units_file, f"units[{index}]", "a unit with area (check its admin1 list and rings)", unit.id)
        if not geometry.is_valid:
            raise GeodataBuildError(units_file, f"units[{index}]", "a valid geometry", shapely.is_valid_reason(geometry))
        if not geometry.contains(places[unit.seat]):
            raise GeodataBuildError(
                units_file, f"units[{index}].seat", f"a seat inside the unit {unit.id}", unit.seat
            )
    for index, parent in enumerate(sources.units.parents):
        children = [built[unit.id] for unit in sources.units.units if unit.parent == parent.id]
        if not shapely.union_all(children).contains(places[parent.seat]):
            raise GeodataBuildError(units_file, f"parents[{index}].seat", f"a seat inside the unit {parent.id}", parent.seat)
    extra = sorted(set(built) - {unit.id for unit in sources.units.units})
    if extra:
        raise GeodataBuildError(units_file, "units", "every labelled face to belong to a listed unit", extra)
