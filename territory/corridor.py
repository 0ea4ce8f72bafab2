"""Corridor checks: do two parties touch, what separates them, which units are the wedge.

Every answer is computed from the unit graph (:mod:`territory.adjacency`) and the
holders of a version or scenario, at the level the layer speaks of (a version
that assigns ``zangezur`` whole is answered with ``zangezur`` as one node).

Definitions (``A`` and ``B`` are the two parties, ``S_A`` and ``S_B`` the units
they hold; an *intermediate* unit is one held by neither, including units the
version is silent on):

connected
    Some unit of ``S_A`` shares a line border with some unit of ``S_B``
    (a touch at points is not a border).
wedge
    When connected: a smallest set of units which, handed to a third party,
    leaves no unit of ``A`` bordering a unit of ``B``. Handing units to a third
    party only removes contacts, so these are exactly the minimum vertex covers
    of the bipartite graph of A-B contact edges; by König's theorem their size
    is the size of a maximum matching. ``wedges`` lists every minimum cover (up
    to :data:`MAX_SETS`), enumerated from the matching without search dead ends.
chain
    When not connected: a shortest chain of units ``a, x1, ..., xk, b`` with
    ``a`` in ``S_A``, ``b`` in ``S_B`` and each ``x`` intermediate, each unit
    bordering the next: fewest intermediate units first, then the smallest sum
    of the borders crossed (km), then the ids. It includes both end units.
openings
    When not connected: the smallest sets ``X`` of intermediate units such
    that handing each unit of ``X`` to ``A`` or to ``B`` gives a *land
    connection* between their present territories: afterwards a path of
    bordering units runs from a unit of ``S_A`` to a unit of ``S_B`` through
    units ``A`` or ``B`` then hold (the path then necessarily crosses an A-B
    border). A path that enters ``S_A`` or ``S_B`` again can be cut at its last
    unit of ``S_A`` and the next unit of ``S_B``, so the smallest such sets are
    exactly the sets of intermediate units of the shortest chains (split any
    chain's units between ``A`` (the part next to ``S_A``) and ``B``).
    Without the land-connection condition the question is trivial: any single
    intermediate unit bordering ``B`` and handed to ``A`` makes the two touch,
    even as a detached enclave of ``A``.
within
    The units an analyst considers negotiable: when given, only units wholly
    inside ``within`` may change hands, in ``openings`` and in ``wedges``
    (a contact edge with no negotiable end cannot be cut: ``wedges`` is then
    empty although ``connected`` is true). The ``chain`` is a description of
    what separates the parties and ignores ``within``.
components
    The units of every party in the layer as connected components (sorted
    largest first, then by ids).
"""

from __future__ import annotations

import hashlib
import heapq
import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from territory._bipartite import minimum_covers
from territory.adjacency import UnitGraph
from territory.errors import NoTerritoryError, TerritoryError, UnknownIdError

if TYPE_CHECKING:
    import geopandas as gpd
    from shapely.geometry.base import BaseGeometry

    from territory.uncertainty import Uncertainty

MAX_SETS = 50
"""At most this many minimum wedges / openings are listed (``*_complete`` says whether all were)."""


@dataclass(frozen=True)
class SharedBorder:
    """A stretch of the A-B border: between ``unit_a`` (held by A) and ``unit_b`` (held by B)."""

    unit_a: str
    unit_b: str
    km: float
    geometry: BaseGeometry


@dataclass(frozen=True)
class ChainLink:
    """One unit of a chain and the party holding it (None: unassigned or not covered)."""

    unit: str
    holder: str | None



_DEFERRED_GROUP = {
    "shared_borders": "shared_borders",
    "wedges": "wedges",
    "wedges_complete": "wedges",
    "chain": "chain",
    "chain_km": "chain",
    "openings": "openings",
    "openings_complete": "openings",
    "components": "components",
}
"""Each deferred attribute -> the group computed with it (``_Answer.compute`` fills a whole group)."""


