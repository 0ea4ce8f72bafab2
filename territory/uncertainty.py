"""Corridor answers under boundary uncertainty: many plausible drawings of the lines.

Each finest unit states ``uncertainty_km``: how far its drawn line may lie from the line
of 1920. An answer drawn once from one set of lines says nothing of that; here the lines
are drawn ``samples`` times, each time displaced within those bounds, and every drawing
is answered again. The model (``arcs-v1``):

Arcs and their bounds
    The lines of the unit graph are cut into *arcs*: the connected parts of the border of
    two units, running from one *node* (where three or more units, or two units and the
    edge of the map, meet) to another. An arc between units ``u`` and ``v`` may move by
    ``min(uncertainty_km(u), uncertainty_km(v))``, since both bounds hold for it; an
    *international* arc (the two units lie in no common modern country, by their
    ``countries``) follows a surveyed frontier and moves by at most
    :data:`INTERNATIONAL_UNCERTAINTY_KM`. A unit whose uncertainty is null does not move.
Displacement
    A node moves by a random vector (each axis normal with a standard deviation of half its
    bound, the vector cut at the bound), its bound being the smallest of its arcs'. Between
    its two end nodes an arc is carried along with them (interpolated by arc length) and
    bent across its chord (the line between its end nodes) by a smooth wave: the sum of
    :data:`MODES` half-sines
    ``a_k sin(k pi s)`` (``s`` the share of the arc's length, ``a_k`` normal with standard
    deviations falling as ``1/k``), scaled to half the arc's bound; each vertex's total
    displacement is then cut at the arc's bound. Whole arcs move smoothly, meanders and
    all; no vertex is jittered on its own. An arc that closes on itself (an enclave) moves
    with its one node.
Contacts
    The length of each arc is measured again (in :data:`territory.crs.CONFORMAL`). An arc
    whose two end nodes pass each other along it (its chord turns round) has vanished: its
    units no longer touch along it, and the two units at its ends, one at each end node
    where exactly three units meet, touch instead along the overshoot (a T1 exchange).
    Pairs that meet only at a point stay so (the built-in atlas has none).
Answers
    Each drawing gives a unit graph; the corridor answer of each distinct graph is computed
    once (:func:`territory.corridor.lay_out`) and the shared border of each drawing is its
    arcs' lengths summed. Reported: the share of drawings in which A and B touch, the shared
    km at the 5th, 50th and 95th percentiles, and the share of drawings in which each wedge
    and each opening is a minimum one.

Drawings are made in chunks of :data:`CHUNK` with random numbers from
``numpy.random.SeedSequence(seed, spawn_key=(chunk,))``, so the same seed gives the same
drawings, and the same bytes, however the chunks are spread: in this process, or over a
``dask.distributed`` cluster (the ``[dask]`` extra; :func:`sample_lines` with a
``scheduler``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pyproj
import shapely

from territory.adjacency import MIN_BORDER_KM, Border, UnitGraph
from territory.corridor import CorridorResult, lay_out
from territory.crs import CONFORMAL, project
from territory.errors import TerritoryError

if TYPE_CHECKING:
    import geopandas as gpd

MODEL = "arcs-v1"
"""The name of the model described in the module docstring (kept in every answer)."""

INTERNATIONAL_UNCERTAINTY_KM = 2.0
"""The bound of an international arc, km. The modern frontiers the build follows are the
treaty lines of 1828-1921 as surveyed since; where they follow the Araxes the drawn line
lies 0.5-1.75 km on average from the river's bed (geodata/README.md, "How uncertainty_km
is checked"), and the river is the line the treaties name."""

MODES = 3
"""Half-sine modes of an arc's smooth bend."""

CHUNK = 100
"""Drawings per chunk (one task of a dask cluster)."""

MAX_SAMPLES = 100_000
"""The most drawings one call may ask for."""

CLUSTER_MIN_SAMPLES = 20_000
"""With ``scheduler="auto"``, the fewest drawings spread over a local dask cluster."""


