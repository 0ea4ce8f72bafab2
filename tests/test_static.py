"""Tests of territory.maps.static: print maps in PNG and SVG, deterministic bytes."""

from __future__ import annotations

import struct

import matplotlib.text
import numpy as np
import pytest
import shapely
from pyproj import Transformer

from territory.crs import CONFORMAL, GEOGRAPHIC
from territory.errors import MapError
from territory.maps.changes import assigned_differently
from territory.maps.context import MapContext
from territory.maps.static import (
    COMPARE_WIDTH,
    DPI,
    LABEL_MIN_SHARE,
    _nice_length_km,
    compare_figure,
    static_compare,
    static_figure,
    static_map,
    static_timeline,
    timeline_figure,
)


@pytest.fixture()
def ctx(map_units) -> MapContext:
    return MapContext(units=map_units, party_names={"turkey": "Ankara government"}, versions={})


def test_png_is_deterministic_and_at_least_150_dpi(ctx: MapContext, make_layer, layer_1) -> None:
    first = static_map(ctx, make_layer("v1", layer_1), "v1", fmt="png")
    second = static_map(ctx, make_layer("v1", layer_1), "v1", fmt="png")
    assert first == second and first.startswith(b"\x89PNG")
    width, _height = struct.unpack(">II", first[16:24])
    assert width == round(11.0 * DPI) and DPI >= 150
    assert b"tIME" not in first


def test_svg_is_deterministic_and_undated(ctx: MapContext, make_layer, layer_1) -> None:
    first = static_map(ctx, make_layer("v1", layer_1), "v1", fmt="svg")
    assert first == static_map(ctx, make_layer("v1", layer_1), "v1", fmt="svg")
    assert b"<dc:date>" not in first and first.lstrip().startswith(b"<?xml")


def test_a_different_layer_gives_a_different_image(ctx: MapContext, make_layer, layer_1) -> None:
    other = dict(layer_1, west=("turkey", "part_of"))
    assert static_map(ctx, make_layer("v1", layer_1), "v1") != static_map(ctx, make_layer("v1", other), "v1")


@pytest.mark.parametrize(("options", "match"), [
    pytest.param({"fmt": "pdf"}, "fmt", id="format"),
    pytest.param({"dpi": 72}, "150", id="dpi"),
])
def test_bad_arguments_are_refused(ctx: MapContext, make_layer, layer_1, options, match) -> None:
    with pytest.raises(MapError, match=match):
        static_map(ctx, make_layer("v1", layer_1), "v1", **options)


def test_scale_bar_length_is_a_round_fifth_of_the_width() -> None:
    assert _nice_length_km(500_000) == 100
    assert _nice_length_km(120_000) == 25


def _to_map(geometry: shapely.Geometry) -> shapely.Geometry:
    to_map = Transformer.from_crs(GEOGRAPHIC, CONFORMAL, always_xy=True)
    return shapely.transform(geometry,
                             lambda c: np.column_stack(to_map.transform(c[:, 0], c[:, 1])))


def _assert_whole_labels_inside(figure, ax, layer, tag: str, where: str) -> None:
    """Each unit shown in ``ax`` has one label (gid ``label-<tag><unit>``) wholly inside the frame."""
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    frame = shapely.box(x0, y0, x1, y1)
    shown = {unit for unit, geometry in zip(layer["unit"], layer.geometry, strict=True)
             if _to_map(geometry).intersection(frame).area >= LABEL_MIN_SHARE * frame.area}
    prefix = f"label-{tag}"
    labels = {text.get_gid().removeprefix(prefix): text for text in ax.texts
              if (text.get_gid() or "").startswith(prefix)}
    assert set(labels) == shown, where
    renderer = figure.canvas.get_renderer()
    box = ax.get_window_extent(renderer)
    names = dict(zip(layer["unit"], layer["name"], strict=True))
    for unit, text in labels.items():
        assert " ".join(text.get_text().split()) == names[unit]
        x, y = text.get_position()
        assert x0 < x < x1 and y0 < y < y1, (where, unit)
        extent = text.get_window_extent(renderer)
        assert box.x0 - 0.5 <= extent.x0 and extent.x1 <= box.x1 + 0.5, (where, unit)
        assert box.y0 - 0.5 <= extent.y0 and extent.y1 <= box.y1 + 0.5, (where, unit)


def test_every_unit_in_the_frame_has_a_whole_label_inside_the_frame(atlas) -> None:
    # Names come from the atlas; each label's anchor lies inside the map extent and the
    # drawn text is not cut by the frame (the long names of the context units sit at its edge).
    ctx = MapContext.from_atlas(atlas)
    for version in atlas.versions:
        layer = atlas.layer(version.id)
        figure = static_figure(ctx, layer, version.id)
        _assert_whole_labels_inside(figure, figure.axes[0], layer, "", version.id)


