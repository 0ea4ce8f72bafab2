"""Tests of territory.atlas: layers, scenarios, at, diff, timeline, search, holders."""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path

import geopandas as gpd
import pyproj
import pytest
import shapely
from geopandas.testing import assert_geodataframe_equal
from shapely.geometry import box

import territory
from territory.maps.context import MapContext
from territory._paths import data_dir
from territory.corridor import check_assignment
from territory.errors import TerritoryError, UnknownIdError
from territory.tables import LAYER_COLUMNS
from territory.units import UnitHierarchy

JUNE = "1920-06-20-chicherin"
JUNE_AUTONOMY = "1920-06-20-ordzhonikidze"
DECEMBER = "1920-12-01-narimanov"
ARMISTICE = "1920-11-18-armistice"
NOV29 = "1920-11-29-nakhchivan-taken"
#: The built-in version ids (each file is named after its id, as test_versions checks).
VERSION_IDS = sorted(path.stem for path in (data_dir() / "versions").glob("*.yaml"))
GEOD = pyproj.Geod(ellps="WGS84")


def stated(unit: str, party: str | None, status: str = "part_of") -> dict[str, str]:
    """One assignment of a version file, stated by its source."""
    assignment = {"unit": unit, "party": party, "status": status, "confidence": "stated"}
    return {key: value for key, value in assignment.items() if value is not None}


@pytest.fixture
def split_zangezur(write_version) -> Path:
    """A user version that speaks of Zangezur by its two parts."""
    return write_version(
        id="user-split",
        title="Zangezur divided (test)",
        assignments=[stated("zangezur_west", "armenia_ssr"), stated("zangezur_east", "azerbaijan_ssr")],
    )


def rows(layer) -> dict[str, dict]:
    return {row["unit"]: row for row in layer.to_dict("records")}


# ------------------------------------------------------------------------ layers
def test_versions_are_ordered_by_date_then_id(atlas: territory.Atlas) -> None:
    keys = [(version.date.not_after, version.id) for version in atlas.versions]
    assert keys == sorted(keys)
    assert atlas.version(JUNE).kind == "directive"


def test_layer_contract(atlas: territory.Atlas) -> None:
    layer = atlas.layer(JUNE)
    assert list(layer.columns) == list(LAYER_COLUMNS)
    assert layer.crs.to_epsg() == 4326
    by_unit = rows(layer)
    # Chicherin speaks of zangezur as a whole: one row, the union of its children
    assert "zangezur" in by_unit and "zangezur_west" not in by_unit
    union = shapely.union_all(atlas.units.geometry.loc[["zangezur_west", "zangezur_east"]].values)
    assert by_unit["zangezur"]["geometry"].symmetric_difference(union).area < 1e-9
    assert (
        by_unit["nakhchivan"]["party"] == "rsfsr"
        and by_unit["nakhchivan"]["status"] == "occupied_by"
    )
    assert (
        by_unit["nakhchivan"]["version"] == JUNE
        and "footnote [3]" in by_unit["nakhchivan"]["source"]
    )
    # silent on Sharur-Daralagez: not covered, never guessed
    silent = by_unit["sharur_daralagez"]
    assert (silent["party"], silent["status"], silent["covered"], silent["version"]) == (
        None,
        "not_covered",
        False,
        None,
    )
    # the rows tile the atlas: every finest unit exactly once
    finest = [unit for unit in layer["unit"] for unit in atlas.hierarchy.finest(unit)]
    assert sorted(finest) == sorted(atlas.units.index)


def test_the_built_in_versions_are_those_of_the_atlas(atlas: territory.Atlas) -> None:
    assert VERSION_IDS == sorted(version.id for version in atlas.versions)


@pytest.mark.parametrize("version_id", VERSION_IDS)
def test_every_layer_covers_what_its_file_says(atlas: territory.Atlas, version_id: str) -> None:
    version = atlas.version(version_id)
    by_unit = rows(atlas.layer(version.id))
    for assignment in version.assignments:
        row = by_unit[assignment.unit]
        assert (row["party"], row["status"], row["version"]) == (
            assignment.party,
            assignment.status,
            version.id,
        )


def test_layer_is_cached_but_returned_as_a_copy(atlas: territory.Atlas) -> None:
    first = atlas.layer(JUNE)
    first.loc[:, "party"] = "tampered"
    assert "tampered" not in set(atlas.layer(JUNE)["party"])