@dataclass(frozen=True, eq=False)
class LineModel:
    """The arcs of a tiling, ready to be drawn again (projected coordinates, metres).

    Made by :func:`line_model`. ``pairs`` lists the unit pairs a drawing can give a
    border: the graph's borders, then the pairs that a vanished arc brings into contact.
    """

    pairs: tuple[tuple[str, str], ...]
    arc_pair: np.ndarray
    arc_flip: np.ndarray
    arc_bound: np.ndarray
    arc_start: np.ndarray
    arc_end: np.ndarray
    arc_chord: np.ndarray
    arc_first: np.ndarray
    node_bound: np.ndarray
    coords: np.ndarray
    vertex_arc: np.ndarray
    fraction: np.ndarray
    normal: np.ndarray
    same_arc: np.ndarray = field(repr=False)


def _arc_bounds(graph: UnitGraph, units: gpd.GeoDataFrame, pairs: list[tuple[str, str]]) -> np.ndarray:
    """Each pair's bound in metres: the smaller of its units' uncertainty, international arcs capped."""
    uncertainty = {
        unit: 0.0 if value is None or (isinstance(value, float) and math.isnan(value)) else float(value)
        for unit, value in units["uncertainty_km"].items()
    }
    countries = units["countries"].to_dict() if "countries" in units.columns else {}
    bounds = []
    for u, v in pairs:
        km = min(uncertainty.get(u, 0.0), uncertainty.get(v, 0.0))
        cu, cv = countries.get(u), countries.get(v)
        if isinstance(cu, (list, tuple)) and isinstance(cv, (list, tuple)) and cu and cv and not set(cu) & set(cv):
            km = min(km, INTERNATIONAL_UNCERTAINTY_KM)
        bounds.append(km * 1000.0)
    return np.asarray(bounds, dtype=np.float64)


def line_model(graph: UnitGraph, units: gpd.GeoDataFrame) -> LineModel:
    """Cut the finest unit graph into arcs, with their bounds (see the module docstring).

    Parameters
    ----------
    graph
        The finest unit graph (``Atlas.adjacency``).
    units
        The finest units frame (``Atlas.units``): ``uncertainty_km`` and, if present,
        ``countries`` of each unit.
    """
    pairs = list(graph.borders)
    lines, line_pair = [], []
    for index, border in enumerate(graph.borders.values()):
        for part in border.parts:
            for line in shapely.get_parts(part):  # the build merged each border's lines already
                lines.append(line)
                line_pair.append(index)
    to_metres = pyproj.Transformer.from_crs(graph.crs, CONFORMAL, always_xy=True)
    projected = project(np.asarray(lines, dtype=object), to_metres)
    coords, vertex_arc = shapely.get_coordinates(projected, return_index=True)
    arc_count = len(lines)
    counts = np.bincount(vertex_arc, minlength=arc_count)
    first = np.concatenate([[0], np.cumsum(counts)[:-1]])
    last = first + counts - 1
    same_arc = vertex_arc[1:] == vertex_arc[:-1]
    steps = np.where(same_arc, np.hypot(*(coords[1:] - coords[:-1]).T), 0.0)
    along = np.concatenate([[0.0], np.cumsum(steps)])
    along -= along[first][vertex_arc]
    length = along[last]
    fraction = np.divide(along, length[vertex_arc], out=np.zeros_like(along), where=length[vertex_arc] > 0)
    chord = coords[last] - coords[first]
    size = np.hypot(*chord.T)
    normal = np.divide(np.column_stack([-chord[:, 1], chord[:, 0]]), size[:, None],
                       out=np.zeros_like(chord), where=size[:, None] > 0)[vertex_arc]

    ends = np.round(np.concatenate([coords[first], coords[last]]), 1)
    nodes, node_of = np.unique(ends, axis=0, return_inverse=True)
    node_of = node_of.reshape(-1)
    arc_start, arc_end = node_of[:arc_count], node_of[arc_count:]
    line_pair = np.asarray(line_pair, dtype=np.int64)
    pair_bound = _arc_bounds(graph, units, pairs)
    arc_bound = pair_bound[line_pair]
    node_bound = np.full(len(nodes), np.inf)
    np.minimum.at(node_bound, arc_start, arc_bound)
    np.minimum.at(node_bound, arc_end, arc_bound)

    units_at: list[set[str]] = [set() for _ in range(len(nodes))]
    for arc, pair in enumerate(line_pair):
        units_at[arc_start[arc]].update(pairs[pair])
        units_at[arc_end[arc]].update(pairs[pair])
    index = {pair: position for position, pair in enumerate(pairs)}
    flips = []
    for arc, pair in enumerate(line_pair):
        here = set(pairs[pair])
        start_others, end_others = units_at[arc_start[arc]] - here, units_at[arc_end[arc]] - here
        if arc_start[arc] == arc_end[arc] or len(start_others) != 1 or len(end_others) != 1 or start_others == end_others:
            flips.append(-1)
            continue
        gained = tuple(sorted((*start_others, *end_others)))
        if gained not in index:
            index[gained] = len(pairs)
            pairs.append(gained)
        flips.append(index[gained])
    return LineModel(
        pairs=tuple(pairs), arc_pair=line_pair, arc_flip=np.asarray(flips, dtype=np.int64), arc_bound=arc_bound,
        arc_start=arc_start, arc_end=arc_end, arc_chord=chord, arc_first=first, node_bound=node_bound,
        coords=coords, vertex_arc=vertex_arc, fraction=fraction, normal=normal, same_arc=same_arc,
    )


