"""Two scenarios compared: side by side with synchronised views, or one map with a swipe divider.

Units the two assign differently (``assigned_differently`` in :meth:`territory.Atlas.diff`)
are outlined in both views.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

import folium
import geopandas as gpd
import pandas as pd
from branca.element import Figure

from territory.errors import MapError
from territory.maps.changes import assigned_differently, difference_label
from territory.maps.context import MapContext
from territory.maps.elements import FeatureLayer, HtmlControl, Labels, Panes, Swipe, SyncViews
from territory.maps.ids import deterministic_ids
from territory.maps.layers import (
    layer_legend,
    outline_features,
    region_bounds,
    unit_features,
    unit_labels,
)
from territory.maps.page import new_map
from territory.maps.popups import esc, outline_swatch, title_html
from territory.maps.version_map import title_box

if TYPE_CHECKING:
    from territory.atlas import Atlas

CHANGED_STYLE = {"color": "#000000", "weight": 4.5, "opacity": 1.0}


def _changed_layer(ctx: MapContext, diff: pd.DataFrame, label: str,
                   pane: str | None = None) -> FeatureLayer:
    changed = assigned_differently(ctx, diff)
    pairs = [(unit, ctx.units.geometry[unit]) for unit in changed]
    data = outline_features(pairs, ctx, CHANGED_STYLE)
    for feature in data["features"]:
        before, after = changed[feature["properties"]["unit"]]
        feature["properties"]["tooltip"] = (
            f"<b>{esc(feature['properties']['unit'])}</b> {esc(label)}: "
            f"{esc(ctx.party_name(before) or 'none')} &rarr; {esc(ctx.party_name(after) or 'none')}")
    return FeatureLayer(data, name=esc(label[0].upper() + label[1:]), pane=pane, interactive=True)


def _legend(ctx: MapContext, layers: list[gpd.GeoDataFrame], label: str) -> HtmlControl:
    extra = [(outline_swatch(CHANGED_STYLE["color"], 3.5), label)]
    return HtmlControl(layer_legend(layers, ctx, extra), "bottomright", "territory-legend")


def build_dual_map(ctx: MapContext, layer_a: gpd.GeoDataFrame, a: str, layer_b: gpd.GeoDataFrame,
                   b: str, diff: pd.DataFrame, *, self_contained: bool = True,
                   tiles: bool = False) -> Figure:
    """Return a page with scenario ``a`` left and ``b`` right, panning and zooming together.

    ``diff`` is ``atlas.diff(a, b)``: the units it says are assigned differently are outlined.
    """
    figure = Figure(title=esc(f"{a} | {b}"))
    bounds = region_bounds(ctx)
    maps = []
    for side, (layer, scenario) in zip(("0%", "50%"), ((layer_a, a), (layer_b, b)), strict=True):
        map_ = new_map(ctx, bounds, figure=figure, self_contained=self_contained, tiles=tiles,
                       width="50%", height="100%", left=side, top="0%", position="absolute")
        FeatureLayer(unit_features(layer, ctx), name=esc(scenario)).add_to(map_)
        _changed_layer(ctx, diff, difference_label(ctx, a, b)).add_to(map_)
        Labels(unit_labels(layer, ctx)).add_to(map_)
        HtmlControl(title_box(ctx, scenario), "topright", "territory-title").add_to(map_)
        maps.append(map_)
    _legend(ctx, [layer_a, layer_b], difference_label(ctx, a, b)).add_to(maps[1])
    figure.add_child(SyncViews(maps[0], maps[1]), name="territory_sync")
    return figure


def build_swipe_map(ctx: MapContext, layer_a: gpd.GeoDataFrame, a: str, layer_b: gpd.GeoDataFrame,
                    b: str, diff: pd.DataFrame, *, self_contained: bool = True,
                    tiles: bool = False) -> folium.Map:
    """Return one map: ``a`` left of a movable divider, ``b`` right of it.

    ``diff`` is ``atlas.diff(a, b)``: the units it says are assigned differently are outlined.
    """
    map_ = new_map(ctx, region_bounds(ctx), self_contained=self_contained, tiles=tiles)
    map_.get_root().title = esc(f"{a} | {b}")
    Panes([("territory-left", 410), ("territory-right", 411), ("territory-changed", 420)]).add_to(map_)
    FeatureLayer(unit_features(layer_a, ctx), name=esc(f"Left: {a}"), pane="territory-left",
                 control=False).add_to(map_)
    FeatureLayer(unit_features(layer_b, ctx), name=esc(f"Right: {b}"), pane="territory-right",
                 control=False).add_to(map_)
    _changed_layer(ctx, diff, difference_label(ctx, a, b), pane="territory-changed").add_to(map_)
    labels = {label[2]: label for layer in (layer_a, layer_b) for label in unit_labels(layer, ctx)}
    Labels([labels[text] for text in sorted(labels)]).add_to(map_)
    Swipe("territory-left", "territory-right").add_to(map_)
    lines = []
    for side, scenario in (("Left", a), ("Right", b)):
        info = ctx.describe(scenario)
        lines.append(f"{side}: {info.title} ({info.id}; {info.date})")
    HtmlControl(title_html("Swipe to compare", lines), "topright", "territory-title").add_to(map_)
    _legend(ctx, [layer_a, layer_b], difference_label(ctx, a, b)).add_to(map_)
    folium.LayerControl(position="topleft", collapsed=True).add_to(map_)
    return map_


def compare_map(atlas: Atlas, a: str, b: str, *, mode: Literal["dual", "swipe"] = "dual",
                self_contained: bool = True, tiles: bool = False) -> Figure | folium.Map:
    """Compare two scenarios ``a`` and ``b`` (version ids or ``"A+B"``).

    Parameters
    ----------
    atlas
        A loaded :class:`territory.Atlas`.
    a, b
        Scenarios; ``a`` is shown left.
    mode
        ``"dual"``: two maps side by side with synchronised panning and zoom;
        ``"swipe"``: one map with a divider to drag between the two.
    self_contained, tiles
        As in :func:`territory.maps.explore_map`.

    Returns
    -------
    branca.element.Figure or folium.Map
        Either is shown inline by Jupyter.

    Raises
    ------
    MapError
        ``mode`` is neither ``"dual"`` nor ``"swipe"``.
    """
    if mode not in ("dual", "swipe"):
        raise MapError("compare_map(mode)", "mode", "'dual' or 'swipe'", mode)
    build = build_dual_map if mode == "dual" else build_swipe_map
    with deterministic_ids("b"):
        ctx = MapContext.from_atlas(atlas)
        return build(ctx, atlas.layer(a), a, atlas.layer(b), b, atlas.diff(a, b),
                     self_contained=self_contained, tiles=tiles)
