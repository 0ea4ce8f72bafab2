"""The units that changed hands between two versions, as the comparisons outline them.

The facts come from :meth:`territory.Atlas.diff` (its ``changes_hands`` column: both
versions cover the unit and name different parties); the maps outline finest units, so a
parent the diff reports whole stands for each of its children.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

    from territory.maps.context import MapContext

#: The legend text of the outlines, on the interactive and the static comparisons.
CHANGED_LABEL = "changed hands between the two versions"


def changed_hands(ctx: MapContext, diff: pd.DataFrame) -> dict[str, tuple[str | None, str | None]]:
    """The finest units that change hands in ``diff``, with their party on either side.

    Parameters
    ----------
    ctx
        The atlas context (:attr:`MapContext.parent_children` expands a parent).
    diff
        A frame of :meth:`territory.Atlas.diff`: columns ``unit``, ``party_a``,
        ``party_b`` and ``changes_hands`` (other columns are not read).

    Returns
    -------
    dict
        Finest unit id -> ``(party in a, party in b)``, in order of unit id.
    """
    changed: dict[str, tuple[str | None, str | None]] = {}
    for row in diff[diff["changes_hands"]].itertuples(index=False):
        for unit in ctx.parent_children.get(row.unit, (row.unit,)):
            changed[unit] = (row.party_a, row.party_b)
    return dict(sorted(changed.items()))
