"""The committed geodata checked against published facts.

Sources of the facts (cited per row below):

* ESBE: Brockhaus and Efron Encyclopedic Dictionary, uezd articles (areas after
  Strelbitsky, in square versts; 1 sq verst = 1.13806 km2), as quoted in the
  Wikipedia articles "Zangezur uezd", "Nakhichevan uezd", "Sharur-Daralayaz uezd",
  "Surmalu uezd" and "Kars Oblast" (French and German editions).
* KK1917: Kavkazskii kalendar na 1917 god (1916 data), the km2 areas of the current
  English Wikipedia uezd infoboxes.
* Modern areas: Wikipedia, "Nagorno-Karabakh Autonomous Oblast" (4,388 km2),
  "Syunik Province" (4,506 km2), "Vayots Dzor Province" (2,308 km2), "Lachin
  District" (1,835 km2), "Qubadli District" (800 km2), "Zangilan District" (730 km2);
  Nakhchivan AR 5,502.75 km2 and its borders (Armenia 246 km, Iran 204 km, Turkey
  11-15 km) from the Azerbaijani embassy booklet "Nakhchivan Autonomous Republic".

The tolerances are wide where the 1:10,000,000 Natural Earth base is known to be
coarse (its Nakhchivan exclave is 4,783 km2 against the official 5,502.75 km2, and
its Araxes has fewer meanders than the real river); each is stated with its reason.
"""

from __future__ import annotations

import itertools
import json

import geopandas as gpd
import pytest
import shapely
from shapely.geometry import Point

from territory._paths import data_dir
from territory.crs import CONFORMAL, EQUAL_AREA

SQ_VERST_KM2 = 1.13806
FOCUS = ["zangezur_west", "zangezur_east", "nakhchivan", "ordubad", "sharur", "daralagez", "karabakh"]
BRIEF_IDS = ["zangezur", "nakhchivan", "ordubad", "sharur_daralagez", "karabakh", "surmali", "kars",
             "erivan", "azerbaijan", "georgia", "persia", "anatolia"]


