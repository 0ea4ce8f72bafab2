"""Static maps for print (PNG or SVG) with matplotlib.

Same colours and patterns as the interactive maps (:mod:`territory.maps.palette`),
a legend, a title with the version's date and source, a scale bar and a north
arrow. The map is drawn in the conformal projection of :mod:`territory.crs`
(Lambert conformal conic, standard parallels 38.5 N and 41.5 N), so the scale
bar is measured in metres of a projected CRS (scale error under 0.2 % across the
region) and the north arrow points to true north at its position.

Output is deterministic: the same layer gives the same bytes (no date in the
metadata, a fixed SVG hash salt).
"""

from __future__ import annotations

import io
import textwrap
from typing import Literal

import geopandas as gpd
import matplotlib
import numpy as np
import shapely
from matplotlib import patheffects
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Patch, PathPatch, Rectangle
from matplotlib.path import Path
from pyproj import Transformer
from shapely.ops import polylabel

from territory.crs import CONFORMAL, GEOGRAPHIC
from territory.maps.context import MapContext
from territory.maps.layers import layer_parties, region_bounds
from territory.maps.palette import STATUS_STYLES, status_key

DPI = 200
FIGSIZE = (11.0, 8.0)
SCALE_STEPS_KM = (10, 20, 25, 50, 100, 150, 200, 250, 500)
#: Units whose visible part is smaller than this share of the frame are not labelled.
LABEL_MIN_SHARE = 0.001
#: Precision of the label position (metres) and the width of a label line (characters).
LABEL_TOLERANCE_M, LABEL_WIDTH = 500.0, 22
_HALO_WIDTH = 2.5
_HALO = [patheffects.withStroke(linewidth=_HALO_WIDTH, foreground="white")]


def _polygon_path(geometry: shapely.Geometry) -> Path:
    rings = []
    for polygon in shapely.get_parts(geometry):
        for ring in [polygon.exterior, *polygon.interiors]:
            rings.append(Path(np.asarray(ring.coords)[:, :2], closed=True))
    return Path.make_compound_path(*rings)


def _nice_length_km(width_m: float) -> int:
    target = width_m / 1000 / 5
    return min(SCALE_STEPS_KM, key=lambda step: abs(step - target))


def _scale_bar(ax: object, x0: float, y0: float, width_m: float, height_m: float) -> None:
    length_km = _nice_length_km(width_m)
    left = x0 + 0.04 * width_m
    bottom = y0 + 0.05 * height_m
    bar_height = 0.012 * height_m
    half = length_km * 500.0
    for index, colour in enumerate(("#000000", "#FFFFFF")):
        ax.add_patch(Rectangle((left + index * half, bottom), half, bar_height, facecolor=colour,
                               edgecolor="#000000", linewidth=0.8, zorder=10))
    for x, text in ((left, "0"), (left + half * 2, f"{length_km} km")):
        ax.text(x, bottom + bar_height * 1.6, text, ha="center", va="bottom", fontsize=8,
                zorder=10, path_effects=_HALO)


def _north_arrow(ax: object, to_map: Transformer, to_geo: Transformer, x0: float, y0: float,
                 width_m: float, height_m: float) -> None:
    x = x0 + 0.05 * width_m
    y = y0 + 0.85 * height_m
    lon, lat = to_geo.transform(x, y)
    nx, ny = to_map.transform(lon, lat + 0.05)
    direction = np.array([nx - x, ny - y])
    direction = direction / np.linalg.norm(direction) * 0.07 * height_m
    ax.annotate("", xy=(x + direction[0], y + direction[1]), xytext=(x, y),
                arrowprops={"arrowstyle": "-|>", "color": "#000000", "linewidth": 1.5}, zorder=10)
    ax.text(x + direction[0] * 1.25, y + direction[1] * 1.25, "N", ha="center", va="center",
            fontsize=11, fontweight="bold", zorder=10, path_effects=_HALO)


def _legend_handles(ctx: MapContext, layer: gpd.GeoDataFrame, extra: list) -> list:
    handles = [Patch(facecolor=ctx.palette.colour(party), edgecolor="#222222", label=name)
               for party, name in layer_parties([layer], ctx)]
    present = {status_key(r["status"], bool(r["covered"])) for _, r in layer.iterrows()}
    for key, style in STATUS_STYLES.items():
        if key in present:
            look = ctx.palette.mpl_style(None, key if key != "not_covered" else None,
                                         key != "not_covered")
            handles.append(Patch(facecolor="#FFFFFF" if key != "not_covered" else look["facecolor"],
                                 hatch=look["hatch"], hatchcolor="#666666",
                                 edgecolor=look["edgecolor"], linestyle=look["linestyle"],
                                 linewidth=look["linewidth"], label=style.label))
    return handles + extra


