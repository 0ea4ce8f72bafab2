"""Tests of the built-in corridor questions: how a question picks its sides in a layer, and
that ``Atlas.ask`` answers them as the finest unit graph says, for every version and scenario."""

from __future__ import annotations

import pytest

import territory
from territory.errors import NoTerritoryError, UnknownIdError
from territory.questions import (
    QUESTIONS,
    UNITS_PREFIX,
    Question,
    answer_line,
    corridor_scenarios,
    scenarios_to_ask,
)


@pytest.fixture(scope="module")
def every_scenario(atlas: territory.Atlas) -> list[str]:
    return scenarios_to_ask(list(atlas.versions))


def finest_holders(atlas: territory.Atlas, scenario: str) -> dict[str, str | None]:
    """``finest unit -> party`` of a scenario, from its layer (a parent's holder for its parts)."""
    held = {}
    for unit, party in atlas.holders(scenario).items():
        for finest in atlas.hierarchy.finest(unit):
            held[finest] = party
    return held


def test_a_side_of_parties_is_its_first_party_holding_land(atlas: territory.Atlas) -> None:
    question = QUESTIONS["armenia-persia"]
    holders = {"zangezur": "armenia_republic", "erivan": "armenia_ssr", "persia": "persia"}
    assignment, a, b = question.sides(holders, atlas.hierarchy)
    assert (a, b) == ("armenia_ssr", "persia") and assignment == holders
    assignment, a, b = question.sides({"zangezur": "mountainous_armenia", "persia": "persia"},
                                      atlas.hierarchy)
    assert a == "mountainous_armenia"


def test_a_side_of_units_takes_the_units_wholly_inside_it(atlas: territory.Atlas) -> None:
    question = QUESTIONS["azerbaijan-nakhchivan"]
    label = UNITS_PREFIX + "nakhchivan+ordubad"
    holders = {"nakhchivan": "turkey", "ordubad": None, "sharur_daralagez": "azerbaijan_ssr",
               "azerbaijan": "azerbaijan_ssr"}
    assignment, a, b = question.sides(holders, atlas.hierarchy)
    assert (a, b) == ("azerbaijan_ssr", label)
    assert assignment == {"nakhchivan": label, "ordubad": label,
                          "sharur_daralagez": "azerbaijan_ssr", "azerbaijan": "azerbaijan_ssr"}
    # the units leave their holder: an Azerbaijan holding only Nakhchivan has nothing else
    with pytest.raises(NoTerritoryError) as nothing:
        question.sides({"nakhchivan": "azerbaijan_ssr", "ordubad": "azerbaijan_ssr"}, atlas.hierarchy)
    assert nothing.value.parties == ("azerbaijan_ssr or azerbaijan_democratic_republic",)


def test_a_question_is_of_parties_or_of_units_not_both() -> None:
    with pytest.raises(ValueError, match="either parties or units"):
        Question("q", "both", ("turkey",), ("persia",), ("karabakh",))
    with pytest.raises(ValueError, match="either parties or units"):
        Question("q", "neither", ("turkey",))


def test_wedges_and_openings_are_districts_outside_the_side_of_units(atlas: territory.Atlas) -> None:
    negotiable = QUESTIONS["armenia-karabakh"].negotiable(atlas.hierarchy)
    assert "karabakh" not in negotiable and "zangezur_west" in negotiable
    assert all(atlas.hierarchy.kind(unit) == "focus" for unit in negotiable)
    assert set(QUESTIONS["turkey-azerbaijan"].negotiable(atlas.hierarchy)) == {
        unit for unit in atlas.hierarchy.finest_ids if atlas.hierarchy.kind(unit) == "focus"}


@pytest.mark.parametrize("question", list(QUESTIONS))
def test_every_answer_is_what_the_unit_graph_says(atlas: territory.Atlas, every_scenario: list[str],
                                                   question: str) -> None:
    """Connected exactly when a finest unit of side A borders one of side B, measured
    on the finest graph; the sides are the first parties of each side holding land."""
    spec = QUESTIONS[question]
    graph = atlas.adjacency
    answered = 0
    for scenario in every_scenario:
        held = finest_holders(atlas, scenario)
        inside = {f for unit in spec.units for f in atlas.hierarchy.finest(unit)}
        rest = {unit: party for unit, party in held.items() if unit not in inside}
        a = next((p for p in spec.a if p in rest.values()), None)
        if spec.units:
            b_units = inside
            b = UNITS_PREFIX + "+".join(spec.units)
        else:
            b = next((p for p in spec.b if p in rest.values()), None)
            b_units = {unit for unit, party in rest.items() if party == b}
        if a is None or b is None:
            with pytest.raises(NoTerritoryError):
                atlas.ask(question, scenario)
            continue
        result = atlas.ask(question, scenario)
        a_units = {unit for unit, party in rest.items() if party == a}
        touching = any(near in b_units for unit in a_units for near in graph.neighbours[unit])
        assert (result.a, result.b, result.connected) == (a, b, touching), scenario
        answered += 1
    assert answered >= 5  # each question is answerable in the seed's scenarios


def test_unknown_question_is_named(atlas: territory.Atlas) -> None:
    with pytest.raises(UnknownIdError, match="question: .*armenia-karabakh.*got 'armenia-karabah'"):
        atlas.ask("armenia-karabah", atlas.versions[0].id)


def test_the_1920_scenarios_are_the_november_layer_with_each_proposal(atlas: territory.Atlas) -> None:
    scenarios = corridor_scenarios(list(atlas.versions))
    base = scenarios[0]
    assert atlas.version(base).kind == "de_facto" and atlas.version(base).date.not_after.month <= 11
    for scenario in scenarios[1:]:
        first, second = scenario.split("+")
        assert first == base and atlas.version(second).kind != "de_facto"
        assert atlas.version(second).date.not_after.year == 1920
    assert "1920-11-29-nakhchivan-taken+1920-06-20-ordzhonikidze" in scenarios


def test_answer_lines_say_the_answer(atlas: territory.Atlas) -> None:
    joined = "1920-11-29-nakhchivan-taken+1920-06-20-ordzhonikidze"
    line = answer_line(atlas.ask("turkey-azerbaijan", joined).to_dict())
    assert line.startswith("turkey / azerbaijan_ssr: yes, ") and "wedge: nakhchivan" in line
    line = answer_line(atlas.ask("turkey-azerbaijan", "1920-11-29-nakhchivan-taken").to_dict())
    assert line.startswith("turkey / azerbaijan_ssr: no; chain: nakhchivan (turkey)")
    assert answer_line({"connected": None, "holds_nothing": ["persia"]}) == (
        "no answer: holds no unit: persia")