def test_split_unit_gives_two_rows(split_zangezur: Path) -> None:
    atlas = territory.load(split_zangezur)
    by_unit = rows(atlas.layer("user-split"))
    assert "zangezur" not in by_unit
    assert (
        by_unit["zangezur_west"]["party"] == "armenia_ssr"
        and by_unit["zangezur_east"]["party"] == "azerbaijan_ssr"
    )
    assert by_unit["zangezur_west"]["area_km2"] + by_unit["zangezur_east"][
        "area_km2"
    ] == pytest.approx(atlas.hierarchy.area_km2("zangezur"))


def test_extends_inherits_with_the_original_source(atlas: territory.Atlas) -> None:
    version = atlas.version(NOV29)
    assert "kars" not in version.units and "zangezur" not in version.units
    by_unit = rows(atlas.layer(NOV29))
    assert (
        by_unit["nakhchivan"]["party"] == "turkey"
        and by_unit["nakhchivan"]["confidence"] == "inferred"  # "the Turks" read as Ankara's army
    )
    surmali = by_unit["surmali"]
    armistice = atlas.version(ARMISTICE)
    assert surmali["confidence"] == "assumed_unchanged" and surmali["version"] == ARMISTICE
    assert surmali["source"] == armistice.document.citation and surmali["status"] == "disputed"
    # not_extended: the record suggests a change after May without saying whose
    for unit in ("kars", "batum", "lori", "zangezur", "karabakh"):
        assert by_unit[unit]["status"] == "not_covered", unit
        assert rows(atlas.layer(ARMISTICE))[unit]["status"] == "not_covered", unit
    baseline = atlas.version(armistice.extends)
    assert rows(atlas.layer(baseline.id))["batum"]["party"] == "united_kingdom"
    assert by_unit["novobayazet"]["version"] == baseline.id
    assert by_unit["novobayazet"]["confidence"] == "assumed_unchanged"


# --------------------------------------------------------------------- scenarios
def test_scenario_applies_b_over_a(atlas: territory.Atlas) -> None:
    scenario = atlas.scenario(NOV29, JUNE)
    assert scenario == f"{NOV29}+{JUNE}"
    holders = atlas.holders(scenario)
    base, over = atlas.holders(NOV29), atlas.holders(JUNE)
    spoken = {
        unit
        for row in atlas.layer(JUNE).itertuples()
        if row.covered
        for unit in atlas.hierarchy.finest(row.unit)
    }
    for unit in atlas.units.index:
        assert holders[unit] == (over[unit] if unit in spoken else base[unit]), unit
    # the June directive over late-November control: Nakhchivan back to Russian occupation
    by_unit = rows(atlas.layer(f"{NOV29} + {JUNE}"))
    assert by_unit["nakhchivan"]["party"] == "rsfsr" and by_unit["nakhchivan"]["version"] == JUNE
    assert by_unit["surmali"]["status"] == "disputed" and by_unit["surmali"]["version"] == ARMISTICE


def test_scenario_splits_a_parent_when_b_speaks_of_a_child(split_zangezur: Path, write_version) -> None:
    path = write_version(
        id="user-west",
        date="1921-01-01",
        title="West only (test)",
        assignments=[stated("zangezur_west", "rsfsr", "occupied_by")],
    )
    atlas = territory.load([split_zangezur, path])
    by_unit = rows(atlas.layer(f"{DECEMBER}+user-west"))
    assert "zangezur" not in by_unit
    assert by_unit["zangezur_west"]["party"] == "rsfsr"
    assert (
        by_unit["zangezur_east"]["party"] == "armenia_ssr"
        and by_unit["zangezur_east"]["version"] == DECEMBER
    )


def test_unknown_version_lists_close_matches(atlas: territory.Atlas) -> None:
    with pytest.raises(UnknownIdError) as caught:
        atlas.layer(f"{NOV29}+1920-06-20-chicherim")
    assert JUNE in caught.value.close_matches
    with pytest.raises(UnknownIdError):
        atlas.scenario()


@pytest.mark.parametrize(
    ("call", "where"),
    [
        (lambda atlas: atlas.version("nope"), "atlas.version(version_id)"),
        (lambda atlas: atlas.scenario(JUNE, "nope"), "atlas.scenario(*version_ids)"),
        (lambda atlas: atlas.layer(f"{JUNE}+nope"), "atlas.layer(scenario)"),
        (lambda atlas: atlas.holders("nope"), "atlas.holders(scenario)"),
        (lambda atlas: atlas.diff(JUNE, "nope"), "atlas.diff(b)"),
        (lambda atlas: atlas.diff("nope", JUNE), "atlas.diff(a)"),
    ],
)
def test_unknown_version_error_names_the_argument(atlas: territory.Atlas, call, where: str) -> None:
    with pytest.raises(UnknownIdError) as caught:
        call(atlas)
    assert str(caught.value).startswith(f"{where}: version: expected one of the known version ids")


