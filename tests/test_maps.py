"""Tests of territory.maps: palette, escaping, deterministic ids, the four map kinds.

Map builders are tested on small synthetic layers (the ``map_units``, ``make_layer`` and
``diff_1_2`` fixtures of conftest: squares near 45 E, 40 N); the atlas wrappers on the
built-in atlas.
"""

from __future__ import annotations

import dataclasses
import json
import re

import pytest
import shapely
from branca.element import Element
from shapely.geometry import LineString

import territory
from territory.corridor import ChainLink, CorridorResult, SharedBorder
from territory.errors import MapError
from territory.maps import compare_map, corridor_map, explore_map
from territory.maps.changes import assigned_differently
from territory.maps.compare_map import build_dual_map, build_swipe_map
from territory.maps.context import MapContext, VersionInfo
from territory.maps.corridor_map import build_corridor_map
from territory.maps.display import DisplayGeometry
from territory.maps.html import page_html
from territory.maps.ids import deterministic_ids
from territory.maps.layers import unit_features
from territory.maps.palette import PARTY_COLOURS, STATUS_STYLES, Palette, status_key
from territory.maps.timeline_map import build_timeline_map
from territory.maps.version_map import build_version_map

HOSTILE = '<script>alert("x")</script> & <b>bold</b>'
#: The seed's corridor question in two scenarios: with Ordzhonikidze's June instruction
#: applied over the late-November de facto control the parties touch, without it not.
CORRIDOR_BASE = "1920-11-29-nakhchivan-taken"
CORRIDOR_JOINED = f"{CORRIDOR_BASE}+1920-06-20-ordzhonikidze"


@pytest.fixture()
def ctx(map_units) -> MapContext:
    versions = {v: VersionInfo(v, f"Title of {v}", date, "proposal", "Author", "Recipient",
                               f"Citation of {v}")
                for v, date in (("v1", "1920-06-20"), ("v2", "1920-11-20"))}
    return MapContext(units=map_units, party_names={"azerbaijan_ssr": "Soviet Azerbaijan",
                                                    "turkey": "Ankara government",
                                                    "rsfsr": "Soviet Russia"},
                      versions=versions)


def features_of(html: str) -> list[dict]:
    """The GeoJSON feature collections embedded in a page (``L.geoJson(<json>, {`` on one line)."""
    found = re.findall(r"L\.geoJson\((\{.*\}), \{[ \t]*$", html, re.MULTILINE)
    return [json.loads(text) for text in found]


# --------------------------------------------------------------------- palette
def test_party_colours_are_distinct_and_stable() -> None:
    palette = Palette(["zz_new", "turkey", "aa_new"])
    colours = [palette.colour(p) for p in palette.colours]
    assert len(set(colours)) == len(colours)
    assert palette.colour("turkey") == PARTY_COLOURS["turkey"]
    assert Palette(["aa_new", "zz_new"]).colour("aa_new") == palette.colour("aa_new")


def test_every_status_is_told_apart_without_colour() -> None:
    looks = {(s.pattern, s.dash, s.weight) for s in STATUS_STYLES.values()}
    assert len(looks) == len(STATUS_STYLES)
    hatches = {(s.mpl_hatch, str(s.mpl_linestyle)) for s in STATUS_STYLES.values()}
    assert len(hatches) == len(STATUS_STYLES)


def test_unknown_status_is_an_error() -> None:
    with pytest.raises(MapError, match="occupied"):
        status_key("occupied")
    assert status_key(None) == "not_covered"
    assert status_key("part_of", covered=False) == "not_covered"


def test_not_covered_units_are_grey_and_dotted(ctx: MapContext, make_layer, layer_1) -> None:
    data = unit_features(make_layer("v1", layer_1), ctx)
    south = next(f for f in data["features"] if f["properties"]["unit"] == "south")
    assert south["properties"]["style"]["dashArray"] == STATUS_STYLES["not_covered"].dash
    assert south["properties"]["style"]["fillColor"] == "#DDDDDD"
    west = next(f for f in data["features"] if f["properties"]["unit"] == "west")
    assert west["properties"]["style"]["fillColor"] == "url(#territory-hatch-turkey)"