STYLE = {"svg.hashsalt": "territory", "svg.fonttype": "path", "hatch.linewidth": 1.2,
         "font.family": "DejaVu Sans"}


def static_map(ctx: MapContext, layer: gpd.GeoDataFrame, layer_id: str, *,
               fmt: Literal["png", "svg"] = "png", corridor: object | None = None,
               dpi: int = DPI) -> bytes:
    """Draw one layer (and optionally a corridor answer) as a PNG or SVG image.

    Parameters
    ----------
    ctx
        The atlas context (:class:`territory.maps.context.MapContext`).
    layer
        A layer of ``atlas.layer``.
    layer_id
        Its version id or scenario (for the title).
    fmt
        ``png`` or ``svg``.
    corridor
        A :class:`territory.corridor.CorridorResult` to draw over the layer:
        shared borders with their length, wedge units dashed, the chain dotted.
    dpi
        Resolution of a PNG (at least 150).

    Returns
    -------
    bytes
        The image file.
    """
    if fmt not in ("png", "svg"):
        raise ValueError(f"static_map(fmt): expected 'png' or 'svg', got {fmt!r}")
    with matplotlib.rc_context(STYLE):
        figure = static_figure(ctx, layer, layer_id, corridor=corridor, dpi=dpi)
        buffer = io.BytesIO()
        metadata = {"Date": None} if fmt == "svg" else {"Software": None}
        figure.savefig(buffer, format=fmt, dpi=dpi, metadata=metadata)
    return buffer.getvalue()


def static_figure(ctx: MapContext, layer: gpd.GeoDataFrame, layer_id: str, *,
                  corridor: object | None = None, dpi: int = DPI) -> Figure:
    """Return the matplotlib figure :func:`static_map` saves (same parameters, no ``fmt``).

    The map's axes is ``figure.axes[0]``; each unit label is a text of it whose
    gid is ``label-<unit>``.
    """
    if dpi < 150:
        raise ValueError(f"static_map(dpi): expected at least 150, got {dpi}")
    to_map = Transformer.from_crs(GEOGRAPHIC, CONFORMAL, always_xy=True)
    to_geo = Transformer.from_crs(CONFORMAL, GEOGRAPHIC, always_xy=True)

    def project(geometry: shapely.Geometry) -> shapely.Geometry:
        return shapely.transform(geometry, lambda c: np.column_stack(to_map.transform(c[:, 0], c[:, 1])))

    with matplotlib.rc_context(STYLE):
        figure = Figure(figsize=FIGSIZE, dpi=dpi)
        FigureCanvasAgg(figure)
        ax = figure.add_axes((0.01, 0.09, 0.62, 0.80))
        ax.set_facecolor("#eef1f3")
        ordered = layer.sort_values("unit", kind="stable")
        for _, row in ordered.iterrows():
            party = row["party"] if isinstance(row["party"], str) else None
            look = ctx.palette.mpl_style(party, row["status"], bool(row["covered"]))
            geometry = project(ctx.display.for_geometry(row.geometry))
            ax.add_patch(PathPatch(_polygon_path(geometry), facecolor=look["facecolor"],
                                   hatch=look["hatch"], hatchcolor=look["hatch_colour"],
                                   edgecolor=look["edgecolor"], linestyle=look["linestyle"],
                                   linewidth=look["linewidth"], zorder=1))
        extra = _draw_corridor(ax, ctx, layer, corridor, project) if corridor is not None else []
        (south, west), (north, east) = region_bounds(ctx)
        xs, ys = to_map.transform([west, east, west, east], [south, south, north, north])
        x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
        ax.set_xlim(x0, x1)
        ax.set_ylim(y0, y1)
        ax.set_aspect("equal")
        ax.set_xticks([])
        ax.set_yticks([])
        frame = shapely.box(x0, y0, x1, y1)
        _draw_labels(ax, ctx, ordered, project, frame,
                     frame.difference(_furniture(x0, y0, x1 - x0, y1 - y0)))
        _scale_bar(ax, x0, y0, x1 - x0, y1 - y0)
        _north_arrow(ax, to_map, to_geo, x0, y0, x1 - x0, y1 - y0)
        ax.legend(handles=_legend_handles(ctx, layer, extra), loc="upper left",
                  bbox_to_anchor=(1.02, 1.0), fontsize=8, frameon=False, title="Party / status",
                  title_fontsize=9, alignment="left")
        info = ctx.describe(layer_id)
        figure.text(0.01, 0.965, info.title, fontsize=13, fontweight="bold", va="top")
        figure.text(0.01, 0.925, f"{info.id} · {info.byline}", fontsize=9, va="top")
        source = textwrap.fill(f"Source: {info.citation}", 180) if info.citation else ""
        figure.text(0.01, 0.075, source, fontsize=7, va="top")
    return figure


