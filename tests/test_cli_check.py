"""Tests of ``territory check``, driven through click's runner, asserting on the parsed JSON."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pyproj
import pytest
import shapely

from territory.questions import QUESTIONS, scenarios_to_ask

GEOD = pyproj.Geod(ellps="WGS84")
LATE_NOVEMBER = "1920-11-29-nakhchivan-taken"
JUNE = "1920-06-20-chicherin"
JUNE_AUTONOMY = "1920-06-20-ordzhonikidze"
DECEMBER = "1920-12-01-narimanov"


@pytest.fixture()
def user_versions(write_version) -> Path:
    """A user's version file: Turkish Nakhchivan alone, to lay over a proposal. (The built-in
    late-November version inherits Zangezur from earlier versions, so "A+B" with it
    last would also bring back the earlier holder of Zangezur.)"""
    path = write_version(
        id="test-turkish-nakhchivan",
        date="1920-11-29",
        kind="de_facto",
        title="Nakhchivan under Turkish control (test file)",
        author="test",
        document={"reference": "Seed, footnote [16]: 'the Turks have freed for themselves Nakhchivan'"},
        assignments=[
            {"unit": "nakhchivan", "party": "turkey", "status": "occupied_by", "confidence": "stated"}
        ],
    )
    return path.parent


def shares_border(units: gpd.GeoDataFrame, a: str, b: str) -> bool:
    shared = units.geometry[a].boundary.intersection(units.geometry[b].boundary)
    return GEOD.geometry_length(shared) > 1.0


def geodesic_border_km(units: gpd.GeoDataFrame, a: list[str], b: list[str]) -> float:
    """Length on the ellipsoid of the boundary shared by the units ``a`` and the units ``b``."""
    union_a = shapely.union_all(units.geometry.loc[a].values)
    union_b = shapely.union_all(units.geometry.loc[b].values)
    return GEOD.geometry_length(union_a.boundary.intersection(union_b.boundary)) / 1000


def test_the_versions_asked_about_are_built_in(atlas):
    assert {LATE_NOVEMBER, JUNE, DECEMBER} <= {version.id for version in atlas.versions}


def test_json_has_the_agreed_fields(cli):
    data = cli.json("check", f"{LATE_NOVEMBER}+{JUNE}", "--between", "turkey", "azerbaijan_ssr")
    assert {"scenario", "a", "b", "connected", "shared_border_km", "wedge", "wedges", "chain", "openings",
            "components"} <= set(data)
    assert data["scenario"] == f"{LATE_NOVEMBER}+{JUNE}"
    assert (data["a"], data["b"]) == ("turkey", "azerbaijan_ssr")
    assert isinstance(data["connected"], bool) and isinstance(data["shared_border_km"], (int, float))


def test_turkish_nakhchivan_borders_an_azerbaijani_zangezur(atlas, cli):
    # Late November: the Turkish army holds Nakhchivan; Ordzhonikidze's instruction of 20 June
    # gives Zangezur to Azerbaijan (as an autonomy) and drops the demand for Nakhchivan.
    data = cli.json("check", f"{LATE_NOVEMBER}+{JUNE_AUTONOMY}", "--between", "turkey", "azerbaijan_ssr")
    assert data["connected"] is True
    assert [(s["unit_a"], s["unit_b"]) for s in data["shared_borders"]] == [("nakhchivan", "zangezur")]
    expected_km = geodesic_border_km(atlas.units, ["nakhchivan"], ["zangezur_west", "zangezur_east"])
    assert expected_km > 10
    assert data["shared_border_km"] == pytest.approx(expected_km, rel=0.01)
    assert data["shared_borders"][0]["km"] == pytest.approx(expected_km, rel=0.01)


def test_an_azerbaijani_zangezur_gives_turkish_nakhchivan_a_border_and_an_armenian_one_cuts_it(atlas, cli, user_versions):
    units = atlas.units
    # Geometry facts the conclusions rest on, read from the units here.
    assert shares_border(units, "nakhchivan", "zangezur_west")
    azerbaijan = list(atlas.hierarchy.finest("azerbaijan"))
    assert any(shares_border(units, part, other) for part in ("zangezur_east", "zangezur_west") for other in azerbaijan)
    assert not any(shares_border(units, "nakhchivan", other) for other in azerbaijan)
    assert not shares_border(units, "nakhchivan", "karabakh")

    june = f"{LATE_NOVEMBER}+{JUNE}+test-turkish-nakhchivan"
    data = cli.json("check", june, "--between", "turkey", "azerbaijan_ssr", "--data", str(user_versions))
    assert data["connected"] is True
    stretches = {(s["unit_a"], s["unit_b"]) for s in data["shared_borders"]}
    assert ("nakhchivan", "zangezur") in stretches
    # Turkey's other units (surmali, kars, anatolia) border no Azerbaijani unit, checked here:
    turkish_finest = [u for u, p in atlas.holders(LATE_NOVEMBER).items() if p == "turkey" and u != "nakhchivan"]
    azerbaijani_finest = [*azerbaijan, "karabakh", "zangezur_west", "zangezur_east"]
    assert not any(shares_border(units, t, z) for t in turkish_finest for z in azerbaijani_finest)
    assert stretches == {("nakhchivan", "zangezur")}
    assert sorted(data["wedges"]) == [["nakhchivan"], ["zangezur"]]
    within = cli.json("check", june, "--between", "turkey", "azerbaijan_ssr", "--within", "zangezur,karabakh",
                      "--data", str(user_versions))
    assert within["wedges"] == [["zangezur"]]

    december = f"{LATE_NOVEMBER}+{DECEMBER}+test-turkish-nakhchivan"
    data = cli.json("check", december, "--between", "turkey", "azerbaijan_ssr", "--data", str(user_versions))
    assert data["connected"] is False and data["wedge"] == []
    assert len(data["chain"]) == 3  # one unit between the two territories
    assert ["zangezur"] in data["openings"]  # it borders Turkish Nakhchivan and Azerbaijan (above)
    holders = {link["unit"]: link["holder"] for link in data["chain"]}
    assert holders[data["chain"][0]["unit"]] == "turkey" and holders[data["chain"][-1]["unit"]] == "azerbaijan_ssr"


def test_all_versions_table_and_json(atlas, cli):
    rows = cli.json("check", "--all", "--between", "turkey", "armenia_republic")
    ids = [version.id for version in atlas.versions]
    assert [row["scenario"] for row in rows] == scenarios_to_ask(list(atlas.versions))
    assert [row["scenario"] for row in rows][: len(ids)] == ids
    for row in rows:
        holders = atlas.holders(row["scenario"])
        held = set(holders.values())
        if {"turkey", "armenia_republic"} <= held:
            # measured here on the ellipsoid, from the finest units each party holds
            expected_km = geodesic_border_km(
                atlas.units,
                [unit for unit, party in holders.items() if party == "turkey"],
                [unit for unit, party in holders.items() if party == "armenia_republic"],
            )
            assert row["connected"] == (expected_km > 0.01)
            assert row["shared_border_km"] == pytest.approx(expected_km, rel=0.01)
        else:
            assert row["connected"] is None
            assert row["holds_nothing"] == [p for p in ("turkey", "armenia_republic") if p not in held]
    result = cli.run("check", "--all", "--between", "turkey", "armenia_republic")
    assert result.code == 0
    for version in atlas.versions:
        assert version.id in result.output


def test_text_output_names_the_answer(cli):
    result = cli.run("check", f"{LATE_NOVEMBER}+{JUNE}", "--between", "turkey", "azerbaijan_ssr")
    assert result.code == 0
    assert "connected: no" in result.output and "shortest chain" in result.output
    assert "persia" in result.output  # the one unit between Turkey and Azerbaijani Zangezur
    result = cli.run("check", f"{LATE_NOVEMBER}+{JUNE}", "--between", "rsfsr", "azerbaijan_ssr")
    assert result.code == 0 and "connected: yes" in result.output and "smallest wedge" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((f"{LATE_NOVEMBER}", "--between", "turky", "azerbaijan_ssr"), "--between: unknown party 'turky'; did you mean turkey"),
        ((f"{LATE_NOVEMBER}", "--between", "turkey", "armenia_ssr"), "armenia_ssr"),
        (("1920-11-29-nakhchivan-takn", "--between", "turkey", "azerbaijan_ssr"),
         "VERSION_OR_SCENARIO: unknown version '1920-11-29-nakhchivan-takn'; did you mean 1920-11-29-nakhchivan-taken"),
        ((f"{LATE_NOVEMBER}", "--between", "turkey", "azerbaijan_ssr", "--within", "zangzur"),
         "--within: unknown unit 'zangzur'; did you mean zangezur"),
        ((f"{LATE_NOVEMBER}", "--between", "turkey", "nobody"),
         "--between: unknown party 'nobody'; known party ids: armenia_republic, armenia_ssr"),
    ],
)
def test_errors_are_one_line_and_non_zero(cli, args, message):
    result = cli.run("check", *args)
    assert result.code != 0
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and message in lines[0]


@pytest.mark.parametrize(
    "args",
    [("--between", "turkey", "persia"), (LATE_NOVEMBER, "--all", "--between", "turkey", "persia")],
    ids=["neither", "both"],
)
def test_scenario_or_all_but_not_both(cli, args):
    assert cli.run("check", *args).code != 0


def test_output_is_deterministic(cli):
    first = cli.run("check", f"{LATE_NOVEMBER}+{DECEMBER}", "--between", "turkey", "armenia_ssr", "--json")
    second = cli.run("check", f"{LATE_NOVEMBER}+{DECEMBER}", "--between", "turkey", "armenia_ssr", "--json")
    assert first == second  # same bytes from a fresh load each time


def test_the_built_in_questions_for_every_version_and_scenario(atlas, cli):
    rows = cli.json("check", "--all")
    scenarios = scenarios_to_ask(list(atlas.versions))
    assert [(row["question"], row["scenario"]) for row in rows] == [
        (question, scenario) for question in QUESTIONS for scenario in scenarios]
    for row in rows:
        if row["connected"] is not None:  # the same answer as the API's
            assert row == {"question": row["question"], **atlas.ask(row["question"], row["scenario"]).to_dict()}
    text = cli.run("check", "--all")
    assert text.code == 0
    for question in QUESTIONS.values():
        assert f"{question.id}: {question.title}" in text.output


def test_one_question_of_one_scenario(atlas, cli):
    scenario = f"{LATE_NOVEMBER}+{DECEMBER}"
    rows = cli.json("check", scenario, "--question", "armenia-persia")
    assert [row["question"] for row in rows] == ["armenia-persia"]
    assert rows[0]["a"] == "armenia_ssr" and rows[0]["b"] == "persia" and rows[0]["connected"] is True
    result = cli.run("check", scenario, "--question", "azerbaijan-karabakh")
    assert result.code != 0 and "--question" in result.output and "armenia-karabakh" in result.output
    assert cli.run("check", scenario, "--question", "armenia-persia", "--between", "turkey", "persia").code != 0