def _deferred(name: str, doc: str) -> property:
    def get(self: CorridorResult) -> Any:
        values = self._values
        if name not in values:
            values.update(self._source.compute(_DEFERRED_GROUP[name]))
        return values[name]

    return property(get, doc=doc)


class CorridorResult:
    """The answer of :func:`check_assignment`, :meth:`Layout.check` and :meth:`territory.Atlas.corridor`.

    See the module docstring for the definitions. ``connected`` and ``shared_border_km``
    are computed with the result (a look-up in the layout's contact matrix); the other
    attributes are computed when first read, then kept.

    Attributes
    ----------
    scenario, a, b
        The version or scenario and the two parties asked about.
    within
        The negotiable units given, or None.
    connected
        Whether A's and B's territories share a land border.
    shared_border_km
        Total length of that border (0.0 when not connected).
    shared_borders
        The border stretches, one per pair of bordering units, with geometry.
    wedges
        All minimum wedges (sorted; at most :data:`MAX_SETS`); empty when not connected.
    wedges_complete
        False if there were more minimum wedges than listed.
    chain
        The shortest chain from A's territory to B's, end units included; empty when connected.
    chain_km
        Sum of the borders crossed along the chain.
    openings
        All minimum openings (sorted; at most :data:`MAX_SETS`); empty when connected.
    openings_complete
        False if there were more minimum openings than listed.
    components
        ``party -> connected components`` (tuples of unit ids) for every party of the layer.
    crs
        CRS of the border geometries.
    uncertainty
        The answer over many drawings of the lines (:class:`territory.uncertainty.Uncertainty`)
        when asked with ``samples``; None otherwise.
    """

    __slots__ = (
        "_source", "_values", "a", "b", "connected", "crs", "scenario", "shared_border_km", "uncertainty", "within",
    )

    def __init__(
        self,
        scenario: str,
        a: str,
        b: str,
        within: tuple[str, ...] | None,
        connected: bool,
        shared_border_km: float,
        shared_borders: tuple[SharedBorder, ...],
        wedges: tuple[tuple[str, ...], ...],
        wedges_complete: bool,
        chain: tuple[ChainLink, ...],
        chain_km: float,
        openings: tuple[tuple[str, ...], ...],
        openings_complete: bool,
        components: dict[str, tuple[tuple[str, ...], ...]],
        crs: Any = None,
    ) -> None:
        self.scenario, self.a, self.b, self.within = scenario, a, b, within
        self.connected, self.shared_border_km, self.crs = connected, shared_border_km, crs
        self.uncertainty: Uncertainty | None = None
        self._source: _Answer | None = None
        self._values: dict[str, Any] = {
            "shared_borders": shared_borders, "wedges": wedges, "wedges_complete": wedges_complete,
            "chain": chain, "chain_km": chain_km, "openings": openings,
            "openings_complete": openings_complete, "components": components,
        }

    @classmethod
    def _later(cls, source: _Answer) -> CorridorResult:
        """A result whose deferred attributes ``source`` computes when first read."""
        result = cls.__new__(cls)
        result.scenario, result.a, result.b, result.within = source.scenario, source.a, source.b, source.within
        result.connected = source.km > 0.0
        result.shared_border_km = source.km
        result.crs = source.layout.graph.crs
        result.uncertainty = None
        result._source, result._values = source, {}
        return result

    shared_borders = _deferred("shared_borders", "The A-B border stretches, with geometry.")
    wedges = _deferred("wedges", "All minimum wedges (sorted); empty when not connected.")
    wedges_complete = _deferred("wedges_complete", "False if there were more minimum wedges than listed.")
    chain = _deferred("chain", "The shortest chain from A's territory to B's; empty when connected.")
    chain_km = _deferred("chain_km", "Sum of the borders crossed along the chain.")
    openings = _deferred("openings", "All minimum openings (sorted); empty when connected.")
    openings_complete = _deferred("openings_complete", "False if there were more minimum openings than listed.")
    components = _deferred("components", "``party -> connected components`` for every party of the layer.")

    @property
    def wedge(self) -> tuple[str, ...]:
        """The first minimum wedge (empty when not connected or when no wedge is negotiable)."""
        return self.wedges[0] if self.wedges else ()

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, CorridorResult):
            return NotImplemented
        return self.to_dict() == other.to_dict() and self.crs == other.crs

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return (
            f"CorridorResult(scenario={self.scenario!r}, a={self.a!r}, b={self.b!r}, "
            f"connected={self.connected}, shared_border_km={self.shared_border_km:.3f})"
        )

    def to_dict(self) -> dict[str, Any]:
        """Return the result as plain JSON-ready data (no geometry; km rounded to metres;
        ``uncertainty`` only when the answer was sampled)."""
        data = {
            "scenario": self.scenario,
            "a": self.a,
            "b": self.b,
            "within": list(self.within) if self.within is not None else None,
            "connected": self.connected,
            "shared_border_km": round(self.shared_border_km, 3),
            "shared_borders": [
                {"unit_a": s.unit_a, "unit_b": s.unit_b, "km": round(s.km, 3)} for s in self.shared_borders
            ],
            "wedge": list(self.wedge),
            "wedges": [list(w) for w in self.wedges],
            "wedges_complete": self.wedges_complete,
            "chain": [{"unit": link.unit, "holder": link.holder} for link in self.chain],
            "chain_km": round(self.chain_km, 3),
            "openings": [list(o) for o in self.openings],
            "openings_complete": self.openings_complete,
            "components": {party: [list(c) for c in comps] for party, comps in sorted(self.components.items())},
        }
        if self.uncertainty is not None:
            data["uncertainty"] = self.uncertainty.to_dict()
        return data

    def shared_borders_frame(self) -> gpd.GeoDataFrame:
        """Return the A-B border stretches as a GeoDataFrame: ``unit_a``, ``unit_b``, ``km``, geometry."""
        import geopandas as gpd

        return gpd.GeoDataFrame(
            {
                "unit_a": [s.unit_a for s in self.shared_borders],
                "unit_b": [s.unit_b for s in self.shared_borders],
                "km": [s.km for s in self.shared_borders],
            },
            geometry=[s.geometry for s in self.shared_borders],
            crs=self.crs,
        )


