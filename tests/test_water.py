"""Tests of the water layer (territory.geodata.water): the committed geodata/water.geojson against
published facts, and the build's refusals of a bad water.yaml.

Published figures (each read for this file; cited per row below):

* Wikipedia (en), 'Lake Sevan': 1,242 km2 today; 1,416 km2 before the lowering that began in the
  1930s, the lake of 1920.
* Wikipedia (en), 'Lake Urmia': about 5,200 km2 at its greatest extent; Encyclopaedia Britannica
  (via encyclopedia.com, 'Urmia, Lake'): roughly 5,000 km2 in the mid-20th century.
* Wikipedia (en), 'Lake Van': 3,755 km2. Wikipedia (en), 'Lake Çıldır': 123 km2.
* Wikipedia (en), 'Lake Arpi': 22 km2 (the reservoir of the 1950s; 4.5 km2 before).
* Lengths: Wikipedia (en), 'Hrazdan (river)' 141 km; 'Arpa (river)' 128 km; Wikipedia (ru),
  'Воротан (река)' 178 km; Wikipedia (de), 'Achurjan' 186 km; Wikipedia (en), 'Aras (river)'
  1,072 km.

WDBII is a generalised line (about 1:250,000 to 1:1,000,000): its rivers come out 15-20 % short of
the published lengths, which follow every meander. The rivers WDBII lacks (Arpa, Hrazdan, Vorotan)
are straight lines through a few documented points, shorter still; their tests say so.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import shapely
import yaml
from shapely.geometry import Point, box

from territory._paths import data_dir, sources_dir
from territory.crs import CONFORMAL, EQUAL_AREA
from territory.errors import GeodataBuildError
from territory.geodata.sources import load_sources
from territory.geodata.water import build_water

LAKES = ["arpi", "cildir", "sevan", "urmia", "van"]
RIVERS = ["akhurian", "araxes", "arpa", "hrazdan", "kura", "vorotan"]


@pytest.fixture(scope="module")
def collection() -> dict:
    return json.loads((data_dir() / "water.geojson").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def water() -> gpd.GeoDataFrame:
    return gpd.read_file(data_dir() / "water.geojson").set_index("id")


def _area_km2(water: gpd.GeoDataFrame, lake: str) -> float:
    return water.to_crs(EQUAL_AREA).geometry[lake].area / 1e6


def _length_km(water: gpd.GeoDataFrame, river: str) -> float:
    return water.to_crs(CONFORMAL).geometry[river].length / 1000


# --- contents -------------------------------------------------------------------------------


def test_every_required_feature_with_five_names(collection: dict) -> None:
    features = {feature["properties"]["id"]: feature for feature in collection["features"]}
    assert set(LAKES + RIVERS) <= set(features)
    for feature_id in LAKES + RIVERS:
        properties = features[feature_id]["properties"]
        assert set(properties["names"]) == {"en", "ru", "hy", "az", "tr"}, feature_id
        assert all(properties["names"].values()), feature_id
        assert properties["names_note"] and properties["aliases"] and properties["sources"], feature_id
        assert properties["source"] and properties["licence"], feature_id


def test_kinds_and_geometry_types(water: gpd.GeoDataFrame) -> None:
    assert set(water.geom_type[LAKES]) <= {"Polygon", "MultiPolygon"}
    assert set(water.geom_type[RIVERS]) <= {"LineString", "MultiLineString"}
    assert (water.loc[LAKES, "kind"] == "lake").all() and (water.loc[RIVERS, "kind"] == "river").all()
    assert water.loc[LAKES].is_valid.all()
    assert list(water.index) == sorted(water.index)


def test_inside_the_frame_and_attributed(collection: dict, water: gpd.GeoDataFrame) -> None:
    frame = yaml.safe_load((sources_dir() / "units.yaml").read_text(encoding="utf-8"))["frame"]["bounds"]
    assert box(*frame).buffer(1e-9).contains(shapely.union_all(water.geometry.to_numpy()))
    assert "LGPL-3+" in collection["attribution"] and "OpenStreetMap" in collection["attribution"]
    licences = {row["properties"]["id"]: row["properties"]["licence"] for row in collection["features"]}
    assert licences["arpi"].startswith("ODbL") and licences["sevan"].startswith("LGPL-3+")
    assert (data_dir() / "water.geojson").stat().st_size < 1024 * 1024


# --- lakes against published areas ----------------------------------------------------------

LAKE_AREAS = [
    # lake, published km2, source, tolerance, reason
    ("sevan", 1416.0, "Wikipedia, 'Lake Sevan': 1,416 km2 before the 1930s lowering", 0.05,
     "GSHHG's shore is the higher lake's (1,387 km2); today's lake is 1,242 km2"),
    ("urmia", 5200.0, "Wikipedia, 'Lake Urmia': about 5,200 km2 at its greatest extent", 0.20,
     "the lake's area has always varied with its level; GSHHG's shore gives 4,327 km2"),
    ("van", 3755.0, "Wikipedia, 'Lake Van': 3,755 km2", 0.08, "GSHHG full resolution: 3,514 km2"),
    ("cildir", 123.0, "Wikipedia, 'Lake Çıldır': 123 km2", 0.05, ""),
    ("arpi", 22.0, "Wikipedia, 'Lake Arpi': 22 km2 (the reservoir)", 0.10, "an 8-vertex OSM outline"),
]


@pytest.mark.parametrize(("lake", "published", "source", "tolerance", "reason"), LAKE_AREAS,
                         ids=[row[0] for row in LAKE_AREAS])
def test_lake_area_matches_published(water, lake, published, source, tolerance, reason) -> None:
    assert _area_km2(water, lake) == pytest.approx(published, rel=tolerance), source


def test_sevan_is_larger_than_the_modern_lake(water) -> None:
    # Wikipedia, 'Lake Sevan': 1,242 km2 today, after the level fell about 20 m from the 1930s.
    assert _area_km2(water, "sevan") > 1242.0 * 1.05


# --- rivers ---------------------------------------------------------------------------------


def test_araxes_follows_the_iran_frontier(water) -> None:
    # The frontier with Iran from the Nakhchivan tripoint to Bahramtepe (47.8 E, where the
    # frontier leaves the river), as units.geojson draws it: the OpenStreetMap country polygons
    # of base.yaml's countries. Sampled every kilometre, its mean distance to WDBII's Araxes.
    units = gpd.read_file(data_dir() / "units.geojson").set_index("id").to_crs(CONFORMAL)
    north = shapely.union_all(units.geometry.drop(["persia", "anatolia"]).to_numpy())
    frontier = units.geometry["persia"].boundary.intersection(north.boundary)
    west = gpd.GeoSeries([box(40.0, 37.0, 47.8, 42.5)], crs="EPSG:4326").to_crs(CONFORMAL).iloc[0]
    frontier = frontier.intersection(west)
    assert frontier.length > 400_000
    araxes = water.to_crs(CONFORMAL).geometry["araxes"]
    distances = np.array([araxes.distance(frontier.interpolate(step)) for step in np.arange(0, frontier.length, 1000)])
    assert distances.mean() < 2000.0  # measured: 1.71 km
    assert np.median(distances) < 1000.0  # measured: 0.94 km


@pytest.mark.parametrize("tributary", ["arpa", "hrazdan", "akhurian"])
def test_tributary_mouth_on_the_araxes(water, tributary) -> None:
    projected = water.to_crs(CONFORMAL).geometry
    mouth = Point(projected[tributary].coords[-1])
    assert projected["araxes"].distance(mouth) < 1500.0, tributary


def test_vorotan_ends_at_its_published_mouth(water) -> None:
    # Wikipedia (en), 'Vorotan (river)': mouth in the Hakari at 39°12′13″N 46°43′01″E.
    assert water.geometry["vorotan"].coords[-1] == pytest.approx((46.717, 39.2037))


RIVER_LENGTHS = [
    # river, published km, source, lower and upper bound of the ratio here / published, reason
    ("akhurian", 186.0, "Wikipedia (de), 'Achurjan'", 0.75, 1.0, "WDBII generalised"),
    ("araxes", 1072.0, "Wikipedia (en), 'Aras (river)'", 0.75, 1.0, "WDBII generalised"),
    ("hrazdan", 141.0, "Wikipedia (en), 'Hrazdan (river)'", 0.5, 1.0, "authored: 3 points"),
    ("arpa", 128.0, "Wikipedia (en), 'Arpa (river)'", 0.5, 1.0, "authored: 3 points"),
    ("vorotan", 178.0, "Wikipedia (ru), 'Воротан (река)'", 0.5, 1.0, "authored: source and mouth"),
]


@pytest.mark.parametrize(("river", "published", "source", "low", "high", "reason"), RIVER_LENGTHS,
                         ids=[row[0] for row in RIVER_LENGTHS])
def test_river_length_against_published(water, river, published, source, low, high, reason) -> None:
    assert low * published < _length_km(water, river) < high * published, source


# --- the build: bad water.yaml --------------------------------------------------------------


@pytest.fixture
def sources(tmp_path: Path) -> Path:
    """A copy of the sources without Lake Arpi, so that the build reads only GSHHG (fast)."""
    copy = tmp_path / "sources"
    shutil.copytree(sources_dir(), copy)
    _edit(copy / "water.yaml", lambda data: data.update(lakes=[lake for lake in data["lakes"] if lake["id"] != "arpi"]))
    return copy


def _edit(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _refused(sources: Path, *fragments: str) -> None:
    with pytest.raises(GeodataBuildError) as caught:
        build_water(load_sources(sources))
    for fragment in ("water.yaml", *fragments):
        assert fragment in str(caught.value)


def test_unknown_base_dataset(sources: Path) -> None:
    _edit(sources / "water.yaml", lambda data: data["lakes"][0].update(base="natural_earth"))
    _refused(sources, "lakes[0].base", "natural_earth")


def test_duplicate_id(sources: Path) -> None:
    _edit(sources / "water.yaml", lambda data: data["rivers"][1].update(id="kura"))
    _refused(sources, "unique ids", "kura")


def test_lake_point_on_no_lake(sources: Path) -> None:
    _edit(sources / "water.yaml", lambda data: data["lakes"][1]["point"].update(lon=44.5, lat=40.2))  # Erivan
    _refused(sources, "lakes[1].point", "inside a lake of gshhg_shorelines", "sevan_article")


def test_river_point_far_from_any_segment(sources: Path) -> None:
    _edit(sources / "water.yaml", lambda data: data["rivers"][1]["points"][2].update(lon=44.9, lat=40.3))
    _refused(sources, "rivers[1].points[2]", "within 3 km of a wdbii_rivers segment", "hrazdan_mouth")


def test_river_points_that_do_not_connect(sources: Path) -> None:
    def to_the_kura(data) -> None:  # the Araxes's last routed point moved onto the Kura at Mingachevir
        data["rivers"][1]["points"][4].update(lon=47.05, lat=40.77, snap_km=None)

    _edit(sources / "water.yaml", to_the_kura)
    _refused(sources, "rivers[1].points[4]", "connected to arpa_mouth", "bahramtepe")


def test_missing_gmt_names_the_debian_packages(monkeypatch, tmp_path: Path) -> None:
    from territory.geodata import gmt

    monkeypatch.setattr(gmt.shutil, "which", lambda name: None)
    with pytest.raises(GeodataBuildError) as caught:
        gmt.coast_pieces(tmp_path / "binned_river_f.nc", ("-Ir",), (40.0, 37.0, 50.5, 42.5), tmp_path / "base.yaml", "wdbii_rivers")
    assert "wdbii_rivers" in str(caught.value) and "apt-get install gmt gmt-gshhg-full" in str(caught.value)
