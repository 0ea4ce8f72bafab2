"""Tests of territory.atlas: layers, scenarios, at, diff, timeline, search, holders."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest
import shapely
from shapely.geometry import box
from test_units import write_units

import territory
from territory.atlas import LAYER_COLUMNS
from territory.errors import TerritoryError, UnknownIdError

JUNE = "1920-06-20-chicherin"
JUNE_AUTONOMY = "1920-06-20-ordzhonikidze"
DECEMBER = "1920-12-01-narimanov"
ARMISTICE = "1920-11-18-armistice"
NOV29 = "1920-11-29-nakhchivan-taken"


@pytest.fixture(scope="module")
def atlas() -> territory.Atlas:
    return territory.load()


def split_zangezur(tmp_path: Path) -> Path:
    """A user version that speaks of Zangezur by its two parts."""
    path = tmp_path / "split.yaml"
    path.write_text(
        textwrap.dedent("""\
        id: user-split
        date: 1921-07-05
        kind: proposal
        title: Zangezur divided (test)
        author: Test
        document: {reference: A test reference}
        assignments:
          - {unit: zangezur_west, party: armenia_ssr, status: part_of, confidence: stated}
          - {unit: zangezur_east, party: azerbaijan_ssr, status: part_of, confidence: stated}
        """)
    )
    return path


def rows(layer) -> dict[str, dict]:
    return {row["unit"]: row for row in layer.to_dict("records")}


# ------------------------------------------------------------------------ layers
def test_versions_are_ordered_by_date_then_id(atlas: territory.Atlas) -> None:
    keys = [(version.date.not_after, version.id) for version in atlas.versions]
    assert keys == sorted(keys)
    assert atlas.version(JUNE).kind == "directive"


def test_layer_contract(atlas: territory.Atlas) -> None:
    layer = atlas.layer(JUNE)
    assert list(layer.columns) == LAYER_COLUMNS
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


def test_every_layer_covers_what_its_file_says(atlas: territory.Atlas) -> None:
    for version in atlas.versions:
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


def test_split_unit_gives_two_rows(tmp_path: Path) -> None:
    atlas = territory.load(split_zangezur(tmp_path))
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
        and by_unit["nakhchivan"]["confidence"] == "stated"
    )
    kars = by_unit["kars"]
    armistice = atlas.version(ARMISTICE)
    assert kars["confidence"] == "assumed_unchanged" and kars["version"] == ARMISTICE
    assert kars["source"] == armistice.document.citation and kars["party"] == "turkey"
    baseline = atlas.version(armistice.extends)
    assert by_unit["zangezur"]["version"] == baseline.id
    assert by_unit["batum"]["status"] == "not_covered"  # the baseline is silent on it too


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
    assert by_unit["surmali"]["party"] == "turkey" and by_unit["surmali"]["version"] == ARMISTICE


def test_scenario_splits_a_parent_when_b_speaks_of_a_child(tmp_path: Path) -> None:
    atlas = territory.load(split_zangezur(tmp_path))
    path = tmp_path / "west.yaml"
    path.write_text(
        textwrap.dedent("""\
        id: user-west
        date: 1921-01-01
        kind: proposal
        title: West only (test)
        author: Test
        document: {reference: A test reference}
        assignments:
          - {unit: zangezur_west, party: rsfsr, status: occupied_by, confidence: stated}
        """)
    )
    atlas = territory.load([tmp_path / "split.yaml", path])
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
        (lambda atlas: atlas.layer(f"{JUNE}+nope"), "atlas.layer(version_or_scenario)"),
        (lambda atlas: atlas.holders("nope"), "atlas.holders(version_or_scenario)"),
        (lambda atlas: atlas.diff(JUNE, "nope"), "atlas.diff(b)"),
        (lambda atlas: atlas.diff("nope", JUNE), "atlas.diff(a)"),
    ],
)
def test_unknown_version_error_names_the_argument(atlas: territory.Atlas, call, where: str) -> None:
    with pytest.raises(UnknownIdError) as caught:
        call(atlas)
    assert str(caught.value).startswith(f"{where}: version: expected one of the known version ids")


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
    assert by_unit["kars"]["version"] == ARMISTICE
    assert by_unit["zangezur"]["version"] == "1920-05-31-de-facto"
    assert by_unit["zangezur"]["confidence"] == "inferred"  # a direct statement, not an inheritance


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


def test_at_applies_a_version_after_the_one_it_follows(tmp_path: Path) -> None:
    template = textwrap.dedent("""\
        id: {id}
        date: 1921-03-01
        kind: proposal
        title: Same-day test
        author: Test
        document: {{reference: A test reference}}
        {follows}
        assignments:
          - {{unit: zangezur, party: {party}, status: part_of, confidence: stated}}
        """)
    # by id, "a-reply" would come first and "b-letter" would have the last word
    (tmp_path / "a.yaml").write_text(
        template.format(id="a-reply", follows="follows: b-letter", party="azerbaijan_ssr")
    )
    (tmp_path / "b.yaml").write_text(template.format(id="b-letter", follows="", party="armenia_ssr"))
    by_unit = rows(territory.load(tmp_path).at("1921-03-01", kind="proposal"))
    assert by_unit["zangezur"]["version"] == "a-reply"
    assert by_unit["zangezur"]["party"] == "azerbaijan_ssr"


def test_at_counts_a_date_range_from_its_end(atlas: territory.Atlas) -> None:
    proposal = "1920-11-ordzhonikidze-proposal"
    assert proposal not in set(atlas.at("1920-11-21", kind="proposal")["version"])
    assert proposal in set(atlas.at("1920-11-22", kind="proposal")["version"])


def test_at_before_everything_covers_nothing(atlas: territory.Atlas) -> None:
    assert not atlas.at("1919-01-01")["covered"].any()
    with pytest.raises(UnknownIdError):
        atlas.at("1920-12-31", kind="telegram")
    with pytest.raises(TerritoryError, match="date"):
        atlas.at("31 Dec 1920")


# --------------------------------------------------------------------------- diff
def test_diff_june_to_december(atlas: territory.Atlas) -> None:
    table = atlas.diff(JUNE, DECEMBER)
    changed = table[table["changes_hands"]]
    assert set(changed["unit"]) == {"zangezur", "nakhchivan"}
    zangezur = changed.set_index("unit").loc["zangezur"]
    assert (zangezur["party_a"], zangezur["party_b"]) == ("azerbaijan_ssr", "armenia_ssr")
    nakhchivan = changed.set_index("unit").loc["nakhchivan"]
    assert nakhchivan["status_change"] == "occupied_by -> part_of"
    # areas: checked against an independent equal-area projection (EASE-Grid 2.0)
    for unit in ("zangezur", "nakhchivan"):
        finest = atlas.units.loc[list(atlas.hierarchy.finest(unit))]
        expected = finest.to_crs("EPSG:6933").area.sum() / 1e6
        assert changed.set_index("unit").loc[unit, "area_km2"] == pytest.approx(expected, rel=0.005)
    # karabakh and ordubad: December is silent, which is a change of coverage, not of hands
    silent = table.set_index("unit").loc[["karabakh", "ordubad"]]
    assert (silent["status_b"] == "not_covered").all() and not silent["changes_hands"].any()


def test_diff_autonomy_to_december(atlas: territory.Atlas) -> None:
    table = atlas.diff(JUNE_AUTONOMY, DECEMBER).set_index("unit")
    assert table.loc["zangezur", "status_change"] == "autonomy_within -> part_of"
    assert (
        table.loc["nakhchivan", "party_a"] is None
        and table.loc["nakhchivan", "party_b"] == "armenia_ssr"
    )
    assert bool(table.loc["nakhchivan", "changes_hands"])


def test_diff_compares_a_split_unit_by_its_parts(tmp_path: Path) -> None:
    atlas = territory.load(split_zangezur(tmp_path))
    table = atlas.diff(DECEMBER, "user-split")
    assert "zangezur" not in set(table["unit"])
    assert list(table[table["changes_hands"]]["unit"]) == ["zangezur_east"]
    everything = atlas.diff(DECEMBER, "user-split", all_units=True).set_index("unit")
    assert (
        everything.loc["zangezur_west", "party_a"]
        == everything.loc["zangezur_west", "party_b"]
        == "armenia_ssr"
    )
    assert not everything.loc["zangezur_west", "changes_hands"]
    assert (
        len(everything) == len(atlas.hierarchy.ids) - 1 - 2
    )  # zangezur by parts; sharur+daralagez as one


def test_diff_of_a_version_with_itself_is_empty(atlas: territory.Atlas) -> None:
    assert atlas.diff(NOV29, NOV29).empty


# ----------------------------------------------------------------------- timeline
def test_timeline_of_a_child_reports_parent_statements(atlas: territory.Atlas) -> None:
    table = atlas.timeline("zangezur_west")
    assert list(table["version"]) == [version.id for version in atlas.versions]
    assert set(table["unit"]) == {"zangezur"}
    december = table.set_index("version").loc[DECEMBER]
    assert december["party"] == "armenia_ssr" and "text after [6]" in december["source"]
    inherited = table.set_index("version").loc[NOV29]
    assert (
        inherited["confidence"] == "assumed_unchanged"
        and inherited["stated_in"] == "1920-05-31-de-facto"
    )


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


def test_find_unit_and_search_agree_and_refuse_unrelated_namesakes(tmp_path: Path) -> None:
    write_units(
        tmp_path / "units.geojson",
        [
            {"id": "a1", "parent": "west", "geometry": box(44.0, 39.0, 44.5, 39.5),
             "aliases": ["Shared", "Twin", "Elsewhere"]},
            {"id": "a2", "parent": "west", "geometry": box(44.5, 39.0, 45.0, 39.5), "aliases": ["Twin"]},
            {"id": "b", "geometry": box(45.0, 39.0, 45.5, 39.5), "aliases": ["Elsewhere"]},
        ],
        [{"id": "west", "name": "West", "aliases": ["Shared"], "seat": None, "kind": "focus",
          "sources": ["test"], "children": ["a1", "a2"]}],
    )  # fmt: skip
    atlas = territory.load(tmp_path)
    # a parent and its child: the parent, listed first by search too (before "a1" by id)
    assert atlas.find_unit("shared") == "west" == atlas.search("shared").iloc[0]["id"]
    # two children the parent does not share the name with, and two unrelated units
    for name, units in (("Twin", "a1, a2"), ("Elsewhere", "b, a1")):  # in the order of atlas ids
        with pytest.raises(TerritoryError) as caught:
            atlas.find_unit(name, where="UNIT")
        assert str(caught.value) == (
            f"UNIT: unit: expected a name of one unit; '{name}' names several: {units} (give an id)"
        )


def test_search_substring_and_nothing(atlas: territory.Atlas) -> None:
    result = atlas.search("karabakh")
    assert result.iloc[0]["id"] == "karabakh" and result.iloc[0]["exact"]
    assert atlas.search("Paris").empty and atlas.search("  ").empty


# ---------------------------------------------------------- a user's own units file
def test_own_units_file(tmp_path: Path) -> None:
    write_units(
        tmp_path / "units.geojson",
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
    (tmp_path / "one.yaml").write_text(
        textwrap.dedent("""\
        id: one
        date: 1920-01-01
        kind: treaty
        title: One
        author: Test
        document: {reference: ref}
        assignments:
          - {unit: west, party: persia, status: part_of, confidence: stated}
        """)
    )
    (tmp_path / "two.yaml").write_text(
        textwrap.dedent("""\
        id: two
        date: 1920-02-01
        kind: treaty
        title: Two
        author: Test
        document: {reference: ref}
        assignments:
          - {unit: a2, party: georgia, status: part_of, confidence: stated}
          - {unit: b, party: persia, status: part_of, confidence: stated}
        """)
    )
    atlas = territory.load(tmp_path)
    assert [version.id for version in atlas.versions] == [
        "one",
        "two",
    ]  # the built-in ones speak of other units
    table = atlas.diff("one", "two").set_index("unit")
    assert set(table.index) == {"a1", "a2", "b"}  # "west" compared by its parts
    assert (
        table.loc["a1", "status_change"] == "part_of -> not_covered"
        and not table.loc["a1", "changes_hands"]
    )
    assert bool(table.loc["a2", "changes_hands"]) and not table.loc["b", "changes_hands"]
    assert table.loc["b", "status_change"] == "not_covered -> part_of"
    assert atlas.holders("one+two") == {"a1": "persia", "a2": "georgia", "b": "persia"}


def _feature_collections(element) -> list[dict]:
    """The GeoJSON FeatureCollections drawn anywhere in a folium/branca element tree."""
    found = []
    for child in element._children.values():
        data = getattr(child, "data", None)
        if isinstance(data, dict) and data.get("type") == "FeatureCollection":
            found.append(data)
        found.extend(_feature_collections(child))
    return found


def test_delegations_return_maps_and_answers(atlas: territory.Atlas) -> None:
    import folium
    from branca.element import Figure

    scenario = f"{NOV29}+{JUNE_AUTONOMY}"
    explored = atlas.explore(JUNE)
    assert isinstance(explored, folium.Map)
    layer_units = list(atlas.layer(JUNE)["unit"])
    drawn = [collection for collection in _feature_collections(explored)
             if {feature["properties"].get("unit") for feature in collection["features"]} == set(layer_units)]  # fmt: skip
    assert drawn and all(len(collection["features"]) == len(layer_units) for collection in drawn)
    compared = atlas.compare(JUNE, DECEMBER)
    assert isinstance(compared, (Figure, folium.Map))
    assert len(_feature_collections(compared)) >= 2  # one layer per side at least
    assert isinstance(atlas.timeline_map(), folium.Map)
    assert isinstance(atlas.corridor_map(scenario, "turkey", "azerbaijan_ssr"), folium.Map)
    result = atlas.corridor(scenario, "turkey", "azerbaijan_ssr")
    assert result.connected  # Turkish Nakhchivan borders Zangezur given to Azerbaijan
    assert atlas.adjacency is atlas.adjacency  # built once
    assert atlas.adjacency.parent == {
        unit: atlas.hierarchy.parent_of(unit) for unit in atlas.units.index if atlas.hierarchy.parent_of(unit)
    }


def test_scenario_keeps_the_holder_under_an_unassigned_statement() -> None:
    atlas = territory.load()
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


def test_an_unassigned_parent_keeps_only_the_holders_of_its_parts(tmp_path: Path) -> None:
    template = textwrap.dedent("""\
        id: {id}
        date: {date}
        kind: proposal
        title: Unassigned test
        author: Test
        document: {{reference: A test reference}}
        assignments:
          - {assignment}
        """)
    (tmp_path / "west.yaml").write_text(template.format(
        id="test-west", date="1921-07-05",
        assignment="{unit: zangezur_west, party: armenia_ssr, status: part_of, confidence: stated}"))
    (tmp_path / "dropped.yaml").write_text(template.format(
        id="test-dropped", date="1921-07-06",
        assignment="{unit: zangezur, status: unassigned, confidence: stated}"))
    (tmp_path / "kars.yaml").write_text(template.format(
        id="test-kars", date="1921-07-04",
        assignment="{unit: kars, party: turkey, status: part_of, confidence: stated}"))  # fmt: skip
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
