"""Deterministic element ids for folium/branca maps.

branca gives every :class:`branca.element.Element` a random id (``os.urandom``),
which ends up in the HTML as JavaScript variable names and ``div`` ids, so two
renders of the same data would differ. While :func:`deterministic_ids` is
active, ids come from a counter instead: build a fresh map inside it, render it
inside it, and the same input gives the same bytes.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from branca.element import Element

_LOCK = threading.RLock()


@contextmanager
def deterministic_ids(prefix: str = "t") -> Iterator[None]:
    """Make branca number new elements ``<prefix>0001``, ``<prefix>0002``, ... for a while.

    Parameters
    ----------
    prefix
        Letters put in front of the counter; use different prefixes for the
        build and the render of one map so that their ids never collide.
    """
    counter = itertools.count(1)
    with _LOCK:
        original = Element.__dict__["_generate_id"]
        Element._generate_id = classmethod(lambda cls: f"{prefix}{next(counter):04d}")
        try:
            yield
        finally:
            Element._generate_id = original
