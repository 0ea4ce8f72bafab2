"""Tests of territory.static: print maps in PNG and SVG, deterministic bytes."""

from __future__ import annotations

import struct

import pytest
from test_maps import LAYER_1, make_layer, make_units

from territory.maps.context import MapContext
from territory.static import DPI, _nice_length_km, static_map


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