def test_the_old_keyword_still_gives_the_layer_with_a_warning(atlas: territory.Atlas) -> None:
    # version_or_scenario= is the old name of scenario=, kept for one release
    with pytest.warns(DeprecationWarning, match="version_or_scenario"):
        old = atlas.layer(version_or_scenario=JUNE)
    assert_geodataframe_equal(old, atlas.layer(JUNE))


@pytest.mark.parametrize(
    ("method", "parties"), [("holders", {}), ("corridor", {"a": "rsfsr", "b": "azerbaijan_ssr"})]
)
def test_the_old_keyword_still_works_with_a_warning(
    atlas: territory.Atlas, method: str, parties: dict
) -> None:
    with pytest.warns(DeprecationWarning, match="version_or_scenario"):
        old = getattr(atlas, method)(version_or_scenario=JUNE, **parties)
    assert old == getattr(atlas, method)(JUNE, **parties)


# ------------------------------------------------------------------------ holders
def test_holders_push_parents_down(atlas: territory.Atlas) -> None:
    holders = atlas.holders(DECEMBER)
    assert set(holders) == set(atlas.units.index)
    assert holders["zangezur_west"] == holders["zangezur_east"] == "armenia_ssr"
    assert holders["batum"] is None
    baseline = atlas.holders("1920-05-31-de-facto")
    assert baseline["karabakh"] is None  # disputed, no holder recorded
    holders["batum"] = "tampered"
    assert atlas.holders(DECEMBER)["batum"] is None


# ----------------------------------------------------------------------------- at
def test_at_takes_the_latest_statement_of_the_kind(atlas: territory.Atlas) -> None:
    by_unit = rows(atlas.at("1920-11-30", kind="de_facto"))
    assert by_unit["nakhchivan"]["party"] == "turkey" and by_unit["nakhchivan"]["version"] == NOV29
    assert by_unit["kars"]["status"] == "not_covered"  # the armistice's not_extended
    assert by_unit["surmali"]["version"] == ARMISTICE
    assert by_unit["zangezur"]["status"] == "not_covered"  # not_extended too
    june = rows(atlas.at("1920-06-30", kind="de_facto"))
    assert june["zangezur"]["version"] == "1920-05-31-de-facto"
    assert june["zangezur"]["confidence"] == "inferred"  # a direct statement, not an inheritance


def test_at_same_day_versions_apply_in_the_order_of_the_sources(atlas: territory.Atlas) -> None:
    # Ordzhonikidze's instruction follows Chicherin's directive (seed, text before [4])
    by_unit = rows(atlas.at(dt.date(1920, 6, 20), kind=["directive"]))
    assert (
        by_unit["zangezur"]["version"] == JUNE_AUTONOMY
        and by_unit["zangezur"]["status"] == "autonomy_within"
    )
    assert (
        by_unit["nakhchivan"]["version"] == JUNE_AUTONOMY
    )  # Ordzhonikidze's file also speaks of it


def test_at_applies_a_version_after_the_one_it_follows(tmp_path: Path, write_version) -> None:
    same_day = {"date": "1921-03-01", "title": "Same-day test"}
    # by id, "a-reply" would come first and "b-letter" would have the last word
    write_version(id="a-reply", follows="b-letter",
                  assignments=[stated("zangezur", "azerbaijan_ssr")], **same_day)  # fmt: skip
    write_version(id="b-letter", assignments=[stated("zangezur", "armenia_ssr")], **same_day)
    by_unit = rows(territory.load(tmp_path).at("1921-03-01", kind="proposal"))
    assert by_unit["zangezur"]["version"] == "a-reply"
    assert by_unit["zangezur"]["party"] == "azerbaijan_ssr"


def test_at_counts_a_date_range_from_its_end(atlas: territory.Atlas) -> None:
    proposal = "1920-11-ordzhonikidze-proposal"
    assert proposal not in set(atlas.at("1920-11-21", kind="proposal")["version"])
    assert proposal in set(atlas.at("1920-11-22", kind="proposal")["version"])