def _cut(vectors: np.ndarray, bound: np.ndarray) -> np.ndarray:
    """Shorten each vector (last axis) to at most its ``bound``."""
    size = np.hypot(vectors[..., 0], vectors[..., 1])
    scale = np.minimum(1.0, np.divide(bound, size, out=np.ones_like(size), where=size > 0))
    return vectors * scale[..., None]


def displaced(model: LineModel, rng: np.random.Generator, count: int) -> np.ndarray:
    """``count`` drawings of every vertex: an array ``(count, vertices, 2)`` in metres."""
    nodes = _cut(rng.normal(size=(count, len(model.node_bound), 2)) * (model.node_bound / 2)[None, :, None],
                 model.node_bound[None, :])
    weights = 1.0 / np.arange(1, MODES + 1)
    weights /= np.sqrt((weights**2).sum())
    amplitudes = rng.normal(size=(count, len(model.arc_bound), MODES)) * weights
    s = model.fraction
    waves = np.sin(np.pi * np.outer(s, np.arange(1, MODES + 1)))  # (vertices, modes)
    bend = np.einsum("vm,cvm->cv", waves, amplitudes[:, model.vertex_arc, :])
    bound = model.arc_bound[model.vertex_arc]
    carried = ((1 - s)[None, :, None] * nodes[:, model.arc_start[model.vertex_arc]]
               + s[None, :, None] * nodes[:, model.arc_end[model.vertex_arc]])
    moved = carried + model.normal[None] * (bend * bound / 2)[..., None]
    return model.coords[None] + _cut(moved, bound[None, :])


def drawn_km(model: LineModel, coords: np.ndarray) -> np.ndarray:
    """The border km of every pair of :attr:`LineModel.pairs` in each drawing ``(count, pairs)``."""
    steps = np.hypot(*np.moveaxis(coords[:, 1:] - coords[:, :-1], -1, 0)) * model.same_arc
    lengths = np.add.reduceat(np.concatenate([steps, np.zeros((len(coords), 1))], axis=1), model.arc_first, axis=1)
    last = np.r_[model.arc_first[1:], coords.shape[1]] - 1
    chord = coords[:, last] - coords[:, model.arc_first]
    along = (chord * model.arc_chord[None]).sum(axis=-1)
    reference = (model.arc_chord**2).sum(axis=-1)
    vanished = (along <= 0) & (reference[None] > 0)
    overshoot = np.divide(-along, np.sqrt(reference)[None], out=np.zeros_like(along), where=reference[None] > 0)
    kept = np.where(vanished, 0.0, lengths) / 1000.0
    km = np.zeros((len(coords), len(model.pairs)))
    np.add.at(km, (slice(None), model.arc_pair), kept)
    flipping = model.arc_flip >= 0
    gained = np.where(vanished[:, flipping], overshoot[:, flipping], 0.0) / 1000.0
    np.add.at(km, (slice(None), model.arc_flip[flipping]), gained)
    return km


