"""Which maps the atlas's data calls for: the *plan* that ``territory render`` writes.

One map per version, each June 1920 version compared with each November 1920 version
(side by side and swipe), the timeline, and the Turkey / Soviet Azerbaijan corridor
view for the latest de facto layer of November 1920, alone and with each June or
November proposal applied over it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from territory.maps.kinds import KINDS
from territory.resolve import Scenario

if TYPE_CHECKING:
    from territory.atlas import Atlas
    from territory.versions import Version

#: The corridor question of the seed: a land connection between these two parties.
CORRIDOR_PARTIES = ("turkey", "azerbaijan_ssr")
#: The months the seed calls "the June and November 1920 proposals".
JUNE, NOVEMBER, DECEMBER = (1920, 6), (1920, 11), (1920, 12)
#: The kinds of map that have a static image (png/svg), in registry order; a swipe map has none.
STATIC_KINDS: tuple[str, ...] = tuple(name for name, kind in KINDS.items() if kind.static)


@dataclass(frozen=True)
class MapSpec:
    """One map of the plan.

    Attributes
    ----------
    id
        File stem and ``--only`` name (``version-1920-06-20-chicherin``).
    kind
        A kind of :data:`territory.maps.kinds.KINDS`: ``version``, ``compare``,
        ``swipe``, ``timeline`` or ``corridor``.
    title, caption
        Gallery text (raw; escaped by the gallery).
    scenarios
        The scenarios drawn (version ids, or ``"A+B"``: B applied over A).
    parties
        The two parties of a corridor view.
    """

    id: str
    kind: str
    title: str
    caption: str
    scenarios: tuple[str, ...] = ()
    parties: tuple[str, str] | None = None

    @property
    def static(self) -> bool:
        """Whether a static image (png/svg) of this map is made (every kind but swipe)."""
        return self.kind in STATIC_KINDS


def _month(version: Version) -> tuple[int, int]:
    date = version.date.not_after
    return (date.year, date.month)


def plan_maps(atlas: Atlas) -> list[MapSpec]:
    """The maps :func:`territory.maps.render.render_all` writes for ``atlas``.

    Parameters
    ----------
    atlas
        A loaded :class:`territory.Atlas`.

    Returns
    -------
    list of MapSpec
        In gallery order: the versions, the comparisons (each side by side, then as a
        swipe), the timeline, the corridor views. A corridor view is planned only for
        the scenarios in which both :data:`CORRIDOR_PARTIES` hold a unit.
    """
    versions = list(atlas.versions)
    specs = []
    for version in versions:
        specs.append(MapSpec(
            f"version-{version.id}", "version", version.title,
            f"{version.date.label}, {version.kind.replace('_', ' ')}: every unit coloured by the "
            f"party this version assigns it to; click a unit for the quote and the source."
            + (f" {version.provenance}." if version.provenance else ""),
            (version.id,)))
    june = [v for v in versions if _month(v) == JUNE]
    # The later proposals and declarations (November and December 1920), not the de facto states.
    later = [v for v in versions if _month(v) in (NOVEMBER, DECEMBER) and v.kind != "de_facto"]
    for a in june:
        for b in later:
            pair = (a.id, b.id)
            specs.append(MapSpec(
                f"compare-{a.id}-vs-{b.id}", "compare", f"{a.id} and {b.id}, side by side",
                f"{a.title} (left) and {b.title} (right); the two maps pan and zoom together; "
                f"units that changed hands are outlined.", pair))
            specs.append(MapSpec(
                f"swipe-{a.id}-vs-{b.id}", "swipe", f"{a.id} and {b.id}, swipe",
                f"Drag the slider: {a.id} left of the divider, {b.id} right of it.", pair))
    if versions:
        specs.append(MapSpec("timeline", "timeline", "Timeline of all versions",
                             "One layer per version in date order; choose one in the layer list.",
                             tuple(v.id for v in versions)))
    a, b = CORRIDOR_PARTIES
    de_facto = [v for v in versions if v.kind == "de_facto" and _month(v) <= NOVEMBER]
    if a in atlas.parties and b in atlas.parties and de_facto:
        base = de_facto[-1].id
        scenarios = [base] + [f"{base}+{v.id}" for v in june + later if v.kind != "de_facto"]
        for scenario in scenarios:
            holders = set(atlas.holders(scenario).values())
            if a not in holders or b not in holders:
                continue
            specs.append(MapSpec(
                f"corridor-{a}-{b}-{Scenario.parse(scenario).slug}", "corridor",
                f"Corridor {a} / {b}: {scenario}",
                f"Where the territories of {a} and {b} meet in {scenario} (later versions applied "
                f"over earlier ones), the length of their shared border, and the wedge units.",
                (scenario,), (a, b)))
    return specs
