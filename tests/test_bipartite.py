"""Tests of territory._bipartite: minimum vertex covers against brute force."""

from __future__ import annotations

import itertools
import random

import pytest

from territory._bipartite import minimum_covers


@pytest.mark.parametrize("seed", range(30))
def test_minimum_covers_of_random_bipartite_graphs_against_brute_force(seed):
    rng = random.Random(seed)
    left, right = [f"l{i}" for i in range(rng.randint(1, 7))], [f"r{i}" for i in range(rng.randint(1, 7))]
    edges = [(u, v) for u in left for v in right if rng.random() < 0.35] or [(left[0], right[0])]
    vertices = sorted({x for edge in edges for x in edge})
    expected: set[frozenset[str]] = set()
    for size in range(len(vertices) + 1):
        expected = {frozenset(s) for s in itertools.combinations(vertices, size)
                    if all(u in s or v in s for u, v in edges)}
        if expected:
            break
    found = minimum_covers(edges, limit=10_000)
    assert len(found) == len(set(found))
    assert set(found) == expected
