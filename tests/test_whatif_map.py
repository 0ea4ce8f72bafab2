"""Tests of the what-if page's Python side: the data it embeds is the atlas's, the page is
deterministic, locked down and escaped. The page's answers are compared with Python's in a
real browser in tests/test_browser.py."""

from __future__ import annotations

import dataclasses
import json
import re

import pytest

from territory.maps.context import MapContext
from territory.maps.html import page_html
from territory.maps.ids import deterministic_ids
from territory.maps.plan import plan_maps
from territory.maps.whatif_data import short_names
from territory.maps.whatif_map import build_whatif_page
from territory.questions import scenarios_to_ask
from territory.resolve import Scenario
from territory.tables import layer_holders

HOSTILE = '</script><script>alert("x")</script> & <b>bold</b>'
DATA_BLOCK = re.compile(r'<script type="application/json" id="territory-whatif-data">(.*?)</script>', re.DOTALL)


def whatif_html(atlas, ctx: MapContext | None = None) -> str:
    scenarios = scenarios_to_ask(list(atlas.versions))
    with deterministic_ids("b"):
        page = build_whatif_page(atlas, ctx or MapContext.from_atlas(atlas), scenarios)
    return page_html(page)


@pytest.fixture(scope="module")
def page(atlas) -> str:
    return whatif_html(atlas)


@pytest.fixture(scope="module")
def data(page) -> dict:
    return json.loads(DATA_BLOCK.search(page).group(1))


def test_the_plan_ends_with_the_whatif_page_of_every_version_and_scenario(atlas) -> None:
    spec = plan_maps(atlas)[-1]
    assert (spec.id, spec.kind, spec.static) == ("whatif", "whatif", False)
    assert list(spec.scenarios) == scenarios_to_ask(list(atlas.versions))


def test_the_embedded_graph_is_the_atlas_graph_with_full_float_km(atlas, data) -> None:
    graph = atlas.adjacency
    assert [unit["id"] for unit in data["units"]] == list(graph.units)
    assert {unit["id"]: unit["parent"] for unit in data["units"]} == {u: graph.parent.get(u) for u in graph.units}
    assert data["borders"] == [[b.a, b.b, b.km] for b in graph.borders.values()]
    assert any(km != round(km, 3) for _, _, km in data["borders"])  # not rounded: sums match Python's
    assert {p["id"] for p in data["parents"]} == set(graph.parent.values())
    assert data["max_sets"] == 50


def test_the_embedded_holders_are_those_the_corridor_questions_are_asked_of(atlas, data) -> None:
    scenarios = scenarios_to_ask(list(atlas.versions))
    assert [start["id"] for start in data["starts"]] == scenarios
    for start in data["starts"]:
        parsed = Scenario.parse(start["id"])
        resolved = atlas._resolver.resolve(parsed, "test")
        assert start["holders"] == layer_holders(atlas.hierarchy, resolved), start["id"]
    assert any(unit in atlas.parents for start in data["starts"] for unit in start["holders"])
    assert data["defaults"] == {"start": "1920-11-29-nakhchivan-taken", "a": "turkey", "b": "azerbaijan_ssr"}


def test_the_parties_are_the_atlas_parties_with_the_palette_colours(atlas, data) -> None:
    ctx = MapContext.from_atlas(atlas)
    assert sorted(p["id"] for p in data["parties"]) == sorted(atlas.parties)
    for party in data["parties"]:
        assert party["name"] == atlas.parties[party["id"]].name
        assert party["colour"] == ctx.palette.colour(party["id"])


def test_every_unit_is_drawn_labelled_and_every_border_has_a_line(atlas, data) -> None:
    units = list(atlas.adjacency.units)
    assert [f["properties"]["unit"] for f in data["shapes"]["features"]] == units
    assert [label[0] for label in data["labels"]] == units
    assert [[line["a"], line["b"]] for line in data["lines"]] == [list(pair) for pair in atlas.adjacency.borders]


def test_short_labels_keep_names_that_would_read_the_same() -> None:
    names = {"a": "Jebrail uezd (without X)", "b": "Zangezur (east)", "c": "Zangezur (west)", "d": "Lori"}
    assert short_names(names) == {"a": "Jebrail uezd", "b": "Zangezur (east)", "c": "Zangezur (west)",
                                  "d": "Lori"}


def test_the_page_is_deterministic_locked_down_and_accessible(atlas, page, inline_code, csp_hash) -> None:
    assert whatif_html(atlas) == page
    assert page.startswith('<!DOCTYPE html>\n<html lang="en">')
    assert page.count("<main") == 1 and page.count("<h1>") == 1
    assert not re.search(r"<(script|link)[^>]+(src|href)=", page)
    assert not re.search(r"\son[a-z]+=", leaflet_free(page))  # no inline event handlers
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1)
    assert "default-src 'none'" in policy
    inline = inline_code(page)
    listed = set(re.search(r"script-src ([^;]*)", policy).group(1).split())
    assert listed == {csp_hash(body) for body in inline["script"]}
    assert 'style="' not in leaflet_free(page)


def leaflet_free(page: str) -> str:
    """The page's own markup: the body without its scripts."""
    body = page[page.index("<body>"):]
    return re.sub(r"<script\b.*?</script>", "", body, flags=re.DOTALL)


def test_data_text_is_escaped_in_the_json_block(atlas) -> None:
    ctx = MapContext.from_atlas(atlas)
    hostile = dataclasses.replace(ctx, party_names={**ctx.party_names, "turkey": HOSTILE},
                                  parent_names={**ctx.parent_names, "zangezur": HOSTILE})
    page = whatif_html(atlas, hostile)
    block = DATA_BLOCK.search(page).group(1)
    assert "<" not in block and ">" not in block and "&" not in block
    data = json.loads(block)
    assert next(p["name"] for p in data["parties"] if p["id"] == "turkey") == HOSTILE
    assert next(p["name"] for p in data["parents"] if p["id"] == "zangezur") == HOSTILE
    assert "alert" not in leaflet_free(page).replace(block, "")
