"""Static maps for print (PNG or SVG) with matplotlib.

Three figures share one drawing routine (:func:`draw_layer`, one layer on one
matplotlib axes): a single layer (a version, a scenario or a corridor view,
:func:`static_map`), two versions side by side (:func:`static_compare`) and a
small-multiples timeline of every version (:func:`static_timeline`). They use
the colours and patterns of the interactive maps (:mod:`territory.maps.palette`),
a legend, titles with each version's date and source, a scale bar and a north
arrow. Maps are drawn in the conformal projection of :mod:`territory.crs`
(Lambert conformal conic, standard parallels 38.5 N and 41.5 N), so the scale
bar is measured in metres of a projected CRS (scale error under 0.2 % across the
region) and the north arrow points to true north at its position.

Output is deterministic: the same layers give the same bytes (no date in the
metadata, a fixed SVG hash salt).
"""

from __future__ import annotations

import io
import math
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import geopandas as gpd
import matplotlib
import numpy as np
import pandas as pd
import shapely
from matplotlib import patheffects
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Patch, PathPatch, Rectangle
from matplotlib.path import Path
from matplotlib.transforms import offset_copy
from pyproj import Transformer
from shapely.ops import polylabel

from territory.crs import CONFORMAL, GEOGRAPHIC, project
from territory.errors import MapError
from territory.maps.changes import assigned_differently, difference_label
from territory.maps.context import MapContext, VersionInfo
from territory.maps.layers import layer_parties, region_bounds, unit_geometry
from territory.maps.palette import STATUS_STYLES, status_key

if TYPE_CHECKING:
    from territory.corridor import CorridorResult

DPI = 200
FIGSIZE = (11.0, 8.0)
#: Width of the side-by-side comparison and the inches one timeline panel's map takes.
COMPARE_WIDTH, TIMELINE_PANEL = 15.0, 3.9
#: Most panels in one row of the timeline (the legend takes the cell after the last panel).
TIMELINE_COLUMNS = 4
SCALE_STEPS_KM = (10, 20, 25, 50, 100, 150, 200, 250, 500)
#: Units whose visible part is smaller than this share of the frame are not labelled.
LABEL_MIN_SHARE = 0.001
#: Precision of the label position (metres) and the width of a label line (characters).
LABEL_TOLERANCE_M, LABEL_WIDTH = 500.0, 22
_HALO_WIDTH = 2.5
_HALO = [patheffects.withStroke(linewidth=_HALO_WIDTH, foreground="white")]

STYLE = {"svg.hashsalt": "territory", "svg.fonttype": "path", "hatch.linewidth": 1.2,
         "font.family": "DejaVu Sans", "text.parse_math": False}
"""The style of every figure. ``text.parse_math`` off: text from data files is drawn as it is
written ("Loan of $5 and $10"), never read as mathtext."""

Project = Callable[[shapely.Geometry], shapely.Geometry]


@dataclass(frozen=True)
class MapFrame:
    """The projection and extent every panel of an atlas is drawn in (metres, conformal CRS)."""

    to_map: Transformer
    to_geo: Transformer
    x0: float
    y0: float
    x1: float
    y1: float

    @classmethod
    def of(cls, ctx: MapContext) -> MapFrame:
        """The frame of the first view of the interactive maps (:func:`region_bounds`)."""
        to_map = Transformer.from_crs(GEOGRAPHIC, CONFORMAL, always_xy=True)
        to_geo = Transformer.from_crs(CONFORMAL, GEOGRAPHIC, always_xy=True)
        (south, west), (north, east) = region_bounds(ctx)
        xs, ys = to_map.transform([west, east, west, east], [south, south, north, north])
        return cls(to_map, to_geo, min(xs), min(ys), max(xs), max(ys))

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    @property
    def box(self) -> shapely.Geometry:
        return shapely.box(self.x0, self.y0, self.x1, self.y1)

    def project(self, geometry: shapely.Geometry) -> shapely.Geometry:
        """``geometry`` (EPSG:4326) in the frame's CRS."""
        return project(geometry, self.to_map)


def _polygon_path(geometry: shapely.Geometry) -> Path:
    rings = []
    for polygon in shapely.get_parts(geometry):
        for ring in [polygon.exterior, *polygon.interiors]:
            rings.append(Path(np.asarray(ring.coords)[:, :2], closed=True))
    return Path.make_compound_path(*rings)


