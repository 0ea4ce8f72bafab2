"""Turn a layer GeoDataFrame into map features, labels and a legend."""

from __future__ import annotations

from collections.abc import Iterable

import geopandas as gpd
import pandas as pd
import shapely

from territory.errors import MapError
from territory.maps.context import MapContext
from territory.maps.display import bounds_latlon, label_point
from territory.maps.popups import UnitInfo, esc, legend_html, statuses_in, unit_popup, unit_tooltip
from territory.tables import LAYER_COLUMNS


def _value(row: pd.Series, column: str) -> object:
    value = row.get(column)
    if value is None:
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return value


def check_layer(layer: gpd.GeoDataFrame, where: str) -> None:
    """Refuse a frame that lacks a column of the layer schema.

    Parameters
    ----------
    layer
        The frame to check.
    where
        What is being drawn, for the error (``"map layer"``).

    Raises
    ------
    MapError
        ``layer`` lacks one of :data:`territory.tables.LAYER_COLUMNS`; the error names them.
    """
    missing = [column for column in LAYER_COLUMNS if column not in layer.columns]
    if missing:
        raise MapError(where, "layer columns",
                       f"{', '.join(LAYER_COLUMNS)} (missing {', '.join(missing)})")


def unit_info(row: pd.Series, ctx: MapContext) -> UnitInfo:
    """Return the popup facts of one layer row."""
    unit = str(row["unit"])
    party = _value(row, "party")
    claimants = _value(row, "claimants")
    note = _value(row, "note")
    notes = [*([f"Claimants: {claimants}"] if claimants else []), *([f"Note: {note}"] if note else [])]
    version = _value(row, "version")
    return UnitInfo(
        unit=unit,
        name=str(_value(row, "name") or unit),
        aliases=ctx.aliases(unit),
        party=party,
        party_name=ctx.party_name(party),
        status=_value(row, "status"),
        confidence=_value(row, "confidence"),
        quote=_value(row, "quote"),
        source=_value(row, "source") or ctx.citation(version, None),
        provenance=ctx.versions[version].provenance if version in ctx.versions else None,
        version=version,
        covered=bool(_value(row, "covered")),
        notes=tuple(notes),
    )


def unit_features(layer: gpd.GeoDataFrame, ctx: MapContext) -> dict:
    """Return the layer as a GeoJSON FeatureCollection with per-feature style, popup and tooltip.

    Rows are written in order of unit id so that the output does not depend on
    the order of the frame.
    """
    check_layer(layer, "map layer")
    features = []
    for _, row in layer.sort_values("unit", kind="stable").iterrows():
        info = unit_info(row, ctx)
        style = ctx.palette.leaflet_style(info.party, info.status, info.covered)
        style["className"] += f" territory-unit-{info.unit}"
        properties = {"unit": info.unit, "style": style, "tooltip": unit_tooltip(info),
                      "popup": unit_popup(info)}
        features.append({
            "type": "Feature",
            "properties": properties,
            "geometry": ctx.display.geojson(ctx.display.for_geometry(row.geometry)),
        })
    return {"type": "FeatureCollection", "features": features}


def outline_features(geometries: Iterable[tuple[str, object]], ctx: MapContext, style: dict,
                     tooltip: str | None = None) -> dict:
    """Return outlines (no fill, not interactive) of ``(unit id, geometry)`` pairs."""
    features = []
    for unit, geometry in sorted(geometries, key=lambda item: item[0]):
        properties = {"unit": unit, "style": {**style, "fill": False,
                                              "className": f"territory-outline territory-outline-{unit}"}}
        if tooltip:
            properties["tooltip"] = tooltip
        features.append({"type": "Feature", "properties": properties,
                         "geometry": ctx.display.geojson(ctx.display.for_geometry(geometry))})
    return {"type": "FeatureCollection", "features": features}


def unit_labels(layer: gpd.GeoDataFrame, ctx: MapContext) -> list[tuple[float, float, str]]:
    """Return ``(lat, lon, escaped name)`` label triples, one per row, in unit order."""
    labels = []
    for _, row in layer.sort_values("unit", kind="stable").iterrows():
        lat, lon = label_point(ctx.display.for_geometry(row.geometry))
        labels.append((lat, lon, esc(_value(row, "name") or row["unit"])))
    return labels


def layer_parties(layers: Iterable[gpd.GeoDataFrame], ctx: MapContext) -> list[tuple[str, str]]:
    """``(party id, name)`` of the parties present in ``layers``, in palette order."""
    present = {p for layer in layers for p in layer["party"].dropna()}
    order = list(ctx.palette.colours)
    ordered = sorted(present, key=lambda p: (order.index(p) if p in order else len(order), p))
    return [(p, ctx.party_name(p) or p) for p in ordered]


def layer_legend(layers: list[gpd.GeoDataFrame], ctx: MapContext,
                 extra: Iterable[tuple[str, str]] = ()) -> str:
    """Legend HTML of the parties and statuses present in ``layers``."""
    rows = [(_value(r, "status"), bool(r["covered"])) for layer in layers for _, r in layer.iterrows()]
    return legend_html(ctx.palette, layer_parties(layers, ctx), statuses_in(rows), extra)


#: Margin (degrees) around the focus units of the first view.
FOCUS_MARGIN_DEG = 1.2


def region_bounds(ctx: MapContext) -> list[list[float]]:
    """Bounds of the first view: the focus units with a margin, within the atlas's extent.

    All units when the units have no ``kind`` column or no focus unit.
    """
    units = ctx.units
    if "kind" in units.columns and (units["kind"] == "focus").any():
        (south, west), (north, east) = bounds_latlon(units[units["kind"] == "focus"])
        (s0, w0), (n0, e0) = bounds_latlon(units)
        m = FOCUS_MARGIN_DEG
        return [[max(s0, south - m), max(w0, west - m)], [min(n0, north + m), min(e0, east + m)]]
    return bounds_latlon(units)


def unit_geometry(ctx: MapContext, layer: gpd.GeoDataFrame, unit: str) -> shapely.Geometry:
    """The geometry of ``unit``: its row of ``layer``, else the finest unit of the atlas.

    Parameters
    ----------
    ctx
        The atlas context (for a finest unit ``layer`` speaks of through its parent).
    layer
        A layer of :meth:`territory.Atlas.layer`.
    unit
        A unit id of either level.
    """
    rows = layer[layer["unit"] == unit]
    if len(rows):
        return rows.geometry.iloc[0]
    return ctx.units.geometry[unit]
