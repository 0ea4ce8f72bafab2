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

import heapq
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from territory.adjacency import UnitGraph
from territory.errors import NoTerritoryError, TerritoryError, UnknownIdError

if TYPE_CHECKING:
    import geopandas as gpd
    from shapely.geometry.base import BaseGeometry

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


@dataclass(frozen=True)
class CorridorResult:
    """The answer of :func:`check_assignment` and :meth:`territory.Atlas.corridor`.

    See the module docstring for the definitions.

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
    """

    scenario: str
    a: str
    b: str
    within: tuple[str, ...] | None
    connected: bool
    shared_border_km: float
    shared_borders: tuple[SharedBorder, ...]
    wedges: tuple[tuple[str, ...], ...]
    wedges_complete: bool
    chain: tuple[ChainLink, ...]
    chain_km: float
    openings: tuple[tuple[str, ...], ...]
    openings_complete: bool
    components: dict[str, tuple[tuple[str, ...], ...]]
    crs: Any = None

    @property
    def wedge(self) -> tuple[str, ...]:
        """The first minimum wedge (empty when not connected or when no wedge is negotiable)."""
        return self.wedges[0] if self.wedges else ()

    def to_dict(self) -> dict[str, Any]:
        """Return the result as plain JSON-ready data (no geometry; km rounded to metres)."""
        return {
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


@dataclass(frozen=True, eq=False)
class _Layout:
    """One assignment laid over a graph: holders, territories and their components."""

    graph: UnitGraph
    holder: dict[str, str | None]
    territory: dict[str, frozenset[str]]
    components: dict[str, tuple[tuple[str, ...], ...]]


def _components(graph: UnitGraph, units: frozenset[str]) -> tuple[tuple[str, ...], ...]:
    seen: set[str] = set()
    found = []
    for start in sorted(units):
        if start in seen:
            continue
        seen.add(start)
        stack, members = [start], []
        while stack:
            unit = stack.pop()
            members.append(unit)
            for near in graph.neighbours[unit]:
                if near in units and near not in seen:
                    seen.add(near)
                    stack.append(near)
        found.append(tuple(sorted(members)))
    return tuple(sorted(found, key=lambda c: (-len(c), c)))


def _layout(finest: UnitGraph, assignment: frozenset[tuple[str, str | None]]) -> _Layout:
    """The layout of ``assignment`` over ``finest``, kept by the graph (computed once per assignment)."""
    return finest.derived(("corridor.layout", assignment), lambda: _lay_out(finest, assignment))


def _lay_out(finest: UnitGraph, assignment: frozenset[tuple[str, str | None]]) -> _Layout:
    graph = finest.contract(unit for unit, _ in assignment)
    holder = dict(assignment)
    territory: dict[str, set[str]] = {}
    for unit, party in assignment:
        if party is not None:
            territory.setdefault(party, set()).add(unit)
    frozen = {party: frozenset(units) for party, units in sorted(territory.items())}
    return _Layout(graph, holder, frozen, {party: _components(graph, units) for party, units in frozen.items()})


def _maximum_matching(edges: list[tuple[str, str]]) -> dict[str, str]:
    """A maximum matching ``left -> right`` of a bipartite graph, by augmenting paths."""
    adjacency: dict[str, list[str]] = {}
    for u, v in edges:
        adjacency.setdefault(u, []).append(v)
    left_mate: dict[str, str] = {}
    right_mate: dict[str, str] = {}
    for root in sorted(adjacency):
        reached_from: dict[str, str] = {}
        stack, visited, free_end = [root], {root}, None
        while stack and free_end is None:
            u = stack.pop()
            for v in adjacency[u]:
                if v in reached_from:
                    continue
                reached_from[v] = u
                if v not in right_mate:
                    free_end = v
                    break
                if right_mate[v] not in visited:
                    visited.add(right_mate[v])
                    stack.append(right_mate[v])
        v = free_end
        while v is not None:
            u = reached_from[v]
            previous = left_mate.get(u)
            left_mate[u], right_mate[v] = v, u
            v = previous if u != root else None
    return left_mate


def _minimum_covers(edges: list[tuple[str, str]], limit: int) -> list[frozenset[str]]:
    """Minimum vertex covers of a bipartite graph, at most ``limit + 1`` of them.

    ``edges`` are ``(left, right)`` pairs. With a maximum matching ``M``, every
    minimum cover has ``|M|`` vertices (König): one end of each matching edge and
    no unmatched vertex. Each matching edge thus takes its left or its right end;
    an edge ``(u, v)`` outside ``M`` needs ``u`` or ``v``: "if ``u``'s matching
    edge takes its right end, ``v``'s takes its right end too", or, when ``u``
    (``v``) is unmatched, ``v``'s edge must take ``v`` (``u``'s edge ``u``). The
    covers are the choices closed under these implications. They are enumerated
    by fixing one matching edge at a time and propagating (right: to everything
    it implies; left: to everything that implies it); every partial choice made
    this way extends to a cover, so no search step is wasted.
    """
    if not edges:
        return [frozenset()]
    pairs = sorted(_maximum_matching(edges).items())
    slot = {end: index for index, pair in enumerate(pairs) for end in pair}
    implies: list[list[int]] = [[] for _ in pairs]
    implied_by: list[list[int]] = [[] for _ in pairs]
    take_right, take_left = [], []
    for u, v in edges:
        if u not in slot:
            take_right.append(slot[v])
        elif v not in slot:
            take_left.append(slot[u])
        elif slot[u] != slot[v]:
            implies[slot[u]].append(slot[v])
            implied_by[slot[v]].append(slot[u])
    right: list[bool | None] = [None] * len(pairs)

    def choose(start: int, value: bool) -> list[int]:
        """Set ``start`` and what follows from it; return the newly set edges (for undoing)."""
        if right[start] is not None:
            return []
        right[start] = value
        newly, stack, follow = [start], [start], implies if value else implied_by
        while stack:
            for other in follow[stack.pop()]:
                if right[other] is None:
                    right[other] = value
                    newly.append(other)
                    stack.append(other)
        return newly

    for index in take_right:
        choose(index, True)
    for index in take_left:
        choose(index, False)
    found: list[frozenset[str]] = []

    def next_free(position: int) -> int:
        while position < len(pairs) and right[position] is not None:
            position += 1
        return position

    first = next_free(0)
    if first == len(pairs):
        return [frozenset(v if right[i] else u for i, (u, v) in enumerate(pairs))]
    frames: list[tuple[int, list[bool], list[int]]] = [(first, [False, True], [])]
    while frames and len(found) <= limit:
        position, options, newly = frames[-1]
        for index in newly:
            right[index] = None
        newly.clear()
        if not options:
            frames.pop()
            continue
        newly.extend(choose(position, options.pop()))
        following = next_free(position + 1)
        if following == len(pairs):
            found.append(frozenset(v if right[i] else u for i, (u, v) in enumerate(pairs)))
        else:
            frames.append((following, [False, True], []))
    return found


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
    covers = _minimum_covers(rest, limit)
    ordered = sorted(tuple(sorted(cover | forced)) for cover in covers)
    return tuple(ordered[:limit]), len(ordered) <= limit


def _chain(layout: _Layout, a: str, b: str) -> tuple[tuple[str, ...], float]:
    """Lexicographic Dijkstra on (units crossed, km crossed, unit id) from A's units to B's."""
    graph, source, target = layout.graph, layout.territory[a], layout.territory[b]
    heap: list[tuple[int, float, str, str | None]] = [(0, 0.0, unit, None) for unit in sorted(source)]
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
            if near not in previous and near not in source:
                heapq.heappush(heap, (hops + 1, km + border_km, near, unit))
    return (), 0.0


def _distances(
    graph: UnitGraph,
    start: frozenset[str],
    passable: Callable[[str], bool],
    *,
    until: Callable[[str], bool] | None = None,
    max_depth: int | None = None,
) -> dict[str, int]:
    """Hops from ``start`` to passable units, moving through passable units only.

    Stops after the first layer holding a unit for which ``until`` is true, or at ``max_depth``.
    """
    frontier = sorted({near for unit in start for near in graph.neighbours[unit] if passable(near)})
    distance = {unit: 1 for unit in frontier}
    depth = 1
    while frontier and depth != max_depth and not (until and any(until(unit) for unit in frontier)):
        depth += 1
        following = []
        for unit in frontier:
            for near in graph.neighbours[unit]:
                if near not in distance and passable(near):
                    distance[near] = depth
                    following.append(near)
        frontier = following
    return distance


def _openings(
    layout: _Layout, a: str, b: str, negotiable: frozenset[str] | None, limit: int
) -> tuple[tuple[tuple[str, ...], ...], bool]:
    """Interior units of the shortest chains through negotiable intermediate units."""
    graph, source, target = layout.graph, layout.territory[a], layout.territory[b]

    def passable(unit: str) -> bool:
        return unit not in source and unit not in target and (negotiable is None or unit in negotiable)

    def borders_target(unit: str) -> bool:
        return any(near in target for near in graph.neighbours[unit])

    from_a = _distances(graph, source, passable, until=borders_target)
    length = min((hops for unit, hops in from_a.items() if borders_target(unit)), default=None)
    if length is None:
        return (), True
    from_b = _distances(graph, target, passable, max_depth=length)
    found: set[frozenset[str]] = set()

    def extend(path: tuple[str, ...]) -> None:
        if len(found) > limit:
            return
        if len(path) == length:
            found.add(frozenset(path))
            return
        step = len(path) + 1
        for near in graph.neighbours[path[-1]]:
            if from_a.get(near) == step and from_b.get(near) == length - step + 1:
                extend((*path, near))

    for first in sorted(unit for unit, hops in from_a.items() if hops == 1 and from_b.get(unit) == length):
        extend((first,))
    ordered = sorted(tuple(sorted(opening)) for opening in found)
    return tuple(ordered[:limit]), len(ordered) <= limit


def _negotiable(
    layout: _Layout, finest: UnitGraph, within: Iterable[str] | None, where: str
) -> frozenset[str] | None:
    if within is None:
        return None
    known = {*finest.units, *finest.parent.values()}
    for unit in within:
        if unit not in known:
            raise UnknownIdError(f"{where}: within", "unit", unit, known)
    allowed = {child for unit in within for child in finest.children(unit)}
    return frozenset(unit for unit in layout.graph.units if set(finest.children(unit)) <= allowed)


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
    return _answer(graph, _layout(graph, _key(assignment)), a, b, within, scenario, limit)


def _key(assignment: Mapping[str, Any]) -> frozenset[tuple[str, str | None]]:
    """The assignment as a hashable set of ``(unit, party or None)`` (a missing party may be NaN)."""
    return frozenset((unit, party if isinstance(party, str) else None) for unit, party in assignment.items())


def _answer(
    graph: UnitGraph,
    layout: _Layout,
    a: str,
    b: str,
    within: Iterable[str] | None,
    scenario: str,
    limit: int,
) -> CorridorResult:
    where = f"check {scenario or 'assignment'}"
    if a == b:
        raise TerritoryError(where, "between", "two different parties", f"{a} twice")
    missing = [party for party in (a, b) if party not in layout.territory]
    if missing:
        raise NoTerritoryError(where, missing, scenario or "this assignment", layout.territory)
    if isinstance(within, str):
        within = [within]
    within_ids = tuple(sorted(set(within))) if within is not None else None
    negotiable = _negotiable(layout, graph, within_ids, where)
    contracted, source, target = layout.graph, layout.territory[a], layout.territory[b]
    contacts = sorted(
        (unit, near) for unit in source for near in contracted.neighbours[unit] if near in target
    )
    shared = tuple(
        SharedBorder(u, v, border.km, border.geometry)
        for u, v in contacts
        if (border := contracted.border(u, v)) is not None
    )
    if contacts:
        wedges, wedges_complete = _wedges(contacts, negotiable, limit)
        chain_units, chain_km = (), 0.0
        openings, openings_complete = (), True
    else:
        wedges, wedges_complete = (), True
        chain_units, chain_km = _chain(layout, a, b)
        openings, openings_complete = _openings(layout, a, b, negotiable, limit)
    return CorridorResult(
        scenario=scenario,
        a=a,
        b=b,
        within=within_ids,
        connected=bool(contacts),
        shared_border_km=float(sum(s.km for s in shared)),
        shared_borders=shared,
        wedges=wedges,
        wedges_complete=wedges_complete,
        chain=tuple(ChainLink(unit, layout.holder[unit]) for unit in chain_units),
        chain_km=chain_km,
        openings=openings,
        openings_complete=openings_complete,
        components=layout.components,
        crs=graph.crs,
    )
