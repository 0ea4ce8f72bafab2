"""The one cache mechanism of the package: values computed once per key, kept by their owner.

An :class:`~territory.atlas.Atlas` and a :class:`~territory.adjacency.UnitGraph` never change
after they are made, so everything derived from them (a resolved scenario, a layer, a
contracted graph, the display geometry of the maps) is computed on first use and kept in the
owner's :class:`Memo`, and goes away with it. No module keeps a cache of its own.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")


class Memo:
    """Values computed once per key, for the lifetime of the object that owns the memo."""

    __slots__ = ("_values",)

    def __init__(self) -> None:
        self._values: dict[Hashable, Any] = {}

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The value of ``key``: ``compute()`` the first time, the kept value after."""
        try:
            return self._values[key]
        except KeyError:
            value = self._values[key] = compute()
            return value

    def __len__(self) -> int:
        return len(self._values)
