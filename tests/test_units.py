"""Tests of territory.units (the unit hierarchy) and territory.names (name matching)."""

from __future__ import annotations

import json
from pathlib import Path

import pyproj
import pytest
import shapely
from shapely.geometry import box

import territory
from territory._paths import data_dir
from territory.errors import DataFileError, UnknownIdError
from territory.names import LANGUAGES, normalize
from territory.units import UnitHierarchy, read_places, read_units

UNITS_FILE = data_dir() / "units.geojson"
GEOD = pyproj.Geod(ellps="WGS84")


@pytest.fixture(scope="module")
def real_units() -> UnitHierarchy:
    """The built-in units file, read once."""
    return read_units(UNITS_FILE)


@pytest.fixture
def small_units(units_file) -> Path:
    """Three boxes in a row; the two western ones are children of ``west``."""
    return units_file(
        [
            {"id": "a1", "parent": "west", "geometry": box(44.0, 39.0, 44.5, 39.5)},
            {"id": "a2", "parent": "west", "geometry": box(44.5, 39.0, 45.0, 39.5)},
            {"id": "b", "geometry": box(45.0, 39.0, 45.5, 39.5), "aliases": ["Bee", "Bə"]},
        ],
        [
            {
                "id": "west",
                "name": "West",
                "aliases": ["Occident"],
                "seat": None,
                "kind": "focus",
                "sources": ["test"],
                "children": ["a1", "a2"],
            }
        ],
    )


def test_real_units_follow_the_contract(real_units: UnitHierarchy) -> None:
    units = real_units
    assert isinstance(units, UnitHierarchy)
    expected = {"zangezur_west", "zangezur_east", "nakhchivan", "ordubad", "sharur", "daralagez", "karabakh",
                "surmali", "batum", "georgia", "persia", "anatolia",
                "alexandropol", "erivan_uezd", "echmiadzin", "novobayazet", "lori", "kazakh_west",
                "kars_okrug", "ardahan", "kagyzman", "olty",
                "kazakh", "jevanshir", "shusha_lowland", "jebrail", "azerbaijan_other"}  # fmt: skip
    assert set(units.frame.index) == expected
    assert units.frame.crs.to_epsg() == 4326
    assert set(units.parents) == {"zangezur", "sharur_daralagez", "erivan", "kars", "azerbaijan"}
    assert set(units.finest("zangezur")) == {"zangezur_west", "zangezur_east"}
    assert set(units.finest("sharur_daralagez")) == {"sharur", "daralagez"}
    assert units.parent_of("sharur") == "sharur_daralagez" and units.parent_of("karabakh") is None
    # every id once, each parent right before its children
    ids = list(units.ids)
    assert len(ids) == len(set(ids)) == len(expected) + len(units.parents)
    for parent in units.parents.values():
        position = ids.index(parent.id)
        assert set(ids[position + 1 : position + 1 + len(parent.children)]) == set(parent.children)


def test_parent_geometry_and_area_are_those_of_its_children(real_units: UnitHierarchy) -> None:
    units = real_units
    children = units.frame.loc[list(units.finest("zangezur"))]
    union = shapely.union_all(children.geometry.values)
    assert units.geometry("zangezur").symmetric_difference(union).area < 1e-9
    # the 1917 statistics give 7,673.86 km2 for Zangezur uezd; the drawn unit is within 5 %
    assert units.area_km2("zangezur") == pytest.approx(7673.86, rel=0.05)


@pytest.mark.parametrize("unit", ["zangezur", "sharur_daralagez", "nakhchivan", "karabakh"])
def test_equal_area_measure_agrees_with_the_ellipsoid(real_units: UnitHierarchy, unit: str) -> None:
    geodesic_km2 = abs(GEOD.geometry_area_perimeter(real_units.geometry(unit))[0]) / 1e6
    assert real_units.area_km2(unit) == pytest.approx(geodesic_km2, rel=0.005), unit


@pytest.mark.parametrize("unit", ["zangezur", "sharur_daralagez", "nakhchivan"])
def test_parent_geometry_follows_rfc_7946_ring_orientation(real_units: UnitHierarchy, unit: str) -> None:
    for polygon in shapely.get_parts(real_units.geometry(unit)):
        assert polygon.exterior.is_ccw, unit
        assert not any(ring.is_ccw for ring in polygon.interiors), unit