def _furniture(x0: float, y0: float, width_m: float, height_m: float) -> shapely.Geometry:
    """The corners the north arrow (top left) and the scale bar (bottom left) take."""
    return shapely.union(shapely.box(x0, y0 + 0.78 * height_m, x0 + 0.10 * width_m, y0 + height_m),
                         shapely.box(x0, y0, x0 + 0.30 * width_m, y0 + 0.10 * height_m))


def _draw_labels(ax: object, ctx: MapContext, ordered: gpd.GeoDataFrame, project: object,
                 frame: shapely.Geometry, free: shapely.Geometry) -> None:
    """Label each unit at the pole of inaccessibility of its largest part inside the map.

    Units are labelled where they show in ``frame`` (the map extent), away from the north
    arrow and the scale bar (``free``); a label whose text would cross the frame is moved
    inward until it fits.
    """
    renderer = ax.figure.canvas.get_renderer()
    ax.apply_aspect()
    box = ax.get_window_extent(renderer)
    to_data = ax.transData.inverted()
    margin = renderer.points_to_pixels(_HALO_WIDTH / 2 + 0.5)
    for _, row in ordered.iterrows():
        geometry = project(ctx.display.for_geometry(row.geometry))
        if geometry.intersection(frame).area < LABEL_MIN_SHARE * frame.area:
            continue
        parts = [part for part in shapely.get_parts(geometry.intersection(free)) if part.area > 0]
        parts = parts or list(shapely.get_parts(geometry.intersection(frame)))
        largest = max(parts, key=lambda part: part.area)
        anchor = polylabel(largest, tolerance=LABEL_TOLERANCE_M)
        text = ax.text(anchor.x, anchor.y, textwrap.fill(str(row["name"]), LABEL_WIDTH),
                       ha="center", va="center", multialignment="center", fontsize=7.5,
                       fontweight="bold", zorder=5, path_effects=_HALO, clip_on=True,
                       gid=f"label-{row['unit']}")
        extent = text.get_window_extent(renderer)
        shift_x = max(0.0, box.x0 + margin - extent.x0) - max(0.0, extent.x1 - box.x1 + margin)
        shift_y = max(0.0, box.y0 + margin - extent.y0) - max(0.0, extent.y1 - box.y1 + margin)
        if shift_x or shift_y:
            x, y = ax.transData.transform((anchor.x, anchor.y))
            text.set_position(tuple(to_data.transform((x + shift_x, y + shift_y))))


def _draw_corridor(ax: object, ctx: MapContext, layer: gpd.GeoDataFrame, result: object,
                   project: object) -> list:
    from territory.maps.corridor_map import CHAIN_STYLE, WEDGE_STYLE, _unit_geometry

    handles = []
    outlines = [(result.wedge, WEDGE_STYLE, (0, (5, 3)), "wedge unit")]
    if not result.connected:
        outlines.append(([link.unit for link in result.chain], CHAIN_STYLE, (0, (1, 3)),
                         "shortest chain"))
    for units, _, linestyle, label in outlines:
        for unit in units:
            geometry = project(ctx.display.for_geometry(_unit_geometry(ctx, layer, unit)))
            ax.add_patch(PathPatch(_polygon_path(geometry), facecolor="none", edgecolor="#000000",
                                   linewidth=2.2, linestyle=linestyle, zorder=3))
        if units:
            handles.append(Patch(facecolor="none", edgecolor="#000000", linestyle=linestyle,
                                 linewidth=2, label=label))
    if result.shared_borders:
        borders = result.shared_borders_frame()
        if borders.crs is not None:
            borders = borders.to_crs(GEOGRAPHIC)
        for _, row in borders.iterrows():
            line = project(row.geometry)
            for part in shapely.get_parts(line):
                coords = np.asarray(part.coords)
                ax.plot(coords[:, 0], coords[:, 1], color="#000000", linewidth=3.5, zorder=4,
                        path_effects=[patheffects.withStroke(linewidth=6, foreground="white")])
            middle = line.interpolate(0.5, normalized=True)
            ax.text(middle.x, middle.y, f"{row['km']:.1f} km", fontsize=8, fontweight="bold",
                    zorder=6, path_effects=_HALO)
        handles.append(Patch(facecolor="#000000", edgecolor="#000000",
                             label=f"shared border ({result.shared_border_km:.1f} km)"))
    return handles
