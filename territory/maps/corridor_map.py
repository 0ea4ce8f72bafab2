"""The corridor view: where two parties' territories meet, how long the border is, and the wedge.

The shared border stretches are drawn as lines labelled with their length (km,
measured by :mod:`territory.corridor` in a projected CRS); the wedge units (the
smallest set whose transfer to a third party would end every contact) are
outlined; when the parties do not touch, the shortest chain of units between
them is outlined instead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import folium
import geopandas as gpd

from territory._compat import renamed_keyword
from territory.maps.context import MapContext
from territory.maps.elements import FeatureLayer, HtmlControl, Labels
from territory.maps.ids import deterministic_ids
from territory.maps.layers import (
    layer_legend,
    outline_features,
    region_bounds,
    unit_features,
    unit_geometry,
    unit_labels,
)
from territory.maps.page import new_map
from territory.maps.popups import esc, line_swatch, outline_swatch, title_html

if TYPE_CHECKING:
    from territory.atlas import Atlas
    from territory.corridor import CorridorResult

BORDER_CASING = {"color": "#FFFFFF", "weight": 9, "opacity": 1.0, "lineCap": "round"}
BORDER_STYLE = {"color": "#000000", "weight": 5, "opacity": 1.0, "lineCap": "round"}
WEDGE_STYLE = {"color": "#000000", "weight": 4, "opacity": 1.0, "dashArray": "10 6"}
CHAIN_STYLE = {"color": "#000000", "weight": 4, "opacity": 1.0, "dashArray": "2 6"}


def _border_features(ctx: MapContext, borders: gpd.GeoDataFrame, style: dict,
                     tooltips: bool) -> dict:
    features = []
    for _, row in borders.sort_values(["unit_a", "unit_b"]).iterrows():
        properties = {"style": {**style, "className": "territory-border"}}
        if tooltips:
            properties["tooltip"] = (f"{esc(row['unit_a'])} | {esc(row['unit_b'])}: "
                                     f"{row['km']:.1f} km")
        features.append({"type": "Feature", "properties": properties,
                         "geometry": ctx.display.geojson(row.geometry)})
    return {"type": "FeatureCollection", "features": features}


MAP_SAMPLES = 200
"""Drawings of the lines behind the probability and the p5-p95 range of a rendered corridor map."""


def summary_lines(ctx: MapContext, result: CorridorResult) -> list[str]:
    """Plain-text lines describing a corridor result (escaped by the caller)."""
    lines = []
    if result.connected:
        lines.append(f"Shared land border: {result.shared_border_km:.1f} km in "
                     f"{len(result.shared_borders)} stretch(es)")
        if result.wedges:
            lines.append("Wedge (fewest units whose transfer to a third party ends every contact): "
                         + " or ".join(", ".join(wedge) for wedge in result.wedges))
    else:
        lines.append("No shared land border")
        if result.chain:
            chain = " - ".join(f"{link.unit} ({ctx.party_name(link.holder) or 'none'})"
                               for link in result.chain)
            lines.append(f"Shortest chain of units: {chain}")
        if result.openings:
            lines.append("Openings (fewest units that would connect them): "
                         + "; ".join(", ".join(o) for o in result.openings[:5]))
    sampled = result.uncertainty
    if sampled is not None:
        line = (f"Over {sampled.samples:,} drawings of the lines within their stated uncertainty "
                f"(seed {sampled.seed}): touching in {sampled.p_connected:.1%}")
        if sampled.km_p95 > 0:
            line += (f"; shared border {sampled.km_p5:.1f}-{sampled.km_p95:.1f} km (p5-p95), "
                     f"median {sampled.km_p50:.1f} km")
        lines.append(line)
    return lines


def build_corridor_map(ctx: MapContext, layer: gpd.GeoDataFrame, scenario: str,
                       result: CorridorResult, *, question: str | None = None,
                       self_contained: bool = True, tiles: bool = False) -> folium.Map:
    """Return the corridor view of ``result`` (a :class:`territory.corridor.CorridorResult`);
    ``question``, the words of the question asked, is shown under the heading."""
    map_ = new_map(ctx, region_bounds(ctx), self_contained=self_contained, tiles=tiles)
    map_.get_root().title = esc(f"Corridor {ctx.party_name(result.a)} - {ctx.party_name(result.b)}: {scenario}")
    FeatureLayer(unit_features(layer, ctx), name=esc(scenario)).add_to(map_)
    extra = []
    if result.wedges:
        # Every unit of every minimum wedge is outlined: any one of the listed sets suffices.
        wedge_units = sorted({unit for wedge in result.wedges for unit in wedge})
        pairs = [(unit, unit_geometry(ctx, layer, unit)) for unit in wedge_units]
        FeatureLayer(outline_features(pairs, ctx, WEDGE_STYLE, "wedge unit"), name="Wedge").add_to(map_)
        extra.append((outline_swatch("#000000", 3, WEDGE_STYLE["dashArray"]), "wedge unit"))
    if not result.connected and result.chain:
        pairs = [(link.unit, unit_geometry(ctx, layer, link.unit)) for link in result.chain]
        FeatureLayer(outline_features(pairs, ctx, CHAIN_STYLE, "unit of the shortest chain"),
                     name="Shortest chain").add_to(map_)
        extra.append((outline_swatch("#000000", 3, CHAIN_STYLE["dashArray"]), "shortest chain"))
    labels = unit_labels(layer, ctx)
    if result.shared_borders:
        borders = result.shared_borders_frame()
        if borders.crs is not None:
            borders = borders.to_crs(4326)
        group = folium.FeatureGroup(name=esc(f"Shared border ({result.shared_border_km:.1f} km)"))
        FeatureLayer(_border_features(ctx, borders, BORDER_CASING, False), control=False,
                     interactive=False).add_to(group)
        FeatureLayer(_border_features(ctx, borders, BORDER_STYLE, True), control=False).add_to(group)
        group.add_to(map_)
        for _, row in borders.iterrows():
            point = row.geometry.interpolate(0.5, normalized=True)
            labels.append((round(point.y, 4), round(point.x, 4), f"{row['km']:.1f} km"))
        extra.append((line_swatch("#000000", 4), "shared border, with its length"))
    Labels(labels).add_to(map_)
    heading = f"Corridor: {ctx.party_name(result.a)} / {ctx.party_name(result.b)}"
    info = ctx.describe(scenario)
    lines = [*([question] if question else []),
             f"{info.title} ({scenario})" if info.kind != "scenario" else info.title,
             *summary_lines(ctx, result)]
    HtmlControl(title_html(heading, lines, [info.provenance, info.citation]), "topright", "territory-title").add_to(map_)
    HtmlControl(layer_legend([layer], ctx, extra), "bottomright", "territory-legend").add_to(map_)
    folium.LayerControl(position="topleft", collapsed=True).add_to(map_)
    return map_


@renamed_keyword("v", "scenario")
def corridor_map(atlas: Atlas, scenario: str, a: str, b: str, *, self_contained: bool = True,
                 tiles: bool = False) -> folium.Map:
    """Map the corridor question for parties ``a`` and ``b`` in ``scenario``.

    Parameters
    ----------
    atlas
        A loaded :class:`territory.Atlas`.
    scenario
        A version id, or a scenario ``"A+B"`` (B applied over A); ``v=`` is its
        deprecated spelling.
    a, b
        Party ids.
    self_contained, tiles
        As in :func:`territory.maps.explore_map`.
    """
    with deterministic_ids("b"):
        ctx = MapContext.from_atlas(atlas)
        result = atlas.corridor(scenario, a, b)
        return build_corridor_map(ctx, atlas.layer(scenario), scenario, result,
                                  self_contained=self_contained, tiles=tiles)