def test_overlap_across_levels(real_units: UnitHierarchy) -> None:
    units = real_units
    assert units.overlap("zangezur", "zangezur_west")
    assert units.overlap("zangezur_east", "zangezur")
    assert not units.overlap("zangezur_west", "zangezur_east")
    assert not units.overlap("sharur_daralagez", "nakhchivan")


def test_unknown_unit_suggests_close_ids(real_units: UnitHierarchy) -> None:
    units = real_units
    with pytest.raises(UnknownIdError, match="did you mean zangezur"):
        units.finest("zangezurr")


def test_synthetic_units_file(small_units: Path) -> None:
    units = read_units(small_units)
    assert list(units.ids) == ["b", "west", "a1", "a2"]  # by top-level id, parent before children
    assert units.area_km2("west") == pytest.approx(units.area_km2("a1") + units.area_km2("a2"))
    assert units.aliases("b") == ("Bee", "Bə")


def test_real_units_are_named_in_the_five_languages(real_units: UnitHierarchy) -> None:
    for unit_id in real_units.ids:
        names = [real_units.local_name(unit_id, language) for language in LANGUAGES]
        assert all(names), unit_id
    assert real_units.local_name("nakhchivan", "ru").startswith("Нахичеван")
    assert real_units.local_name("zangezur", "hy").startswith("Զանգեզուր")
    assert real_units.local_name("zangezur", "az").startswith("Zəngəzur")


def test_local_name_falls_back_to_the_name_and_refuses_an_unknown_language(small_units: Path) -> None:
    units = read_units(small_units)
    assert units.local_name("b", "hy") == units.name("b")
    assert units.local_name("west", "tr") == "West"
    with pytest.raises(UnknownIdError, match="language: expected one of the known language ids"):
        units.local_name("b", "fr")


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (
            lambda raw: raw["features"][0]["properties"].pop("aliases"),
            "features[0].properties.aliases",
        ),
        (lambda raw: raw["parents"][0]["children"].append("zzz"), "parents[0].children"),
        (lambda raw: raw["parents"][0].pop("seat"), "parents[0].seat"),
        (lambda raw: raw["features"][2]["properties"].update(id="a1"), "features[].properties.id"),
        # the aliases must be a list of names, not one name split into letters
        (
            lambda raw: raw["features"][2]["properties"].update(aliases="Bee"),
            "features[2].properties.aliases (unit b): expected a list of strings",
        ),
        (
            lambda raw: raw["features"][2]["properties"].update(aliases=["Bee", 3]),
            "features[2].properties.aliases (unit b): expected a list of strings",
        ),
        (
            lambda raw: raw["features"][1]["properties"].update(kind="core"),
            "features[1].properties.kind (unit a2): expected focus or context, got 'core'",
        ),
        (
            lambda raw: raw["features"][2].update(geometry={"type": "Point", "coordinates": [45, 39]}),
            "features[2].geometry.type (unit b): expected Polygon or MultiPolygon, got 'Point'",
        ),
        (
            lambda raw: raw["features"].__setitem__(1, [44.5, 39.0]),
            "features[1]: expected a GeoJSON Feature object, got 'list'",
        ),
        (
            lambda raw: raw["parents"][0].update(kind=None),
            "parents[0].kind (unit west): expected focus or context",
        ),
        (
            lambda raw: raw["parents"][0].update(aliases="Occident"),
            "parents[0].aliases (unit west): expected a list of strings",
        ),
        (
            lambda raw: raw["features"][2]["properties"].update(names={"en": "Bee", "ru": "Би"}),
            "features[2].properties.names (unit b): expected a non-empty name for each of en, ru, hy, az, tr",
        ),
        (
            lambda raw: raw["parents"][0].update(names={"en": "", "ru": "З", "hy": "Ա", "az": "Q", "tr": "B"}),
            "parents[0].names (unit west): expected a non-empty name for each of en, ru, hy, az, tr",
        ),
        (
            lambda raw: raw["features"][0].pop("geometry"),
            "features[0].geometry.type (unit a1): expected Polygon or MultiPolygon, got 'null'",
        ),
        (
            lambda raw: raw["features"][0]["geometry"]["coordinates"][0][1].__setitem__(0, "44.5"),
            "features[0].geometry.coordinates[0][1] (unit a1): expected a position [longitude, latitude] of numbers",
        ),
        (
            lambda raw: raw["features"][0]["geometry"].update(coordinates=[[[44, 39], [44, 39]]]),
            "features[0].geometry.coordinates[0] (unit a1): expected a ring of at least 4 positions, got '2 positions'",
        ),
        (
            lambda raw: raw["features"][0]["geometry"]["coordinates"][0].pop(),
            "features[0].geometry.coordinates[0] (unit a1): expected a closed ring",
        ),
        (
            lambda raw: raw["features"][0]["geometry"]["coordinates"][0][1].__setitem__(1, 391.0),
            "features[0].geometry.coordinates[0][1] (unit a1): expected longitude in [-180, 180] and latitude in [-90, 90]",
        ),
        (
            lambda raw: raw["features"][0]["geometry"].update(coordinates="44 39"),
            "features[0].geometry.coordinates (unit a1): expected a polygon (a list of rings), not empty, got '44 39'",
        ),
        (
            lambda raw: raw["features"][0]["properties"].update(uncertainty_km="2 km"),
            "features[0].properties.uncertainty_km (unit a1): expected a distance in km, 0 or more, or null",
        ),
        (
            lambda raw: raw["features"][0]["properties"].update(seat=["x"]),
            "features[0].properties.seat (unit a1): expected a place id or null",
        ),
        (
            lambda raw: raw["parents"][0].update(children=[["a1"], "a2"]),
            "parents[0].children (unit west): expected finest units whose parent is west, got ['a1']",
        ),
        # a2 names west as its parent, but west's children leave it out
        (
            lambda raw: raw["parents"][0].update(children=["a1"]),
            "features[1].properties.parent (unit a2): expected a parent whose 'children' list a2",
        ),
    ],
)
def test_broken_units_file_is_refused_with_the_field(small_units: Path, change, field: str) -> None:
    path = small_units
    raw = json.loads(path.read_text())
    change(raw)
    path.write_text(json.dumps(raw))
    with pytest.raises(DataFileError) as caught:
        read_units(path)
    assert (
        str(path) in str(caught.value)
        and field in str(caught.value)
        and "expected" in str(caught.value)
    )


