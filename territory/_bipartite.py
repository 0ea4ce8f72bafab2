"""Minimum vertex covers of a bipartite graph: the wedges of :mod:`territory.corridor`.

König's theorem gives their size (a maximum matching's); the covers are enumerated from the
matching by propagating the choices each edge forces, so no search step is wasted.
"""

from __future__ import annotations


def maximum_matching(edges: list[tuple[str, str]]) -> dict[str, str]:
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


def minimum_covers(edges: list[tuple[str, str]], limit: int) -> list[frozenset[str]]:
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
    pairs = sorted(maximum_matching(edges).items())
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

