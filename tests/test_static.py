"""Tests of territory.static: print maps in PNG and SVG, deterministic bytes."""

from __future__ import annotations

import struct

import numpy as np
import pytest
import shapely
from pyproj import Transformer
from test_maps import LAYER_1, make_layer, make_units

import territory
from territory.crs import CONFORMAL, GEOGRAPHIC
from territory.maps.context import MapContext
from territory.static import DPI, LABEL_MIN_SHARE, _nice_length_km, static_figure, static_map


@pytest.fixture()
def ctx() -> MapContext:
    return MapContext(units=make_units(), party_names={"turkey": "Ankara government"}, versions={})


def test_png_is_deterministic_and_at_least_150_dpi(ctx: MapContext) -> None:
    first = static_map(ctx, make_layer("v1", LAYER_1), "v1", fmt="png")
    second = static_map(ctx, make_layer("v1", LAYER_1), "v1", fmt="png")
    assert first == second and first.startswith(b"\x89PNG")
    width, _height = struct.unpack(">II", first[16:24])
    assert width == round(11.0 * DPI) and DPI >= 150
    assert b"tIME" not in first


def test_svg_is_deterministic_and_undated(ctx: MapContext) -> None:
    first = static_map(ctx, make_layer("v1", LAYER_1), "v1", fmt="svg")
    assert first == static_map(ctx, make_layer("v1", LAYER_1), "v1", fmt="svg")
    assert b"<dc:date>" not in first and first.lstrip().startswith(b"<?xml")


def test_a_different_layer_gives_a_different_image(ctx: MapContext) -> None:
    other = dict(LAYER_1, west=("turkey", "part_of"))
    assert static_map(ctx, make_layer("v1", LAYER_1), "v1") != static_map(ctx, make_layer("v1", other), "v1")


def test_bad_arguments_are_refused(ctx: MapContext) -> None:
    with pytest.raises(ValueError, match="fmt"):
        static_map(ctx, make_layer("v1", LAYER_1), "v1", fmt="pdf")
    with pytest.raises(ValueError, match="150"):
        static_map(ctx, make_layer("v1", LAYER_1), "v1", dpi=72)


def test_scale_bar_length_is_a_round_fifth_of_the_width() -> None:
    assert _nice_length_km(500_000) == 100
    assert _nice_length_km(120_000) == 25


@pytest.fixture(scope="module")
def atlas() -> territory.Atlas:
    return territory.load()


def _to_map(geometry: shapely.Geometry) -> shapely.Geometry:
    to_map = Transformer.from_crs(GEOGRAPHIC, CONFORMAL, always_xy=True)
    return shapely.transform(geometry,
                             lambda c: np.column_stack(to_map.transform(c[:, 0], c[:, 1])))


def test_every_unit_in_the_frame_has_a_whole_label_inside_the_frame(atlas) -> None:
    # Names come from the atlas; each label's anchor lies inside the map extent and the
    # drawn text is not cut by the frame (the long names of the context units sit at its edge).
    ctx = MapContext.from_atlas(atlas)
    for version in atlas.versions:
        layer = atlas.layer(version.id)
        figure = static_figure(ctx, layer, version.id)
        ax = figure.axes[0]
        (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
        frame = shapely.box(x0, y0, x1, y1)
        shown = {unit for unit, geometry in zip(layer["unit"], layer.geometry, strict=True)
                 if _to_map(geometry).intersection(frame).area >= LABEL_MIN_SHARE * frame.area}
        labels = {text.get_gid().removeprefix("label-"): text for text in ax.texts
                  if (text.get_gid() or "").startswith("label-")}
        assert set(labels) == shown, version.id
        renderer = figure.canvas.get_renderer()
        box = ax.get_window_extent(renderer)
        names = dict(zip(layer["unit"], layer["name"], strict=True))
        for unit, text in labels.items():
            assert " ".join(text.get_text().split()) == names[unit]
            x, y = text.get_position()
            assert x0 < x < x1 and y0 < y < y1, (version.id, unit)
            extent = text.get_window_extent(renderer)
            assert box.x0 - 0.5 <= extent.x0 and extent.x1 <= box.x1 + 0.5, (version.id, unit)
            assert box.y0 - 0.5 <= extent.y0 and extent.y1 <= box.y1 + 0.5, (version.id, unit)
