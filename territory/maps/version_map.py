"""The map of one scenario (a version id or ``A+B``): every unit coloured by its party."""

from __future__ import annotations

from typing import TYPE_CHECKING

import folium
import geopandas as gpd

from territory._compat import renamed_keyword
from territory.maps.context import MapContext
from territory.maps.elements import FeatureLayer, HtmlControl, Labels
from territory.maps.ids import deterministic_ids
from territory.maps.layers import layer_legend, region_bounds, unit_features, unit_labels
from territory.maps.page import new_map
from territory.maps.popups import esc, title_html

if TYPE_CHECKING:
    from territory.atlas import Atlas


def title_box(ctx: MapContext, scenario: str) -> str:
    """The title box HTML of a scenario: title, id, date and kind, folded source."""
    info = ctx.describe(scenario)
    lines = [info.id if info.kind != "scenario" else "", info.byline]
    return title_html(info.title, lines, [info.provenance, info.citation])


def build_version_map(ctx: MapContext, layer: gpd.GeoDataFrame, scenario: str, *,
                      self_contained: bool = True, tiles: bool = False) -> folium.Map:
    """Return the map of one layer (see :func:`explore_map`)."""
    map_ = new_map(ctx, region_bounds(ctx), self_contained=self_contained, tiles=tiles)
    map_.get_root().title = esc(ctx.describe(scenario).title)
    FeatureLayer(unit_features(layer, ctx), name=esc(scenario)).add_to(map_)
    Labels(unit_labels(layer, ctx)).add_to(map_)
    HtmlControl(title_box(ctx, scenario), "topright", "territory-title").add_to(map_)
    HtmlControl(layer_legend([layer], ctx), "bottomright", "territory-legend").add_to(map_)
    folium.LayerControl(position="topleft", collapsed=True).add_to(map_)
    return map_


@renamed_keyword("v", "scenario")
def explore_map(atlas: Atlas, scenario: str, *, self_contained: bool = True,
                tiles: bool = False) -> folium.Map:
    """Map one scenario: units coloured by party, with legend, labels and popups.

    Parameters
    ----------
    atlas
        A loaded :class:`territory.Atlas`.
    scenario
        A version id, or a scenario ``"A+B"`` (B applied over A); ``v=`` is its
        deprecated spelling.
    self_contained
        Inline Leaflet so the map makes no network request.
    tiles
        Add an online tile layer (opt-in; makes requests to the tile server).

    Returns
    -------
    folium.Map
        Shown inline by Jupyter; :func:`territory.maps.html.page_html` gives its HTML.
    """
    with deterministic_ids("b"):
        ctx = MapContext.from_atlas(atlas)
        return build_version_map(ctx, atlas.layer(scenario), scenario,
                                 self_contained=self_contained, tiles=tiles)
