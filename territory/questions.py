"""The built-in corridor questions, asked the same way of every version and scenario.

A :class:`Question` names two *sides*. A side is either a list of parties, in order of
preference (the first of them that holds a unit in the layer answers for the side:
"Turkey" is the Ankara government where it holds land, else the Ottoman Empire), or a
set of units, whoever holds them ("mountainous Karabakh"). A question of a side of units
asks whether the other side's land touches those units; the units are taken out of
their holder's territory for the question, so "is Nakhchivan contiguous with
Azerbaijan" asks whether the rest of Azerbaijan's land reaches it. Wedges and openings
are sets of focus units (the five districts), never the sides' own territory beyond them.

The four questions of :data:`QUESTIONS` are the symmetric set of the atlas: Turkey /
Azerbaijan (the corridor of the seed), Armenia / Persia (the Meghri link), Azerbaijan /
Nakhchivan (its contiguity) and Armenia / mountainous Karabakh.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from territory.errors import NoTerritoryError, UnknownIdError

if TYPE_CHECKING:
    from territory.atlas import Atlas
    from territory.units import UnitHierarchy
    from territory.versions import Version

#: The prefix of the name a side of units takes in an answer (``units:karabakh``).
UNITS_PREFIX = "units:"
#: The kinds of document the seed's scenarios apply over the de facto layer.
PROPOSAL_KINDS = ("directive", "proposal", "declaration")
#: The months the seed calls "the June and November 1920 proposals", and December 1920.
JUNE, NOVEMBER, DECEMBER = (1920, 6), (1920, 11), (1920, 12)


@dataclass(frozen=True)
class Question:
    """One corridor question between two sides.

    Attributes
    ----------
    id
        Short id (``turkey-azerbaijan``), for ``territory check --question``.
    title
        The question in words.
    a
        The parties of side A, in order of preference.
    b
        The parties of side B, in order of preference (empty for a side of units).
    units
        The units of side B, whoever holds them (empty for a side of parties).
    """

    id: str
    title: str
    a: tuple[str, ...]
    b: tuple[str, ...] = ()
    units: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if bool(self.b) == bool(self.units):
            raise ValueError(f"question {self.id}: side B is either parties or units")

    @property
    def units_label(self) -> str:
        """The name side B takes in the answer when it is a set of units."""
        return UNITS_PREFIX + "+".join(self.units)

    def sides(self, holders: Mapping[str, str | None],
              hierarchy: UnitHierarchy) -> tuple[dict[str, str | None], str, str]:
        """The assignment to ask, and the two names to ask it between.

        ``holders`` is a layer (``unit -> party or None``). For a side of parties the
        first of its parties that holds a unit is chosen; for a side of units, every
        layer unit lying wholly inside :attr:`units` is given to :attr:`units_label`.

        Raises
        ------
        NoTerritoryError
            When none of a side's parties holds a unit, or no layer unit lies inside
            the side's units.
        """
        assignment = dict(holders)
        if self.units:
            inside = {finest for unit in self.units for finest in hierarchy.finest(unit)}
            for unit in holders:
                if set(hierarchy.finest(unit)) <= inside:
                    assignment[unit] = self.units_label
        held = set(assignment.values())
        missing = []
        chosen = []
        for side in (self.a, self.b) if self.b else (self.a,):
            party = next((p for p in side if p in held), None)
            if party is None:
                missing.append(" or ".join(side))
            chosen.append(party)
        if self.units:
            if self.units_label not in held:
                missing.append(self.units_label)
            chosen.append(self.units_label)
        if missing:
            raise NoTerritoryError(f"question {self.id}", missing, "this layer", {})
        return assignment, chosen[0], chosen[1]

    def negotiable(self, hierarchy: UnitHierarchy) -> list[str]:
        """The units that may change hands in the answer's wedges and openings: the
        focus units (the five districts), less a side of units."""
        inside = {finest for unit in self.units for finest in hierarchy.finest(unit)}
        return [unit for unit in hierarchy.finest_ids
                if hierarchy.kind(unit) == "focus" and unit not in inside]

    def check_ids(self, parties: Iterable[str], units: Iterable[str]) -> None:
        """Raise :class:`UnknownIdError` for a party or unit the atlas does not know."""
        parties, units = set(parties), set(units)
        for party in (*self.a, *self.b):
            if party not in parties:
                raise UnknownIdError(f"question {self.id}", "party", party, parties)
        for unit in self.units:
            if unit not in units:
                raise UnknownIdError(f"question {self.id}", "unit", unit, units)


ARMENIA = ("armenia_ssr", "armenia_republic", "mountainous_armenia")
AZERBAIJAN = ("azerbaijan_ssr", "azerbaijan_democratic_republic")

#: The built-in questions, in the order ``territory check --all`` prints them.
QUESTIONS: dict[str, Question] = {
    q.id: q
    for q in (
        Question("turkey-azerbaijan",
                 "Does Turkey (the Ankara government, else the Ottoman Empire) share a land "
                 "border with Azerbaijan (Soviet, else the Democratic Republic)?",
                 ("turkey", "ottoman_empire"), AZERBAIJAN),
        Question("armenia-persia",
                 "Does Armenia (Soviet Armenia, else the Republic, else Mountainous Armenia) "
                 "share a land border with Persia (the Meghri link)?",
                 ARMENIA, ("persia",)),
        Question("azerbaijan-nakhchivan",
                 "Does the rest of Azerbaijan's land reach Nakhchivan (the Nakhichevan uezd "
                 "with Ordubad), whoever holds it?",
                 AZERBAIJAN, units=("nakhchivan", "ordubad")),
        Question("armenia-karabakh",
                 "Does Armenia's land reach mountainous Karabakh, whoever holds it?",
                 ARMENIA, units=("karabakh",)),
    )
}


def _month(version: Version) -> tuple[int, int]:
    date = version.date.not_after
    return (date.year, date.month)


def corridor_scenarios(versions: Sequence[Version]) -> list[str]:
    """The seed's scenarios, which the corridor questions are asked of besides each
    version: the latest de facto layer of November 1920 (or earlier) alone, then with each
    June, November or December 1920 directive, proposal or declaration applied over it
    (the treaties of those months are asked of as versions).

    Empty when no de facto version of November 1920 or earlier is loaded.
    """
    de_facto = [v for v in versions if v.kind == "de_facto" and _month(v) <= NOVEMBER]
    if not de_facto:
        return []
    base = de_facto[-1].id
    proposals = [v for v in versions if _month(v) in (JUNE, NOVEMBER, DECEMBER)
                 and v.kind in PROPOSAL_KINDS]
    return [base] + [f"{base}+{v.id}" for v in proposals]


def answer_line(answer: Mapping[str, Any]) -> str:
    """One line of words for an answer in the form of ``CorridorResult.to_dict()`` (or a
    row of ``territory check --all`` whose side holds nothing: ``holds_nothing``)."""
    if answer.get("connected") is None:
        return f"no answer: holds no unit: {', '.join(answer['holds_nothing'])}"
    sides = f"{answer['a']} / {answer['b']}: "
    sampled = f"; {sampled_line(answer['uncertainty'])}" if answer.get("uncertainty") else ""
    if answer["connected"]:
        wedge = " + ".join(answer["wedge"]) or "none among the districts"
        return f"{sides}yes, {answer['shared_border_km']:.1f} km; wedge: {wedge}{sampled}"
    chain = " - ".join(f"{link['unit']} ({link['holder'] or 'no holder'})" for link in answer["chain"])
    return f"{sides}no; chain: {chain or 'none'}{sampled}"


def sampled_line(uncertainty: Mapping[str, Any]) -> str:
    """The answer over drawings of the lines (``to_dict()["uncertainty"]``) in words."""
    km = uncertainty["shared_border_km"]
    touching = f"touching in {uncertainty['p_connected']:.1%} of {uncertainty['samples']:,} drawings"
    if km["p95"] == 0:
        return touching
    return f"{touching}, shared border {km['p5']:.1f} / {km['p50']:.1f} / {km['p95']:.1f} km (p5 / p50 / p95)"


def scenarios_to_ask(versions: Sequence[Version]) -> list[str]:
    """Every version id, then the :func:`corridor_scenarios` that are not a version."""
    ids = [version.id for version in versions]
    return ids + [s for s in corridor_scenarios(versions) if s not in ids]


def ask_every(atlas: Atlas, question: str, scenarios: Iterable[str], **sampling: Any) -> list[dict[str, Any]]:
    """``atlas.ask(question, s, **sampling).to_dict()`` with ``question`` added, for each
    scenario (``sampling``: ``samples``, ``seed``, ``scheduler`` of :meth:`Atlas.ask`); a
    scenario in which a side holds no unit gives ``connected: None`` and ``holds_nothing``."""
    rows = []
    for scenario in scenarios:
        try:
            rows.append({"question": question, **atlas.ask(question, scenario, **sampling).to_dict()})
        except NoTerritoryError as error:
            rows.append({"question": question, "scenario": scenario, "a": None, "b": None,
                         "connected": None, "holds_nothing": list(error.parties)})
    return rows
