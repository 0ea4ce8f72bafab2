"""Two versions compared: side by side with synchronised views, or one map with a swipe divider.

Units that changed hands between the two (covered by both, with a different
party) are outlined in both views.
"""

from __future__ import annotations

from typing import Literal

import folium
import geopandas as gpd
from branca.element import Figure

from territory.maps.context import MapContext
from territory.maps.elements import FeatureLayer, HtmlControl, Labels, Panes, Swipe, SyncViews
from territory.maps.ids import deterministic_ids
from territory.maps.layers import (
    changed_hands,
    layer_legend,
    outline_features,
    region_bounds,
    unit_features,
    unit_labels,
)
from territory.maps.page import new_map
from territory.maps.popups import esc, outline_swatch, title_html
from territory.maps.version_map import title_box

CHANGED_STYLE = {"color": "#000000", "weight": 4.5, "opacity": 1.0}
CHANGED_LABEL = "changed hands between the two versions"


def _changed_layer(ctx: MapContext, layer_a: gpd.GeoDataFrame, layer_b: gpd.GeoDataFrame,
                   pane: str | None = None) -> FeatureLayer:
    changed = changed_hands(ctx, layer_a, layer_b)
    pairs = [(unit, ctx.units.geometry[unit]) for unit in changed]
    data = outline_features(pairs, ctx, CHANGED_STYLE)
    for feature in data["features"]:
        before, after = changed[feature["properties"]["unit"]]
        feature["properties"]["tooltip"] = (
            f"<b>{esc(feature['properties']['unit'])}</b> changed hands: "
            f"{esc(ctx.party_name(before) or 'none')} &rarr; {esc(ctx.party_name(after) or 'none')}")
    return FeatureLayer(data, name="Changed hands", pane=pane, interactive=True)


def _legend(ctx: MapContext, layers: list[gpd.GeoDataFrame]) -> HtmlControl:
    extra = [(outline_swatch(CHANGED_STYLE["color"], 3.5), CHANGED_LABEL)]
    return HtmlControl(layer_legend(layers, ctx, extra), "bottomright", "territory-legend")


def build_dual_map(ctx: MapContext, layer_a: gpd.GeoDataFrame, a: str, layer_b: gpd.GeoDataFrame,
                   b: str, *, self_contained: bool = True, tiles: bool = False) -> Figure:
    """Return a page with version ``a`` left and ``b`` right, panning and zooming together."""
    figure = Figure(title=esc(f"{a} | {b}"))
    bounds = region_bounds(ctx)
    maps = []
    for side, (layer, layer_id) in zip(("0%", "50%"), ((layer_a, a), (layer_b, b))):
        map_ = new_map(ctx, bounds, figure=figure, self_contained=self_contained, tiles=tiles,
                       width="50%", height="100%", left=side, top="0%", position="absolute")
        FeatureLayer(unit_features(layer, ctx), name=esc(layer_id)).add_to(map_)
        _changed_layer(ctx, layer_a, layer_b).add_to(map_)
        Labels(unit_labels(layer, ctx)).add_to(map_)
        HtmlControl(title_box(ctx, layer_id), "topright", "territory-title").add_to(map_)
        maps.append(map_)
    _legend(ctx, [layer_a, layer_b]).add_to(maps[1])
    figure.add_child(SyncViews(maps[0], maps[1]), name="territory_sync")
    return figure


def build_swipe_map(ctx: MapContext, layer_a: gpd.GeoDataFrame, a: str, layer_b: gpd.GeoDataFrame,
                    b: str, *, self_contained: bool = True, tiles: bool = False) -> folium.Map:
    """Return one map: ``a`` left of a movable divider, ``b`` right of it."""
    map_ = new_map(ctx, region_bounds(ctx), self_contained=self_contained, tiles=tiles)
    map_.get_root().title = esc(f"{a} | {b}")
    Panes([("territory-left", 410), ("territory-right", 411), ("territory-changed", 420)]).add_to(map_)
    FeatureLayer(unit_features(layer_a, ctx), name=esc(f"Left: {a}"), pane="territory-left",
                 control=False).add_to(map_)
    FeatureLayer(unit_features(layer_b, ctx), name=esc(f"Right: {b}"), pane="territory-right",
                 control=False).add_to(map_)
    _changed_layer(ctx, layer_a, layer_b, pane="territory-changed").add_to(map_)
    labels = {label[2]: label for layer in (layer_a, layer_b) for label in unit_labels(layer, ctx)}
    Labels([labels[text] for text in sorted(labels)]).add_to(map_)
    Swipe("territory-left", "territory-right").add_to(map_)
    lines = []
    for side, layer_id in (("Left", a), ("Right", b)):
        info = ctx.describe(layer_id)
        lines.append(f"{side}: {info.title} ({info.id}; {info.date})")
    HtmlControl(title_html("Swipe to compare", lines), "topright", "territory-title").add_to(map_)
    _legend(ctx, [layer_a, layer_b]).add_to(map_)
    folium.LayerControl(position="topleft", collapsed=True).add_to(map_)
    return map_


def compare_map(atlas: object, a: str, b: str, *, mode: Literal["dual", "swipe"] = "dual",
                self_contained: bool = True, tiles: bool = False) -> Figure | folium.Map:
    """Compare two versions (or scenarios) ``a`` and ``b``.

    Parameters
    ----------
    atlas
        A loaded :class:`territory.Atlas`.
    a, b
        Version ids or scenarios; ``a`` is shown left.
    mode
        ``"dual"``: two maps side by side with synchronised panning and zoom;
        ``"swipe"``: one map with a divider to drag between the two.
    self_contained, tiles
        As in :func:`territory.maps.explore_map`.

    Returns
    -------
    branca.element.Figure or folium.Map
        Either is shown inline by Jupyter.
    """
    if mode not in ("dual", "swipe"):
        raise ValueError(f"compare_map(mode): expected 'dual' or 'swipe', got {mode!r}")
    build = build_dual_map if mode == "dual" else build_swipe_map
    with deterministic_ids("b"):
        ctx = MapContext.from_atlas(atlas)
        return build(ctx, atlas.layer(a), a, atlas.layer(b), b,
                     self_contained=self_contained, tiles=tiles)