def test_a_frame_without_every_layer_column_is_an_error(ctx: MapContext, make_layer,
                                                         layer_1) -> None:
    frame = make_layer("v1", layer_1).drop(columns=["note", "area_km2"])
    with pytest.raises(MapError, match=r"map layer: layer columns: expected unit, .*"
                                       r"\(missing note, area_km2\)"):
        unit_features(frame, ctx)


# --------------------------------------------------------------------- display geometry
def test_display_geometry_keeps_shared_borders(map_units) -> None:
    wiggly = map_units
    # a border with many tiny steps between west and middle: simplified identically on both sides
    steps = [(44.5 + (0.001 if i % 2 else 0.0), 40.0 + i * 0.005) for i in range(101)]
    left = shapely.Polygon([(44.0, 40.0), *steps, (44.0, 40.5)])
    right = shapely.Polygon([(45.0, 40.0), (45.0, 40.5), *reversed(steps)])
    wiggly.loc["west", "geometry"], wiggly.loc["middle", "geometry"] = left, right
    display = DisplayGeometry(wiggly, tolerance=0.005)
    simplified = display.units
    assert shapely.get_num_coordinates(simplified["west"]) < shapely.get_num_coordinates(left)
    assert simplified["west"].intersection(simplified["middle"]).area < 1e-9
    shared = simplified["west"].boundary.intersection(simplified["middle"].boundary)
    assert shared.length == pytest.approx(0.5, rel=0.01)


# --------------------------------------------------------------------- version map
def test_version_map_popups_legend_and_labels(ctx: MapContext, make_layer, layer_1) -> None:
    with deterministic_ids("b"):
        html = page_html(build_version_map(ctx, make_layer("v1", layer_1), "v1"))
    layers = features_of(html)
    assert len(layers) == 1 and len(layers[0]["features"]) == len(ctx.units)
    west = next(f for f in layers[0]["features"] if f["properties"]["unit"] == "west")
    popup = west["properties"]["popup"]
    for text in ("west-alias", "Ankara government", "occupied by", "stated", "a quote",
                 "Document of v1, footnote [3]"):
        assert text in popup
    assert "Soviet Russia" in html and "not covered by this version" in html
    assert "Title of v1" in html


def test_data_text_is_escaped(ctx: MapContext, make_layer, layer_1) -> None:
    layer = make_layer("v1", layer_1, quote=HOSTILE)
    layer.loc[0, "name"] = "<img src=x onerror=alert(1)>"
    with deterministic_ids("b"):
        html = page_html(build_version_map(ctx, layer, "v1"))
    assert "<script>alert" not in html and "<img src=x" not in html
    popups = [f["properties"]["popup"] for f in features_of(html)[0]["features"]]
    assert any("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;bold" in p for p in popups)


def test_same_input_same_bytes_and_ids_restored(ctx: MapContext, make_layer, layer_1) -> None:
    original = Element.__dict__["_generate_id"]
    pages = []
    for _ in range(2):
        with deterministic_ids("b"):
            map_ = build_version_map(ctx, make_layer("v1", layer_1), "v1")
        pages.append(page_html(map_))
    assert pages[0] == pages[1]
    assert Element.__dict__["_generate_id"] is original
    assert len(Element()._id) == 32  # random ids again outside the context