def test_at_before_everything_covers_nothing(atlas: territory.Atlas) -> None:
    first = min(version.date.not_before for version in atlas.versions)
    assert not atlas.at(first - dt.timedelta(days=1))["covered"].any()
    assert atlas.at(first)["covered"].any()
    with pytest.raises(UnknownIdError):
        atlas.at("1920-12-31", kind="telegram")
    with pytest.raises(TerritoryError, match="date"):
        atlas.at("31 Dec 1920")


# --------------------------------------------------------------------------- diff
def test_diff_june_to_december(atlas: territory.Atlas) -> None:
    table = atlas.diff(JUNE, DECEMBER)
    changed = table[table["assigned_differently"]]
    assert set(changed["unit"]) == {"zangezur", "nakhchivan"}
    zangezur = changed.set_index("unit").loc["zangezur"]
    assert (zangezur["party_a"], zangezur["party_b"]) == ("azerbaijan_ssr", "armenia_ssr")
    nakhchivan = changed.set_index("unit").loc["nakhchivan"]
    assert nakhchivan["status_change"] == "occupied_by -> part_of"
    # karabakh and ordubad: December is silent, which is a change of coverage, not of hands
    silent = table.set_index("unit").loc[["karabakh", "ordubad"]]
    assert (silent["status_b"] == "not_covered").all() and not silent["assigned_differently"].any()


@pytest.mark.parametrize("unit", ["zangezur", "nakhchivan"])
def test_diff_areas_are_equal_area_measures(atlas: territory.Atlas, unit: str) -> None:
    # areas: checked against an independent equal-area projection (EASE-Grid 2.0)
    changed = atlas.diff(JUNE, DECEMBER).set_index("unit")
    finest = atlas.units.loc[list(atlas.hierarchy.finest(unit))]
    expected = finest.to_crs("EPSG:6933").area.sum() / 1e6
    assert changed.loc[unit, "area_km2"] == pytest.approx(expected, rel=0.005)


def test_diff_autonomy_to_december(atlas: territory.Atlas) -> None:
    table = atlas.diff(JUNE_AUTONOMY, DECEMBER).set_index("unit")
    assert table.loc["zangezur", "status_change"] == "autonomy_within -> part_of"
    assert (
        table.loc["nakhchivan", "party_a"] is None
        and table.loc["nakhchivan", "party_b"] == "armenia_ssr"
    )
    assert bool(table.loc["nakhchivan", "assigned_differently"])


def test_diff_compares_a_split_unit_by_its_parts(split_zangezur: Path) -> None:
    atlas = territory.load(split_zangezur)
    table = atlas.diff(DECEMBER, "user-split")
    assert "zangezur" not in set(table["unit"])
    assert list(table[table["assigned_differently"]]["unit"]) == ["zangezur_east"]
    everything = atlas.diff(DECEMBER, "user-split", all_units=True).set_index("unit")
    assert (
        everything.loc["zangezur_west", "party_a"]
        == everything.loc["zangezur_west", "party_b"]
        == "armenia_ssr"
    )
    assert not everything.loc["zangezur_west", "assigned_differently"]
    # zangezur by its parts; every other parent (sharur_daralagez, erivan, ...) as one row
    hierarchy = atlas.hierarchy
    top_level = [unit for unit in hierarchy.finest_ids if hierarchy.parent_of(unit) is None]
    assert len(everything) == len(top_level) + len(hierarchy.parents) - 1 + 2


def test_diff_of_a_version_with_itself_is_empty(atlas: territory.Atlas) -> None:
    assert atlas.diff(NOV29, NOV29).empty


# ----------------------------------------------------------------------- timeline
def test_timeline_of_a_child_reports_parent_statements(atlas: territory.Atlas) -> None:
    table = atlas.timeline("zangezur_west")
    assert list(table["version"]) == [version.id for version in atlas.versions]
    # the unit a version speaks of: the parent where it assigns zangezur whole
    for version in atlas.versions:
        row = table.set_index("version").loc[version.id]
        spoken = {a.unit for a in version.assignments} & {"zangezur", "zangezur_west"}
        if spoken and row["confidence"] != "assumed_unchanged":
            assert row["unit"] == spoken.pop(), version.id
    assert table.set_index("version").loc[DECEMBER, "unit"] == "zangezur"
    december = table.set_index("version").loc[DECEMBER]
    assert december["party"] == "armenia_ssr" and "text after [6]" in december["source"]
    not_extended = table.set_index("version").loc[NOV29]  # the armistice does not carry it on
    assert not_extended["status"] == "not_covered" and not_extended["party"] is None