class Layout:
    """One assignment laid over the unit graph, for any number of corridor questions.

    Made by :func:`lay_out`. It keeps only integer codes: the holder of each node of
    the (possibly contracted) graph as an index into ``parties`` (-1: no holder), and
    the party-by-party matrix of shared border km, so that whether two parties touch,
    and along how many km, is a look-up.

    Attributes
    ----------
    graph
        The unit graph at the level of the assignment.
    parties
        The parties holding units, sorted.
    codes
        ``codes[i]`` is the position in ``parties`` of the holder of ``graph.units[i]``, or -1.
    contact_km
        ``contact_km[p, q]``: km of border between the units of ``parties[p]`` and ``parties[q]``.
    """

    __slots__ = ("_code", "_labels", "codes", "contact_km", "finest", "graph", "parties")

    def __init__(self, finest: UnitGraph, assignment: Mapping[str, str | None]) -> None:
        holders = {unit: party if isinstance(party, str) else None for unit, party in assignment.items()}
        self.finest = finest
        self.graph = finest.contract(holders)
        self.parties = tuple(sorted({party for party in holders.values() if party is not None}))
        self._code = {party: code for code, party in enumerate(self.parties)}
        arrays = self.graph.arrays
        dtype = np.int16 if len(self.parties) < np.iinfo(np.int16).max else np.int32
        codes = np.full(len(self.graph.units), -1, dtype=dtype)
        for unit, party in holders.items():
            if party is not None:
                codes[arrays.index[unit]] = self._code[party]
        self.codes = codes
        left, right = codes[arrays.left], codes[arrays.right]
        crossing = (left >= 0) & (right >= 0) & (left != right)
        count = len(self.parties)
        flat = np.bincount(
            left[crossing].astype(np.int64) * count + right[crossing], weights=arrays.km[crossing],
            minlength=count * count,
        ).reshape(count, count)
        self.contact_km = flat + flat.T
        self._labels: np.ndarray | None = None

    @property
    def component_labels(self) -> np.ndarray:
        """``labels[i]``: the connected component (of its holder's units) of node ``i``, by scipy;
        computed on first use and kept (4 bytes a node)."""
        if self._labels is None:
            from scipy import sparse
            from scipy.sparse import csgraph

            arrays, codes = self.graph.arrays, self.codes
            same = (codes[arrays.left] == codes[arrays.right]) & (codes[arrays.left] >= 0)
            size = len(codes)
            matrix = sparse.coo_array(
                (np.ones(int(same.sum()), dtype=np.int8), (arrays.left[same], arrays.right[same])),
                shape=(size, size),
            )
            self._labels = csgraph.connected_components(matrix, directed=False)[1].astype(np.int32)
        return self._labels

    @property
    def nbytes(self) -> int:
        """Bytes held by this layout beyond the graph it shares (codes, matrix, party index)."""
        labels = 0 if self._labels is None else self._labels.nbytes
        return int(self.codes.nbytes + self.contact_km.nbytes + labels) + 120 * len(self.parties)

    def holder(self, unit: str) -> str | None:
        """The party holding ``unit`` (a node of :attr:`graph`), or None."""
        code = int(self.codes[self.graph.arrays.index[unit]])
        return self.parties[code] if code >= 0 else None

    def territory(self, party: str) -> frozenset[str]:
        """The nodes held by ``party`` (empty if it holds none)."""
        code = self._code.get(party)
        if code is None:
            return frozenset()
        return frozenset(self.graph.arrays.names[self.codes == code])

    def touch_km(self, a: str, b: str) -> float:
        """Km of border between the units of ``a`` and those of ``b`` (0.0 if they do not touch)."""
        code_a, code_b = self._code.get(a), self._code.get(b)
        if code_a is None or code_b is None:
            return 0.0
        return float(self.contact_km[code_a, code_b])

    def check(
        self,
        a: str,
        b: str,
        *,
        within: Iterable[str] | None = None,
        scenario: str = "",
        limit: int = MAX_SETS,
    ) -> CorridorResult:
        """Answer the corridor questions for ``a`` and ``b``; see :func:`check_assignment`."""
        where = f"check {scenario or 'assignment'}"
        if a == b:
            raise TerritoryError(where, "between", "two different parties", f"{a} twice")
        missing = [party for party in (a, b) if party not in self._code]
        if missing:
            raise NoTerritoryError(where, missing, scenario or "this assignment", self.parties)
        if isinstance(within, str):
            within = [within]
        within_ids = tuple(sorted(set(within))) if within is not None else None
        negotiable = _negotiable(self.graph, self.finest, within_ids, where)
        return CorridorResult._later(_Answer(self, scenario, a, b, within_ids, negotiable, limit))


