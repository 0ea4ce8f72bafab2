"""The three products of the build, as GeoJSON text."""

from __future__ import annotations

import geopandas as gpd
from shapely.geometry import Point

from territory.export import feature_collection
from territory.geodata.assemble import Assembly
from territory.geodata.sources import BuildSources

ATTRIBUTION = (
    "Units: territory geodata build, ODbL 1.0. Contains information from OpenStreetMap "
    "(\u00a9 OpenStreetMap contributors, ODbL 1.0, via geo-maps countries-coastline-1m 0.6.0) "
    "for the international borders, Natural Earth (public domain) admin-1 v4.1.0 for the internal "
    "lines, and the authored rings of geodata/sources/rings.yaml; see each feature's sources."
)


WATER_ATTRIBUTION = (
    "Water: territory geodata build. Lakes and rivers from GSHHG 2.3.7 and its WDBII rivers "
    "(\u00a9 P. Wessel and W. H. F. Smith, The GMT Team, LGPL-3+), Lake Arpi from OpenStreetMap "
    "(\u00a9 OpenStreetMap contributors, ODbL 1.0, via geo-maps countries-land-1m 0.6.0), and the "
    "documented points of geodata/sources/water.yaml; see each feature's source and licence."
)


def water_geojson(sources: BuildSources, water: gpd.GeoDataFrame) -> str:
    """One feature per lake and river, sorted by id, with its names, base dataset and licence."""
    features_by_id = {feature.id: feature for feature in (*sources.water.lakes, *sources.water.rivers)}
    features = []
    for row in water.itertuples():
        feature = features_by_id[row.id]
        dataset = getattr(sources.base, feature.base, None)
        properties = {
            "id": row.id,
            "kind": row.kind,
            "name": feature.names.en,
            "names": feature.names.model_dump(),
            "names_note": feature.names_note,
            "aliases": feature.aliases,
            "base": feature.base,
            "source": dataset.dataset if dataset else "straight lines through the documented points of water.yaml",
            "licence": dataset.licence if dataset else "CC0 1.0",
            "method": row.method,
            "sources": feature.sources,
        }
        features.append((properties, row.geometry))
    return feature_collection(features, name="territory-water", attribution=WATER_ATTRIBUTION)


def units_geojson(sources: BuildSources, assembly: Assembly) -> str:
    """One feature per finest unit, sorted by id; the parents as a foreign member."""
    geometries = dict(zip(assembly.units["id"], assembly.units.geometry, strict=True))
    countries = dict(zip(assembly.units["id"], assembly.units["countries"], strict=True))
    children: dict[str, list[str]] = {}
    for unit in sources.units.units:
        if unit.parent:
            children.setdefault(unit.parent, []).append(unit.id)
    features = [
        (
            {
                "id": unit.id,
                "name": unit.name,
                "names": unit.names.model_dump(),
                "names_note": unit.names_note,
                "aliases": unit.aliases,
                "parent": unit.parent,
                "seat": unit.seat,
                "kind": unit.kind,
                "uncertainty_km": unit.uncertainty_km,
                "countries": countries[unit.id],
                "admin1": unit.admin1,
                "rings": sorted(ring.id for ring in sources.rings.rings if ring.unit == unit.id),
                "sources": unit.sources,
            },
            geometries[unit.id],
        )
        for unit in sorted(sources.units.units, key=lambda unit: unit.id)
    ]
    parents = [
        {
            "id": parent.id,
            "name": parent.name,
            "names": parent.names.model_dump(),
            "names_note": parent.names_note,
            "aliases": parent.aliases,
            "seat": parent.seat,
            "kind": parent.kind,
            "sources": parent.sources,
            "children": sorted(children[parent.id]),
        }
        for parent in sorted(sources.units.parents, key=lambda parent: parent.id)
    ]
    return feature_collection(features, name="territory-units", attribution=ATTRIBUTION, parents=parents)


def places_geojson(sources: BuildSources, assembly: Assembly) -> str:
    """One point per place, sorted by id, with the finest unit it falls in (null outside)."""
    units = list(zip(assembly.units["id"], assembly.units.geometry, strict=True))
    features = []
    for place in sorted(sources.places.places, key=lambda place: place.id):
        point = Point(place.lon, place.lat)
        unit = next((unit_id for unit_id, geometry in units if geometry.contains(point)), None)
        properties = {
            "id": place.id,
            "name": place.name,
            "names": place.names.model_dump(),
            "names_note": place.names_note,
            "aliases": place.aliases,
            "kind": place.kind,
            "unit": unit,
            "coordinates": place.coordinates,
            "seed": place.seed,
            "note": place.note,
        }
        features.append((properties, point))
    return feature_collection(features, name="territory-places")
