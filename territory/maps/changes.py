"""The units two versions assign differently, as the comparisons outline them.

Two proposals "assign differently"; two de facto states are said to have "changed hands"
(:func:`difference_label`).

The facts come from :meth:`territory.Atlas.diff` (its ``assigned_differently`` column: both
versions cover the unit and name different parties); the maps outline finest units, so a
parent the diff reports whole stands for each of its children.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

    from territory.maps.context import MapContext

#: The legend text of the outlines, on the interactive and the static comparisons.
ASSIGNED_LABEL = "assigned differently by the two versions"
#: The same outlines when both sides are de facto states.
CHANGED_LABEL = "changed hands between the two dates"


def difference_label(ctx: MapContext, a: str, b: str) -> str:
    """:data:`CHANGED_LABEL` when scenarios ``a`` and ``b`` are both de facto states,
    else :data:`ASSIGNED_LABEL`."""
    both = all(ctx.describe(s).kind == "de_facto" for s in (a, b))
    return CHANGED_LABEL if both else ASSIGNED_LABEL


def assigned_differently(ctx: MapContext, diff: pd.DataFrame) -> dict[str, tuple[str | None, str | None]]:
    """The finest units ``diff`` assigns differently, with their party on either side.

    Parameters
    ----------
    ctx
        The atlas context (:attr:`MapContext.parent_children` expands a parent).
    diff
        A frame of :meth:`territory.Atlas.diff`: columns ``unit``, ``party_a``,
        ``party_b`` and ``assigned_differently`` (other columns are not read).

    Returns
    -------
    dict
        Finest unit id -> ``(party in a, party in b)``, in order of unit id.
    """
    changed: dict[str, tuple[str | None, str | None]] = {}
    for row in diff[diff["assigned_differently"]].itertuples(index=False):
        for unit in ctx.parent_children.get(row.unit, (row.unit,)):
            changed[unit] = (row.party_a, row.party_b)
    return dict(sorted(changed.items()))
