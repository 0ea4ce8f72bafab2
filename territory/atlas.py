"""The Atlas: units, parties and versions, and what can be asked of them.

The Atlas is a facade. It holds what :func:`territory.load` read and answers by
delegating: :mod:`territory.resolve` applies the scenario rules, :mod:`territory.tables`
builds the answer frames, :mod:`territory.gazetteer` finds names,
:mod:`territory.adjacency` and :mod:`territory.corridor` answer corridor questions, and
:mod:`territory.maps` draws. Everything the atlas reports is derived from the version
files: a unit a version is silent on is reported as ``not_covered``, never guessed.

Every method that takes a version or a scenario names the argument ``scenario``: a
version id is the one-part scenario, ``"A+B"`` applies B over A (see
:class:`territory.resolve.Scenario`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from territory._cache import Memo
from territory._compat import renamed_keyword
from territory.errors import (
    ArgumentError,
    DataFileError,
    NoTerritoryError,
    TerritoryError,
    UnknownIdError,
    expect_text,
    expect_texts,
    type_name,
)
from territory.parties import Party
from territory.resolve import Resolver, Scenario
from territory.tables import (
    assignments_frame,
    diff_frame,
    layer_frame,
    layer_holders,
    timeline_frame,
)
from territory.units import ParentUnit, UnitHierarchy, read_places
from territory.versions import KINDS, Version

if TYPE_CHECKING:
    import folium
    import geopandas as gpd
    import pandas as pd
    from branca.element import Figure

    from territory.adjacency import UnitGraph
    from territory.corridor import CorridorResult
    from territory.gazetteer import Gazetteer
    from territory.questions import Question

T = TypeVar("T")


class Atlas:
    """Units, parties and sourced versions of the 1918-1924 territorial assignments.

    Build one with :func:`territory.load`. An atlas never changes after loading: what
    is computed from it (layers, the unit graph, map geometry) is computed once.

    Parameters
    ----------
    hierarchy
        The units (:func:`territory.units.read_units`).
    places
        The named places, or the path of a places file to read on first use.
    parties
        Party id -> :class:`~territory.parties.Party`.
    versions
        The loaded versions, in atlas order.
    problems
        Problems of version files skipped by a lenient load.

    Attributes
    ----------
    hierarchy : territory.units.UnitHierarchy
        The unit hierarchy: ``finest(unit)``, ``parent_of``, ``geometry``, ``area_km2`` of
        a unit of either level.
    parties : dict[str, territory.parties.Party]
    versions : list[territory.versions.Version]
        Ordered by (latest possible) date, then by ``follows`` (a version after the one
        it follows), then id; see :func:`territory.versions.order_versions`.
    problems : list[territory.errors.DataFileError]
        Problems of version files skipped by a lenient load (empty otherwise).
    """

    def __init__(
        self,
        hierarchy: UnitHierarchy,
        places: gpd.GeoDataFrame | Path,
        parties: dict[str, Party],
        versions: list[Version],
        problems: list[DataFileError] | None = None,
    ) -> None:
        self.hierarchy = hierarchy
        self.parties = parties
        self.versions = list(versions)
        self.problems = list(problems or [])
        self._places = places
        self._resolver = Resolver(hierarchy, self.versions)
        self._memo = Memo()

    def __repr__(self) -> str:
        return (
            f"<Atlas: {len(self.hierarchy.finest_ids)} units, {len(self.parties)} parties, "
            f"{len(self.versions)} versions"
            + (f", {len(self.problems)} problems" if self.problems else "")
            + ">"
        )

    def derived(self, key: Hashable, compute: Callable[[], T]) -> T:
        """A value derived from this atlas, computed on first use and kept (see :mod:`territory._cache`).

        ``key`` names the value; give keys a prefix of the module that computes them
        (``("maps", "display")``).
        """
        return self._memo.get(key, compute)

    # ------------------------------------------------------------------ contents
    @property
    def units(self) -> gpd.GeoDataFrame:
        """The finest units as a GeoDataFrame: index = unit id, the units file's properties, EPSG:4326."""
        return self.hierarchy.frame

    @property
    def parents(self) -> dict[str, ParentUnit]:
        """The 1920 units that are split into finest units (``zangezur``, ``sharur_daralagez``)."""
        return self.hierarchy.parents

    @property
    def places(self) -> gpd.GeoDataFrame:
        """Named places (index = place id) with the finest unit each lies in."""
        if isinstance(self._places, Path):
            self._places = read_places(self._places)
        return self._places

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
        return self._resolver.version(version_id, "atlas.version(version_id)")

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
            raise UnknownIdError(where, "version", "", (version.id for version in self.versions))
        ids = [expect_text(version_id, where, "version ids (text)") for version_id in version_ids]
        return str(self._resolver.scenario(Scenario(tuple(v.strip() for v in ids)), where))

    # -------------------------------------------------------------------- layers
    @renamed_keyword("version_or_scenario", "scenario")
    def layer(self, scenario: str) -> gpd.GeoDataFrame:
        """The assignments of a version or scenario as polygons.

        Parameters
        ----------
        scenario
            A version id, or a scenario ``"A+B(+C...)"`` (B applied over A for the
            units B covers, directly or through ``extends``; a statement of B that
            leaves a unit ``unassigned`` keeps the holder A gives it).

        Returns
        -------
        geopandas.GeoDataFrame
            EPSG:4326, one row per unit at the level the version speaks of (a version
            that assigns ``zangezur`` gives one ``zangezur`` row, one that assigns its
            children gives two rows), columns :data:`territory.tables.LAYER_COLUMNS`:
            ``unit, name, party, status, confidence, source, quote, note, claimants,
            version, covered, area_km2, geometry``. A unit the version is silent on has
            ``party`` None, ``status`` ``"not_covered"`` and ``covered`` False.
            ``version`` is the version whose file makes the statement. A new frame on
            each call.

        Raises
        ------
        UnknownIdError
            A part of ``scenario`` is not a loaded version.
        """
        parsed = self._resolver.scenario(scenario, "atlas.layer(scenario)")
        layer = self.derived(
            ("layer", parsed),
            lambda: layer_frame(self.hierarchy, self._resolver.resolve(parsed, "atlas.layer(scenario)"),
                                str(parsed)),
        )
        return layer.copy()

    def assignments(self, scenario: str) -> pd.DataFrame:
        """The rows of :meth:`layer` without their geometry (a pandas DataFrame).

        For tables and scripts that need no polygons: it reads no geometry library
        but pyproj and shapely (for ``area_km2``).
        """
        parsed = self._resolver.scenario(scenario, "atlas.assignments(scenario)")
        return assignments_frame(
            self.hierarchy, self._resolver.resolve(parsed, "atlas.assignments(scenario)"), str(parsed)
        )

    @renamed_keyword("version_or_scenario", "scenario")
    def holders(self, scenario: str) -> dict[str, str | None]:
        """Who holds each finest unit in a version or scenario.

        Parameters
        ----------
        scenario
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
            A part of ``scenario`` is not a loaded version.
        """
        return dict(self._resolver.holders(scenario, "atlas.holders(scenario)"))

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
        resolved = self._resolver.at(day, _as_kinds(kind))
        return layer_frame(self.hierarchy, resolved, f"at {day.isoformat()}")

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
            assigned_differently, version_a, version_b, area_km2`` (km2 in an equal-area CRS).
            ``assigned_differently`` is True when both sides cover the unit and name different
            parties; ``status_change`` is ``"a -> b"`` or ``""``.

        Raises
        ------
        UnknownIdError
            A part of ``a`` or ``b`` is not a loaded version.
        """
        left = self._resolver.resolve(a, "atlas.diff(a)")
        right = self._resolver.resolve(b, "atlas.diff(b)")
        return diff_frame(self.hierarchy, left, right, all_units=all_units)

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
        self.hierarchy.check(expect_text(unit, "atlas.timeline(unit)", "a unit id (text)"),
                             "atlas.timeline(unit)")
        statements = [
            (version, self._resolver.resolve(version.id, "atlas.timeline()"))
            for version in self.versions
        ]
        return timeline_frame(self.hierarchy, unit, statements, covered_only=covered_only)

    # -------------------------------------------------------------------- names
    @property
    def gazetteer(self) -> Gazetteer:
        """The names of the units and places (:class:`territory.gazetteer.Gazetteer`)."""
        from territory.gazetteer import Gazetteer

        return self.derived("gazetteer", lambda: Gazetteer(self.hierarchy, self.places))

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
        return self.gazetteer.search(expect_text(name, "atlas.search(name)", "a name (text)"))

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
        return self.gazetteer.find_unit(expect_text(name, where, "a name (text)"), where)

    # ----------------------------------------------------------------- analysis
    @property
    def adjacency(self) -> UnitGraph:
        """The unit graph with shared-border lengths, built once from :attr:`units`."""
        from territory.adjacency import build_unit_graph

        def build() -> UnitGraph:
            parents = [self.hierarchy.parent_of(unit) for unit in self.units.index]
            return build_unit_graph(self.units.assign(parent=parents))

        return self.derived("adjacency", build)

    def layer_holders(self, scenario: str) -> dict[str, str | None]:
        """Who holds each unit of a version's or scenario's layer, at the level the layer
        speaks of (a parent assigned whole stays one unit): the assignment the corridor
        questions are asked of. Unit id -> party, or None; a new dict on each call."""
        parsed = self._resolver.scenario(scenario, "atlas.layer_holders(scenario)")
        return dict(self._layer_holders(parsed, "atlas.layer_holders(scenario)"))

    def _layer_holders(self, parsed: Scenario, where: str) -> dict[str, str | None]:
        """:meth:`layer_holders` of a parsed scenario, computed once and kept (not to be changed)."""
        return self.derived(("corridor", parsed), lambda: layer_holders(self.hierarchy,
                                                                         self._resolver.resolve(parsed, where)))

    @renamed_keyword("version_or_scenario", "scenario")
    def corridor(
        self, scenario: str, a: str, b: str, within: Iterable[str] | None = None, *,
        samples: int = 0, seed: int = 0, scheduler: str | None = None,
    ) -> CorridorResult:
        """Corridor questions between parties ``a`` and ``b`` in a version or scenario.

        Parameters
        ----------
        scenario
            A version id or a scenario ``"A+B"``.
        a, b
            Party ids (:attr:`parties`).
        within
            Negotiable unit ids (finest or parent; one id may be given as a string),
            or None for all units.
        samples, seed
            Also answer over ``samples`` drawings of the lines, each displaced within its
            units' uncertainty (:mod:`territory.uncertainty`), from ``seed``: the result's
            ``uncertainty``. 0 samples: the answer of the drawn lines alone.
        scheduler
            Where the drawings are made; see :func:`territory.uncertainty.sample_lines`.

        Returns
        -------
        territory.corridor.CorridorResult
            See :mod:`territory.corridor` for what each field means. The units are those
            of the layer: a version that assigns ``zangezur`` whole is answered with
            ``zangezur`` as one node.

        Raises
        ------
        UnknownIdError
            For an unknown party, version or unit.
        NoTerritoryError
            If a party holds nothing in that scenario.
        TerritoryError
            If ``a == b``.
        """
        from territory.corridor import check_assignment

        parsed = self._resolver.scenario(scenario, "atlas.corridor(scenario)")
        for party, argument in ((a, "a"), (b, "b")):
            expect_text(party, f"atlas.corridor({argument})", "a party id (text)")
            if party not in self.parties:
                raise UnknownIdError(f"check {parsed}", "party", party, self.parties)
        holders = self._layer_holders(parsed, "atlas.corridor(scenario)")
        if within is not None:
            within = expect_texts(within, "atlas.corridor(within)", "unit ids (text, or a list of text)")
        result = check_assignment(self.adjacency, holders, a, b, within=within, scenario=str(parsed))
        return self._sampled(result, holders, samples, seed, scheduler, "atlas.corridor")

    def _sampled(self, result: CorridorResult, assignment: Mapping[str, str | None], samples: int, seed: int,
                 scheduler: str | None, where: str) -> CorridorResult:
        """``result`` with its answer over ``samples`` drawings of the lines (none for 0)."""
        from territory.corridor import MAX_SETS
        from territory.uncertainty import check_samples, line_model, sample_lines

        samples, seed = check_samples(samples, seed, where)
        if samples:
            model = self.derived("uncertainty.model", lambda: line_model(self.adjacency, self.units))
            drawings = self.derived(("uncertainty.drawings", samples, seed),
                                    lambda: sample_lines(model, self.adjacency, samples, seed, scheduler=scheduler))
            result.uncertainty = drawings.answer(assignment, result, limit=MAX_SETS)
        return result

    def ask(
        self, question: str | Question, scenario: str, *, samples: int = 0, seed: int = 0,
        scheduler: str | None = None,
    ) -> CorridorResult:
        """One of the corridor questions of :data:`territory.questions.QUESTIONS` (or a
        :class:`territory.questions.Question` of your own), asked of a version or scenario.

        The result's ``a`` and ``b`` are the parties that answer for the two sides in this
        layer (or ``units:<ids>`` for a side of units); see :mod:`territory.questions`.
        ``samples``, ``seed`` and ``scheduler`` are those of :meth:`corridor`.

        Raises
        ------
        UnknownIdError
            For an unknown question, version, party or unit.
        NoTerritoryError
            If no party of a side holds a unit in the scenario.
        """
        from territory.corridor import check_assignment
        from territory.questions import QUESTIONS, Question

        if not isinstance(question, Question):
            expect_text(question, "atlas.ask(question)", "a question id (text) or a Question")
            if question not in QUESTIONS:
                raise UnknownIdError("atlas.ask(question)", "question", question, QUESTIONS)
            question = QUESTIONS[question]
        question.check_ids(self.parties, self.hierarchy.ids)
        parsed = self._resolver.scenario(scenario, "atlas.ask(scenario)")
        holders = self._layer_holders(parsed, "atlas.ask(scenario)")
        try:
            assignment, a, b = question.sides(holders, self.hierarchy)
        except NoTerritoryError as error:
            raise NoTerritoryError(f"ask {question.id} in {parsed}", error.parties, str(parsed),
                                   sorted({p for p in holders.values() if p})) from None
        result = check_assignment(self.adjacency, assignment, a, b, scenario=str(parsed),
                                  within=question.negotiable(self.hierarchy))
        return self._sampled(result, assignment, samples, seed, scheduler, "atlas.ask")

    # -------------------------------------------------------------------- maps
    @renamed_keyword("version_or_scenario", "scenario")
    def explore(self, scenario: str) -> folium.Map:
        """Interactive map of one layer; see :func:`territory.maps.explore_map`."""
        from territory.maps import explore_map

        return explore_map(self, scenario)

    def compare(self, a: str, b: str) -> Figure | folium.Map:
        """Side-by-side map of two layers (a figure of two synchronised maps); see
        :func:`territory.maps.compare_map`."""
        from territory.maps import compare_map

        return compare_map(self, a, b)

    def timeline_map(self) -> folium.Map:
        """Map with one layer per version; see :func:`territory.maps.timeline_map`."""
        from territory.maps import timeline_map

        return timeline_map(self)

    @renamed_keyword("version_or_scenario", "scenario")
    def corridor_map(self, scenario: str, a: str, b: str) -> folium.Map:
        """Map of a corridor answer; see :func:`territory.maps.corridor_map`."""
        from territory.maps import corridor_map

        return corridor_map(self, scenario, a, b)


def _as_date(value: dt.date | str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):  # 19201130 is not read as a date
        raise ArgumentError("atlas.at(date)", "type", "a date or ISO text like 1920-11-30",
                            type_name(value))
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise TerritoryError(
            "atlas.at(date)", "date", "a date or ISO text like 1920-11-30", value
        ) from None


def _as_kinds(kind: str | Iterable[str] | None) -> set[str]:
    if kind is None:
        return set(KINDS)
    kinds = set(expect_texts(kind, "atlas.at(kind)", "a version kind, a list of them, or None"))
    for item in kinds:
        if item not in KINDS:
            raise UnknownIdError("atlas.at(kind)", "kind", item, KINDS)
    return kinds
