"""The registry of map kinds: how each kind of map of the plan is built from the atlas.

Each :class:`MapKind` knows how to make its interactive map from a map spec (its
``scenarios`` and ``parties``), the atlas, the map context and the page options and,
except a swipe map and the what-if page, its static image (matplotlib is imported only when an image is drawn). :func:`territory.maps.render.render_all`, the
plan's :data:`~territory.maps.plan.STATIC_KINDS` and :func:`kind_of` read :data:`KINDS`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypedDict

from territory.errors import MapError
from territory.maps.compare_map import build_dual_map, build_swipe_map
from territory.maps.corridor_map import MAP_SAMPLES, build_corridor_map
from territory.maps.timeline_map import build_timeline_map
from territory.maps.version_map import build_version_map
from territory.maps.whatif_map import build_whatif_page
from territory.questions import QUESTIONS

if TYPE_CHECKING:
    import folium
    from branca.element import Figure

    from territory.atlas import Atlas
    from territory.maps.context import MapContext
    from territory.maps.plan import MapSpec


class MapOptions(TypedDict):
    """How a map's page loads its code and tiles (see :func:`territory.maps.explore_map`)."""

    self_contained: bool
    tiles: bool


Build = Callable[["MapSpec", "Atlas", "MapContext", MapOptions], "folium.Map | Figure"]
Draw = Callable[["MapSpec", "Atlas", "MapContext", str], bytes]


@dataclass(frozen=True)
class MapKind:
    """One kind of map.

    Attributes
    ----------
    name
        The ``kind`` of a map spec.
    build
        ``build(spec, atlas, ctx, options)``: the interactive map (a folium map or page).
    draw
        ``draw(spec, atlas, ctx, fmt)``: the png or svg bytes of the static image;
        None for a kind without one.
    """

    name: str
    build: Build
    draw: Draw | None = None

    @property
    def static(self) -> bool:
        """Whether this kind has a static image."""
        return self.draw is not None

    def image(self, spec: MapSpec, atlas: Atlas, ctx: MapContext, fmt: str) -> bytes:
        """The static image of ``spec`` in ``fmt`` (png or svg).

        Raises
        ------
        MapError
            This kind has no static image, or ``fmt`` is not png or svg.
        """
        if self.draw is None:
            static = ", ".join(name for name, kind in KINDS.items() if kind.static)
            raise MapError(f"map spec {spec.id}", "kind", f"a kind with a static image ({static})",
                           self.name)
        return self.draw(spec, atlas, ctx, fmt)


def _version_map(spec: MapSpec, atlas: Atlas, ctx: MapContext,
                 options: MapOptions) -> folium.Map:
    scenario = spec.scenarios[0]
    return build_version_map(ctx, atlas.layer(scenario), scenario, **options)


def _version_image(spec: MapSpec, atlas: Atlas, ctx: MapContext, fmt: str) -> bytes:
    from territory.maps.static import static_map

    scenario = spec.scenarios[0]
    return static_map(ctx, atlas.layer(scenario), scenario, fmt=fmt)


def _dual_map(spec: MapSpec, atlas: Atlas, ctx: MapContext, options: MapOptions) -> Figure:
    a, b = spec.scenarios[:2]
    return build_dual_map(ctx, atlas.layer(a), a, atlas.layer(b), b, atlas.diff(a, b), **options)


def _compare_image(spec: MapSpec, atlas: Atlas, ctx: MapContext, fmt: str) -> bytes:
    from territory.maps.static import static_compare

    a, b = spec.scenarios[:2]
    return static_compare(ctx, atlas.layer(a), a, atlas.layer(b), b, atlas.diff(a, b), fmt=fmt)


def _swipe_map(spec: MapSpec, atlas: Atlas, ctx: MapContext, options: MapOptions) -> folium.Map:
    a, b = spec.scenarios[:2]
    return build_swipe_map(ctx, atlas.layer(a), a, atlas.layer(b), b, atlas.diff(a, b), **options)


def _timeline_map(spec: MapSpec, atlas: Atlas, ctx: MapContext,
                  options: MapOptions) -> folium.Map:
    return build_timeline_map(ctx, [(s, atlas.layer(s)) for s in spec.scenarios], **options)


def _timeline_image(spec: MapSpec, atlas: Atlas, ctx: MapContext, fmt: str) -> bytes:
    from territory.maps.static import static_timeline

    return static_timeline(ctx, [(s, atlas.layer(s)) for s in spec.scenarios], fmt=fmt)


def _corridor_map(spec: MapSpec, atlas: Atlas, ctx: MapContext,
                  options: MapOptions) -> folium.Map:
    scenario = spec.scenarios[0]
    result = atlas.ask(spec.question, scenario, samples=MAP_SAMPLES, seed=0, scheduler="none")
    return build_corridor_map(ctx, atlas.layer(scenario), scenario, result,
                              question=QUESTIONS[spec.question].title, **options)


def _corridor_image(spec: MapSpec, atlas: Atlas, ctx: MapContext, fmt: str) -> bytes:
    from territory.maps.static import static_map

    scenario = spec.scenarios[0]
    result = atlas.ask(spec.question, scenario)
    return static_map(ctx, atlas.layer(scenario), scenario, fmt=fmt, corridor=result)


def _whatif_page(spec: MapSpec, atlas: Atlas, ctx: MapContext, options: MapOptions) -> Figure:
    # Always self-contained and without tiles: the page's scripts are inlined, it has no basemap.
    return build_whatif_page(atlas, ctx, spec.scenarios)


#: Every kind of map, in gallery order.
KINDS: Mapping[str, MapKind] = {
    kind.name: kind
    for kind in (
        MapKind("version", _version_map, _version_image),
        MapKind("compare", _dual_map, _compare_image),
        MapKind("swipe", _swipe_map),
        MapKind("timeline", _timeline_map, _timeline_image),
        MapKind("corridor", _corridor_map, _corridor_image),
        MapKind("whatif", _whatif_page),
    )
}


def kind_of(spec: MapSpec) -> MapKind:
    """The registered kind of ``spec``.

    Raises
    ------
    MapError
        ``spec.kind`` is not a kind of :data:`KINDS`; the error names the spec and the
        known kinds.
    """
    try:
        return KINDS[spec.kind]
    except KeyError:
        raise MapError(f"map spec {spec.id}", "kind", f"one of {', '.join(KINDS)}",
                       spec.kind) from None