@pytest.mark.parametrize("document", [[1, 2], "units", 3])
def test_units_file_that_is_not_an_object_is_refused(tmp_path: Path, document) -> None:
    path = tmp_path / "units.geojson"
    path.write_text(json.dumps(document))
    with pytest.raises(DataFileError, match=r"type: expected a GeoJSON FeatureCollection"):
        read_units(path)


def test_units_file_that_is_not_utf8_names_the_encoding(small_units: Path) -> None:
    path = small_units
    path.write_bytes(path.read_bytes().replace(b'"Bee"', b'"B\xe9e"'))  # Latin-1, not UTF-8
    with pytest.raises(DataFileError) as caught:
        read_units(path)
    assert str(caught.value).startswith(
        f"{path}: encoding: expected UTF-8 text, got 'invalid byte at offset"
    )


def test_units_file_json_error_names_line(tmp_path: Path) -> None:
    path = tmp_path / "units.geojson"
    path.write_text('{"type": "FeatureCollection",\n "features": [,]}')
    with pytest.raises(DataFileError, match=rf"{path}:2: JSON syntax: expected valid JSON"):
        read_units(path)


def test_missing_places_file_gives_empty_frame(tmp_path: Path) -> None:
    assert read_places(tmp_path / "nope.geojson").empty


def _place(place_id: str = "p1", **properties: object) -> dict:
    return {"type": "Feature", "properties": {"id": place_id, "name": place_id.title(), **properties},
            "geometry": {"type": "Point", "coordinates": [44.5, 39.5]}}