def _nice_length_km(width_m: float) -> int:
    target = width_m / 1000 / 5
    return min(SCALE_STEPS_KM, key=lambda step: abs(step - target))


def _scale_bar(ax: Axes, frame: MapFrame, text_scale: float) -> None:
    length_km = _nice_length_km(frame.width)
    left = frame.x0 + 0.04 * frame.width
    bottom = frame.y0 + 0.05 * frame.height
    bar_height = 0.012 * frame.height
    half = length_km * 500.0
    for index, colour in enumerate(("#000000", "#FFFFFF")):
        ax.add_patch(Rectangle((left + index * half, bottom), half, bar_height, facecolor=colour,
                               edgecolor="#000000", linewidth=0.8, zorder=10))
    for x, text in ((left, "0"), (left + half * 2, f"{length_km} km")):
        ax.text(x, bottom + bar_height * 1.6, text, ha="center", va="bottom",
                fontsize=8 * text_scale, zorder=10, path_effects=_HALO)


def _north_arrow(ax: Axes, frame: MapFrame, text_scale: float) -> None:
    x = frame.x0 + 0.05 * frame.width
    y = frame.y0 + 0.85 * frame.height
    lon, lat = frame.to_geo.transform(x, y)
    nx, ny = frame.to_map.transform(lon, lat + 0.05)
    direction = np.array([nx - x, ny - y])
    direction = direction / np.linalg.norm(direction) * 0.07 * frame.height
    ax.annotate("", xy=(x + direction[0], y + direction[1]), xytext=(x, y),
                arrowprops={"arrowstyle": "-|>", "color": "#000000",
                            "linewidth": 1.5 * text_scale}, zorder=10)
    ax.text(x + direction[0] * 1.25, y + direction[1] * 1.25, "N", ha="center", va="center",
            fontsize=11 * text_scale, fontweight="bold", zorder=10, path_effects=_HALO)


def _legend_handles(ctx: MapContext, layers: Sequence[gpd.GeoDataFrame], extra: list) -> list:
    """Legend entries of the parties and statuses present in ``layers``, then ``extra``."""
    handles = [Patch(facecolor=ctx.palette.colour(party), edgecolor="#222222", label=name)
               for party, name in layer_parties(layers, ctx)]
    present = {status_key(r["status"], bool(r["covered"]))
               for layer in layers for _, r in layer.iterrows()}
    for key, style in STATUS_STYLES.items():
        if key in present:
            look = ctx.palette.mpl_style(None, key if key != "not_covered" else None,
                                         key != "not_covered")
            handles.append(Patch(facecolor="#FFFFFF" if key != "not_covered" else look["facecolor"],
                                 hatch=look["hatch"], hatchcolor="#666666",
                                 edgecolor=look["edgecolor"], linestyle=look["linestyle"],
                                 linewidth=look["linewidth"], label=style.label))
    return handles + extra


def _check_format(fmt: str, where: str) -> None:
    if fmt not in ("png", "svg"):
        raise MapError(f"{where}(fmt)", "format", "'png' or 'svg'", fmt)


def _check_dpi(dpi: int, where: str) -> None:
    if dpi < 150:
        raise MapError(f"{where}(dpi)", "resolution", "at least 150 dpi", dpi)


def _save(build: Callable[[], Figure], fmt: str, dpi: int) -> bytes:
    """Build a figure under :data:`STYLE` and return its PNG or SVG bytes (no date, no software)."""
    with matplotlib.rc_context(STYLE):
        figure = build()
        buffer = io.BytesIO()
        metadata = {"Date": None} if fmt == "svg" else {"Software": None}
        figure.savefig(buffer, format=fmt, dpi=dpi, metadata=metadata)
    return buffer.getvalue()


def _new_figure(size: tuple[float, float], dpi: int) -> Figure:
    figure = Figure(figsize=size, dpi=dpi)
    FigureCanvasAgg(figure)
    return figure