def test_timeline_marks_silence_and_can_drop_it(atlas: territory.Atlas) -> None:
    table = atlas.timeline("sharur_daralagez")
    silent = table[table["status"] == "not_covered"]
    assert JUNE in set(silent["version"])
    assert JUNE not in set(atlas.timeline("sharur_daralagez", covered_only=True)["version"])
    with pytest.raises(UnknownIdError):
        atlas.timeline("dzhulfa")


# ------------------------------------------------------------------------- search
@pytest.mark.parametrize(
    ("query", "kind", "found"),
    [
        ("Naxçıvan", "unit", "nakhchivan"),
        ("NAKHICHEVAN", "unit", "nakhchivan"),
        ("zangazur", "unit", "zangezur"),
        ("Zəngəzur", "unit", "zangezur"),
        ("Dağlıq Qarabağ", "unit", "karabakh"),
        ("sharur-daralagez", "unit", "sharur_daralagez"),
        ("julfa", "place", "dzhulfa"),
        ("CULFA", "place", "dzhulfa"),
    ],
)
def test_search_by_any_alias(atlas: territory.Atlas, query: str, kind: str, found: str) -> None:
    result = atlas.search(query)
    exact = result[result["exact"] & (result["kind"] == kind)]
    assert found in set(exact["id"])


def test_search_places_know_their_unit(atlas: territory.Atlas) -> None:
    dzhulfa = atlas.search("Dzhulfa").set_index("id").loc["dzhulfa"]
    assert dzhulfa["unit"] == "nakhchivan"


def test_a_name_of_a_unit_and_its_part_finds_the_unit(atlas: territory.Atlas) -> None:
    # Syunik is an alias of both zangezur and zangezur_west
    exact = atlas.search("Syunik")
    exact = exact[exact["exact"] & (exact["kind"] == "unit")]
    assert set(exact["id"]) == {"zangezur", "zangezur_west"}
    assert atlas.find_unit("Syunik") == "zangezur" == exact.iloc[0]["id"]
    assert atlas.find_unit("Naxçıvan") == "nakhchivan"
    assert atlas.find_unit("zangezur_west") == "zangezur_west"
    with pytest.raises(UnknownIdError, match="did you mean"):
        atlas.find_unit("Zangezurr")


@pytest.fixture
def namesakes(tmp_path: Path, units_file) -> territory.Atlas:
    """An atlas of units that share names: a parent and its child, two children, two unrelated units."""
    units_file(
        [
            {"id": "a1", "parent": "west", "geometry": box(44.0, 39.0, 44.5, 39.5),
             "aliases": ["Shared", "Twin", "Elsewhere"]},
            {"id": "a2", "parent": "west", "geometry": box(44.5, 39.0, 45.0, 39.5), "aliases": ["Twin"]},
            {"id": "b", "geometry": box(45.0, 39.0, 45.5, 39.5), "aliases": ["Elsewhere"]},
        ],
        [{"id": "west", "name": "West", "aliases": ["Shared"], "seat": None, "kind": "focus",
          "sources": ["test"], "children": ["a1", "a2"]}],
    )  # fmt: skip
    return territory.load(tmp_path)


def test_find_unit_and_search_agree_on_a_parent_and_its_child(namesakes: territory.Atlas) -> None:
    # a parent and its child: the parent, listed first by search too (before "a1" by id)
    assert namesakes.find_unit("shared") == "west" == namesakes.search("shared").iloc[0]["id"]


@pytest.mark.parametrize(
    ("name", "units"),
    # two children the parent does not share the name with, and two unrelated units
    [("Twin", "a1, a2"), ("Elsewhere", "b, a1")],  # in the order of atlas ids
)
def test_find_unit_refuses_unrelated_namesakes(namesakes: territory.Atlas, name: str, units: str) -> None:
    with pytest.raises(TerritoryError) as caught:
        namesakes.find_unit(name, where="UNIT")
    assert str(caught.value) == (
        f"UNIT: unit: expected a name of one unit; '{name}' names several: {units} (give an id)"
    )


def test_search_substring_and_nothing(atlas: territory.Atlas) -> None:
    result = atlas.search("karabakh")
    assert result.iloc[0]["id"] == "karabakh" and result.iloc[0]["exact"]
    assert atlas.search("Paris").empty and atlas.search("  ").empty


