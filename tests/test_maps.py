"""Tests of territory.maps: palette, escaping, deterministic ids, the four map kinds.

Map builders are tested on small synthetic layers (squares near 45 E, 40 N); the
atlas wrappers on the built-in atlas.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from html.parser import HTMLParser

import geopandas as gpd
import pytest
import shapely
from branca.element import Element
from shapely.geometry import LineString, box

from territory.corridor import ChainLink, CorridorResult, SharedBorder
from territory.maps.compare_map import build_dual_map, build_swipe_map
from territory.maps.context import MapContext, VersionInfo
from territory.maps.corridor_map import build_corridor_map
from territory.maps.display import DisplayGeometry
from territory.maps.html import page_html
from territory.maps.ids import deterministic_ids
from territory.maps.layers import changed_hands, unit_features
from territory.maps.palette import PARTY_COLOURS, STATUS_STYLES, Palette, status_key
from territory.maps.timeline_map import build_timeline_map
from territory.maps.version_map import build_version_map

UNITS = ["west", "middle", "east", "south"]
CELLS = {
    "west": box(44.0, 40.0, 44.5, 40.5),
    "middle": box(44.5, 40.0, 45.0, 40.5),
    "east": box(45.0, 40.0, 45.5, 40.5),
    "south": box(44.0, 39.5, 45.5, 40.0),
}
HOSTILE = '<script>alert("x")</script> & <b>bold</b>'


def make_units() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"name": [u.title() for u in UNITS], "aliases": [[f"{u}-alias"] for u in UNITS],
         "kind": ["focus", "focus", "context", "context"]},
        geometry=[CELLS[u] for u in UNITS], index=UNITS, crs=4326)


def make_layer(version: str, assignments: dict[str, tuple[str | None, str]],
               quote: str = "a quote") -> gpd.GeoDataFrame:
    rows = []
    for unit in UNITS:
        covered = unit in assignments
        party, status = assignments.get(unit, (None, "not_covered"))
        rows.append({"unit": unit, "name": unit.title(), "party": party, "status": status,
                     "confidence": "stated" if covered else None,
                     "source": f"Document of {version}, footnote [3]" if covered else None,
                     "quote": quote if covered else None, "version": version if covered else None,
                     "covered": covered, "geometry": CELLS[unit]})
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=4326)


@pytest.fixture()
def ctx() -> MapContext:
    versions = {v: VersionInfo(v, f"Title of {v}", date, "proposal", "Author", "Recipient",
                               f"Citation of {v}")
                for v, date in (("v1", "1920-06-20"), ("v2", "1920-11-20"))}
    return MapContext(units=make_units(), party_names={"azerbaijan_ssr": "Soviet Azerbaijan",
                                                       "turkey": "Ankara government",
                                                       "rsfsr": "Soviet Russia"},
                      versions=versions)


LAYER_1 = {"west": ("turkey", "occupied_by"), "middle": ("rsfsr", "part_of"),
           "east": ("azerbaijan_ssr", "part_of")}
LAYER_2 = {"west": ("turkey", "part_of"), "middle": ("azerbaijan_ssr", "autonomy_within"),
           "east": ("azerbaijan_ssr", "part_of")}


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
    with pytest.raises(ValueError, match="occupied"):
        status_key("occupied")
    assert status_key(None) == "not_covered"
    assert status_key("part_of", covered=False) == "not_covered"


def test_not_covered_units_are_grey_and_dotted(ctx: MapContext) -> None:
    data = unit_features(make_layer("v1", LAYER_1), ctx)
    south = next(f for f in data["features"] if f["properties"]["unit"] == "south")
    assert south["properties"]["style"]["dashArray"] == STATUS_STYLES["not_covered"].dash
    assert south["properties"]["style"]["fillColor"] == "#DDDDDD"
    west = next(f for f in data["features"] if f["properties"]["unit"] == "west")
    assert west["properties"]["style"]["fillColor"] == "url(#territory-hatch-turkey)"


# --------------------------------------------------------------------- display geometry
def test_display_geometry_keeps_shared_borders() -> None:
    wiggly = make_units()
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
def test_version_map_popups_legend_and_labels(ctx: MapContext) -> None:
    with deterministic_ids("b"):
        html = page_html(build_version_map(ctx, make_layer("v1", LAYER_1), "v1"))
    layers = features_of(html)
    assert len(layers) == 1 and len(layers[0]["features"]) == len(UNITS)
    west = next(f for f in layers[0]["features"] if f["properties"]["unit"] == "west")
    popup = west["properties"]["popup"]
    for text in ("west-alias", "Ankara government", "occupied by", "stated", "a quote",
                 "Document of v1, footnote [3]"):
        assert text in popup
    assert "Soviet Russia" in html and "not covered by this version" in html
    assert "Title of v1" in html


def test_data_text_is_escaped(ctx: MapContext) -> None:
    layer = make_layer("v1", LAYER_1, quote=HOSTILE)
    layer.loc[0, "name"] = "<img src=x onerror=alert(1)>"
    with deterministic_ids("b"):
        html = page_html(build_version_map(ctx, layer, "v1"))
    assert "<script>alert" not in html and "<img src=x" not in html
    popups = [f["properties"]["popup"] for f in features_of(html)[0]["features"]]
    assert any("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;bold" in p for p in popups)


def test_same_input_same_bytes_and_ids_restored(ctx: MapContext) -> None:
    original = Element.__dict__["_generate_id"]
    pages = []
    for _ in range(2):
        with deterministic_ids("b"):
            map_ = build_version_map(ctx, make_layer("v1", LAYER_1), "v1")
        pages.append(page_html(map_))
    assert pages[0] == pages[1]
    assert Element.__dict__["_generate_id"] is original
    assert len(Element()._id) == 32  # random ids again outside the context


def test_self_contained_page_has_no_external_reference_and_a_strict_policy(ctx: MapContext) -> None:
    with deterministic_ids("b"):
        html = page_html(build_version_map(ctx, make_layer("v1", LAYER_1), "v1"))
    assert not re.search(r"<(script|link)[^>]+(src|href)=", html)
    for host in ("cdn.jsdelivr.net", "code.jquery.com", "cdnjs.cloudflare.com", "bootstrap"):
        assert host not in html
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1)
    assert "default-src 'none'" in policy and "unsafe-inline" not in policy
    inline = _inline_code(html)
    assert inline["script"] and inline["style"]
    parts = [part.strip() for part in policy.split(";")]
    directives = dict(part.split(" ", 1) for part in parts if " " in part)
    for tag in ("script", "style"):
        listed = set(directives[f"{tag}-src"].split())
        assert listed == {_csp_hash(body) for body in inline[tag]}, tag


def test_policy_also_allows_inline_code_with_attributes(ctx: MapContext) -> None:
    with deterministic_ids("b"):
        map_ = build_version_map(ctx, make_layer("v1", LAYER_1), "v1")
        extra = ('<script type="text/javascript">var a = 1;</script>'
                 '<style media="print">b { color: red; }</style>')
        map_.get_root().header.add_child(Element(extra))
        html = page_html(map_)
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1)
    inline = _inline_code(html)
    for body in [*inline["script"], *inline["style"]]:
        assert _csp_hash(body) in policy, body[:60]


class _InlineCode(HTMLParser):
    """Every <script>/<style> body of a page, found by an HTML parser (not the policy's regex)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.bodies: dict[str, list[str]] = {"script": [], "style": []}
        self.policy: list[str] = []
        self._open: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.bodies:
            self._open = tag
            self.bodies[tag].append("")
        if tag == "meta" and dict(attrs).get("http-equiv") == "Content-Security-Policy":
            self.policy.append(dict(attrs)["content"])

    def handle_data(self, data: str) -> None:
        if self._open:
            self.bodies[self._open][-1] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == self._open:
            self._open = None


def _inline_code(html: str) -> dict[str, list[str]]:
    parser = _InlineCode()
    parser.feed(html)
    parser.close()
    assert len(parser.policy) == 1
    return parser.bodies


def _csp_hash(body: str) -> str:
    digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
    return f"'sha256-{digest}'"


def test_cdn_mode_links_only_leaflet_and_jquery(ctx: MapContext) -> None:
    with deterministic_ids("b"):
        html = page_html(build_version_map(ctx, make_layer("v1", LAYER_1), "v1", self_contained=False),
                         self_contained=False)
    links = re.findall(r'(?:src|href)="(https://[^"]+)"', html)
    assert sorted(link.rsplit("/", 1)[-1] for link in links) == ["jquery-3.7.1.min.js", "leaflet.css",
                                                                 "leaflet.js"]


# --------------------------------------------------------------------- comparisons
def test_changed_hands(ctx: MapContext) -> None:
    changed = changed_hands(ctx, make_layer("v1", LAYER_1), make_layer("v2", LAYER_2))
    assert changed == {"middle": ("rsfsr", "azerbaijan_ssr")}


def test_dual_map_syncs_two_maps_and_outlines_changes(ctx: MapContext) -> None:
    with deterministic_ids("b"):
        page = build_dual_map(ctx, make_layer("v1", LAYER_1), "v1", make_layer("v2", LAYER_2), "v2")
        html = page_html(page)
    assert html.count("L.map(") == 2
    assert html.count(".setView(source.getCenter()") == 1
    outlines = [f for layer in features_of(html) for f in layer["features"]
                if "territory-outline" in f["properties"]["style"]["className"]]
    assert sorted(f["properties"]["unit"] for f in outlines) == ["middle", "middle"]


def test_swipe_map_clips_two_panes(ctx: MapContext) -> None:
    with deterministic_ids("b"):
        html = page_html(build_swipe_map(ctx, make_layer("v1", LAYER_1), "v1",
                                         make_layer("v2", LAYER_2), "v2"))
    assert 'pane: "territory-left"' in html and 'pane: "territory-right"' in html
    assert "style.clip" in html and 'type = "range"' in html


def test_timeline_has_one_radio_layer_per_version_in_order(ctx: MapContext) -> None:
    layers = [("v1", make_layer("v1", LAYER_1)), ("v2", make_layer("v2", LAYER_2))]
    with deterministic_ids("b"):
        html = page_html(build_timeline_map(ctx, layers))
    base = re.search(r"base_layers : \{(.*?)\}", html, re.DOTALL).group(1)
    names = [json.loads(f'"{name}"') for name in re.findall(r'"([^"]+)" :', base)]
    assert names == ["1920-06-20 · v1", "1920-11-20 · v2"]
    assert "baselayerchange" in html


# --------------------------------------------------------------------- corridor
def test_corridor_map_draws_borders_with_length_and_the_wedge(ctx: MapContext) -> None:
    border = LineString([(44.5, 40.0), (44.5, 40.5)])
    result = CorridorResult(
        scenario="v2", a="turkey", b="azerbaijan_ssr", within=None, connected=True,
        shared_border_km=42.46, shared_borders=(SharedBorder("west", "middle", 42.46, border),),
        wedges=(("west",),), wedges_complete=True, chain=(), chain_km=0.0, openings=(),
        openings_complete=True, components={}, crs="EPSG:4326")
    with deterministic_ids("b"):
        html = page_html(build_corridor_map(ctx, make_layer("v2", LAYER_2), "v2", result))
    assert "42.5 km" in html and "Wedge" in html and "Shared land border: 42.5 km" in html
    borders = [f for layer in features_of(html) for f in layer["features"]
               if f["properties"]["style"].get("className") == "territory-border"]
    assert len(borders) == 2  # white casing + black line
    wedge = [f for layer in features_of(html) for f in layer["features"]
             if "territory-outline-west" in f["properties"]["style"].get("className", "")]
    assert len(wedge) == 1


def test_corridor_map_shows_the_chain_when_apart(ctx: MapContext) -> None:
    result = CorridorResult(
        scenario="v1", a="turkey", b="azerbaijan_ssr", within=None, connected=False,
        shared_border_km=0.0, shared_borders=(), wedges=(), wedges_complete=True,
        chain=(ChainLink("west", "turkey"), ChainLink("middle", "rsfsr"),
               ChainLink("east", "azerbaijan_ssr")),
        chain_km=90.0, openings=(("middle",),), openings_complete=True, components={},
        crs="EPSG:4326")
    with deterministic_ids("b"):
        html = page_html(build_corridor_map(ctx, make_layer("v1", LAYER_1), "v1", result))
    assert "No shared land border" in html and "west (Ankara government) - middle" in html
    assert "Shortest chain" in html


# --------------------------------------------------------------------- atlas wrappers
@pytest.fixture(scope="module")
def atlas():
    import territory

    return territory.load()


def test_atlas_methods_return_notebook_objects(atlas) -> None:
    first, last = atlas.versions[0].id, atlas.versions[-1].id
    for shown in (atlas.explore(first), atlas.compare(first, last), atlas.timeline_map()):
        assert "<iframe" in shown._repr_html_()
    assert len(features_of(page_html(atlas.explore(first)))[0]["features"]) == len(atlas.layer(first))


def test_corridor_map_of_the_atlas(atlas) -> None:
    version, a, b = next((v.id, *sorted(set(atlas.holders(v.id).values()) - {None})[:2])
                         for v in atlas.versions if len(set(atlas.holders(v.id).values()) - {None}) >= 2)
    result = atlas.corridor(version, a, b)
    html = page_html(atlas.corridor_map(version, a, b))
    if result.connected:
        assert f"{result.shared_border_km:.1f} km" in html
    else:
        assert "No shared land border" in html


def test_hostile_version_file_renders_as_text(atlas, tmp_path) -> None:
    import territory

    unit = atlas.versions[0].assignments[0].unit
    party = min(atlas.parties)
    (tmp_path / "hostile.yaml").write_text(
        "id: 1920-07-01-hostile\ndate: 1920-07-01\nkind: proposal\n"
        "title: 'A <script>alert(1)</script> title'\nauthor: 'X <b>Y</b>'\n"
        "document:\n  reference: 'Ref <script>alert(2)</script>'\n"
        f"assignments:\n  - unit: {unit}\n    party: {party}\n    status: part_of\n"
        "    confidence: stated\n    quote: '<script>alert(3)</script>'\n", encoding="utf-8")
    hostile = territory.load([tmp_path / "hostile.yaml"])
    html = page_html(hostile.explore("1920-07-01-hostile"))
    assert "<script>alert" not in html
    popup = next(f["properties"]["popup"] for f in features_of(html)[0]["features"]
                 if f["properties"]["unit"] == unit)
    assert "&lt;script&gt;alert(3)&lt;/script&gt;" in popup


def test_tiles_are_opt_in_with_attribution(ctx: MapContext) -> None:
    layer = make_layer("v1", LAYER_1)
    with deterministic_ids("b"):
        plain = page_html(build_version_map(ctx, layer, "v1"))
        tiled = page_html(build_version_map(ctx, layer, "v1", tiles=True), tiles=True)
    assert "L.tileLayer" not in plain and "img-src data:;" in plain.replace('"', ";")
    assert "L.tileLayer" in tiled and "OpenStreetMap" in tiled and "img-src data: https:" in tiled


def test_cdn_lists_change_only_on_the_map_instance(ctx: MapContext) -> None:
    import folium

    before = (list(folium.Map.default_js), list(folium.Map.default_css))
    with deterministic_ids("b"):
        map_ = build_version_map(ctx, make_layer("v1", LAYER_1), "v1")
    assert map_.default_js == [] and map_.default_css == []
    assert (folium.Map.default_js, folium.Map.default_css) == before
    assert any(name == "bootstrap" for name, _ in folium.Map.default_js)