def draw_layer(ax: Axes, ctx: MapContext, layer: gpd.GeoDataFrame, frame: MapFrame, *,
               corridor: CorridorResult | None = None, changed: Sequence[str] = (),
               changed_label: str = "", text_scale: float = 1.0, gid_tag: str = "") -> list[Patch]:
    """Draw one layer on ``ax``: units, unit labels, scale bar and north arrow.

    Parameters
    ----------
    ax
        The axes to draw on; its extent is set to ``frame``.
    ctx
        The atlas context.
    layer
        A layer of ``atlas.layer``.
    frame
        The projection and extent (:meth:`MapFrame.of`).
    corridor
        A :class:`territory.corridor.CorridorResult` to draw over the layer:
        shared borders with their length, wedge units dashed, the chain dotted.
    changed
        Finest unit ids to outline (units two versions assign differently).
    changed_label
        The legend text of those outlines (:func:`territory.maps.changes.difference_label`).
    text_scale
        Factor on the font sizes (labels, scale bar, north arrow).
    gid_tag
        Put into the gids of the unit labels (``label-<tag><unit>``) and of the
        outlines (``changed-<tag><unit>``), unique per panel of a figure.

    Returns
    -------
    list of matplotlib.patches.Patch
        Legend entries for what was drawn over the units (corridor or outlines).
    """
    ax.set_facecolor("#eef1f3")
    ordered = layer.sort_values("unit", kind="stable")
    for _, row in ordered.iterrows():
        party = row["party"] if isinstance(row["party"], str) else None
        look = ctx.palette.mpl_style(party, row["status"], bool(row["covered"]))
        geometry = frame.project(ctx.display.for_geometry(row.geometry))
        ax.add_patch(PathPatch(_polygon_path(geometry), facecolor=look["facecolor"],
                               hatch=look["hatch"], hatchcolor=look["hatch_colour"],
                               edgecolor=look["edgecolor"], linestyle=look["linestyle"],
                               linewidth=look["linewidth"], zorder=1))
    extra = _draw_corridor(ax, ctx, layer, corridor, frame.project) if corridor is not None else []
    if changed:
        extra += _draw_changed(ax, ctx, changed, frame.project, gid_tag, changed_label)
    ax.set_xlim(frame.x0, frame.x1)
    ax.set_ylim(frame.y0, frame.y1)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    _draw_labels(ax, ctx, ordered, frame, text_scale, gid_tag)
    _scale_bar(ax, frame, text_scale)
    _north_arrow(ax, frame, text_scale)
    return extra


def _draw_changed(ax: Axes, ctx: MapContext, units: Sequence[str], project: Project,
                  gid_tag: str, label: str) -> list[Patch]:
    for unit in units:
        geometry = project(ctx.display.for_geometry(ctx.units.geometry[unit]))
        ax.add_patch(PathPatch(_polygon_path(geometry), facecolor="none", edgecolor="#000000",
                               linewidth=2.6, zorder=3, gid=f"changed-{gid_tag}{unit}",
                               path_effects=[patheffects.withStroke(linewidth=4.2,
                                                                    foreground="white")]))
    return [Patch(facecolor="none", edgecolor="#000000", linewidth=2.2, label=label)]


TitleLine = tuple[str, float, str]
_LINE_SPACING, _TITLE_PAD = 1.3, 4.0


def _panel_lines(info: VersionInfo, sizes: tuple[float, float, float],
                 widths: tuple[int, int]) -> list[TitleLine]:
    """Title (at most two lines), ``id · date`` and the source of one panel.

    ``widths`` are the characters per line of the title and of the source.
    """
    title_size, id_size, source_size = sizes
    title_width, source_width = widths
    lines = [(textwrap.fill(info.title, title_width, max_lines=2, placeholder=" …"), title_size,
              "bold"), (f"{info.id} · {info.date}", id_size, "normal")]
    if info.citation:
        lines.append((textwrap.fill(f"Source: {info.citation}", source_width, max_lines=5,
                                    placeholder=" …"), source_size, "normal"))
    return lines


def _lines_height(lines: Sequence[TitleLine]) -> float:
    """Height (points) that :func:`_panel_title` takes for ``lines``."""
    return _TITLE_PAD + sum(size * _LINE_SPACING * (text.count("\n") + 1)
                            for text, size, _ in lines)


