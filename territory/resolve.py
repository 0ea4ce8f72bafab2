"""What a version or a scenario assigns to each unit: the scenario rules, in one place.

A *scenario* is a version id, or ``"A+B+..."``: B applied over A, then C over that.
Resolving it gives one :class:`Holding` per unit at the level the versions speak of
(``zangezur`` whole, or ``zangezur_west`` and ``zangezur_east``). The rules:

- a version that ``extends`` another keeps the other's holdings for the units it is
  silent on, reported as ``assumed_unchanged`` with the earlier source, except the units
  it lists as ``not_extended`` (its record suggests they changed hands, without saying
  to whom): those are not covered;
- B replaces A unit by unit; a parent in A that B speaks of at child level is split
  into its children first;
- a statement of B that names no holder (status ``unassigned``) does not erase a holder
  of A: it says what one party gives up, not who holds the unit; per finest unit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from territory._cache import Memo
from territory.errors import UnknownIdError, expect_text
from territory.units import UnitHierarchy
from territory.versions import Version


@dataclass(frozen=True)
class Scenario:
    """A version id or several applied in order: ``"A+B"`` is B applied over A.

    >>> Scenario.parse(" A + B ").parts
    ('A', 'B')
    >>> str(Scenario.parse("A+B"))
    'A+B'
    """

    parts: tuple[str, ...]

    @classmethod
    def parse(cls, text: str | Scenario) -> Scenario:
        """The scenario of ``"A+B(+C...)"`` (spaces around the ids are ignored)."""
        if isinstance(text, Scenario):
            return text
        return cls(tuple(part.strip() for part in str(text).split("+")))

    def __str__(self) -> str:
        return "+".join(self.parts)

    @property
    def slug(self) -> str:
        """The scenario as a file-name stem: ``A_plus_B``."""
        return "_plus_".join(self.parts)


@dataclass(frozen=True)
class Holding:
    """One unit's assignment as the atlas reports it, with the version that states it.

    ``version`` and ``source`` are those of the file that makes the statement, also
    when it reaches a layer through ``extends`` or a scenario.
    """

    unit: str
    party: str | None
    status: str
    confidence: str
    quote: str | None
    note: str | None
    claimants: tuple[str, ...]
    version: str
    source: str


Holdings = dict[str, Holding]
"""Unit id (at the level spoken of) -> :class:`Holding`."""


class Resolver:
    """Resolves versions and scenarios of one atlas into holdings (cached per scenario).

    Parameters
    ----------
    hierarchy
        The units.
    versions
        The loaded versions, in atlas order.
    """

    def __init__(self, hierarchy: UnitHierarchy, versions: Iterable[Version]) -> None:
        self.hierarchy = hierarchy
        self.versions = list(versions)
        self._by_id = {version.id: version for version in self.versions}
        self._memo = Memo()

    def version(self, version_id: str, where: str) -> Version:
        """The version ``version_id``; an unknown id is an :class:`UnknownIdError` at ``where``."""
        expect_text(version_id, where, "a version id (text)")
        try:
            return self._by_id[version_id]
        except KeyError:
            raise UnknownIdError(where, "version", version_id, self._by_id) from None

    def scenario(self, scenario: str | Scenario, where: str) -> Scenario:
        """``scenario`` parsed, each part checked to be a loaded version."""
        if not isinstance(scenario, Scenario):
            expect_text(scenario, where, 'a version id or a scenario "A+B" (text)')
        parsed = Scenario.parse(scenario)
        for part in parsed.parts:
            self.version(part, where)
        return parsed

    def resolve(self, scenario: str | Scenario, where: str) -> Holdings:
        """The holdings of a version or scenario (the module docstring gives the rules)."""
        parsed = self.scenario(scenario, where)
        return self._memo.get(("holdings", parsed), lambda: self._resolve(parsed, where))

    def _resolve(self, scenario: Scenario, where: str) -> Holdings:
        if len(scenario.parts) > 1:
            resolved: Holdings = {}
            for part in scenario.parts:
                resolved = self.apply(resolved, self.overlay(resolved, self.resolve(part, where)))
            return resolved
        version = self.version(scenario.parts[0], where)
        inherited: Holdings = {}
        if version.extends is not None:
            inherited = self.without(self.resolve(version.extends, where), version.not_extended)
            inherited = {
                unit: replace(holding, confidence="assumed_unchanged")
                for unit, holding in inherited.items()
            }
        return self.apply(inherited, direct(version))

    def without(self, holdings: Holdings, units: Iterable[str]) -> Holdings:
        """``holdings`` with nothing said of ``units`` (a parent held whole keeps its other
        children)."""
        dropped = {finest for unit in units for finest in self.hierarchy.finest(unit)}
        kept: Holdings = {}
        for unit, holding in holdings.items():
            finest = self.hierarchy.finest(unit)
            if not dropped.intersection(finest):
                kept[unit] = holding
            else:
                kept.update({child: replace(holding, unit=child) for child in finest
                             if child not in dropped})
        return kept

    def holders(self, scenario: str | Scenario, where: str) -> Mapping[str, str | None]:
        """Finest unit id -> the party holding it (None: not covered, unassigned, or disputed
        with no holder); a parent's holding is pushed down to its children. Cached: copy it
        before changing it."""
        parsed = self.scenario(scenario, where)

        def push_down() -> dict[str, str | None]:
            holders: dict[str, str | None] = dict.fromkeys(self.hierarchy.finest_ids)
            for unit, holding in self.resolve(parsed, where).items():
                for finest in self.hierarchy.finest(unit):
                    holders[finest] = holding.party
            return holders

        return self._memo.get(("holders", parsed), push_down)

    def at(self, day: dt.date, kinds: set[str]) -> Holdings:
        """The latest statement on each unit on or before ``day``, by versions of ``kinds``."""
        resolved: Holdings = {}
        for version in self.versions:
            if version.date.not_after <= day and version.kind in kinds:
                resolved = self.apply(self.without(resolved, version.not_extended), direct(version))
        return resolved

    def apply(self, base: Holdings, over: Holdings) -> Holdings:
        """``over`` replaces ``base`` unit by unit; a parent in ``base`` that ``over`` speaks
        of at child level is split into its children first."""
        result = dict(base)
        for unit, holding in over.items():
            for key in list(result):
                if key == unit or not self.hierarchy.overlap(key, unit):
                    continue
                kept = result.pop(key)
                if key in self.hierarchy.parents:
                    for child in self.hierarchy.parents[key].children:
                        if child != unit:
                            result[child] = replace(kept, unit=child)
            result[unit] = holding
        return result

    def overlay(self, base: Holdings, over: Holdings) -> Holdings:
        """The statements of ``over`` that a scenario applies on top of ``base``.

        A statement that names no holder (status ``unassigned``: a claim dropped, a unit
        left without a receiving party) does not erase a holder below it: it says what
        one party gives up, not who holds the unit. The rule holds per finest unit: an
        ``unassigned`` statement about a parent keeps the holder of those children that
        have one below and applies to the others.
        """
        held = {
            finest
            for key, kept in base.items()
            if kept.party is not None
            for finest in self.hierarchy.finest(key)
        }
        applied: Holdings = {}
        for unit, holding in over.items():
            if holding.party is not None or holding.status != "unassigned":
                applied[unit] = holding
                continue
            finest = self.hierarchy.finest(unit)
            free = [child for child in finest if child not in held]
            if len(free) == len(finest):
                applied[unit] = holding
            else:
                applied.update({child: replace(holding, unit=child) for child in free})
        return applied


def direct(version: Version) -> Holdings:
    """The holdings a version states itself (without what it ``extends``)."""
    source = version.document.citation
    return {
        assignment.unit: Holding(
            unit=assignment.unit,
            party=assignment.party,
            status=assignment.status,
            confidence=assignment.confidence,
            quote=assignment.quote,
            note=assignment.note,
            claimants=assignment.claimants,
            version=version.id,
            source=source,
        )
        for assignment in version.assignments
    }


def holding_at(resolved: Holdings, unit: str, hierarchy: UnitHierarchy) -> Holding | None:
    """The holding that covers ``unit`` (its own, or its parent's pushed down)."""
    if unit in resolved:
        return resolved[unit]
    parent = hierarchy.parent_of(unit)
    if parent is not None and parent in resolved:
        return replace(resolved[parent], unit=unit)
    return None
