"""Render the maps of the plan into a directory: one file per map and an index.html gallery.

Which maps follows from the data (:func:`territory.maps.plan.plan_maps`); how each is
drawn, from its kind (:data:`territory.maps.kinds.KINDS`). Every file is built in memory
first and the set is written atomically once all are built
(:func:`territory._atomic.write_files_atomic`): a map that cannot be made, or an interrupted
render, leaves the directory as it was.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from territory._atomic import output_folder, write_files_atomic
from territory.errors import MapError, UnknownIdError
from territory.maps.context import MapContext
from territory.maps.gallery import gallery_html
from territory.maps.html import page_html
from territory.maps.ids import deterministic_ids
from territory.maps.kinds import MapOptions, kind_of
from territory.maps.plan import STATIC_KINDS, MapSpec, corridor_answers, plan_maps

if TYPE_CHECKING:
    import folium
    from branca.element import Figure

    from territory.atlas import Atlas

Format = Literal["html", "png", "svg"]
FORMATS: tuple[str, ...] = ("html", "png", "svg")


def build_map(spec: MapSpec, atlas: Atlas, ctx: MapContext, *, self_contained: bool = True,
              tiles: bool = False) -> folium.Map | Figure:
    """Build the interactive map (or page) of one spec, with deterministic element ids.

    Parameters
    ----------
    spec
        A map of :func:`plan_maps`.
    atlas
        The loaded :class:`territory.Atlas` it was planned from.
    ctx
        ``MapContext.from_atlas(atlas)``.
    self_contained, tiles
        As in :func:`territory.maps.explore_map`.

    Raises
    ------
    MapError
        ``spec.kind`` is not a registered kind.
    """
    options = MapOptions(self_contained=self_contained, tiles=tiles)
    with deterministic_ids("b"):
        return kind_of(spec).build(spec, atlas, ctx, options)


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
            raise MapError(
                "render --only", spec.id,
                f"a map with a static image for --format {fmt}; static images exist for {kinds} "
                f"maps only ({spec.id} is a {spec.kind} map: render it with --format html, or see "
                f"`territory render --list`)")


def _progress(enabled: bool) -> Progress:
    return Progress(TextColumn("[bold]rendering[/] {task.description}"), BarColumn(),
                    MofNCompleteColumn(), TimeElapsedColumn(),
                    console=Console(stderr=True), disable=not enabled, transient=False)


def _render(spec: MapSpec, atlas: Atlas, ctx: MapContext, fmt: str, self_contained: bool,
            tiles: bool) -> bytes:
    """The bytes of one map's file in ``fmt``."""
    if fmt == "html":
        built = build_map(spec, atlas, ctx, self_contained=self_contained, tiles=tiles)
        return page_html(built, self_contained=self_contained, tiles=tiles).encode("utf-8")
    return kind_of(spec).image(spec, atlas, ctx, fmt)


def render_all(atlas: Atlas, out_dir: str | Path, only: Iterable[str] | None = None,
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
        images of the kinds that have one, :data:`STATIC_KINDS`; swipe maps, which
        have no static form, are skipped).
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
    MapError
        ``fmt`` is not one of html, png, svg; or ``fmt`` is png or svg and an ``only`` id
        is a map without a static image; or a map cannot be made. Nothing is written then.
    OutputError
        ``out_dir`` is empty, not a folder, or cannot be written (nothing is changed then).
    """
    if fmt not in FORMATS:
        raise MapError("render_all(fmt)", "format", f"one of {', '.join(FORMATS)}", fmt)
    out = output_folder(out_dir, "render(out)")  # before any work
    plan = plan_maps(atlas)
    specs = _select(plan, only)
    if fmt != "html":
        _check_static(specs, fmt, only)
        specs = [spec for spec in specs if spec.static]
    ctx = MapContext.from_atlas(atlas)
    outputs: dict[str, bytes] = {}
    with _progress(progress) as bar:
        task = bar.add_task("maps", total=len(specs))
        for spec in specs:
            bar.update(task, description=spec.id)
            outputs[f"{spec.id}.{fmt}"] = _render(spec, atlas, ctx, fmt, self_contained, tiles)
            bar.advance(task)
    if fmt == "html":
        present = [spec for spec in plan
                   if f"{spec.id}.html" in outputs or (out / f"{spec.id}.html").exists()]
        outputs["index.html"] = gallery_html(present, self_contained=self_contained, tiles=tiles,
                                             answers=corridor_answers(atlas)).encode("utf-8")
    return write_files_atomic(out, outputs, where="render(out)")