def _panel_title(ax: Axes, lines: Sequence[TitleLine]) -> None:
    """Write ``(text, fontsize, weight)`` lines above ``ax``, the first line on top."""
    offset = _TITLE_PAD
    for text, size, weight in reversed(lines):
        transform = offset_copy(ax.transAxes, fig=ax.figure, y=offset, units="points")
        ax.text(0.0, 1.0, text, transform=transform, fontsize=size, fontweight=weight,
                ha="left", va="bottom", linespacing=1.15)
        offset += size * _LINE_SPACING * (text.count("\n") + 1)


def static_map(ctx: MapContext, layer: gpd.GeoDataFrame, scenario: str, *,
               fmt: Literal["png", "svg"] = "png", corridor: CorridorResult | None = None,
               dpi: int = DPI) -> bytes:
    """Draw one layer (and optionally a corridor answer) as a PNG or SVG image.

    Parameters
    ----------
    ctx
        The atlas context (:class:`territory.maps.context.MapContext`).
    layer
        A layer of ``atlas.layer``.
    scenario
        Its scenario: a version id or ``"A+B"`` (for the title).
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

    Raises
    ------
    MapError
        ``fmt`` is not png or svg, or ``dpi`` is under 150.
    """
    _check_format(fmt, "static_map")  # the figure function checks dpi
    return _save(lambda: static_figure(ctx, layer, scenario, corridor=corridor, dpi=dpi), fmt, dpi)


def static_figure(ctx: MapContext, layer: gpd.GeoDataFrame, scenario: str, *,
                  corridor: CorridorResult | None = None, dpi: int = DPI) -> Figure:
    """Return the matplotlib figure :func:`static_map` saves (same parameters, no ``fmt``).

    The map's axes is ``figure.axes[0]``; each unit label is a text of it whose
    gid is ``label-<unit>``.
    """
    _check_dpi(dpi, "static_map")
    with matplotlib.rc_context(STYLE):
        figure = _new_figure(FIGSIZE, dpi)
        ax = figure.add_axes((0.01, 0.09, 0.62, 0.80))
        extra = draw_layer(ax, ctx, layer, MapFrame.of(ctx), corridor=corridor)
        ax.legend(handles=_legend_handles(ctx, [layer], extra), loc="upper left",
                  bbox_to_anchor=(1.02, 1.0), fontsize=8, frameon=False, title="Party / status",
                  title_fontsize=9, alignment="left")
        info = ctx.describe(scenario)
        figure.text(0.01, 0.965, info.title, fontsize=13, fontweight="bold", va="top")
        figure.text(0.01, 0.925, f"{info.id} · {info.byline}", fontsize=9, va="top")
        cited = " ".join(part for part in (f"Source: {info.citation.rstrip('.')}." if info.citation else "",
                                            f"{info.provenance}." if info.provenance else "") if part)
        source = textwrap.fill(cited, 180)
        figure.text(0.01, 0.075, source, fontsize=7, va="top")
    return figure


def static_compare(ctx: MapContext, layer_a: gpd.GeoDataFrame, a: str, layer_b: gpd.GeoDataFrame,
                   b: str, diff: pd.DataFrame, *, fmt: Literal["png", "svg"] = "png",
                   dpi: int = DPI) -> bytes:
    """Draw two scenarios side by side as a PNG or SVG image.

    Both panels have the same extent, palette and shared legend; units assigned
    differently by ``a`` and ``b`` (``assigned_differently`` in ``diff``) are outlined in both.

    Parameters
    ----------
    ctx
        The atlas context.
    layer_a, layer_b
        Layers of ``atlas.layer``; ``a`` is drawn left.
    a, b
        Their scenarios (for the panel titles).
    diff
        ``atlas.diff(a, b)``.
    fmt
        ``png`` or ``svg``.
    dpi
        Resolution of a PNG (at least 150).

    Returns
    -------
    bytes
        The image file.

    Raises
    ------
    MapError
        ``fmt`` is not png or svg, or ``dpi`` is under 150.
    """
    _check_format(fmt, "static_compare")  # the figure function checks dpi
    return _save(lambda: compare_figure(ctx, layer_a, a, layer_b, b, diff, dpi=dpi), fmt, dpi)