# Comparison and timeline: small synthetic layers for the bytes, the atlas for the figures.

def test_compare_png_and_svg_are_deterministic(ctx: MapContext, make_layer, layer_1, layer_2,
                                               diff_1_2, make_diff) -> None:
    def render(fmt: str) -> bytes:
        return static_compare(ctx, make_layer("v1", layer_1), "v1", make_layer("v2", layer_2), "v2",
                              diff_1_2, fmt=fmt)

    png = render("png")
    assert png == render("png") and png.startswith(b"\x89PNG") and b"tIME" not in png
    width, _height = struct.unpack(">II", png[16:24])
    assert width == round(COMPARE_WIDTH * DPI)
    svg = render("svg")
    assert svg == render("svg") and b"<dc:date>" not in svg
    # A different right-hand layer gives a different image.
    assert png != static_compare(ctx, make_layer("v1", layer_1), "v1", make_layer("v2", layer_1),
                                 "v2", make_diff([]))


@pytest.mark.parametrize("fmt", ["png", "svg"])
def test_timeline_png_and_svg_are_deterministic(ctx: MapContext, make_layer, layer_1, layer_2,
                                                fmt) -> None:
    layers = [("v1", make_layer("v1", layer_1)), ("v2", make_layer("v2", layer_2))]
    first = static_timeline(ctx, layers, fmt=fmt)
    assert first == static_timeline(ctx, layers, fmt=fmt), fmt


def test_the_timeline_image_follows_the_order_of_the_versions(ctx: MapContext, make_layer,
                                                              layer_1, layer_2) -> None:
    layers = [("v1", make_layer("v1", layer_1)), ("v2", make_layer("v2", layer_2))]
    assert static_timeline(ctx, layers) != static_timeline(ctx, layers[::-1])


@pytest.mark.parametrize(("draw", "match"), [
    pytest.param(lambda ctx, layer, diff: static_compare(ctx, layer, "v1", layer, "v1", diff,
                                                         fmt="pdf"),
                 "static_compare.fmt", id="compare-format"),
    pytest.param(lambda ctx, layer, diff: static_timeline(ctx, [("v1", layer)], dpi=100),
                 "static_timeline.dpi.*150", id="timeline-dpi"),
    pytest.param(lambda ctx, layer, diff: static_timeline(ctx, []),
                 "static_timeline.layers", id="timeline-empty"),
])
def test_bad_arguments_to_compare_and_timeline_are_refused(ctx: MapContext, make_layer, layer_1,
                                                           make_diff, draw, match) -> None:
    with pytest.raises(MapError, match=match):
        draw(ctx, make_layer("v1", layer_1), make_diff([]))


COMPARED = ("1920-06-20-chicherin", "1920-12-01-narimanov")


@pytest.fixture(scope="module")
def atlas_ctx(atlas) -> MapContext:
    return MapContext.from_atlas(atlas)


@pytest.fixture(scope="module")
def compare(atlas, atlas_ctx):
    """The comparison figure of two atlas versions, built once at the default dpi."""
    a, b = COMPARED
    return compare_figure(atlas_ctx, atlas.layer(a), a, atlas.layer(b), b, atlas.diff(a, b))


@pytest.fixture(scope="module")
def timeline(atlas, atlas_ctx):
    """The timeline figure of every atlas version, built once at the default dpi."""
    return timeline_figure(atlas_ctx, [(v.id, atlas.layer(v.id)) for v in atlas.versions])


def _texts(figure) -> list[str]:
    return [t.get_text() for t in figure.findobj(lambda o: hasattr(o, "get_text"))]


def _assert_texts_inside_and_titles_clear(figure) -> None:
    """Every text lies inside the figure; a panel title overlaps no map and is no wider than its own."""
    renderer = figure.canvas.get_renderer()
    page = figure.bbox
    maps = [ax.get_window_extent(renderer) for ax in figure.axes if ax.axison]
    for ax in figure.axes:
        for text in ax.texts:
            if not text.get_text() or text.get_gid():
                continue
            extent = text.get_window_extent(renderer)
            assert page.x0 <= extent.x0 and extent.x1 <= page.x1, text.get_text()
            assert page.y0 <= extent.y0 and extent.y1 <= page.y1, text.get_text()
            if text.get_transform() is not ax.transData:  # a panel title, above its map
                assert not any(extent.overlaps(box) for box in maps), text.get_text()
                assert extent.x1 <= ax.get_window_extent(renderer).x1 + 0.5, text.get_text()
    for text in figure.texts:
        extent = text.get_window_extent(renderer)
        assert page.x0 <= extent.x0 and extent.x1 <= page.x1, text.get_text()