class _Answer:
    """What a result computes when its deferred attributes are first read."""

    __slots__ = ("_chains", "_contact_pairs", "a", "b", "km", "layout", "limit", "negotiable", "scenario", "within")

    def __init__(
        self, layout: Layout, scenario: str, a: str, b: str, within: tuple[str, ...] | None,
        negotiable: frozenset[str] | None, limit: int,
    ) -> None:
        self.layout, self.scenario, self.a, self.b = layout, scenario, a, b
        self.within, self.negotiable, self.limit = within, negotiable, limit
        self.km = layout.touch_km(a, b)
        self._contact_pairs: list[tuple[str, str]] | None = None
        self._chains: dict[bool, _Shortest] = {}

    def compute(self, name: str) -> dict[str, Any]:
        if name == "shared_borders":
            return {"shared_borders": self._shared_borders()}
        if name == "components":
            return {"components": _components(self.layout)}
        if name == "wedges":
            wedges, complete = (
                _wedges(self._contacts(), self.negotiable, self.limit) if self.km > 0 else ((), True)
            )
            return {"wedges": wedges, "wedges_complete": complete}
        if self.km > 0:
            return {"chain": (), "chain_km": 0.0} if name == "chain" else {"openings": (), "openings_complete": True}
        layout = self.layout
        if name == "chain":
            units, km = _chain(layout.graph, layout.territory(self.a), layout.territory(self.b), self._shortest(False))
            return {"chain": tuple(ChainLink(unit, layout.holder(unit)) for unit in units), "chain_km": km}
        openings, complete = _openings(layout.graph, self._shortest(self.negotiable is not None), self.limit)
        return {"openings": openings, "openings_complete": complete}

    def _shortest(self, negotiable_only: bool) -> _Shortest:
        """The shortest chains through intermediate units (only negotiable ones if asked);
        computed once each, and once for both when every unit is negotiable."""
        negotiable_only = negotiable_only and self.negotiable is not None
        if negotiable_only not in self._chains:
            layout, arrays = self.layout, self.layout.graph.arrays
            source = layout.codes == layout._code[self.a]
            target = layout.codes == layout._code[self.b]
            passable = ~source & ~target
            if negotiable_only:
                allowed = np.zeros(len(passable), dtype=bool)
                allowed[[arrays.index[unit] for unit in self.negotiable]] = True
                passable &= allowed
            self._chains[negotiable_only] = _shortest(layout.graph, source, target, passable)
        return self._chains[negotiable_only]

    def _contacts(self) -> list[tuple[str, str]]:
        """The bordering pairs ``(unit of A, unit of B)``, sorted (computed once)."""
        if self._contact_pairs is None:
            self._contact_pairs = self._find_contacts()
        return self._contact_pairs

    def _find_contacts(self) -> list[tuple[str, str]]:
        layout, arrays = self.layout, self.layout.graph.arrays
        code_a, code_b = layout._code[self.a], layout._code[self.b]
        left, right = layout.codes[arrays.left], layout.codes[arrays.right]
        forward = np.flatnonzero((left == code_a) & (right == code_b))
        backward = np.flatnonzero((left == code_b) & (right == code_a))
        names = arrays.names
        return sorted(
            [*zip(names[arrays.left[forward]], names[arrays.right[forward]]),
             *zip(names[arrays.right[backward]], names[arrays.left[backward]])]
        )

    def _shared_borders(self) -> tuple[SharedBorder, ...]:
        graph = self.layout.graph
        return tuple(
            SharedBorder(u, v, border.km, border.geometry)
            for u, v in self._contacts()
            if (border := graph.border(u, v)) is not None
        )