def compare_figure(ctx: MapContext, layer_a: gpd.GeoDataFrame, a: str, layer_b: gpd.GeoDataFrame,
                   b: str, diff: pd.DataFrame, *, dpi: int = DPI) -> Figure:
    """Return the figure :func:`static_compare` saves: ``figure.axes`` are the left and right map.

    Unit labels have the gids ``label-left-<unit>`` and ``label-right-<unit>``, the outlines
    of the units assigned differently ``changed-left-<unit>`` and ``changed-right-<unit>``.
    """
    _check_dpi(dpi, "static_compare")
    frame = MapFrame.of(ctx)
    changed = list(assigned_differently(ctx, diff))
    panels = [(layer_a, a, "left"), (layer_b, b, "right")]
    titles = [_panel_lines(ctx.describe(scenario), (11, 9, 6.5), (78, 145))
              for _, scenario, _ in panels]
    margin, gap, heading, footer = 0.3, 0.3, 0.5, 1.0  # inches
    panel_w = (COMPARE_WIDTH - 2 * margin - gap) / 2
    panel_h = panel_w * frame.height / frame.width
    top = heading + max(_lines_height(lines) for lines in titles) / 72 + 0.1
    size = (COMPARE_WIDTH, top + panel_h + footer)
    with matplotlib.rc_context(STYLE):
        figure = _new_figure(size, dpi)
        extra: list[Patch] = []
        for index, ((layer, _, side), lines) in enumerate(zip(panels, titles, strict=True)):
            left = margin + index * (panel_w + gap)
            ax = figure.add_axes((left / size[0], footer / size[1], panel_w / size[0],
                                  panel_h / size[1]))
            extra = draw_layer(ax, ctx, layer, frame, changed=changed,
                               changed_label=difference_label(ctx, a, b), gid_tag=f"{side}-")
            _panel_title(ax, lines)
        figure.text(margin / size[0], 1 - 0.15 / size[1], f"{a} (left) and {b} (right)",
                    fontsize=13, fontweight="bold", va="top")
        handles = _legend_handles(ctx, [layer_a, layer_b], extra)
        figure.legend(handles=handles, loc="upper left",
                      bbox_to_anchor=(margin / size[0], (footer - 0.08) / size[1]),
                      ncols=min(4, len(handles)), fontsize=8, frameon=False,
                      title="Party / status (both panels)", title_fontsize=9, alignment="left")
    return figure


def static_timeline(ctx: MapContext, layers: Sequence[tuple[str, gpd.GeoDataFrame]], *,
                    fmt: Literal["png", "svg"] = "png", dpi: int = DPI) -> bytes:
    """Draw every version as small multiples (one panel per version) as a PNG or SVG image.

    Parameters
    ----------
    ctx
        The atlas context.
    layers
        ``(scenario, layer)`` pairs in date order (the order of the panels,
        left to right, then top to bottom).
    fmt
        ``png`` or ``svg``.
    dpi
        Resolution of a PNG (at least 150).

    Returns
    -------
    bytes
        The image file.

    Raises
    ------
    MapError
        ``fmt`` is not png or svg, ``dpi`` is under 150, or ``layers`` is empty.
    """
    _check_format(fmt, "static_timeline")  # the figure function checks dpi
    return _save(lambda: timeline_figure(ctx, layers, dpi=dpi), fmt, dpi)


def timeline_figure(ctx: MapContext, layers: Sequence[tuple[str, gpd.GeoDataFrame]], *,
                    dpi: int = DPI) -> Figure:
    """Return the figure :func:`static_timeline` saves: one axes per version, in order.

    The legend takes the grid cell after the last panel. Unit labels have the gids
    ``label-<panel index>-<unit>``.
    """
    _check_dpi(dpi, "static_timeline")
    if not layers:
        raise MapError("static_timeline(layers)", "layers", "at least one (scenario, layer) pair",
                       list(layers))
    frame = MapFrame.of(ctx)
    columns = min(TIMELINE_COLUMNS, len(layers) + 1)
    rows = math.ceil((len(layers) + 1) / columns)
    titles = [_panel_lines(ctx.describe(scenario), (8.5, 7.5, 5.5), (52, 92))
              for scenario, _ in layers]
    panel_w = TIMELINE_PANEL
    panel_h = panel_w * frame.height / frame.width
    gap_x, heading, bottom = 0.25, 0.45, 0.15  # inches
    title_h = max(_lines_height(lines) for lines in titles) / 72 + 0.25
    size = (columns * (panel_w + gap_x) + gap_x, heading + rows * (title_h + panel_h) + bottom)
    with matplotlib.rc_context(STYLE):
        figure = _new_figure(size, dpi)

        def cell(index: int) -> tuple[float, float, float, float]:
            row, column = divmod(index, columns)
            left = gap_x + column * (panel_w + gap_x)
            top = heading + row * (title_h + panel_h) + title_h
            return (left / size[0], 1 - (top + panel_h) / size[1], panel_w / size[0],
                    panel_h / size[1])

        for index, ((_, layer), lines) in enumerate(zip(layers, titles, strict=True)):
            ax = figure.add_axes(cell(index))
            draw_layer(ax, ctx, layer, frame, text_scale=0.7, gid_tag=f"{index}-")
            _panel_title(ax, lines)
        legend_box = figure.add_axes(cell(len(layers)))
        legend_box.set_axis_off()
        legend_box.legend(handles=_legend_handles(ctx, [layer for _, layer in layers], []),
                          loc="upper left", fontsize=8, frameon=False,
                          title="Party / status (all panels)", title_fontsize=9, alignment="left")
        figure.text(gap_x / size[0], 1 - 0.12 / size[1], "All versions in date order",
                    fontsize=13, fontweight="bold", va="top")
    return figure


