"""What the what-if page embeds: the finest unit graph, the parties, the starting layers and
the display geometry, as one JSON-ready dict.

The page (:mod:`territory.maps.whatif_map`) answers the corridor questions itself, from
these data, with the algorithms of :mod:`territory.corridor` ported to JavaScript: the
border km are the unit graph's own floats (not rounded), so that the page sums them as
Python does, and each start's holders are those the corridor questions are asked of
(``Atlas.layer``: unit -> party or None, at the level the layer speaks of).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import shapely

from territory.corridor import MAX_SETS
from territory.errors import NoTerritoryError
from territory.maps.display import label_point
from territory.maps.elements import DATA_ATTRIBUTION
from territory.maps.layers import region_bounds
from territory.questions import QUESTIONS, corridor_scenarios

if TYPE_CHECKING:
    from territory.atlas import Atlas
    from territory.maps.context import MapContext


def default_sides(atlas: Atlas, scenario: str) -> tuple[str, str]:
    """The two parties shown first: those answering the first built-in question of parties in
    ``scenario``, else the first two parties of the atlas."""
    question = next(q for q in QUESTIONS.values() if not q.units)
    try:
        result = atlas.ask(question.id, scenario)
    except NoTerritoryError:
        first, second, *_ = atlas.parties
        return first, second
    return result.a, result.b


def _border_lines(ctx: MapContext, pairs: Sequence[tuple[str, str]]) -> list[dict[str, Any]]:
    """The shared line of each pair of bordering finest units, from the display geometry (so it
    lies on the drawn outlines); a pair whose line the simplification removed is left out."""
    shapes = ctx.display.units
    lines = []
    for a, b in pairs:
        shared = shapely.intersection(shapely.boundary(shapes[a]), shapely.boundary(shapes[b]))
        parts = [part for part in shapely.get_parts(shared) if part.geom_type in ("LineString", "LinearRing")]
        if parts:
            line = shapely.line_merge(shapely.union_all(parts))
            lines.append({"a": a, "b": b, "geometry": ctx.display.geojson(line)})
    return lines


def short_names(names: dict[str, str]) -> dict[str, str]:
    """Map labels: each name without its parenthesis (``Jebrail uezd (without ...)`` ->
    ``Jebrail uezd``), unless two names would then read the same."""
    short = {unit: name.split(" (")[0] for unit, name in names.items()}
    counts = Counter(short.values())
    return {unit: text if counts[text] == 1 else names[unit] for unit, text in short.items()}


def whatif_data(atlas: Atlas, ctx: MapContext, scenarios: Sequence[str]) -> dict[str, Any]:
    """The JSON-ready data of the what-if page.

    Parameters
    ----------
    atlas
        A loaded :class:`territory.Atlas`.
    ctx
        ``MapContext.from_atlas(atlas)`` (names, colours, display geometry).
    scenarios
        The versions and scenarios the page can start from, in menu order; the first
        corridor scenario (the seed's base) is shown first when it is among them.

    Returns
    -------
    dict
        ``units`` (finest, sorted: ``id``, ``name``, ``parent``), ``parents`` (``id``,
        ``name``), ``borders`` (``[a, b, km]`` in the graph's order, km as full floats),
        ``parties`` (``id``, ``name``, ``colour``, in palette order), ``starts`` (``id``,
        ``title``, ``holders``), ``defaults`` (``start``, ``a``, ``b``), ``shapes`` (the finest
        units as GeoJSON), ``lines`` (the drawn line of each border), ``labels``
        (``[unit, lat, lon, text]``), ``bounds``, ``attribution`` and ``max_sets``.
    """
    graph = atlas.adjacency
    shapes = ctx.display.units
    base = corridor_scenarios(list(atlas.versions))[:1]
    start = base[0] if base and base[0] in scenarios else scenarios[0]
    a, b = default_sides(atlas, start)
    order = [p for p in ctx.palette.colours if p in ctx.party_names]
    return {
        "units": [{"id": unit, "name": ctx.unit_name(unit), "parent": graph.parent.get(unit)}
                  for unit in graph.units],
        "parents": [{"id": parent, "name": ctx.unit_name(parent)} for parent in sorted(ctx.parent_children)],
        "borders": [[border.a, border.b, border.km] for border in graph.borders.values()],
        "parties": [{"id": p, "name": ctx.party_name(p), "colour": ctx.palette.colour(p)}
                    for p in [*order, *sorted(set(ctx.party_names) - set(order))]],
        "starts": [{"id": s, "title": _title(ctx, s), "holders": dict(sorted(atlas.layer_holders(s).items()))}
                   for s in scenarios],
        "defaults": {"start": start, "a": a, "b": b},
        "shapes": {"type": "FeatureCollection", "features": [
            {"type": "Feature", "properties": {"unit": unit}, "geometry": ctx.display.geojson(shapes[unit])}
            for unit in graph.units]},
        "lines": _border_lines(ctx, list(graph.borders)),
        "labels": [[unit, *label_point(shapes[unit]), label] for unit, label in short_names(
            {unit: ctx.unit_name(unit) for unit in graph.units}).items()],
        "bounds": region_bounds(ctx),
        "attribution": DATA_ATTRIBUTION,
        "max_sets": MAX_SETS,
    }


def _title(ctx: MapContext, scenario: str) -> str:
    info = ctx.describe(scenario)
    return f"{scenario}: {info.title}" if info.kind != "scenario" else info.title