# ---------------------------------------------------------- a user's own units file
def test_own_units_file(tmp_path: Path, units_file, write_version) -> None:
    units_file(
        [
            {"id": "a1", "parent": "west", "geometry": box(44.0, 39.0, 44.5, 39.5)},
            {"id": "a2", "parent": "west", "geometry": box(44.5, 39.0, 45.0, 39.5)},
            {"id": "b", "geometry": box(45.0, 39.0, 45.5, 39.5)},
        ],
        [
            {
                "id": "west",
                "name": "West",
                "aliases": [],
                "seat": None,
                "kind": "focus",
                "sources": ["test"],
                "children": ["a1", "a2"],
            }
        ],
    )
    treaty = {"kind": "treaty", "document": {"reference": "ref"}}
    write_version(id="one", date="1920-01-01", title="One", assignments=[stated("west", "persia")], **treaty)
    write_version(id="two", date="1920-02-01", title="Two",
                  assignments=[stated("a2", "georgia"), stated("b", "persia")], **treaty)  # fmt: skip
    atlas = territory.load(tmp_path)
    assert [version.id for version in atlas.versions] == [
        "one",
        "two",
    ]  # the built-in ones speak of other units
    table = atlas.diff("one", "two").set_index("unit")
    assert set(table.index) == {"a1", "a2", "b"}  # "west" compared by its parts
    assert (
        table.loc["a1", "status_change"] == "part_of -> not_covered"
        and not table.loc["a1", "assigned_differently"]
    )
    assert bool(table.loc["a2", "assigned_differently"]) and not table.loc["b", "assigned_differently"]
    assert table.loc["b", "status_change"] == "not_covered -> part_of"
    assert atlas.holders("one+two") == {"a1": "persia", "a2": "georgia", "b": "persia"}


# ---------------------------------------------------- delegations (corridor, maps)
def _feature_collections(element) -> list[dict]:
    """The GeoJSON FeatureCollections drawn anywhere in a folium/branca element tree, in order."""
    found = []
    for child in element._children.values():
        data = getattr(child, "data", None)
        if isinstance(data, dict) and data.get("type") == "FeatureCollection":
            found.append(data)
        found.extend(_feature_collections(child))
    return found


def _draws_layer(collection: dict, layer: gpd.GeoDataFrame, atlas: territory.Atlas) -> bool:
    """Whether ``collection`` draws ``layer``: one feature per row, each naming its row's party.

    A feature names a party when the party's name is in its tooltip (besides the unit's own
    name: the unit "Persia" and the party "Persia"); a row without a party names none.
    """
    features = {feature["properties"].get("unit"): feature for feature in collection["features"]}
    if len(collection["features"]) != len(layer) or set(features) != set(layer["unit"]):
        return False
    for row in layer.itertuples():
        tooltip = features[row.unit]["properties"].get("tooltip") or ""
        tooltip = tooltip.replace(html.escape(row.name), "", 1)
        named = {party_id for party_id, party in atlas.parties.items() if html.escape(party.name) in tooltip}
        if named != ({row.party} if isinstance(row.party, str) else set()):
            return False
    return True


def test_explore_draws_the_layer_with_its_parties(atlas: territory.Atlas) -> None:
    import folium

    explored = atlas.explore(JUNE)
    assert isinstance(explored, folium.Map)
    layer = atlas.layer(JUNE)
    layer_units = list(layer["unit"])
    drawn = [
        collection
        for collection in _feature_collections(explored)
        if {feature["properties"].get("unit") for feature in collection["features"]} == set(layer_units)
    ]
    assert drawn and all(len(collection["features"]) == len(layer_units) for collection in drawn)
    assert all(_draws_layer(collection, layer, atlas) for collection in drawn)
    # the parties the June directive names are on the map: Azerbaijan and Russian occupation
    assert {"azerbaijan_ssr", "rsfsr"} <= set(layer["party"].dropna())


def test_compare_draws_both_layers(atlas: territory.Atlas) -> None:
    import folium
    from branca.element import Figure

    compared = atlas.compare(JUNE, DECEMBER)
    assert isinstance(compared, (Figure, folium.Map))
    collections = _feature_collections(compared)
    assert len(collections) >= 2  # one layer per side at least
    for side in (JUNE, DECEMBER):
        assert any(_draws_layer(collection, atlas.layer(side), atlas) for collection in collections), side


def _elements(element, kind: type) -> list:
    """The elements of type ``kind`` anywhere in a folium/branca element tree, in order."""
    found = []
    for child in element._children.values():
        if isinstance(child, kind):
            found.append(child)
        found.extend(_elements(child, kind))
    return found