def _furniture(frame: MapFrame) -> shapely.Geometry:
    """The corners the north arrow (top left) and the scale bar (bottom left) take."""
    x0, y0, width_m, height_m = frame.x0, frame.y0, frame.width, frame.height
    return shapely.union(shapely.box(x0, y0 + 0.78 * height_m, x0 + 0.10 * width_m, y0 + height_m),
                         shapely.box(x0, y0, x0 + 0.30 * width_m, y0 + 0.10 * height_m))


def _draw_labels(ax: Axes, ctx: MapContext, ordered: gpd.GeoDataFrame, frame: MapFrame,
                 text_scale: float, gid_tag: str) -> None:
    """Label each unit at the pole of inaccessibility of its largest part inside the map.

    Units are labelled where they show in the frame (the map extent), away from the
    north arrow and the scale bar; a label whose text would cross the frame is moved
    inward until it fits.
    """
    renderer = ax.figure.canvas.get_renderer()
    ax.apply_aspect()
    box = ax.get_window_extent(renderer)
    to_data = ax.transData.inverted()
    margin = renderer.points_to_pixels(_HALO_WIDTH / 2 + 0.5)
    extent_box = frame.box
    free = extent_box.difference(_furniture(frame))
    for _, row in ordered.iterrows():
        geometry = frame.project(ctx.display.for_geometry(row.geometry))
        if geometry.intersection(extent_box).area < LABEL_MIN_SHARE * extent_box.area:
            continue
        parts = [part for part in shapely.get_parts(geometry.intersection(free)) if part.area > 0]
        parts = parts or list(shapely.get_parts(geometry.intersection(extent_box)))
        largest = max(parts, key=lambda part: part.area)
        anchor = polylabel(largest, tolerance=LABEL_TOLERANCE_M)
        text = ax.text(anchor.x, anchor.y, textwrap.fill(str(row["name"]), LABEL_WIDTH),
                       ha="center", va="center", multialignment="center",
                       fontsize=7.5 * text_scale, fontweight="bold", zorder=5, path_effects=_HALO,
                       clip_on=True, gid=f"label-{gid_tag}{row['unit']}")
        extent = text.get_window_extent(renderer)
        shift_x = max(0.0, box.x0 + margin - extent.x0) - max(0.0, extent.x1 - box.x1 + margin)
        shift_y = max(0.0, box.y0 + margin - extent.y0) - max(0.0, extent.y1 - box.y1 + margin)
        if shift_x or shift_y:
            x, y = ax.transData.transform((anchor.x, anchor.y))
            text.set_position(tuple(to_data.transform((x + shift_x, y + shift_y))))


def _draw_corridor(ax: Axes, ctx: MapContext, layer: gpd.GeoDataFrame, result: CorridorResult,
                   project: Project) -> list[Patch]:
    handles = []
    outlines = [(result.wedge, (0, (5, 3)), "wedge unit")]
    if not result.connected:
        outlines.append(([link.unit for link in result.chain], (0, (1, 3)), "shortest chain"))
    for units, linestyle, label in outlines:
        for unit in units:
            geometry = project(ctx.display.for_geometry(unit_geometry(ctx, layer, unit)))
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