def test_self_contained_page_has_no_external_reference_and_a_strict_policy(
        ctx: MapContext, make_layer, layer_1, inline_code, csp_hash) -> None:
    with deterministic_ids("b"):
        html = page_html(build_version_map(ctx, make_layer("v1", layer_1), "v1"))
    assert not re.search(r"<(script|link)[^>]+(src|href)=", html)
    assert "jQuery" not in html
    for host in ("cdn.jsdelivr.net", "code.jquery.com", "cdnjs.cloudflare.com", "bootstrap"):
        assert host not in html
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1)
    assert "default-src 'none'" in policy and "unsafe-inline" not in policy
    inline = inline_code(html)
    assert inline["script"] and inline["style"]
    parts = [part.strip() for part in policy.split(";")]
    directives = dict(part.split(" ", 1) for part in parts if " " in part)
    for tag in ("script", "style"):
        listed = set(directives[f"{tag}-src"].split())
        assert listed == {csp_hash(body) for body in inline[tag]}, tag


def test_policy_also_allows_inline_code_with_attributes(ctx: MapContext, make_layer, layer_1,
                                                        inline_code, csp_hash) -> None:
    with deterministic_ids("b"):
        map_ = build_version_map(ctx, make_layer("v1", layer_1), "v1")
        extra = ('<script type="text/javascript">var a = 1;</script>'
                 '<style media="print">b { color: red; }</style>')
        map_.get_root().header.add_child(Element(extra))
        html = page_html(map_)
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1)
    inline = inline_code(html)
    for body in [*inline["script"], *inline["style"]]:
        assert csp_hash(body) in policy, body[:60]


def test_a_self_contained_page_that_links_a_script_is_an_error(ctx: MapContext, make_layer,
                                                               layer_1) -> None:
    with deterministic_ids("b"):
        map_ = build_version_map(ctx, make_layer("v1", layer_1), "v1", self_contained=False)
    with pytest.raises(MapError, match=r"self-contained page: external script or stylesheet: "
                                       r"expected none, got '<(script|link)"):
        page_html(map_)


def test_cdn_mode_links_only_leaflet(ctx: MapContext, make_layer, layer_1) -> None:
    with deterministic_ids("b"):
        html = page_html(build_version_map(ctx, make_layer("v1", layer_1), "v1", self_contained=False),
                         self_contained=False)
    links = re.findall(r'(?:src|href)="(https://[^"]+)"', html)
    assert sorted(link.rsplit("/", 1)[-1] for link in links) == ["leaflet.css", "leaflet.js"]


# --------------------------------------------------------------------- comparisons
def test_assigned_differently(ctx: MapContext, diff_1_2) -> None:
    changed = assigned_differently(ctx, diff_1_2)
    assert changed == {"middle": ("rsfsr", "azerbaijan_ssr")}


def test_a_parent_that_changed_hands_is_outlined_by_its_finest_units(ctx: MapContext,
                                                                     make_diff) -> None:
    ctx = dataclasses.replace(ctx, parent_children={"north": ("west", "middle")})
    diff = make_diff([{"unit": "north", "party_a": "rsfsr", "party_b": "turkey",
                       "assigned_differently": True},
                      {"unit": "east", "party_a": None, "party_b": "turkey"}])
    assert assigned_differently(ctx, diff) == {"middle": ("rsfsr", "turkey"), "west": ("rsfsr", "turkey")}


def test_dual_map_syncs_two_maps_and_outlines_changes(ctx: MapContext, make_layer, layer_1,
                                                      layer_2, diff_1_2) -> None:
    with deterministic_ids("b"):
        page = build_dual_map(ctx, make_layer("v1", layer_1), "v1", make_layer("v2", layer_2), "v2",
                              diff_1_2)
        html = page_html(page)
    assert html.count("L.map(") == 2
    assert html.count(".setView(source.getCenter()") == 1
    outlines = [f for layer in features_of(html) for f in layer["features"]
                if "territory-outline" in f["properties"]["style"]["className"]]
    assert sorted(f["properties"]["unit"] for f in outlines) == ["middle", "middle"]