def test_timeline_map_draws_every_version_in_order(atlas: territory.Atlas) -> None:
    """One view per version, in order, each the version's layer (each geometry drawn once)."""
    import folium

    from territory.maps.elements import TimelineLayer
    from territory.maps.timeline_map import layer_name

    timeline = atlas.timeline_map()
    assert isinstance(timeline, folium.Map)
    (drawn,) = _elements(timeline, TimelineLayer)
    units = [feature["properties"]["unit"] for feature in drawn.data["features"]]
    assert len(units) == len(set(units))  # every geometry once
    ctx = MapContext.from_atlas(atlas)
    names = [layer_name(ctx, version.id) for version in atlas.versions]
    assert list(drawn.views) == names and drawn.first == names[0]
    for version, name in zip(atlas.versions, names, strict=True):
        layer = atlas.layer(version.id)
        view = {unit: {**look, "unit": unit} for unit, look in drawn.views[name].items()}
        collection = {"features": [{"properties": props} for props in view.values()]}
        assert set(view) <= set(units)
        assert _draws_layer(collection, layer, atlas), version.id


def test_corridor_is_the_check_of_the_layer_holders(atlas: territory.Atlas) -> None:
    scenario = f"{NOV29}+{JUNE_AUTONOMY}"
    result = atlas.corridor(scenario, "turkey", "azerbaijan_ssr")
    layer = atlas.layer(scenario)
    holders = dict(zip(layer["unit"], layer["party"]))
    assert result == check_assignment(atlas.adjacency, holders, "turkey", "azerbaijan_ssr", scenario=scenario)
    # Turkish Nakhchivan borders Zangezur given to Azerbaijan: one stretch, the one contact
    assert result.connected
    assert [(s.unit_a, s.unit_b) for s in result.shared_borders] == [("nakhchivan", "zangezur")]
    assert result.wedges == (("nakhchivan",), ("zangezur",))
    zangezur = shapely.union_all(atlas.units.geometry.loc[["zangezur_west", "zangezur_east"]].values)
    shared = atlas.units.geometry["nakhchivan"].boundary.intersection(zangezur.boundary)
    expected_km = GEOD.geometry_length(shared) / 1000  # measured here, on the ellipsoid
    assert expected_km > 10
    assert result.shared_border_km == pytest.approx(expected_km, rel=0.01)


def test_corridor_map_draws_the_answer(atlas: territory.Atlas) -> None:
    import folium

    scenario = f"{NOV29}+{JUNE_AUTONOMY}"
    mapped = atlas.corridor_map(scenario, "turkey", "azerbaijan_ssr")
    assert isinstance(mapped, folium.Map)
    result = atlas.corridor(scenario, "turkey", "azerbaijan_ssr")
    collections = _feature_collections(mapped)
    assert any(_draws_layer(collection, atlas.layer(scenario), atlas) for collection in collections)
    # the wedge units are outlined, and each shared border is drawn with its length
    wedge_units = {unit for wedge in result.wedges for unit in wedge}
    assert wedge_units in [{feature["properties"].get("unit") for feature in collection["features"]}
                           for collection in collections]  # fmt: skip
    tooltips = [feature["properties"].get("tooltip") or "" for collection in collections
                for feature in collection["features"]]  # fmt: skip
    for border in result.shared_borders:
        assert any(border.unit_a in tooltip and border.unit_b in tooltip and f"{border.km:.1f} km" in tooltip
                   for tooltip in tooltips), border  # fmt: skip


def test_adjacency_is_built_once_with_the_parents(atlas: territory.Atlas) -> None:
    assert atlas.adjacency is atlas.adjacency  # built once
    assert atlas.adjacency.parent == {
        unit: atlas.hierarchy.parent_of(unit) for unit in atlas.units.index if atlas.hierarchy.parent_of(unit)
    }


def test_hierarchy_is_the_unit_hierarchy(atlas: territory.Atlas) -> None:
    assert isinstance(atlas.hierarchy, UnitHierarchy)
    assert set(atlas.hierarchy.finest("zangezur")) == {"zangezur_west", "zangezur_east"}


