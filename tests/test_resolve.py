"""Tests of territory.resolve: the scenario value.

The scenario rules themselves (extends, B over A, unassigned statements) are asked of the
atlas, whose methods apply them: see test_atlas.py.
"""

from __future__ import annotations

import pytest

from territory.resolve import Scenario


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("A + B", ("A", "B")),
        ("A+B", ("A", "B")),
        (" A ", ("A",)),
        (
            "1920-11-29-nakhchivan-taken+1920-06-20-chicherin+C",
            ("1920-11-29-nakhchivan-taken", "1920-06-20-chicherin", "C"),
        ),
    ],
)
def test_parse_splits_at_plus_and_ignores_spaces(text: str, parts: tuple[str, ...]) -> None:
    assert Scenario.parse(text).parts == parts


def test_the_text_of_a_scenario_has_no_spaces() -> None:
    assert str(Scenario.parse("A + B")) == "A+B"
    assert str(Scenario.parse(" A ")) == "A"


def test_a_scenario_is_a_value() -> None:
    assert Scenario.parse("A + B") == Scenario.parse("A+B")
    assert Scenario.parse("A+B") != Scenario.parse("B+A")
    assert len({Scenario.parse("A + B"), Scenario.parse("A+B")}) == 1