def test_swipe_map_clips_two_panes(ctx: MapContext, make_layer, layer_1, layer_2,
                                   diff_1_2) -> None:
    with deterministic_ids("b"):
        html = page_html(build_swipe_map(ctx, make_layer("v1", layer_1), "v1",
                                         make_layer("v2", layer_2), "v2", diff_1_2))
    assert 'pane: "territory-left"' in html and 'pane: "territory-right"' in html
    assert "style.clip" in html and 'type = "range"' in html
    outlines = [f["properties"]["unit"] for layer in features_of(html) for f in layer["features"]
                if "territory-outline" in f["properties"]["style"]["className"]]
    assert outlines == ["middle"]


def test_compare_map_refuses_an_unknown_mode(atlas) -> None:
    first, last = atlas.versions[0].id, atlas.versions[-1].id
    with pytest.raises(MapError, match=r"compare_map\(mode\): mode: expected 'dual' or 'swipe', "
                                       r"got 'overlay'"):
        compare_map(atlas, first, last, mode="overlay")


def test_timeline_has_one_radio_layer_per_version_in_order(ctx: MapContext, make_layer, layer_1,
                                                           layer_2) -> None:
    layers = [("v1", make_layer("v1", layer_1)), ("v2", make_layer("v2", layer_2))]
    with deterministic_ids("b"):
        html = page_html(build_timeline_map(ctx, layers))
    base = re.search(r"base_layers : \{(.*?)\}", html, re.DOTALL).group(1)
    names = [json.loads(f'"{name}"') for name in re.findall(r'"([^"]+)" :', base)]
    assert names == ["1920-06-20 · v1", "1920-11-20 · v2"]
    assert "baselayerchange" in html


def test_a_timeline_without_versions_is_an_error(ctx: MapContext) -> None:
    with pytest.raises(MapError, match="timeline map: layers: expected at least one version"):
        build_timeline_map(ctx, [])


# --------------------------------------------------------------------- corridor
def test_corridor_map_draws_borders_with_length_and_the_wedge(ctx: MapContext, make_layer,
                                                             layer_2) -> None:
    border = LineString([(44.5, 40.0), (44.5, 40.5)])
    result = CorridorResult(
        scenario="v2", a="turkey", b="azerbaijan_ssr", within=None, connected=True,
        shared_border_km=42.46, shared_borders=(SharedBorder("west", "middle", 42.46, border),),
        wedges=(("west",),), wedges_complete=True, chain=(), chain_km=0.0, openings=(),
        openings_complete=True, components={}, crs="EPSG:4326")
    with deterministic_ids("b"):
        html = page_html(build_corridor_map(ctx, make_layer("v2", layer_2), "v2", result))
    assert "42.5 km" in html and "Wedge" in html and "Shared land border: 42.5 km" in html
    borders = [f for layer in features_of(html) for f in layer["features"]
               if f["properties"]["style"].get("className") == "territory-border"]
    assert len(borders) == 2  # white casing + black line
    wedge = [f for layer in features_of(html) for f in layer["features"]
             if "territory-outline-west" in f["properties"]["style"].get("className", "")]
    assert len(wedge) == 1


def test_corridor_map_shows_the_chain_when_apart(ctx: MapContext, make_layer, layer_1) -> None:
    result = CorridorResult(
        scenario="v1", a="turkey", b="azerbaijan_ssr", within=None, connected=False,
        shared_border_km=0.0, shared_borders=(), wedges=(), wedges_complete=True,
        chain=(ChainLink("west", "turkey"), ChainLink("middle", "rsfsr"),
               ChainLink("east", "azerbaijan_ssr")),
        chain_km=90.0, openings=(("middle",),), openings_complete=True, components={},
        crs="EPSG:4326")
    with deterministic_ids("b"):
        html = page_html(build_corridor_map(ctx, make_layer("v1", layer_1), "v1", result))
    assert "No shared land border" in html and "west (Ankara government) - middle" in html
    assert "Shortest chain" in html