def _components(layout: Layout) -> dict[str, tuple[tuple[str, ...], ...]]:
    """Connected components of every party's units, largest first, then by ids."""
    names, labels, codes = layout.graph.arrays.names, layout.component_labels, layout.codes
    held = np.flatnonzero(codes >= 0)  # in id order: graph units are sorted
    order = held[np.lexsort((labels[held], codes[held]))]  # by party, then component, then id
    cuts = np.flatnonzero(np.diff(labels[order])) + 1
    ids = names[order].tolist()
    bounds = [0, *cuts.tolist(), len(ids)]
    groups: dict[str, list[tuple[str, ...]]] = {party: [] for party in layout.parties}
    for start, end in itertools.pairwise(bounds):
        groups[layout.parties[codes[order[start]]]].append(tuple(ids[start:end]))
    return {party: tuple(sorted(found, key=lambda c: (-len(c), c))) for party, found in groups.items()}


def lay_out(graph: UnitGraph, assignment: Mapping[str, str | None]) -> Layout:
    """Lay an assignment over the finest unit graph, once (kept by the graph under a 16-byte key).

    Parameters
    ----------
    graph
        The finest unit graph (``Atlas.adjacency``).
    assignment
        ``unit -> party or None`` for every unit of the layer (finest units or parents;
        a missing party may be NaN).
    """
    return graph.derived(("corridor.layout", _key(assignment)), lambda: Layout(graph, assignment))