def test_compare_has_two_titled_panels_with_the_changed_units_outlined(atlas, atlas_ctx,
                                                                       compare) -> None:
    maps = [ax for ax in compare.axes if ax.axison]
    assert len(maps) == 2
    texts = " ".join(" ".join(text.split()) for text in _texts(compare))
    for version_id in COMPARED:
        version = atlas.version(version_id)
        assert version_id in texts and version.title in texts and version.date.label in texts
        assert version.document.reference.split(",")[0] in texts  # the start of the source
    a, b = COMPARED
    changed = assigned_differently(atlas_ctx, atlas.diff(a, b))
    # The two versions assign Zangezur (whole) to different parties: both its finest units count.
    assert {"zangezur_east", "zangezur_west"} <= set(changed)
    for ax, side in zip(maps, ("left", "right"), strict=True):
        outlined = {patch.get_gid().removeprefix(f"changed-{side}-") for patch in ax.patches
                    if (patch.get_gid() or "").startswith(f"changed-{side}-")}
        assert outlined == set(changed), side
    # Same extent in both panels, one scale bar and one north arrow each.
    assert maps[0].get_xlim() == maps[1].get_xlim() and maps[0].get_ylim() == maps[1].get_ylim()
    for ax in maps:
        assert sum(text.get_text() == "N" for text in ax.texts) == 1
        assert sum(text.get_text().endswith(" km") for text in ax.texts) == 1
    # One legend for both panels, with the parties of either version.
    legend_texts = [t.get_text() for legend in compare.legends for t in legend.get_texts()]
    assert len(compare.legends) == 1 and not any(ax.get_legend() for ax in maps)
    for scenario in COMPARED:
        for party in atlas.layer(scenario)["party"].dropna().unique():
            assert atlas.parties[party].name in legend_texts


def test_compare_labels_and_titles_fit(atlas, compare) -> None:
    maps = [ax for ax in compare.axes if ax.axison]
    for ax, scenario, side in zip(maps, COMPARED, ("left", "right"), strict=True):
        _assert_whole_labels_inside(compare, ax, atlas.layer(scenario), f"{side}-", scenario)
    _assert_texts_inside_and_titles_clear(compare)


def test_timeline_has_one_panel_per_version_in_date_order(atlas, timeline) -> None:
    maps = [ax for ax in timeline.axes if ax.axison]
    assert len(maps) == len(atlas.versions)
    for index, (ax, version) in enumerate(zip(maps, atlas.versions, strict=True)):
        titles = [text.get_text() for text in ax.texts if text.get_transform() is not ax.transData]
        assert f"{version.id} · {version.date.label}" in titles, index
        _assert_whole_labels_inside(timeline, ax, atlas.layer(version.id), f"{index}-", version.id)
    # A grid: panels in rows left to right, and one shared legend after the last panel.
    lefts = [ax.get_position().x0 for ax in maps]
    assert len(set(lefts)) < len(maps) and lefts[1] > lefts[0]
    legends = [ax.get_legend() for ax in timeline.axes if ax.get_legend()]
    assert len(legends) == 1 and not legends[0].axes.axison
    legend_texts = {t.get_text() for t in legends[0].get_texts()}
    holders = {p for v in atlas.versions for p in atlas.layer(v.id)["party"].dropna()}
    assert {atlas.parties[p].name for p in holders} <= legend_texts
    _assert_texts_inside_and_titles_clear(timeline)


def test_dollars_from_data_are_drawn_as_written_not_as_mathtext(map_units, make_layer, layer_1) -> None:
    # "$x^$" is broken mathtext (matplotlib raises on it); "$5 and $10" would be typeset in italics
    names = {"turkey": "Loan of $5 and $10", "rsfsr": "$x^$", "azerbaijan_ssr": r"$\alpha$"}
    ctx = MapContext(units=map_units, party_names=names, versions={})
    figure = static_figure(ctx, make_layer("v1", layer_1), "$x^$")
    texts = [text for text in figure.findobj(matplotlib.text.Text) if "$" in text.get_text()]
    assert {name for name in names.values() if any(name in text.get_text() for text in texts)} == set(names.values())
    assert all(not text.get_parse_math() for text in texts)
    assert static_map(ctx, make_layer("v1", layer_1), "$x^$", fmt="png").startswith(b"\x89PNG")