def test_scenario_keeps_the_holder_under_an_unassigned_statement(atlas: territory.Atlas) -> None:
    # Ordzhonikidze's instruction of 20 June drops Azerbaijan's demands for Nakhchivan and
    # names no receiving party: over the late-November de facto layer the Turkish army
    # still holds Nakhchivan, while Zangezur follows the instruction.
    layer = atlas.layer("1920-11-29-nakhchivan-taken+1920-06-20-ordzhonikidze").set_index("unit")
    assert layer.loc["nakhchivan", "party"] == "turkey"
    assert layer.loc["nakhchivan", "version"] == "1920-11-29-nakhchivan-taken"
    assert layer.loc["zangezur", "party"] == "azerbaijan_ssr"
    assert layer.loc["zangezur", "version"] == "1920-06-20-ordzhonikidze"
    # Alone, the version reports its own statement: unassigned, no party.
    alone = atlas.layer("1920-06-20-ordzhonikidze").set_index("unit")
    assert alone.loc["nakhchivan", "status"] == "unassigned"
    assert alone.loc["nakhchivan", "party"] is None
    # A statement that names a holder replaces the one below (Chicherin: Russian occupation).
    june = atlas.layer("1920-11-29-nakhchivan-taken+1920-06-20-chicherin").set_index("unit")
    assert june.loc["nakhchivan", "party"] == "rsfsr"


def test_an_unassigned_parent_keeps_only_the_holders_of_its_parts(tmp_path: Path, write_version) -> None:
    title = "Unassigned test"
    write_version(id="test-west", date="1921-07-05", title=title,
                  assignments=[stated("zangezur_west", "armenia_ssr")])
    write_version(id="test-dropped", date="1921-07-06", title=title,
                  assignments=[stated("zangezur", None, "unassigned")])
    write_version(id="test-kars", date="1921-07-04", title=title,
                  assignments=[stated("kars", "turkey")])  # fmt: skip
    atlas = territory.load(tmp_path)
    layer = atlas.layer("test-west+test-dropped").set_index("unit")
    # the west keeps its holder below; the east, which the base is silent on, is unassigned
    assert (layer.loc["zangezur_west", "party"], layer.loc["zangezur_west", "version"]) == (
        "armenia_ssr", "test-west")  # fmt: skip
    assert (layer.loc["zangezur_east", "status"], layer.loc["zangezur_east", "version"]) == (
        "unassigned", "test-dropped")  # fmt: skip
    assert bool(layer.loc["zangezur_east", "covered"]) and layer.loc["zangezur_east", "party"] is None
    # over a base that holds no part of the unit, the statement stays whole
    whole = atlas.layer("test-kars+test-dropped").set_index("unit")
    assert whole.loc["zangezur", "status"] == "unassigned" and "zangezur_east" not in whole.index


BAD_ARGUMENTS = [
    (lambda atlas: atlas.scenario(None), "atlas.scenario(*version_ids): type: expected version ids (text), got 'None'"),
    (lambda atlas: atlas.version(None), "atlas.version(version_id): type: expected a version id (text), got 'None'"),
    (lambda atlas: atlas.version({}), "atlas.version(version_id): type: expected a version id (text), got 'dict'"),
    (lambda atlas: atlas.layer(1920), 'atlas.layer(scenario): type: expected a version id or a scenario "A+B" (text), got \'int\''),
    (lambda atlas: atlas.timeline(None), "atlas.timeline(unit): type: expected a unit id (text), got 'None'"),
    (lambda atlas: atlas.search(None), "atlas.search(name): type: expected a name (text), got 'None'"),
    (lambda atlas: atlas.find_unit(None), "atlas.find_unit(name): type: expected a name (text), got 'None'"),
    (lambda atlas: atlas.corridor(JUNE, None, "turkey"), "atlas.corridor(a): type: expected a party id (text), got 'None'"),
    (lambda atlas: atlas.corridor(JUNE, "turkey", "azerbaijan_ssr", within=5),
     "atlas.corridor(within): type: expected unit ids (text, or a list of text), got 'int'"),
    (lambda atlas: atlas.at("1920-11-30", kind=5), "atlas.at(kind): type: expected a version kind, a list of them, or None, got 'int'"),
    (lambda atlas: atlas.at(19201130), "atlas.at(date): type: expected a date or ISO text like 1920-11-30, got 'int'"),
    (lambda atlas: territory.load(123), "load(path): type: expected a file or directory path (str or os.PathLike), a list of them, or None, got 'int'"),
]


@pytest.mark.parametrize(("call", "message"), BAD_ARGUMENTS, ids=[message.split(":")[0] + str(index) for index, (_, message) in enumerate(BAD_ARGUMENTS)])
def test_an_argument_of_the_wrong_type_is_named(atlas: territory.Atlas, call, message: str) -> None:
    with pytest.raises(territory.ArgumentError) as caught:
        call(atlas)
    assert str(caught.value) == message
    assert isinstance(caught.value, TypeError)  # what Python code expects of a wrong type