def _chunk(model: LineModel, seed: int, chunk: int, count: int) -> np.ndarray:
    """The border km of the drawings of one chunk (the unit of work, here or on a cluster)."""
    rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(chunk,)))
    return drawn_km(model, displaced(model, rng, count))


@dataclass(frozen=True, eq=False)
class Drawings:
    """``samples`` drawings of the lines: border km per drawing and pair, and the graphs they give.

    Made by :func:`sample_lines`; keeps one unit graph per distinct set of contacts.
    """

    model: LineModel
    graph: UnitGraph
    samples: int
    seed: int
    km: np.ndarray
    topology: np.ndarray
    graphs: tuple[UnitGraph, ...]

    def answer(
        self, assignment: Mapping[str, str | None], base: CorridorResult, *, limit: int
    ) -> Uncertainty:
        """The sampled answer to the question ``base`` answers, for the same assignment."""
        a, b, within = base.a, base.b, base.within
        holder = _finest_holders(self.graph, assignment)
        sides = [(holder.get(u), holder.get(v)) for u, v in self.model.pairs]
        between = np.asarray([{x, y} == {a, b} for x, y in sides], dtype=np.float64)
        shared = self.km @ between
        shared = np.where(shared >= MIN_BORDER_KM, shared, 0.0)
        wedges: dict[tuple[str, ...], int] = {}
        openings: dict[tuple[str, ...], int] = {}
        counts = np.bincount(self.topology, minlength=len(self.graphs))
        for graph, count in zip(self.graphs, counts.tolist()):
            result = lay_out(graph, assignment).check(a, b, within=within, limit=limit)
            for found, sets in ((wedges, result.wedges), (openings, result.openings)):
                for units in sets:
                    found[units] = found.get(units, 0) + count
        p5, p50, p95 = (float(x) for x in np.percentile(shared, [5, 50, 95]))
        return Uncertainty(
            samples=self.samples, seed=self.seed, p_connected=float((shared > 0).mean()),
            km_p5=p5, km_p50=p50, km_p95=p95,
            wedges=_shares(wedges, self.samples), openings=_shares(openings, self.samples),
        )


def _shares(counts: dict[tuple[str, ...], int], samples: int) -> tuple[tuple[tuple[str, ...], float], ...]:
    return tuple(sorted(((units, count / samples) for units, count in counts.items()), key=lambda x: (-x[1], x[0])))


def _finest_holders(graph: UnitGraph, assignment: Mapping[str, str | None]) -> dict[str, str | None]:
    holders: dict[str, str | None] = {}
    for unit, party in assignment.items():
        for child in graph.children(unit):
            holders[child] = party if isinstance(party, str) else None
    return holders


