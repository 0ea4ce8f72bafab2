"""Render the atlas's maps into a directory: one file per map and an index.html gallery.

Which maps (the *plan*) follows from the data: one map per version, each June 1920
version compared with each November 1920 version (side by side and swipe), the
timeline, and the Turkey / Soviet Azerbaijan corridor view for the latest de facto
layer of November 1920, alone and with each June or November proposal applied
over it. Every file is built in memory first and then written atomically.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from territory._atomic import write_bytes_atomic, write_text_atomic
from territory.errors import TerritoryError, UnknownIdError
from territory.maps.compare_map import build_dual_map, build_swipe_map
from territory.maps.context import MapContext
from territory.maps.corridor_map import build_corridor_map
from territory.maps.gallery import gallery_html
from territory.maps.html import page_html
from territory.maps.ids import deterministic_ids
from territory.maps.timeline_map import build_timeline_map
from territory.maps.version_map import build_version_map

Format = Literal["html", "png", "svg"]
FORMATS: tuple[str, ...] = ("html", "png", "svg")

#: The corridor question of the seed: a land connection between these two parties.
CORRIDOR_PARTIES = ("turkey", "azerbaijan_ssr")
#: The months the seed calls "the June and November 1920 proposals".
JUNE, NOVEMBER, DECEMBER = (1920, 6), (1920, 11), (1920, 12)
#: The kinds of map that have a static image (png/svg); a swipe map has no static form.
STATIC_KINDS: tuple[str, ...] = ("version", "compare", "timeline", "corridor")


@dataclass(frozen=True)
class MapSpec:
    """One map of the plan.

    Attributes
    ----------
    id
        File stem and ``--only`` name (``version-1920-06-20-chicherin``).
    kind
        ``version``, ``compare``, ``swipe``, ``timeline`` or ``corridor``.
    title, caption
        Gallery text (raw; escaped by the gallery).
    layers
        The versions or scenarios drawn.
    parties
        The two parties of a corridor view.
    """

    id: str
    kind: str
    title: str
    caption: str
    layers: tuple[str, ...] = ()
    parties: tuple[str, str] | None = None

    @property
    def static(self) -> bool:
        """Whether a static image (png/svg) of this map is made (every kind but swipe)."""
        return self.kind in STATIC_KINDS


def _month(version: object) -> tuple[int, int]:
    date: dt.date = version.date.not_after
    return (date.year, date.month)


def _slug(layer_id: str) -> str:
    return layer_id.replace("+", "_plus_")


def plan_maps(atlas: object) -> list[MapSpec]:
    """Return the maps :func:`render_all` writes for ``atlas``, in gallery order."""
    ctx_versions = list(atlas.versions)
    specs = []
    for version in ctx_versions:
        specs.append(MapSpec(
            f"version-{version.id}", "version", version.title,
            f"{version.date.label}, {version.kind.replace('_', ' ')}: every unit coloured by the "
            f"party this version assigns it to; click a unit for the quote and the source.",
            (version.id,)))
    june = [v for v in ctx_versions if _month(v) == JUNE]
    # The later proposals and declarations (November and December 1920), not the de facto states.
    later = [v for v in ctx_versions if _month(v) in (NOVEMBER, DECEMBER) and v.kind != "de_facto"]
    for a in june:
        for b in later:
            pair = (a.id, b.id)
            specs.append(MapSpec(
                f"compare-{a.id}-vs-{b.id}", "compare", f"{a.id} and {b.id}, side by side",
                f"{a.title} (left) and {b.title} (right); the two maps pan and zoom together; "
                f"units that changed hands are outlined.", pair))
            specs.append(MapSpec(
                f"swipe-{a.id}-vs-{b.id}", "swipe", f"{a.id} and {b.id}, swipe",
                f"Drag the slider: {a.id} left of the divider, {b.id} right of it.", pair))
    if ctx_versions:
        specs.append(MapSpec("timeline", "timeline", "Timeline of all versions",
                             "One layer per version in date order; choose one in the layer list.",
                             tuple(v.id for v in ctx_versions)))
    a, b = CORRIDOR_PARTIES
    de_facto = [v for v in ctx_versions if v.kind == "de_facto" and _month(v) <= NOVEMBER]
    if a in atlas.parties and b in atlas.parties and de_facto:
        base = de_facto[-1].id
        scenarios = [base] + [f"{base}+{v.id}" for v in june + later if v.kind != "de_facto"]
        for scenario in scenarios:
            holders = set(atlas.holders(scenario).values())
            if a not in holders or b not in holders:
                continue
            specs.append(MapSpec(
                f"corridor-{a}-{b}-{_slug(scenario)}", "corridor",
                f"Corridor {a} / {b}: {scenario}",
                f"Where the territories of {a} and {b} meet in {scenario} (later versions applied "
                f"over earlier ones), the length of their shared border, and the wedge units.",
                (scenario,), (a, b)))
    return specs


def build_map(spec: MapSpec, atlas: object, ctx: MapContext, *, self_contained: bool = True,
              tiles: bool = False) -> object:
    """Build the folium map (or page) of one spec with deterministic element ids."""
    options = {"self_contained": self_contained, "tiles": tiles}
    layers = [atlas.layer(layer_id) for layer_id in spec.layers]
    if spec.kind == "version":
        return build_version_map(ctx, layers[0], spec.layers[0], **options)
    if spec.kind in ("compare", "swipe"):
        build = build_dual_map if spec.kind == "compare" else build_swipe_map
        return build(ctx, layers[0], spec.layers[0], layers[1], spec.layers[1], **options)
    if spec.kind == "timeline":
        return build_timeline_map(ctx, list(zip(spec.layers, layers)), **options)
    if spec.kind == "corridor":
        result = atlas.corridor(spec.layers[0], *spec.parties)
        return build_corridor_map(ctx, layers[0], spec.layers[0], result, **options)
    raise ValueError(f"map spec {spec.id}: kind: expected version, compare, swipe, timeline or "
                     f"corridor, got {spec.kind!r}")


def _select(specs: Sequence[MapSpec], only: Iterable[str] | None) -> list[MapSpec]:
    if not only:
        return list(specs)
    by_id = {spec.id: spec for spec in specs}
    wanted = []
    for map_id in only:
        if map_id not in by_id:
            raise UnknownIdError("render --only", "map", map_id, by_id)
        wanted.append(map_id)
    return [spec for spec in specs if spec.id in wanted]


def _check_static(specs: Sequence[MapSpec], fmt: str, only: Iterable[str] | None) -> None:
    """Refuse an ``--only`` map that has no static image (rather than silently skip it)."""
    if not only:
        return
    for spec in specs:
        if not spec.static:
            kinds = ", ".join(STATIC_KINDS[:-1]) + " and " + STATIC_KINDS[-1]
            raise TerritoryError(
                "render --only", spec.id,
                f"a map with a static image for --format {fmt}; static images exist for {kinds} "
                f"maps only ({spec.id} is a {spec.kind} map: render it with --format html, or see "
                f"`territory render --list`)")


def _progress(enabled: bool) -> Progress:
    return Progress(TextColumn("[bold]rendering[/] {task.description}"), BarColumn(),
                    MofNCompleteColumn(), TimeElapsedColumn(),
                    console=Console(stderr=True), disable=not enabled, transient=False)


def render_all(atlas: object, out_dir: str | Path, only: Iterable[str] | None = None,
               self_contained: bool = True, tiles: bool = False, fmt: Format = "html",
               progress: bool = True) -> list[Path]:
    """Write the maps of :func:`plan_maps` into ``out_dir``.

    Parameters
    ----------
    atlas
        A loaded :class:`territory.Atlas`.
    out_dir
        Directory to write into (created if missing).
    only
        Map ids to render (see :func:`plan_maps`); all when None or empty.
    self_contained
        HTML that inlines every asset and makes no network request.
    tiles
        Add an online tile layer (opt-in).
    fmt
        ``html`` (maps and an ``index.html`` gallery), ``png`` or ``svg`` (static
        images of the version, compare, timeline and corridor maps; swipe maps,
        which have no static form, are skipped).
    progress
        Show a progress bar on standard error.

    Returns
    -------
    list of Path
        The files written, in plan order (the gallery last).

    Raises
    ------
    UnknownIdError
        An ``only`` id is not a map of the plan.
    TerritoryError
        ``fmt`` is png or svg and an ``only`` id is a map without a static image.
    ValueError
        ``fmt`` is not one of html, png, svg.
    """
    if fmt not in FORMATS:
        raise ValueError(f"render_all(fmt): expected one of {', '.join(FORMATS)}, got {fmt!r}")
    out = Path(out_dir)
    plan = plan_maps(atlas)
    specs = _select(plan, only)
    if fmt != "html":
        _check_static(specs, fmt, only)
        specs = [spec for spec in specs if spec.static]
    ctx = MapContext.from_atlas(atlas)
    outputs: list[tuple[Path, bytes]] = []
    with _progress(progress) as bar:
        task = bar.add_task("maps", total=len(specs))
        for spec in specs:
            bar.update(task, description=spec.id)
            outputs.append((out / f"{spec.id}.{fmt}", _render_one(spec, atlas, ctx, fmt,
                                                                   self_contained, tiles)))
            bar.advance(task)
    written = [write_bytes_atomic(path, data) for path, data in outputs]
    if fmt == "html":
        present = [spec for spec in plan if (out / f"{spec.id}.html").exists()]
        gallery = gallery_html(present, self_contained=self_contained, tiles=tiles)
        written.append(write_text_atomic(out / "index.html", gallery))
    return written


def _render_one(spec: MapSpec, atlas: object, ctx: MapContext, fmt: str, self_contained: bool,
                tiles: bool) -> bytes:
    if fmt == "html":
        with deterministic_ids("b"):
            built = build_map(spec, atlas, ctx, self_contained=self_contained, tiles=tiles)
        return page_html(built, self_contained=self_contained, tiles=tiles).encode("utf-8")
    from territory.maps.static import static_compare, static_map, static_timeline

    layers = [atlas.layer(layer_id) for layer_id in spec.layers]
    if spec.kind == "compare":
        return static_compare(ctx, layers[0], spec.layers[0], layers[1], spec.layers[1], fmt=fmt)
    if spec.kind == "timeline":
        return static_timeline(ctx, list(zip(spec.layers, layers, strict=True)), fmt=fmt)
    result = atlas.corridor(spec.layers[0], *spec.parties) if spec.kind == "corridor" else None
    return static_map(ctx, layers[0], spec.layers[0], fmt=fmt, corridor=result)
