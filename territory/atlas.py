"""The Atlas: units, parties and versions, and what can be asked of them.

Everything the atlas reports is derived from the version files: a layer is the
assignments of one version (or a scenario, ``"A+B"``: B applied over A) drawn on the
units; a unit a version is silent on is reported as ``not_covered``, never guessed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, replace
from functools import cached_property
from typing import TYPE_CHECKING, TypeVar

import geopandas as gpd
import pandas as pd

from territory._cache import Memo
from territory.errors import DataFileError, TerritoryError, UnknownIdError
from territory.names import normalize
from territory.parties import Party
from territory.units import Units
from territory.versions import KINDS, Version

if TYPE_CHECKING:
    import folium
    from branca.element import Figure

    from territory.adjacency import UnitGraph
    from territory.corridor import CorridorResult

T = TypeVar("T")

NOT_COVERED = "not_covered"

LAYER_COLUMNS = [
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
]


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


class Atlas:
    """Units, parties and sourced versions of the 1920 territorial proposals.

    Build one with :func:`territory.load`.

    Attributes
    ----------
    units : geopandas.GeoDataFrame
        The finest units, index = unit id, EPSG:4326.
    hierarchy : territory.units.Units
        The unit hierarchy: ``finest(unit)``, ``parent_of``, ``geometry``, ``area_km2`` of
        a unit of either level.
    parents : dict[str, territory.units.ParentUnit]
        The 1920 units that are split into finest units (``zangezur``, ``sharur_daralagez``).
    places : geopandas.GeoDataFrame
        Named places (index = place id) with the finest unit each lies in.
    parties : dict[str, territory.parties.Party]
    versions : list[territory.versions.Version]
        Ordered by (latest possible) date, then by ``follows`` (a version after the one
        it follows), then id; see :func:`territory.versions.order_versions`.
    problems : list[territory.errors.DataFileError]
        Problems of version files skipped by a lenient load (empty otherwise).
    """

    def __init__(
        self,
        units: Units,
        places: gpd.GeoDataFrame,
        parties: dict[str, Party],
        versions: list[Version],
        problems: list[DataFileError] | None = None,
    ) -> None:
        self.hierarchy = units
        self.units = units.frame
        self.parents = units.parents
        self.places = places
        self.parties = parties
        self.versions = list(versions)
        self.problems = list(problems or [])
        self._by_id = {version.id: version for version in self.versions}
        self._resolved: dict[str, dict[str, Holding]] = {}
        self._layers: dict[str, gpd.GeoDataFrame] = {}
        self._holders: dict[str, dict[str, str | None]] = {}
        self._memo = Memo()

    def derived(self, key: Hashable, compute: Callable[[], T]) -> T:
        """A value derived from this atlas, computed on first use and kept (see :mod:`territory._cache`).

        An atlas never changes after loading, so what is computed from it (a layer, the unit
        graph, the display geometry of the maps) is computed once. ``key`` names the value;
        give keys a prefix of the module that computes them (``("maps", "display")``).
        """
        return self._memo.get(key, compute)

    def __repr__(self) -> str:
        return (
            f"<Atlas: {len(self.units)} units, {len(self.parties)} parties, {len(self.versions)} versions"
            + (f", {len(self.problems)} problems" if self.problems else "")
            + ">"
        )

    # ------------------------------------------------------------------ versions
    def version(self, version_id: str) -> Version:
        """The version with id ``version_id``.

        Parameters
        ----------
        version_id
            A version id, e.g. ``"1920-06-20-chicherin"`` (not a scenario).

        Returns
        -------
        territory.versions.Version

        Raises
        ------
        UnknownIdError
            The id is not a loaded version; the error lists the closest known ids.
        """
        return self._version(version_id, "atlas.version(version_id)")

    def _version(self, version_id: str, where: str) -> Version:
        try:
            return self._by_id[version_id]
        except KeyError:
            raise UnknownIdError(where, "version", version_id, self._by_id) from None

    def scenario(self, *version_ids: str) -> str:
        """The scenario that applies each version over the ones before it.

        Parameters
        ----------
        *version_ids
            Version ids, the base first (surrounding spaces are ignored).

        Returns
        -------
        str
            ``"A+B+..."``, accepted wherever a version id is.

        Raises
        ------
        UnknownIdError
            No id was given, or an id is not a loaded version.
        """
        where = "atlas.scenario(*version_ids)"
        if not version_ids:
            raise UnknownIdError(where, "version", "", self._by_id)
        return "+".join(self._version(version_id.strip(), where).id for version_id in version_ids)

    def _parts(self, spec: str, where: str) -> list[str]:
        parts = [part.strip() for part in str(spec).split("+")]
        for part in parts:
            self._version(part, where)
        return parts

    # ---------------------------------------------------------------- resolving
    def _direct(self, version: Version) -> dict[str, Holding]:
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

    def _apply(self, base: dict[str, Holding], over: dict[str, Holding]) -> dict[str, Holding]:
        """``over`` replaces ``base`` unit by unit; a parent in ``base`` that ``over`` speaks
        of at child level is split into its children first."""
        result = dict(base)
        for unit, holding in over.items():
            for key in list(result):
                if key == unit or not self.hierarchy.overlap(key, unit):
                    continue
                kept = result.pop(key)
                if key in self.parents:
                    for child in self.parents[key].children:
                        if child != unit:
                            result[child] = replace(kept, unit=child)
            result[unit] = holding
        return result

    def _overlay(self, base: dict[str, Holding], over: dict[str, Holding]) -> dict[str, Holding]:
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
        applied: dict[str, Holding] = {}
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

    def _resolve(self, spec: str, where: str) -> dict[str, Holding]:
        """Unit (at the level spoken of) -> Holding for a version or scenario; cached."""
        key = "+".join(self._parts(spec, where))
        if key not in self._resolved:
            parts = key.split("+")
            if len(parts) > 1:
                resolved: dict[str, Holding] = {}
                for part in parts:
                    resolved = self._apply(
                        resolved, self._overlay(resolved, self._resolve(part, where))
                    )
            else:
                version = self._version(key, where)
                inherited: dict[str, Holding] = {}
                if version.extends is not None:
                    inherited = {
                        unit: replace(holding, confidence="assumed_unchanged")
                        for unit, holding in self._resolve(version.extends, where).items()
                    }
                resolved = self._apply(inherited, self._direct(version))
            self._resolved[key] = resolved
        return self._resolved[key]

    # -------------------------------------------------------------------- layers
    def layer(self, version_or_scenario: str) -> gpd.GeoDataFrame:
        """The assignments of a version or scenario as polygons.

        Parameters
        ----------
        version_or_scenario
            A version id, or a scenario ``"A+B(+C...)"`` (B applied over A for the
            units B covers, directly or through ``extends``; a statement of B that
            leaves a unit ``unassigned`` keeps the holder A gives it).

        Returns
        -------
        geopandas.GeoDataFrame
            EPSG:4326, one row per unit at the level the version speaks of (a version
            that assigns ``zangezur`` gives one ``zangezur`` row, one that assigns its
            children gives two rows), columns ``unit, name, party, status, confidence,
            source, quote, note, claimants, version, covered, area_km2, geometry``.
            A unit the version is silent on has ``party`` None, ``status``
            ``"not_covered"`` and ``covered`` False. ``version`` is the version whose
            file makes the statement.

        Raises
        ------
        UnknownIdError
            A part of ``version_or_scenario`` is not a loaded version.
        """
        where = "atlas.layer(version_or_scenario)"
        key = "+".join(self._parts(version_or_scenario, where))
        if key not in self._layers:
            self._layers[key] = self._frame(self._resolve(key, where), key)
        return self._layers[key].copy()

    def _frame(self, resolved: dict[str, Holding], label: str) -> gpd.GeoDataFrame:
        rows = [self._row(resolved[unit]) for unit in resolved]
        covered = {finest for unit in resolved for finest in self.hierarchy.finest(unit)}
        for unit in self._uncovered_units(covered):
            rows.append(self._empty_row(unit))
        order = {unit: index for index, unit in enumerate(self.hierarchy.ids)}
        rows.sort(key=lambda row: order[row["unit"]])
        frame = gpd.GeoDataFrame(_table(rows, LAYER_COLUMNS), geometry="geometry", crs="EPSG:4326")
        frame.attrs["version"] = label
        return frame

    def _uncovered_units(self, covered: set[str]) -> list[str]:
        """Finest units not in ``covered``, merged into their parent when all its children are."""
        units: list[str] = []
        for unit in self.hierarchy.ids:
            if unit in self.parents:
                if covered.isdisjoint(self.parents[unit].children):
                    units.append(unit)
            elif unit not in covered:
                parent = self.hierarchy.parent_of(unit)
                if parent is None or not covered.isdisjoint(self.parents[parent].children):
                    units.append(unit)
        return units

    def _row(self, holding: Holding) -> dict[str, object]:
        return {
            "unit": holding.unit,
            "name": self.hierarchy.name(holding.unit),
            "party": holding.party,
            "status": holding.status,
            "confidence": holding.confidence,
            "source": holding.source,
            "quote": holding.quote,
            "note": holding.note,
            "claimants": ", ".join(holding.claimants) or None,
            "version": holding.version,
            "covered": True,
            "area_km2": self.hierarchy.area_km2(holding.unit),
            "geometry": self.hierarchy.geometry(holding.unit),
        }

    def _empty_row(self, unit: str) -> dict[str, object]:
        return {
            "unit": unit,
            "name": self.hierarchy.name(unit),
            "party": None,
            "status": NOT_COVERED,
            "confidence": None,
            "source": None,
            "quote": None,
            "note": None,
            "claimants": None,
            "version": None,
            "covered": False,
            "area_km2": self.hierarchy.area_km2(unit),
            "geometry": self.hierarchy.geometry(unit),
        }

    def holders(self, version_or_scenario: str) -> dict[str, str | None]:
        """Who holds each finest unit in a version or scenario.

        Parameters
        ----------
        version_or_scenario
            A version id or a scenario ``"A+B(+C...)"``, as for :meth:`layer`.

        Returns
        -------
        dict[str, str | None]
            Finest unit id -> the party it is assigned to (None: not covered,
            unassigned, or disputed with no holder). A parent's assignment is pushed
            down to its children. A new dict on each call.

        Raises
        ------
        UnknownIdError
            A part of ``version_or_scenario`` is not a loaded version.
        """
        where = "atlas.holders(version_or_scenario)"
        key = "+".join(self._parts(version_or_scenario, where))
        if key not in self._holders:
            holders: dict[str, str | None] = dict.fromkeys(self.units.index)
            for unit, holding in self._resolve(key, where).items():
                for finest in self.hierarchy.finest(unit):
                    holders[finest] = holding.party
            self._holders[key] = holders
        return dict(self._holders[key])

    # ----------------------------------------------------------------- questions
    def at(self, date: dt.date | str, kind: str | Iterable[str] | None = None) -> gpd.GeoDataFrame:
        """For each unit, the latest assignment on or before ``date``.

        Parameters
        ----------
        date
            A date or ISO text (``"1920-11-30"``). A version dated by a span counts from
            the end of its span.
        kind
            Only versions of this kind (or kinds), e.g. ``"de_facto"``; all kinds if None.

        Returns
        -------
        geopandas.GeoDataFrame
            Same columns as :meth:`layer`; ``version`` says which version each row comes from.
            Versions apply in the order of :attr:`versions`: by date, and on one day a
            version after the one it ``follows``, else by id.

        Raises
        ------
        TerritoryError
            ``date`` is not a date or ISO date text.
        UnknownIdError
            ``kind`` is not a version kind.
        """
        day = _as_date(date)
        kinds = _as_kinds(kind)
        resolved: dict[str, Holding] = {}
        for version in self.versions:
            if version.date.not_after <= day and version.kind in kinds:
                resolved = self._apply(resolved, self._direct(version))
        return self._frame(resolved, f"at {day.isoformat()}")

    def diff(self, a: str, b: str, *, all_units: bool = False) -> pd.DataFrame:
        """What changes from version (or scenario) ``a`` to ``b``.

        A unit one side assigns as a whole and the other by its parts is compared at
        the level of the parts.

        Parameters
        ----------
        a, b
            Version ids or scenarios ``"A+B(+C...)"``.
        all_units
            Also list the units that do not change.

        Returns
        -------
        pandas.DataFrame
            ``unit, name, party_a, party_b, status_a, status_b, status_change,
            changes_hands, version_a, version_b, area_km2`` (km2 in an equal-area CRS).
            ``changes_hands`` is True when both sides cover the unit and name different
            parties; ``status_change`` is ``"a -> b"`` or ``""``.

        Raises
        ------
        UnknownIdError
            A part of ``a`` or ``b`` is not a loaded version.
        """
        left, right = self._resolve(a, "atlas.diff(a)"), self._resolve(b, "atlas.diff(b)")
        rows = []
        for unit in self._comparison_units(left, right):
            hold_a, hold_b = (
                _holding_at(left, unit, self.hierarchy),
                _holding_at(right, unit, self.hierarchy),
            )
            party_a, party_b = (hold.party if hold else None for hold in (hold_a, hold_b))
            status_a, status_b = (hold.status if hold else NOT_COVERED for hold in (hold_a, hold_b))
            changed = party_a != party_b or status_a != status_b
            if not (changed or all_units):
                continue
            rows.append(
                {
                    "unit": unit,
                    "name": self.hierarchy.name(unit),
                    "party_a": party_a,
                    "party_b": party_b,
                    "status_a": status_a,
                    "status_b": status_b,
                    "status_change": f"{status_a} -> {status_b}" if status_a != status_b else "",
                    "changes_hands": bool(hold_a and hold_b and party_a != party_b),
                    "version_a": hold_a.version if hold_a else None,
                    "version_b": hold_b.version if hold_b else None,
                    "area_km2": self.hierarchy.area_km2(unit),
                }
            )
        columns = ["unit", "name", "party_a", "party_b", "status_a", "status_b", "status_change",
                   "changes_hands", "version_a", "version_b", "area_km2"]  # fmt: skip
        return _table(rows, columns)

    def _comparison_units(self, left: dict[str, Holding], right: dict[str, Holding]) -> list[str]:
        units: list[str] = []
        for unit in self.hierarchy.ids:
            parent = self.hierarchy.parent_of(unit)
            if unit in self.parents:
                children = self.parents[unit].children
                if not any(child in side for side in (left, right) for child in children):
                    units.append(unit)
            elif parent is None or any(
                child in side for side in (left, right) for child in self.parents[parent].children
            ):
                units.append(unit)
        return units

    def timeline(self, unit: str, *, covered_only: bool = False) -> pd.DataFrame:
        """The chronology of one unit across all versions, with sources.

        Parameters
        ----------
        unit
            A unit id of either level (``zangezur`` also reports what versions say of
            ``zangezur_west``; ``zangezur_west`` what they say of ``zangezur``).
        covered_only
            Leave out the versions that are silent on the unit.

        Returns
        -------
        pandas.DataFrame
            ``date, version, kind, title, unit, party, status, confidence, quote,
            source, stated_in`` in version order; ``stated_in`` is the version whose
            file makes the statement (differs from ``version`` for inherited rows).

        Raises
        ------
        UnknownIdError
            ``unit`` is not a unit id (use :meth:`find_unit` for a name or alias).
        """
        self.hierarchy.check(unit, "atlas.timeline(unit)")
        rows = []
        for version in self.versions:
            resolved = self._resolve(version.id, "atlas.timeline()")
            holdings = [
                holding for key, holding in resolved.items() if self.hierarchy.overlap(key, unit)
            ]
            base = {
                "date": version.date.label,
                "version": version.id,
                "kind": version.kind,
                "title": version.title,
            }
            if not holdings and not covered_only:
                rows.append({**base, "unit": unit, "party": None, "status": NOT_COVERED, "confidence": None,
                             "quote": None, "source": None, "stated_in": None})  # fmt: skip
            for holding in holdings:
                rows.append({**base, "unit": holding.unit, "party": holding.party, "status": holding.status,
                             "confidence": holding.confidence, "quote": holding.quote, "source": holding.source,
                             "stated_in": holding.version})  # fmt: skip
        columns = ["date", "version", "kind", "title", "unit", "party", "status", "confidence", "quote",
                   "source", "stated_in"]  # fmt: skip
        return _table(rows, columns)

    def search(self, name: str) -> pd.DataFrame:
        """Units and places whose id, name or any alias matches ``name``.

        Matching ignores case, diacritics and punctuation (``"Naxçıvan"`` finds
        ``nakhchivan``). Exact matches come first, then names that contain ``name``;
        units before places; units in the order of the hierarchy (a parent before its
        children), so that the first exact unit is the one :meth:`find_unit` picks
        when a name is shared by a parent and its children.

        Parameters
        ----------
        name
            Any name, alias or id; an empty name matches nothing.

        Returns
        -------
        pandas.DataFrame
            ``kind`` ("unit" or "place"), ``id``, ``name``, ``unit`` (the unit, or the
            finest unit a place lies in), ``matched`` (the name that matched), ``exact``.
        """
        query = normalize(name)
        found: dict[tuple[str, str], dict[str, object]] = {}
        if query:
            for kind, item_id, item_name, unit, names in self._searchable():
                for candidate in names:
                    key = normalize(candidate)
                    exact = key == query
                    if not (exact or query in key):
                        continue
                    previous = found.get((kind, item_id))
                    if previous is None or (exact and not previous["exact"]):
                        found[(kind, item_id)] = {"kind": kind, "id": item_id, "name": item_name, "unit": unit,
                                                  "matched": candidate, "exact": exact}  # fmt: skip
        order = {unit: index for index, unit in enumerate(self.hierarchy.ids)}
        rows = sorted(
            found.values(),
            key=lambda row: (
                not row["exact"],
                row["kind"] != "unit",
                order.get(row["id"], 0) if row["kind"] == "unit" else 0,
                row["id"],
            ),
        )
        return _table(rows, ["kind", "id", "name", "unit", "matched", "exact"])

    def find_unit(self, name: str, where: str = "atlas.find_unit(name)") -> str:
        """The unit a name, alias or id stands for.

        A name that several units carry exactly is resolved when they are one family:
        a parent and some of its children give the parent, if the parent carries the
        name itself (``Syunik`` names both ``zangezur`` and ``zangezur_west``: the
        result is ``zangezur``, whose timeline includes what is said of its parts).
        Otherwise the name is ambiguous.

        Parameters
        ----------
        name
            A unit id, name or alias (matched as in :meth:`search`).
        where
            How to name the argument in an error (e.g. the CLI's ``UNIT``).

        Returns
        -------
        str
            The unit id.

        Raises
        ------
        UnknownIdError
            No unit carries the name exactly.
        TerritoryError
            Several units that are not a parent and its children carry the name.
        """
        if name in self.hierarchy:
            return name
        found = self.search(name)
        matches = found[(found["kind"] == "unit") & found["exact"]]["id"].tolist()
        if len(matches) == 1:
            return matches[0]
        if not matches:
            raise UnknownIdError(where, "unit", name, self.hierarchy.ids)
        parents = [unit for unit in matches if unit in self.parents]
        if len(parents) == 1 and all(
            self.hierarchy.parent_of(unit) == parents[0] for unit in matches if unit != parents[0]
        ):
            return parents[0]
        raise TerritoryError(
            where,
            "unit",
            f"a name of one unit; {name!r} names several: {', '.join(matches)} (give an id)",
        )

    def _searchable(self) -> list[tuple[str, str, str, str | None, list[str]]]:
        items = [
            (
                "unit",
                unit,
                self.hierarchy.name(unit),
                unit,
                [unit, self.hierarchy.name(unit), *self.hierarchy.aliases(unit)],
            )
            for unit in self.hierarchy.ids
        ]
        for place_id, place in self.places.iterrows():
            unit = place.get("unit")
            items.append(("place", str(place_id), str(place["name"]), unit if isinstance(unit, str) else None,
                          [str(place_id), str(place["name"]), *(place.get("aliases") or [])]))  # fmt: skip
        return items

    # -------------------------------------------------- delegations (other modules)
    @cached_property
    def adjacency(self) -> UnitGraph:
        """The unit graph with shared-border lengths, built once from :attr:`units`."""
        from territory.adjacency import build_unit_graph

        parents = [self.hierarchy.parent_of(unit) for unit in self.units.index]
        return build_unit_graph(self.units.assign(parent=parents))

    def corridor(
        self, version_or_scenario: str, a: str, b: str, within: Iterable[str] | None = None
    ) -> CorridorResult:
        """Corridor questions between parties ``a`` and ``b``; see :func:`territory.corridor.check_corridor`."""
        from territory.corridor import check_corridor

        return check_corridor(self, version_or_scenario, a, b, within=within)

    def explore(self, version_or_scenario: str) -> folium.Map:
        """Interactive map of one layer; see :func:`territory.maps.explore_map`."""
        from territory.maps import explore_map

        return explore_map(self, version_or_scenario)

    def compare(self, a: str, b: str) -> Figure | folium.Map:
        """Side-by-side map of two layers (a figure of two synchronised maps); see
        :func:`territory.maps.compare_map`."""
        from territory.maps import compare_map

        return compare_map(self, a, b)

    def timeline_map(self) -> folium.Map:
        """Map with one layer per version; see :func:`territory.maps.timeline_map`."""
        from territory.maps import timeline_map

        return timeline_map(self)

    def corridor_map(self, version_or_scenario: str, a: str, b: str) -> folium.Map:
        """Map of a corridor answer; see :func:`territory.maps.corridor_map`."""
        from territory.maps import corridor_map

        return corridor_map(self, version_or_scenario, a, b)


_TYPED_COLUMNS = {"covered": bool, "changes_hands": bool, "exact": bool, "area_km2": float}


def _table(rows: list[dict[str, object]], columns: list[str]) -> pd.DataFrame:
    """A frame whose text columns keep None for missing values (pandas would use NaN)."""
    frame = pd.DataFrame(rows, columns=columns, dtype=object)
    for column, kind in _TYPED_COLUMNS.items():
        if column in frame.columns:
            frame[column] = frame[column].astype(kind)
    return frame


def _holding_at(resolved: dict[str, Holding], unit: str, units: Units) -> Holding | None:
    """The holding that covers ``unit`` (its own, or its parent's pushed down)."""
    if unit in resolved:
        return resolved[unit]
    parent = units.parent_of(unit)
    if parent is not None and parent in resolved:
        return replace(resolved[parent], unit=unit)
    return None


def _as_date(value: dt.date | str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise TerritoryError(
            "atlas.at(date)", "date", "a date or ISO text like 1920-11-30", value
        ) from None


def _as_kinds(kind: str | Iterable[str] | None) -> set[str]:
    if kind is None:
        return set(KINDS)
    kinds = {kind} if isinstance(kind, str) else set(kind)
    for item in kinds:
        if item not in KINDS:
            raise UnknownIdError("atlas.at(kind)", "kind", item, KINDS)
    return kinds