@dataclass(frozen=True)
class Uncertainty:
    """A corridor answer over many drawings of the lines (:attr:`CorridorResult.uncertainty`).

    Attributes
    ----------
    samples, seed
        How many drawings, from which seed.
    p_connected
        The share of drawings in which A and B share a land border.
    km_p5, km_p50, km_p95
        Their shared border, km, at the 5th, 50th and 95th percentiles of the drawings
        (0 in a drawing where they do not touch).
    wedges, openings
        ``(units, share)``: each set that is a minimum wedge (opening) in some drawing and
        the share of drawings in which it is, most frequent first.
    """

    samples: int
    seed: int
    p_connected: float
    km_p5: float
    km_p50: float
    km_p95: float
    wedges: tuple[tuple[tuple[str, ...], float], ...]
    openings: tuple[tuple[tuple[str, ...], float], ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data (km rounded to metres, shares to 1e-4)."""
        return {
            "model": MODEL,
            "samples": self.samples,
            "seed": self.seed,
            "p_connected": round(self.p_connected, 4),
            "shared_border_km": {"p5": round(self.km_p5, 3), "p50": round(self.km_p50, 3),
                                 "p95": round(self.km_p95, 3)},
            "wedges": [{"units": list(units), "share": round(share, 4)} for units, share in self.wedges],
            "openings": [{"units": list(units), "share": round(share, 4)} for units, share in self.openings],
        }


def check_samples(samples: object, seed: object, where: str) -> tuple[int, int]:
    """``samples`` and ``seed`` as integers, or an error naming the argument."""
    for name, value, low in (("samples", samples, 0), ("seed", seed, 0)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or not low <= value:
            raise TerritoryError(where, name, "a whole number, 0 or more", value)
    if samples > MAX_SAMPLES:
        raise TerritoryError(where, "samples", f"at most {MAX_SAMPLES:,}", samples)
    return int(samples), int(seed)


def sample_lines(
    model: LineModel, graph: UnitGraph, samples: int, seed: int, *, scheduler: str | None = None
) -> Drawings:
    """Draw the lines ``samples`` times (see the module docstring).

    Parameters
    ----------
    model, graph
        :func:`line_model` of the finest unit graph, and that graph (``Atlas.adjacency``).
    samples, seed
        How many drawings, from which seed (the same seed, the same drawings).
    scheduler
        Where the chunks are drawn: ``"none"``: in this process; ``"local"``: on a
        ``dask.distributed.LocalCluster`` (started once, then kept); the address of a dask
        scheduler (``tcp://host:8786``); ``"auto"`` or None: a local cluster when
        ``dask.distributed`` is installed and there are at least
        :data:`CLUSTER_MIN_SAMPLES` drawings (fewer are drawn faster here than a cluster
        starts), else this process. The drawings are the same wherever they are made.
    """
    sizes = [min(CHUNK, samples - start) for start in range(0, samples, CHUNK)]
    km = _draw_chunks(model, seed, sizes, _client(scheduler, samples))
    present = km >= MIN_BORDER_KM
    keys, topology = np.unique(np.packbits(present, axis=1), axis=0, return_inverse=True)
    topology = topology.reshape(-1)
    graphs = []
    for key in range(len(keys)):
        first = int(np.flatnonzero(topology == key)[0])
        graphs.append(_drawn_graph(graph, model, km[first], present[first]))
    return Drawings(model, graph, samples, seed, km, topology, tuple(graphs))


def _drawn_graph(graph: UnitGraph, model: LineModel, km: np.ndarray, present: np.ndarray) -> UnitGraph:
    """The unit graph of one drawing (the graph itself when its contacts are the same)."""
    original = len(graph.borders)
    if present[:original].all() and not present[original:].any():
        return graph
    borders = {}
    for position in np.flatnonzero(present).tolist():
        u, v = model.pairs[position]
        parts = graph.borders[u, v].parts if position < original else ()
        borders[u, v] = Border(u, v, float(km[position]), parts)
    return UnitGraph(graph.units, dict(sorted(borders.items())), (), graph.parent, graph.crs)


def _draw_chunks(model: LineModel, seed: int, sizes: list[int], client: Any) -> np.ndarray:
    if not sizes:
        return np.zeros((0, len(model.pairs)))
    if client is None:
        parts = [_chunk(model, seed, chunk, size) for chunk, size in enumerate(sizes)]
    else:
        shared = client.scatter(model, broadcast=True)
        futures = client.map(_chunk, [shared] * len(sizes), [seed] * len(sizes), list(range(len(sizes))), sizes,
                             pure=True)
        parts = client.gather(futures)
    return np.concatenate(parts)


_CLIENTS: dict[str, Any] = {}


def _client(scheduler: str | None, samples: int) -> Any:
    """The dask client for ``scheduler`` (kept for the process), or None to draw here."""
    scheduler = scheduler or "auto"
    if not isinstance(scheduler, str):
        raise TerritoryError("sample_lines", "scheduler", "none, local, auto or a scheduler address", scheduler)
    if scheduler == "none":
        return None
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        if scheduler == "auto":
            return None
        raise TerritoryError("sample_lines", "scheduler", "the [dask] extra installed (pip install 'territory[dask]')",
                             scheduler) from None
    if scheduler == "auto":
        if samples < CLUSTER_MIN_SAMPLES:
            return None
        scheduler = "local"
    if scheduler not in _CLIENTS:
        if scheduler == "local":
            cluster = LocalCluster(threads_per_worker=1, processes=True, dashboard_address=None)
            _CLIENTS[scheduler] = Client(cluster)
        else:
            _CLIENTS[scheduler] = Client(scheduler)
    return _CLIENTS[scheduler]