def _key(assignment: Mapping[str, Any]) -> bytes:
    """A 16-byte digest of the assignment (the same for the same pairs in any order)."""
    pairs = sorted((unit, party if isinstance(party, str) else "") for unit, party in assignment.items())
    text = "\x1e".join(f"{unit}\x1f{party}" for unit, party in pairs)
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()

def _wedges(
    contacts: list[tuple[str, str]], negotiable: frozenset[str] | None, limit: int
) -> tuple[tuple[tuple[str, ...], ...], bool]:
    """Minimum wedges: a contact with one negotiable end forces that end; the rest is a free cover."""
    forced: set[str] = set()
    for u, v in contacts:
        if negotiable is not None and u not in negotiable and v not in negotiable:
            return (), True
        if negotiable is not None and (u not in negotiable or v not in negotiable):
            forced.add(u if u in negotiable else v)
    rest = [(u, v) for u, v in contacts if u not in forced and v not in forced]
    covers = minimum_covers(rest, limit)
    ordered = sorted(tuple(sorted(cover | forced)) for cover in covers)
    return tuple(ordered[:limit]), len(ordered) <= limit


def _hops(
    graph: UnitGraph, start: np.ndarray, passable: np.ndarray, *, stop: np.ndarray | None = None,
    depth: int | None = None,
) -> np.ndarray:
    """Hops from the units of ``start`` to passable units, moving through passable units only.

    A breadth-first search one layer at a time over the graph's CSR arrays (1 for a passable
    unit bordering ``start``; -1 where not reached). It stops after the first layer holding a
    unit of the mask ``stop``, or after ``depth`` layers.
    """
    csr = graph.arrays.csr
    indptr, indices = csr.indptr, csr.indices
    degree = graph.derived("corridor.degree", lambda: np.diff(indptr))
    hops = np.full(len(passable), -1, dtype=np.int32)
    open_ = passable & ~start
    frontier = np.flatnonzero(start)
    level = 0
    while frontier.size and level != depth:
        level += 1
        counts = degree[frontier]
        ends = np.cumsum(counts)
        near = indices[np.arange(ends[-1]) + np.repeat(indptr[frontier] - ends + counts, counts)]
        frontier = np.unique(near[open_[near]])
        open_[frontier] = False
        hops[frontier] = level
        if stop is not None and stop[frontier].any():
            break
    return hops


@dataclass(frozen=True)
class _Shortest:
    """The intermediate units on the shortest chains from A's units to B's.

    ``length`` is the number of intermediate units of a shortest chain (None: there is
    none); ``steps`` maps each unit lying on a shortest chain to its place in it
    (1 for the unit next to A's territory).
    """

    length: int | None
    steps: dict[str, int]


def _shortest(graph: UnitGraph, source: np.ndarray, target: np.ndarray, passable: np.ndarray) -> _Shortest:
    """The units on shortest chains through passable units (hops from both ends)."""
    arrays = graph.arrays
    next_to_b = np.zeros(len(passable), dtype=bool)
    next_to_b[arrays.left[target[arrays.right]]] = True
    next_to_b[arrays.right[target[arrays.left]]] = True
    next_to_b &= passable
    from_a = _hops(graph, source, passable, stop=next_to_b)
    ends = from_a[next_to_b & (from_a > 0)]
    if not len(ends):
        return _Shortest(None, {})
    length = int(ends.min())
    from_b = _hops(graph, target, passable, depth=length)
    on_chain = np.flatnonzero((from_a > 0) & (from_b > 0) & (from_a + from_b == length + 1))
    names = arrays.names
    return _Shortest(length, {names[i]: int(from_a[i]) for i in on_chain})


