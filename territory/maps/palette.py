"""One colour per party and one pattern per status, shared by every map and print.

Party colours are the Okabe-Ito set (distinguishable with the common forms of
colour-blindness) for the parties of 1920, and four of Paul Tol's "muted" colours for
the built-in parties of 1918-1919 and 1921; parties that the built-in data does not
know take the other muted colours in the order of their ids. No colour means "right" or "wrong":
the assignment of hues follows the order of ``geodata/parties.yaml``.

A status is never shown by colour alone: each has its own fill pattern and
outline (dash array and weight), in Leaflet and in matplotlib alike.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from territory.errors import MapError

#: Colours of the built-in parties: Okabe-Ito, then Tol's muted for the later additions.
PARTY_COLOURS: dict[str, str] = {
    "azerbaijan_ssr": "#0072B2",
    "armenia_republic": "#E69F00",
    "armenia_ssr": "#D55E00",
    "rsfsr": "#CC79A7",
    "turkey": "#009E73",
    "georgia": "#F0E442",
    "persia": "#56B4E9",
    "azerbaijan_democratic_republic": "#332288",
    "ottoman_empire": "#117733",
    "united_kingdom": "#882255",
    "mountainous_armenia": "#DDCC77",
}

#: The rest of Paul Tol's muted colours, for parties added by a user's data.
EXTRA_COLOURS: tuple[str, ...] = ("#88CCEE", "#44AA99", "#999933", "#CC6677", "#AA4499")

NOT_COVERED_FILL = "#DDDDDD"
NOT_COVERED_LINE = "#777777"
OUTLINE = "#222222"
UNASSIGNED_FILL = "#FFFFFF"


@dataclass(frozen=True)
class StatusStyle:
    """How one status is drawn.

    Attributes
    ----------
    key
        Canonical status key (``part_of``, ``autonomy``, ...).
    label
        Legend text.
    pattern
        Fill pattern: ``solid``, ``hatch`` (diagonal lines), ``stripes`` (thin diagonal lines), ``cross`` or ``dots``.
    dash
        SVG dash array of the outline (``None`` for a solid line).
    weight
        Outline width in pixels (matplotlib: points).
    mpl_hatch
        The matplotlib hatch string for the same pattern.
    mpl_linestyle
        The matplotlib line style for the same outline.
    """

    key: str
    label: str
    pattern: str
    dash: str | None
    weight: float
    mpl_hatch: str | None
    mpl_linestyle: str | tuple


STATUS_STYLES: dict[str, StatusStyle] = {
    s.key: s
    for s in (
        StatusStyle("part_of", "part of", "solid", None, 1.2, None, "-"),
        StatusStyle("autonomy_within", "autonomy within", "solid", "8 4", 2.6, None, "--"),
        StatusStyle("occupied_by", "occupied by", "hatch", None, 1.6, "////", "-"),
        StatusStyle("under_protection_of", "under the protection of", "stripes", "10 3", 2.0, "//", (0, (5, 1))),
        StatusStyle("disputed", "disputed", "cross", "2 4", 2.2, "xx", ":"),
        StatusStyle("unassigned", "left unassigned", "dots", "6 3 2 3", 1.6, "..", "-."),
        StatusStyle("not_covered", "not covered by this version", "solid", "1 4", 1.0, None, (0, (1, 2))),
    )
}


def status_key(status: str | None, covered: bool = True) -> str:
    """Return the key of :data:`STATUS_STYLES` for a layer row's status.

    Raises
    ------
    MapError
        ``status`` is none of the statuses of the version files.
    """
    if not covered or status is None:
        return "not_covered"
    if status not in STATUS_STYLES:
        raise MapError("layer", "status", f"one of {', '.join(STATUS_STYLES)}", status)
    return status


class Palette:
    """The colour of every party of an atlas.

    Parameters
    ----------
    party_ids
        All party ids that can appear (e.g. ``atlas.parties``); the built-in
        ones keep their Okabe-Ito colour, the others take the extra colours in
        sorted order, so the same party set always gives the same colours.
    """

    def __init__(self, party_ids: Iterable[str] = ()) -> None:
        self.colours = dict(PARTY_COLOURS)
        extra = sorted(set(party_ids) - set(PARTY_COLOURS))
        for index, party in enumerate(extra):
            self.colours[party] = EXTRA_COLOURS[index % len(EXTRA_COLOURS)]

    def colour(self, party: str | None) -> str:
        """Return the colour of ``party`` (the not-covered grey for ``None``)."""
        if party is None:
            return NOT_COVERED_FILL
        return self.colours.get(party, EXTRA_COLOURS[-1])

    def pattern_id(self, party: str | None, pattern: str) -> str:
        """Return the SVG id of the fill pattern ``pattern`` in the colour of ``party``."""
        return f"territory-{pattern}-{party or 'none'}"

    def leaflet_style(self, party: str | None, status: str | None, covered: bool) -> dict:
        """Return the Leaflet path style of a unit."""
        key = status_key(status, covered)
        style = STATUS_STYLES[key]
        if key == "not_covered":
            fill, line, opacity = NOT_COVERED_FILL, NOT_COVERED_LINE, 0.55
        elif style.pattern == "solid":
            fill, line, opacity = self.colour(party), OUTLINE, 0.7
        else:
            fill, line, opacity = f"url(#{self.pattern_id(party, style.pattern)})", OUTLINE, 0.9
        result = {
            "color": line,
            "weight": style.weight,
            "opacity": 0.9,
            "fillColor": fill,
            "fillOpacity": opacity,
            "className": f"territory-unit territory-status-{key}",
        }
        if style.dash:
            result["dashArray"] = style.dash
        return result

    def mpl_style(self, party: str | None, status: str | None, covered: bool) -> dict:
        """Return how matplotlib draws a unit: the same colours and patterns as the maps.

        Keys: ``facecolor``, ``hatch`` (or ``None``), ``hatch_colour``, and the
        outline's ``edgecolor``, ``linestyle`` and ``linewidth``.
        """
        key = status_key(status, covered)
        style = STATUS_STYLES[key]
        result = {
            "edgecolor": OUTLINE,
            "linestyle": style.mpl_linestyle,
            "linewidth": style.weight * 0.6,
            "hatch": style.mpl_hatch,
            "hatch_colour": self.colour(party) if party else NOT_COVERED_LINE,
        }
        if key == "not_covered":
            result.update(facecolor=NOT_COVERED_FILL, edgecolor=NOT_COVERED_LINE, linewidth=0.8)
        elif style.pattern == "solid":
            result["facecolor"] = self.colour(party)
        else:
            result["facecolor"] = UNASSIGNED_FILL
        return result