def test_places_file_after_the_contract_is_read(tmp_path: Path) -> None:
    path = tmp_path / "places.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection",
                                "features": [_place("p1", aliases=["P"]), _place("p2")]}))
    frame = read_places(path)
    assert list(frame.index) == ["p1", "p2"] and frame.loc["p1", "aliases"] == ["P"]
    assert frame.loc["p2", "aliases"] == [] and frame.loc["p2", "seed"] == []  # not NaN


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        ([_place()], "type: expected a GeoJSON FeatureCollection of places, got 'list'"),
        ("places", "type: expected a GeoJSON FeatureCollection of places, got 'str'"),
        ({"type": "FeatureCollection", "features": {"p1": _place()}},
         "type: expected a GeoJSON FeatureCollection of places, got 'FeatureCollection'"),
        ({"type": "FeatureCollection", "features": [{**_place(), "geometry": None}]},
         "features[0].geometry.type (place p1): expected Point, got 'null'"),
        ({"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": _place()["geometry"]}]},
         "features[0].properties: expected an object with the place's id and name, got 'null'"),
        ({"type": "FeatureCollection",
          "features": [{**_place(), "geometry": {"type": "Point", "coordinates": ["44.5", "39.5"]}}]},
         "features[0].geometry.coordinates (place p1): expected a position [longitude, latitude] of numbers"),
        ({"type": "FeatureCollection", "features": [_place(aliases="P")]},
         "features[0].properties.aliases (place p1): expected a list of strings, got 'P'"),
        ({"type": "FeatureCollection", "features": [_place(unit=["a1"])]},
         "features[0].properties.unit (place p1): expected text or null, got ['a1']"),
        ({"type": "FeatureCollection", "features": [_place(), _place()]},
         "features[1].properties.id: expected each place id once, got 'p1'"),
        ({"type": "FeatureCollection", "features": [_place(names={"en": "P"})]},
         "features[0].properties.names (place p1): expected a non-empty name for each of en, ru, hy, az, tr"),
        ({"type": "FeatureCollection", "features": [], "x": [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]},
         "structure: expected nesting at most 32 levels deep (MAX_JSON_DEPTH)"),
    ],
    ids=["list", "string", "features-object", "no-geometry", "no-properties", "string-coordinates",
         "aliases-text", "unit-list", "duplicate-id", "names-incomplete", "deep"],
)
def test_broken_places_file_is_refused_with_the_field(tmp_path: Path, document, expected: str) -> None:
    path = tmp_path / "places.geojson"
    path.write_text(json.dumps(document))
    with pytest.raises(DataFileError) as caught:
        read_places(path)
    assert str(caught.value).startswith(f"{path}: {expected}")


def test_json_nested_past_the_recursion_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "units.geojson"
    path.write_text("[" * 100_000 + "]" * 100_000)
    with pytest.raises(DataFileError, match=r"structure: expected nesting at most 32 levels deep"):
        read_units(path)


def test_a_broken_places_file_is_named_through_the_atlas(tmp_path: Path, small_units: Path, cli) -> None:
    (tmp_path / "places.geojson").write_text(json.dumps([1, 2]))
    atlas = territory.load(tmp_path)
    with pytest.raises(DataFileError, match=r"places\.geojson: type: expected a GeoJSON FeatureCollection"):
        atlas.places
    result = cli.run("timeline", "Nowhere", "--data", str(tmp_path))
    assert result.code == 1 and result.output.startswith(f"Error: {tmp_path / 'places.geojson'}: type:")


@pytest.mark.parametrize(
    ("written", "query"),
    [
        ("Naxçıvan", "naxcivan"),
        ("NAXÇIVAN", "Naxcivan"),
        ("Zəngəzur", "zengezur"),
        ("Şərur-Dərələyəz", "serur dereleyez"),
        ("Nagorno-Karabakh", "nagorno karabakh"),
        ("Iğdır", "igdir"),
        ("İrəvan", "irevan"),
    ],
)
def test_normalize_ignores_case_diacritics_and_punctuation(written: str, query: str) -> None:
    assert normalize(written) == normalize(query)


def test_normalize_keeps_different_names_apart() -> None:
    assert normalize("Sharur") != normalize("Shusha")
    assert normalize("Зангезур") == "зангезур"


def test_an_invalid_geometry_is_named_when_the_geometry_is_first_used(units_file) -> None:
    bow_tie = shapely.Polygon([(44.0, 39.0), (44.5, 39.5), (44.5, 39.0), (44.0, 39.5)])
    path = units_file([{"id": "a", "geometry": box(44.0, 38.0, 44.5, 38.5)},
                       {"id": "b", "geometry": bow_tie}])
    units = read_units(path)  # the hierarchy needs no geometry: ids and levels are there
    assert units.finest_ids == ("a", "b")
    with pytest.raises(DataFileError, match=rf"{path}: unit b.geometry: expected a valid, non-empty polygon"):
        units.geometry("a")