def _chain(
    graph: UnitGraph, source: frozenset[str], target: frozenset[str], shortest: _Shortest
) -> tuple[tuple[str, ...], float]:
    """Lexicographic Dijkstra on (units crossed, km crossed, unit id) from A's units to B's.

    Fewest units come first, so the search is confined to the units of ``shortest`` (every
    unit reached by a chain of fewest units lies on one) and the ends bordering them.
    """
    if shortest.length is None:
        return (), 0.0
    steps = shortest.steps
    starts = sorted({near for unit, step in steps.items() if step == 1 for near in graph.neighbours[unit]} & source)
    heap: list[tuple[int, float, str, str | None]] = [(0, 0.0, unit, None) for unit in starts]
    previous: dict[str, str | None] = {}
    while heap:
        hops, km, unit, before = heapq.heappop(heap)
        if unit in previous:
            continue
        previous[unit] = before
        if unit in target:
            path = [unit]
            while (step := previous[path[-1]]) is not None:
                path.append(step)
            return tuple(reversed(path)), km
        for near, border_km in graph.neighbours[unit].items():
            onward = steps.get(near) == hops + 1 or (near in target and hops == shortest.length)
            if onward and near not in previous:
                heapq.heappush(heap, (hops + 1, km + border_km, near, unit))
    return (), 0.0


def _openings(graph: UnitGraph, shortest: _Shortest, limit: int) -> tuple[tuple[tuple[str, ...], ...], bool]:
    """Interior units of the shortest chains through negotiable intermediate units."""
    length, steps = shortest.length, shortest.steps
    if length is None:
        return (), True
    found: set[frozenset[str]] = set()

    def extend(path: tuple[str, ...]) -> None:
        if len(found) > limit:
            return
        if len(path) == length:
            found.add(frozenset(path))
            return
        step = len(path) + 1
        for near in graph.neighbours[path[-1]]:
            if steps.get(near) == step:
                extend((*path, near))

    for first in sorted(unit for unit, step in steps.items() if step == 1):
        extend((first,))
    ordered = sorted(tuple(sorted(opening)) for opening in found)
    return tuple(ordered[:limit]), len(ordered) <= limit


def _negotiable(
    graph: UnitGraph, finest: UnitGraph, within: Iterable[str] | None, where: str
) -> frozenset[str] | None:
    if within is None:
        return None
    known = {*finest.units, *finest.parent.values()}
    for unit in within:
        if unit not in known:
            raise UnknownIdError(f"{where}: within", "unit", unit, known)
    allowed = {child for unit in within for child in finest.children(unit)}
    return frozenset(unit for unit in graph.units if set(finest.children(unit)) <= allowed)


def check_assignment(
    graph: UnitGraph,
    assignment: Mapping[str, str | None],
    a: str,
    b: str,
    *,
    within: Iterable[str] | None = None,
    scenario: str = "",
    limit: int = MAX_SETS,
) -> CorridorResult:
    """Answer the corridor questions for parties ``a`` and ``b`` under one assignment.

    The assignment is laid over the graph once (:func:`lay_out`); to ask many
    questions of one assignment, keep the :class:`Layout` and call its ``check``.

    Parameters
    ----------
    graph
        The finest unit graph (``Atlas.adjacency``).
    assignment
        ``unit -> party or None`` for every unit of the layer; the units may be
        finest units or parents (their children are then one node).
    a, b
        The two parties; each must hold at least one unit.
    within
        Negotiable units (finest or parent ids), or None for all.
    scenario
        The version or scenario id to record in the result.
    limit
        At most this many wedges / openings are listed.

    Returns
    -------
    CorridorResult

    Raises
    ------
    TerritoryError
        If ``a`` equals ``b``; NoTerritoryError if either holds nothing;
        UnknownIdError for an unknown unit in ``within``.
    """
    return lay_out(graph, assignment).check(a, b, within=within, scenario=scenario, limit=limit)
