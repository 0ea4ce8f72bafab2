"""All versions on one map, chosen with radio buttons in date order.

Each unit geometry is drawn once (:class:`territory.maps.elements.TimelineLayer`) and
restyled for the version chosen, so the page grows with the number of versions by their
styles and popups, not by their geometry.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import folium
import geopandas as gpd

from territory.errors import MapError
from territory.maps.context import MapContext
from territory.maps.elements import ChoiceLayer, HtmlControl, Labels, TimelineLayer, TitleSwitcher
from territory.maps.ids import deterministic_ids
from territory.maps.layers import layer_legend, region_bounds, unit_features, unit_labels
from territory.maps.page import new_map
from territory.maps.popups import esc
from territory.maps.version_map import title_box

if TYPE_CHECKING:
    from territory.atlas import Atlas


def layer_name(ctx: MapContext, scenario: str) -> str:
    """The (escaped) name of a scenario in the layer control: date, then id."""
    info = ctx.describe(scenario)
    return esc(f"{info.date} · {info.id}")


def build_timeline_map(ctx: MapContext, layers: Sequence[tuple[str, gpd.GeoDataFrame]], *,
                       self_contained: bool = True, tiles: bool = False) -> folium.Map:
    """Return a map with one base layer per ``(scenario, layer)``, in the order given.

    Raises
    ------
    MapError
        ``layers`` is empty.
    """
    if not layers:
        raise MapError("timeline map", "layers", "at least one version", list(layers))
    map_ = new_map(ctx, region_bounds(ctx), self_contained=self_contained, tiles=tiles)
    map_.get_root().title = "Timeline of the versions"
    titles, views, geometries = {}, {}, {}
    for index, (scenario, layer) in enumerate(layers):
        name = layer_name(ctx, scenario)
        ChoiceLayer(name, show=index == 0).add_to(map_)
        features = unit_features(layer, ctx)["features"]
        views[name] = {f["properties"]["unit"]: {key: f["properties"][key] for key in
                                                  ("style", "popup", "tooltip")} for f in features}
        for feature in features:
            geometries.setdefault(feature["properties"]["unit"], feature["geometry"])
        titles[name] = title_box(ctx, scenario)
    data = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"unit": unit}, "geometry": geometry}
        for unit, geometry in sorted(geometries.items())]}
    TimelineLayer(data, views, next(iter(views))).add_to(map_)
    labels = {label[2]: label for _, layer in layers for label in unit_labels(layer, ctx)}
    Labels([labels[text] for text in sorted(labels)]).add_to(map_)
    first = next(iter(titles.values()))
    title = HtmlControl(first, "topright", "territory-title")
    title.add_to(map_)
    HtmlControl(layer_legend([layer for _, layer in layers], ctx), "bottomright",
                "territory-legend").add_to(map_)
    folium.LayerControl(position="topleft", collapsed=False).add_to(map_)
    TitleSwitcher(title, titles).add_to(map_)
    return map_


def timeline_map(atlas: Atlas, *, self_contained: bool = True, tiles: bool = False) -> folium.Map:
    """Map every version of the atlas, one layer each, in date order, with a version switch.

    Parameters
    ----------
    atlas
        A loaded :class:`territory.Atlas`.
    self_contained, tiles
        As in :func:`territory.maps.explore_map`.
    """
    with deterministic_ids("b"):
        ctx = MapContext.from_atlas(atlas)
        layers = [(version.id, atlas.layer(version.id)) for version in atlas.versions]
        return build_timeline_map(ctx, layers, self_contained=self_contained, tiles=tiles)