# --------------------------------------------------------------------- atlas wrappers
@pytest.mark.parametrize("show", [
    pytest.param(lambda atlas: atlas.explore(atlas.versions[0].id), id="explore"),
    pytest.param(lambda atlas: atlas.compare(atlas.versions[0].id, atlas.versions[-1].id),
                 id="compare"),
    pytest.param(lambda atlas: atlas.timeline_map(), id="timeline_map"),
])
def test_atlas_methods_return_notebook_objects(atlas, show) -> None:
    assert "<iframe" in show(atlas)._repr_html_()


def test_explore_draws_every_row_of_the_layer(atlas) -> None:
    first = atlas.versions[0].id
    assert len(features_of(page_html(atlas.explore(first)))[0]["features"]) == len(atlas.layer(first))


@pytest.mark.parametrize(("scenario", "summary"), [
    pytest.param(CORRIDOR_JOINED, "Shared land border: 50.7 km", id="joined"),
    pytest.param(CORRIDOR_BASE, "No shared land border", id="apart"),
])
def test_corridor_map_of_the_atlas(atlas, scenario, summary) -> None:
    html = page_html(atlas.corridor_map(scenario, "turkey", "azerbaijan_ssr"))
    assert summary in html


@pytest.mark.parametrize(("draw", "arguments"), [
    pytest.param(explore_map, {}, id="explore_map"),
    pytest.param(corridor_map, {"a": "turkey", "b": "azerbaijan_ssr"}, id="corridor_map"),
])
def test_the_old_keyword_v_still_works_with_a_warning(atlas, draw, arguments) -> None:
    with pytest.warns(DeprecationWarning, match=r"\(v=\.\.\.\) is deprecated.*use scenario="):
        old = page_html(draw(atlas, v=CORRIDOR_JOINED, **arguments))
    assert old == page_html(draw(atlas, scenario=CORRIDOR_JOINED, **arguments))


def test_hostile_version_file_renders_as_text(atlas, write_version) -> None:
    unit = atlas.versions[0].assignments[0].unit
    party = min(atlas.parties)
    path = write_version(
        id="1920-07-01-hostile", date="1920-07-01", kind="proposal",
        title="A <script>alert(1)</script> title", author="X <b>Y</b>",
        document={"reference": "Ref <script>alert(2)</script>"},
        assignments=[{"unit": unit, "party": party, "status": "part_of", "confidence": "stated",
                      "quote": "<script>alert(3)</script>"}])
    hostile = territory.load([path])
    html = page_html(hostile.explore("1920-07-01-hostile"))
    assert "<script>alert" not in html
    popup = next(f["properties"]["popup"] for f in features_of(html)[0]["features"]
                 if f["properties"]["unit"] == unit)
    assert "&lt;script&gt;alert(3)&lt;/script&gt;" in popup


def test_tiles_are_opt_in_with_attribution(ctx: MapContext, make_layer, layer_1) -> None:
    layer = make_layer("v1", layer_1)
    with deterministic_ids("b"):
        plain = page_html(build_version_map(ctx, layer, "v1"))
        tiled = page_html(build_version_map(ctx, layer, "v1", tiles=True), tiles=True)
    assert "L.tileLayer" not in plain and "img-src data:;" in plain.replace('"', ";")
    assert "L.tileLayer" in tiled and "OpenStreetMap" in tiled and "img-src data: https:" in tiled


def test_cdn_lists_change_only_on_the_map_instance(ctx: MapContext, make_layer, layer_1) -> None:
    import folium

    before = (list(folium.Map.default_js), list(folium.Map.default_css))
    with deterministic_ids("b"):
        map_ = build_version_map(ctx, make_layer("v1", layer_1), "v1")
    assert map_.default_js == [] and map_.default_css == []
    assert (folium.Map.default_js, folium.Map.default_css) == before
    assert any(name == "bootstrap" for name, _ in folium.Map.default_js)