@pytest.fixture(scope="module")
def collection() -> dict:
    return json.loads((data_dir() / "units.geojson").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def units() -> gpd.GeoDataFrame:
    return gpd.read_file(data_dir() / "units.geojson").set_index("id")


@pytest.fixture(scope="module")
def places() -> gpd.GeoDataFrame:
    return gpd.read_file(data_dir() / "places.geojson").set_index("id")


def _group(units: gpd.GeoDataFrame, members: list[str]) -> shapely.Geometry:
    return shapely.union_all(units.geometry.loc[members].to_numpy())


def _area_km2(units: gpd.GeoDataFrame, members: list[str]) -> float:
    return gpd.GeoSeries([_group(units, members)], crs=units.crs).to_crs(EQUAL_AREA).area.iloc[0] / 1e6


def _border_km(units: gpd.GeoDataFrame, left: list[str], right: list[str]) -> float:
    projected = units.to_crs(CONFORMAL)
    one = shapely.union_all(projected.geometry.loc[left].to_numpy())
    two = shapely.union_all(projected.geometry.loc[right].to_numpy())
    return one.boundary.intersection(two.boundary).length / 1000


# --- schema ---------------------------------------------------------------------------------


def test_file_is_rfc7946_and_small(collection: dict) -> None:
    assert collection["type"] == "FeatureCollection"
    assert "crs" not in collection  # RFC 7946: WGS 84 lon/lat only
    assert (data_dir() / "units.geojson").stat().st_size < 2 * 1024 * 1024


def test_every_brief_id_is_a_unit_or_a_parent(collection: dict) -> None:
    ids = {feature["properties"]["id"] for feature in collection["features"]}
    parents = {parent["id"]: parent for parent in collection["parents"]}
    for brief_id in BRIEF_IDS:
        assert brief_id in ids or brief_id in parents, brief_id
    assert parents["sharur_daralagez"]["children"] == ["daralagez", "sharur"]
    assert parents["zangezur"]["children"] == ["zangezur_east", "zangezur_west"]


def test_properties_carry_provenance(collection: dict) -> None:
    for feature in collection["features"]:
        properties = feature["properties"]
        assert set(properties) >= {"id", "name", "aliases", "parent", "seat", "sources", "uncertainty_km"}
        assert properties["sources"] and all(isinstance(source, str) and source for source in properties["sources"])
        assert properties["uncertainty_km"] > 0
        assert properties["aliases"], properties["id"]


# --- topology -------------------------------------------------------------------------------


def test_geometries_valid(units: gpd.GeoDataFrame) -> None:
    assert units.is_valid.all()
    assert set(units.geom_type) <= {"Polygon", "MultiPolygon"}


def test_units_tile_without_overlap_or_gap(units: gpd.GeoDataFrame) -> None:
    projected = units.to_crs(EQUAL_AREA)
    for (left, a), (right, b) in itertools.combinations(projected.geometry.items(), 2):
        assert a.intersection(b).area < 1.0, (left, right)  # < 1 m2: numerical noise only
    union = shapely.union_all(projected.geometry.to_numpy())
    assert projected.area.sum() == pytest.approx(union.area, rel=1e-4)
    # No gap inside the region: the union has no holes other than the lakes of the base data.
    holes = [ring for polygon in getattr(union, "geoms", [union]) for ring in polygon.interiors]
    assert holes == []


def test_point_touches_are_not_borders(units: gpd.GeoDataFrame) -> None:
    point_touches, borders = [], []
    for (left, a), (right, b) in itertools.combinations(units.geometry.items(), 2):
        if not a.touches(b):
            continue
        shared = a.boundary.intersection(b.boundary)
        (borders if shared.length > 0 else point_touches).append((left, right))
    assert not set(point_touches) & set(borders)
    assert ("nakhchivan", "sharur") in borders


# --- areas ----------------------------------------------------------------------------------

AREAS = [
    # members, published km2, source, tolerance, reason for the tolerance
    (["zangezur_west", "zangezur_east"], 7673.86, "KK1917, Zangezur uezd", 0.05, "uezd = Syunik + Lachin/Qubadli/Zangilan"),
    (["zangezur_west", "zangezur_east"], 6829.7 * SQ_VERST_KM2, "ESBE, Zangezur uezd (6,829.7 sq versts)", 0.05, ""),
    (["zangezur_west"], 4506.0, "Wikipedia, Syunik Province", 0.05, ""),
    (["zangezur_east"], 1835.0 + 800.0 + 730.0, "Wikipedia, Lachin + Qubadli + Zangilan districts", 0.08, ""),
    (["daralagez"], 2308.0, "Wikipedia, Vayots Dzor Province", 0.06, ""),
    (["karabakh"], 4388.0, "Wikipedia, Nagorno-Karabakh Autonomous Oblast", 0.08, "northern edge authored (ring mardakert)"),
    (["kars"], 16384.8 * SQ_VERST_KM2, "ESBE, Kars oblast (16,384.8 sq versts)", 0.05, "Olty okrug authored (ring olty)"),
    (["sharur", "daralagez"], 3001.64, "KK1917, Sharur-Daralagez uezd", 0.10, "uezd line in Nakhchivan drawn on modern districts"),
    (["sharur", "daralagez"], 2611.8 * SQ_VERST_KM2, "ESBE, Sharur-Daralagez uezd (2,611.8 sq versts)", 0.10, ""),
    (["nakhchivan", "ordubad"], 3858.8 * SQ_VERST_KM2, "ESBE, Nakhichevan uezd (3,858.8 sq versts)", 0.15, "Natural Earth's exclave is 13 % small"),
    (["nakhchivan", "ordubad"], 4482.87, "KK1917, Nakhichevan uezd", 0.15, "Natural Earth's exclave is 13 % small"),
    (["nakhchivan", "ordubad", "sharur"], 5502.75, "Nakhchivan AR, official", 0.15, "Natural Earth's exclave is 13 % small"),
    (["surmali"], 3241.0 * SQ_VERST_KM2, "ESBE, Surmali uezd (3,241.0 sq versts)", 0.10, "Natural Earth's Igdir is 11 % larger than official"),
    (["surmali"], 3581.58, "KK1917, Surmali uezd", 0.15, "Natural Earth's Igdir is 11 % larger than official"),
]


@pytest.mark.parametrize(("members", "published", "source", "tolerance", "reason"), AREAS,
                         ids=[f"{'+'.join(row[0])}:{row[2]}" for row in AREAS])
def test_area_matches_published(units, members, published, source, tolerance, reason) -> None:
    assert _area_km2(units, members) == pytest.approx(published, rel=tolerance), source


# --- towns inside units ---------------------------------------------------------------------

TOWNS = {
    # unit: places that the sources put in it (seats and towns of the uezd articles; modern districts)
    "zangezur_west": ["goris", "sisian", "kapan", "meghri"],
    "zangezur_east": ["lachin", "qubadli", "zangilan"],
    "nakhchivan": ["nakhchivan_city", "dzhulfa", "shahbuz", "babek"],
    "ordubad": ["ordubad", "vanand", "agri_ordubad", "nurgut"],
    "sharur": ["bash_norashen", "heydarabad", "demirchi", "tazakend_sharur"],
    "daralagez": ["keshishkend", "vayk", "jermuk"],
    "karabakh": ["shusha", "stepanakert", "mardakert", "hadrut"],
    "surmali": ["igdir", "tuzluca"],
    "kars": ["kars", "ardahan", "sarikamish", "kagizman", "olty"],
    "batum": ["batumi", "artvin"],
    "erivan": ["erivan", "echmiadzin", "gumri", "karakilse", "dilizhan", "novobayazet", "alagez", "araz_station"],
    "azerbaijan": ["baku", "ganja", "kazakh", "aghdam", "jebrail"],
    "georgia": ["tiflis"],
    "persia": ["tabriz", "maku", "resht", "enzeli"],
    "anatolia": ["erzurum", "bayazit"],
}


@pytest.mark.parametrize("unit", sorted(TOWNS))
def test_towns_fall_inside_their_unit(units, places, unit) -> None:
    for place in TOWNS[unit]:
        assert units.geometry[unit].contains(places.geometry[place]), f"{place} not in {unit}"
        assert places.loc[place, "unit"] == unit


# --- adjacencies ----------------------------------------------------------------------------

ADJACENT = [
    # Wikipedia "Zangezur uezd": Jevanshir (N), Jebrail and Shusha (E), Persia (S), Erivan governorate (W)
    (["zangezur_west", "zangezur_east"], ["azerbaijan"]),
    (["zangezur_west", "zangezur_east"], ["karabakh"]),
    (["zangezur_west", "zangezur_east"], ["persia"]),
    (["zangezur_west", "zangezur_east"], ["nakhchivan"]),
    (["zangezur_west", "zangezur_east"], ["daralagez"]),
    # Wikipedia "Sharur-Daralayaz uezd": Erivan and Nor Bayazet (N), Nakhichevan (S), Zangezur and Jevanshir (E), Persia (SW)
    (["sharur", "daralagez"], ["erivan"]),
    (["sharur", "daralagez"], ["nakhchivan"]),
    (["sharur", "daralagez"], ["zangezur_west"]),
    (["sharur", "daralagez"], ["azerbaijan"]),
    (["sharur", "daralagez"], ["persia"]),
    # Wikipedia "Nakhichevan uezd": Sharur-Daralagez (N), Zangezur (E), Persia (S); Ordubad on the Araxes
    (["nakhchivan", "ordubad"], ["persia"]),
    (["ordubad"], ["zangezur_west"]),
    (["ordubad"], ["persia"]),
    # Wikipedia "Surmalu uezd": Etchmiadzin and Erivan (N), Kars oblast (W), Persia (E), Ottoman Empire (S)
    (["surmali"], ["erivan"]),
    (["surmali"], ["kars"]),
    (["surmali"], ["persia"]),
    (["surmali"], ["anatolia"]),
]


@pytest.mark.parametrize(("left", "right"), ADJACENT, ids=[f"{'+'.join(a)}|{'+'.join(b)}" for a, b in ADJACENT])
def test_published_adjacency_is_a_shared_border(units, left, right) -> None:
    assert _border_km(units, left, right) > 1.0


def test_turkey_nakhchivan_border_is_short(units) -> None:
    # Official: 11-15 km of border between the Nakhchivan AR and Turkey; Natural Earth's generalized
    # Araxes shortens it. It must exist and stay short.
    assert 3.0 < _border_km(units, ["nakhchivan", "ordubad", "sharur"], ["surmali", "anatolia"]) < 20.0


@pytest.mark.parametrize(("other", "published"), [(["persia"], 204.0), (["erivan", "daralagez", "zangezur_west"], 246.0)])
def test_nakhchivan_border_lengths(units, other, published) -> None:
    # Natural Earth 1:10m smooths the Araxes and the ridge lines: borders are 15-20 % short.
    assert _border_km(units, ["nakhchivan", "ordubad", "sharur"], other) == pytest.approx(published, rel=0.25)


def test_karabakh_does_not_reach_persia_or_armenia(units) -> None:
    # The oblast of 1923 was an enclave: it bordered no foreign state and no Armenian unit.
    for other in ("persia", "erivan", "zangezur_west", "daralagez"):
        assert _border_km(units, ["karabakh"], [other]) == 0.0, other


def test_seats_of_focus_units_inside(units, collection) -> None:
    places = gpd.read_file(data_dir() / "places.geojson").set_index("id")
    for feature in collection["features"]:
        properties = feature["properties"]
        assert units.geometry[properties["id"]].contains(places.geometry[properties["seat"]]), properties["id"]


def test_places_have_provenance(places) -> None:
    assert {"gumri", "erivan", "karakilse", "kars", "batumi", "tiflis", "baku", "kazakh", "dilizhan",
            "nakhchivan_city", "ordubad", "dzhulfa", "shusha", "goris", "bash_norashen", "araz_station",
            "alagez", "enzeli", "resht"} <= set(places.index)
    assert places["coordinates"].str.len().min() > 0
    assert isinstance(places.geometry["gumri"], Point)
