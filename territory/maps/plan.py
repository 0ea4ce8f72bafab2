"""Which maps the atlas's data calls for: the *plan* that ``territory render`` writes.

One map per version, each June 1920 version compared with each November or December 1920
proposal or declaration (side by side and swipe), the timeline, and a corridor view of each built-in
question (:data:`territory.questions.QUESTIONS`) for each scenario of
:func:`territory.questions.corridor_scenarios`: the latest de facto layer of November 1920,
alone and with each 1920 proposal applied over it. The answers for every version are in
the gallery's table of answers. Last, the what-if page, which starts from any version or
scenario of the table and answers in the page for any assignment.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from territory.errors import NoTerritoryError
from territory.maps.kinds import KINDS
from territory.questions import (
    PROPOSAL_KINDS,
    QUESTIONS,
    UNITS_PREFIX,
    answer_line,
    ask_every,
    corridor_scenarios,
    scenarios_to_ask,
)
from territory.resolve import Scenario

if TYPE_CHECKING:
    from territory.atlas import Atlas
    from territory.versions import Version

#: The months the seed calls "the June and November 1920 proposals".
JUNE, NOVEMBER, DECEMBER = (1920, 6), (1920, 11), (1920, 12)
#: The kinds of map that have a static image (png/svg), in registry order; a swipe map and the
#: what-if page have none.
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
        ``swipe``, ``timeline``, ``corridor`` or ``whatif``.
    title, caption
        Gallery text (raw; escaped by the gallery).
    scenarios
        The scenarios drawn (version ids, or ``"A+B"``: B applied over A).
    question
        The id of the corridor question of a corridor view
        (:data:`territory.questions.QUESTIONS`).
    """

    id: str
    kind: str
    title: str
    caption: str
    scenarios: tuple[str, ...] = ()
    question: str | None = None

    @property
    def static(self) -> bool:
        """Whether a static image (png/svg) of this map is made (every kind but swipe and whatif)."""
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
        swipe), the timeline, the corridor views (by question, then scenario), the what-if
        page (``whatif``, starting from every version and 1920 scenario). A corridor
        view is planned only for the scenarios in which both sides of its question hold a
        unit.
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
    # The later proposals and declarations (November and December 1920), not the de facto
    # states nor the treaties.
    later = [v for v in versions if _month(v) in (NOVEMBER, DECEMBER) and v.kind in PROPOSAL_KINDS]
    for a in june:
        for b in later:
            pair = (a.id, b.id)
            specs.append(MapSpec(
                f"compare-{a.id}-vs-{b.id}", "compare", f"{a.id} and {b.id}, side by side",
                f"{a.title} (left) and {b.title} (right); the two maps pan and zoom together; "
                f"units the two assign differently are outlined.", pair))
            specs.append(MapSpec(
                f"swipe-{a.id}-vs-{b.id}", "swipe", f"{a.id} and {b.id}, swipe",
                f"Drag the slider: {a.id} left of the divider, {b.id} right of it.", pair))
    if versions:
        specs.append(MapSpec("timeline", "timeline", "Timeline of all versions",
                             "One layer per version in date order; choose one in the layer list.",
                             tuple(v.id for v in versions)))
    scenarios = corridor_scenarios(versions)
    for question in QUESTIONS.values():
        for scenario in scenarios:
            try:
                result = atlas.ask(question, scenario)
            except NoTerritoryError:
                continue
            sides = f"{result.a} / {result.b.removeprefix(UNITS_PREFIX)}"
            specs.append(MapSpec(
                f"corridor-{question.id}-{Scenario.parse(scenario).slug}", "corridor",
                f"Corridor {sides}: {scenario}",
                f"{question.title} Where the two sides meet in {scenario} (later versions applied "
                f"over earlier ones), the length of their shared border, and the wedge units; "
                f"or the shortest chain between them.", (scenario,), question=question.id))
    if versions:
        specs.append(MapSpec(
            "whatif", "whatif", "What if: reassign the units",
            "Start from any version or 1920 scenario, click units to give them to another party "
            "or to none, choose two parties, and read at once whether they touch, the shared "
            "km, the wedges, the shortest chain and the openings; the link keeps the "
            "assignment.", tuple(scenarios_to_ask(versions))))
    return specs


def corridor_answers(atlas: Atlas) -> list[tuple[str, list[tuple[str, str]]]]:
    """The gallery's table of answers: for each built-in question (its words), each
    version and 1920 scenario with the answer in words, as ``territory check --all``."""
    scenarios = scenarios_to_ask(list(atlas.versions))
    return [(question.title, [(row["scenario"], answer_line(row))
                              for row in ask_every(atlas, question.id, scenarios)])
            for question in QUESTIONS.values()]
