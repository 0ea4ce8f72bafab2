"""The tables the atlas answers with: the layer schema and the frames built from holdings.

A *layer* is one row per unit at the level a version speaks of, in the columns of
:data:`LAYER_COLUMNS`; :func:`table` builds any answer frame so that text columns keep
None (not NaN) for a missing value.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

#: The columns of a layer (:meth:`territory.Atlas.layer`), in order: the one layer schema.
LAYER_COLUMNS: tuple[str, ...] = (
    "unit",
    "name",
    "party",
    "status",
    "confidence",
    "source",
    "quote",
    "note",
    "claimants",
    "version",
    "covered",
    "area_km2",
    "geometry",
)

_TYPED_COLUMNS = {"covered": bool, "changes_hands": bool, "exact": bool, "area_km2": float}


def table(rows: list[dict[str, object]], columns: list[str] | tuple[str, ...]) -> pd.DataFrame:
    """A frame of ``rows`` whose text columns keep None for missing values (pandas would use NaN)."""
    import pandas as pd

    frame = pd.DataFrame(rows, columns=list(columns), dtype=object)
    for column, kind in _TYPED_COLUMNS.items():
        if column in frame.columns:
            frame[column] = frame[column].astype(kind)
    return frame
