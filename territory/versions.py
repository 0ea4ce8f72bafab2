"""The version-file schema and its loader.

A version file (``geodata/versions/*.yaml``) records one document of the sources:
who wrote what, to whom, when, where it is cited, and one assignment per unit it
speaks of. A unit the document is silent on is simply absent from the file.

Example::

    id: 1920-06-20-chicherin
    date: 1920-06-20                 # or {not_before: 1920-11-01, not_after: 1920-11-22}
    kind: directive                  # proposal | directive | declaration | treaty | de_facto
    title: Chicherin's directive to Ordzhonikidze on Zangezur, Karabakh and Nakhchivan
    author: G. Chicherin
    recipient: G. Ordzhonikidze
    issued_by: RSFSR (People's Commissariat for Foreign Affairs)
    reported_in: "J. Hasanly (2012), quoting the conversation from the RSASPH"
    document:
      footnote: 3
      reference: "Conversation of G. Chicherin with G. Ordzhonikidze by direct line, ..."
      cited_in: "J. Hasanly, 'Russian-Turkish relations ...', Part IV (A), 2012"
    assignments:
      - unit: ordubad
        party: rsfsr
        status: occupied_by          # part_of | autonomy_within | occupied_by | under_protection_of | unassigned | disputed
        confidence: stated           # stated | inferred | assumed_unchanged
        quote: "These places must be occupied by Russian units"

A de facto version may say ``extends: <version id>``: the units it is silent on keep
the earlier version's assignment (reported as ``assumed_unchanged`` with the earlier
source).

A version may say ``follows: <version id>`` when the sources put it after another
version of the same day (Ordzhonikidze's instruction follows Chicherin's directive of
20 June 1920); see :func:`order_versions`.
"""

from __future__ import annotations

import datetime as dt
import warnings
from difflib import get_close_matches
from pathlib import Path
from typing import Any, Literal

from pydantic import (
    Field,
    PrivateAttr,
    StrictInt,
    ValidationError,
    field_validator,
    model_validator,
)

from territory._schema import Strict
from territory._yaml import YamlDocument, read_yaml
from territory.errors import DataFileError
from territory.parties import Party
from territory.units import UnitHierarchy

#: The span of time the atlas covers; a version dated outside it is refused.
ATLAS_START = dt.date(1914, 1, 1)
ATLAS_END = dt.date(1925, 12, 31)

VERSION_ID = r"^[a-z0-9][a-z0-9_-]*$"
MAX_ID_LENGTH = 80
"""The longest version id: the maps are written to files named after it, well inside every
file system's limit of 255 bytes."""

Kind = Literal["proposal", "directive", "declaration", "treaty", "de_facto"]
Status = Literal["part_of", "autonomy_within", "occupied_by", "under_protection_of", "unassigned", "disputed"]
Confidence = Literal["stated", "inferred", "assumed_unchanged"]

KINDS: tuple[str, ...] = Kind.__args__
STATUSES: tuple[str, ...] = Status.__args__
CONFIDENCES: tuple[str, ...] = Confidence.__args__

_STATUSES_WITH_PARTY = {"part_of", "autonomy_within", "occupied_by", "under_protection_of"}


class DateRange(Strict):
    """The date of a version: one day, or a span when the source gives no day.

    In a file, ``date: 1920-06-20`` is the one-day span.
    """

    not_before: dt.date
    not_after: dt.date

    @field_validator("not_before", "not_after")
    @classmethod
    def _within_atlas(cls, value: dt.date) -> dt.date:
        if not ATLAS_START <= value <= ATLAS_END:
            raise ValueError(
                f"a date between {ATLAS_START} and {ATLAS_END} (the span the atlas covers), got {value}"
            )
        return value

    @model_validator(mode="after")
    def _ordered(self) -> DateRange:
        if self.not_after < self.not_before:
            raise ValueError(
                f"not_before ({self.not_before}) on or before not_after ({self.not_after})"
            )
        return self

    @property
    def label(self) -> str:
        """``1920-06-20``, or ``1920-11-01/1920-11-22`` for a span."""
        if self.not_before == self.not_after:
            return self.not_before.isoformat()
        return f"{self.not_before.isoformat()}/{self.not_after.isoformat()}"


class Document(Strict):
    """The source of a version, as the citing work gives it.

    ``reference`` is the full reference text (for the seed: the footnote copied
    verbatim); ``footnote`` its number in ``cited_in``; ``location`` where in
    ``cited_in`` the statement is when no footnote carries it (``"text after [6]"``).
    """

    reference: str = Field(min_length=1)
    footnote: StrictInt | None = Field(default=None, ge=1)
    location: str | None = None
    cited_in: str | None = None
    url: str | None = None

    @property
    def citation(self) -> str:
        """One line: the reference, then where it is cited."""
        where = f"footnote [{self.footnote}]" if self.footnote is not None else self.location
        cited = ", ".join(part for part in (self.cited_in, where) if part)
        return f"{self.reference} ({cited})" if cited else self.reference


class Assignment(Strict):
    """What one version says about one unit."""

    unit: str = Field(min_length=1)
    party: str | None = None
    status: Status
    confidence: Confidence
    quote: str | None = None
    claimants: tuple[str, ...] = ()
    note: str | None = None

    @model_validator(mode="after")
    def _party_fits_status(self) -> Assignment:
        if self.status in _STATUSES_WITH_PARTY and self.party is None:
            raise ValueError(f"a party for status {self.status}")
        if self.status == "unassigned" and self.party is not None:
            raise ValueError("no party for status unassigned (the unit is left to no one)")
        if self.status == "disputed" and len(set(self.claimants)) < 2:
            raise ValueError(
                "at least two claimants for status disputed (party, if given, is the holder)"
            )
        if self.status != "disputed" and self.claimants:
            raise ValueError("claimants only with status disputed")
        return self


class Version(Strict):
    """One version: a dated document and the assignments it makes.

    Attributes
    ----------
    not_extended
        Units the version is silent on although its record suggests that they changed
        hands (without saying to whom): ``extends`` does not carry their earlier holders
        over, and the atlas reports them as not covered. The reason belongs in ``notes``.
    issued_by
        The party or body whose document it is ("RSFSR (People's Commissariat for Foreign
        Affairs)"); for a de facto version, who compiled the state it records.
    issuers
        The party ids of ``issued_by`` (the parties whose document it is, for counts and
        filters); empty for a state the atlas compiled, or a body that is no party.
    reported_in
        Where the atlas read it: the document's own text (a treaty's published text) or a
        published account that quotes or reports it (a history, the seed), as a citation.
    path
        The file the version was read from (None when built in code).
    """

    id: str = Field(pattern=VERSION_ID, max_length=MAX_ID_LENGTH)
    date: DateRange
    kind: Kind
    title: str = Field(min_length=1)
    author: str = Field(min_length=1)
    recipient: str | None = None
    issued_by: str | None = Field(default=None, min_length=1)
    issuers: tuple[str, ...] = ()
    reported_in: str | None = Field(default=None, min_length=1)
    document: Document
    also_cited: tuple[Document, ...] = ()
    extends: str | None = None
    not_extended: tuple[str, ...] = ()
    follows: str | None = None
    notes: str | None = None
    assignments: tuple[Assignment, ...] = Field(min_length=1)

    _path: Path | None = PrivateAttr(default=None)
    _document: YamlDocument | None = PrivateAttr(default=None)

    @field_validator("date", mode="before")
    @classmethod
    def _one_day(cls, value: Any) -> Any:
        if isinstance(value, (str, dt.date)):
            return {"not_before": value, "not_after": value}
        return value

    @property
    def path(self) -> Path | None:
        """The file this version was read from."""
        return self._path

    @property
    def provenance(self) -> str:
        """``Issued by ...; reported in ...`` (what of the two is known; empty if neither)."""
        text = "; ".join(part for part in (
            f"issued by {self.issued_by}" if self.issued_by else "",
            f"reported in {self.reported_in}" if self.reported_in else "") if part)
        return text[:1].upper() + text[1:]

    @property
    def units(self) -> tuple[str, ...]:
        """The units this version speaks of, in file order."""
        return tuple(assignment.unit for assignment in self.assignments)

    def summary(self) -> dict[str, Any]:
        """The metadata of the version as JSON-ready values (what ``territory versions`` lists)."""
        return {
            "id": self.id,
            "date": self.date.label,
            "not_before": self.date.not_before.isoformat(),
            "not_after": self.date.not_after.isoformat(),
            "kind": self.kind,
            "title": self.title,
            "author": self.author,
            "recipient": self.recipient,
            "issued_by": self.issued_by,
            "issuers": list(self.issuers),
            "reported_in": self.reported_in,
            "source": self.document.citation,
            "also_cited": [document.citation for document in self.also_cited],
            "extends": self.extends,
            "follows": self.follows,
            "units": list(self.units),
            "file": str(self.path) if self.path else None,
        }


def _one_of(kind: str, value: str, known: list[str]) -> str:
    close = get_close_matches(value, known, n=3, cutoff=0.5)
    hint = f" (did you mean {', '.join(close)}?)" if close else ""
    return f"a known {kind} id{hint}"


def check_assignments(
    document: YamlDocument, version: Version, units: UnitHierarchy, parties: dict[str, Party]
) -> list[DataFileError]:
    """Problems of ``version`` against the atlas: unknown ids, two assignments for one unit."""
    problems: list[DataFileError] = []
    unit_ids = list(units.ids)
    party_ids = sorted(parties)
    placed: dict[str, int] = {}
    for index, assignment in enumerate(version.assignments):
        if assignment.unit not in units:
            problems.append(
                document.error(
                    ("assignments", index, "unit"),
                    _one_of("unit", assignment.unit, unit_ids),
                    assignment.unit,
                )
            )
            continue
        for other, other_index in placed.items():
            if units.overlap(other, assignment.unit):
                line = document.line(("assignments", other_index))
                problems.append(
                    document.error(
                        ("assignments", index, "unit"),
                        f"one assignment per unit; {other} is already assigned at line {line} "
                        f"(a unit and its parent count as one)",
                        assignment.unit,
                    )
                )
        placed[assignment.unit] = index
        for field, value in [("party", assignment.party)] + [
            ("claimants", claimant) for claimant in assignment.claimants
        ]:
            if value is not None and value not in parties:
                problems.append(
                    document.error(
                        ("assignments", index, field), _one_of("party", value, party_ids), value
                    )
                )
    for index, party in enumerate(version.issuers):
        if party not in parties:
            problems.append(document.error(("issuers", index), _one_of("party", party, party_ids), party))
    for index, unit in enumerate(version.not_extended):
        if version.extends is None:
            problems.append(document.error(("not_extended",), "no not_extended without extends",
                                           list(version.not_extended)))
            break
        if unit not in units:
            problems.append(document.error(("not_extended", index), _one_of("unit", unit, unit_ids), unit))
        elif any(units.overlap(unit, placed_unit) for placed_unit in placed):
            problems.append(document.error(("not_extended", index),
                                           "a unit the version does not assign", unit))
    return problems


def read_version(path: Path, units: UnitHierarchy, parties: dict[str, Party]) -> Version:
    """Read and check one version file.

    Raises
    ------
    DataFileError
        The first problem: file and line, field, and what was expected.
    """
    problems, version = _read_version(Path(path), units, parties)
    if problems:
        raise problems[0]
    assert version is not None
    return version


def _read_version(
    path: Path, units: UnitHierarchy, parties: dict[str, Party]
) -> tuple[list[DataFileError], Version | None]:
    try:
        document = read_yaml(path)
    except DataFileError as exc:
        return [exc], None
    if not isinstance(document.data, dict):
        return [
            document.error(
                (), "a mapping with id, date, kind, title, author, document, assignments"
            )
        ], None
    try:
        version = Version.model_validate(document.data)
    except ValidationError as exc:
        return document.validation_errors(exc), None
    version._path = path
    if version.id != path.stem:
        return [document.error(("id",), f"the file name without its suffix ({path.stem!r}): a "
                               "version file is named after its id", version.id)], None
    problems = check_assignments(document, version, units, parties)
    if problems:
        return problems, None
    version._document = document  # the line marks, for the checks across files
    return [], version


def load_versions(
    paths: list[Path], units: UnitHierarchy, parties: dict[str, Party], *, lenient: bool = False
) -> tuple[list[Version], list[DataFileError]]:
    """Read version files, check them one by one and against each other.

    Parameters
    ----------
    paths
        Version files, in the order they were given.
    lenient
        If True, a file with problems is skipped with a warning and its problems are
        returned; otherwise the first problem is raised.

    Returns
    -------
    versions, problems
        The versions that loaded, in the order of :func:`order_versions`, and the
        problems found.
    """
    problems: list[DataFileError] = []
    loaded: dict[str, tuple[Version, YamlDocument]] = {}

    def refuse(problem: DataFileError) -> None:
        if not lenient:
            raise problem
        warnings.warn(f"version file skipped: {problem}", UserWarning, stacklevel=3)
        problems.append(problem)

    for path in paths:
        file_problems, version = _read_version(path, units, parties)
        if file_problems:
            for problem in file_problems:
                refuse(problem)  # raises at once unless lenient
            continue
        assert version is not None
        document = version._document
        assert document is not None
        if version.id in loaded:
            first = loaded[version.id][0].path
            refuse(
                document.error(
                    ("id",), f"an id not used by another version file (also in {first})", version.id
                )
            )
            continue
        loaded[version.id] = (version, document)

    for version_id in _broken_extends(loaded, refuse):
        del loaded[version_id]
    for version_id in _broken_follows(loaded, refuse):
        del loaded[version_id]
    return order_versions([version for version, _ in loaded.values()]), problems


def order_versions(versions: list[Version]) -> list[Version]:
    """Versions in atlas order: by latest possible date, then ``follows``, then id.

    On one day, a version comes after the version it ``follows`` (the sources say it
    was written later that day); versions the sources do not order keep the order of
    their ids.

    Parameters
    ----------
    versions
        Versions whose ``follows`` each name a version of the list with the same or an
        earlier date, without a cycle (as :func:`load_versions` checks).

    Returns
    -------
    list[Version]
    """
    by_day: dict[dt.date, list[Version]] = {}
    for version in versions:
        by_day.setdefault(version.date.not_after, []).append(version)
    ordered: list[Version] = []
    for day in sorted(by_day):
        waiting = sorted(by_day[day], key=lambda version: version.id)
        same_day = {version.id for version in waiting}
        placed: set[str] = set()
        while waiting:
            ready = next(
                version
                for version in waiting
                if version.follows not in same_day or version.follows in placed
            )
            waiting.remove(ready)
            placed.add(ready.id)
            ordered.append(ready)
    return ordered


def _refuse_cycles(
    loaded: dict[str, tuple[Version, YamlDocument]],
    field: str,
    expected: str,
    refuse: Any,
    broken: list[str],
) -> None:
    """Refuse every version whose chain of ``field`` references (``extends``, ``follows``)
    comes back to a version already on it; the refused ids are added to ``broken``."""
    for version_id, (version, document) in loaded.items():
        chain = [version_id]
        current = version
        while getattr(current, field) in loaded and version_id not in broken:
            following = getattr(current, field)
            if following in chain:
                refuse(document.error((field,), expected, " -> ".join([*chain, following])))
                broken.append(version_id)
                break
            chain.append(following)
            current = loaded[following][0]


def _broken_follows(loaded: dict[str, tuple[Version, YamlDocument]], refuse: Any) -> list[str]:
    """Ids whose ``follows`` names an unknown or later version, or closes a cycle."""
    broken: list[str] = []
    for version_id, (version, document) in loaded.items():
        if version.follows is None:
            continue
        if version.follows not in loaded or version.follows == version_id:
            known = sorted(set(loaded) - {version_id})
            refuse(
                document.error(
                    ("follows",), _one_of("version", version.follows, known), version.follows
                )
            )
            broken.append(version_id)
            continue
        followed = loaded[version.follows][0]
        if followed.date.not_after > version.date.not_after:
            refuse(
                document.error(
                    ("follows",),
                    f"a version dated on or before {version.date.not_after} (this one's date)",
                    f"{followed.id}, dated {followed.date.label}",
                )
            )
            broken.append(version_id)
    _refuse_cycles(loaded, "follows", "versions that follow each other without a cycle", refuse, broken)
    return broken


def _broken_extends(loaded: dict[str, tuple[Version, YamlDocument]], refuse: Any) -> list[str]:
    """Ids whose ``extends`` names an unknown version, closes a cycle, or names a refused one."""
    broken: list[str] = []
    for version_id, (version, document) in loaded.items():
        if version.extends is not None and version.extends not in loaded:
            refuse(
                document.error(
                    ("extends",),
                    _one_of("version", version.extends, sorted(loaded)),
                    version.extends,
                )
            )
            broken.append(version_id)
    _refuse_cycles(loaded, "extends", "a chain of versions without a cycle", refuse, broken)
    changed = True
    while changed:
        changed = False
        for version_id, (version, document) in loaded.items():
            if version_id not in broken and version.extends in broken:
                refuse(
                    document.error(
                        ("extends",), "a version that loads (this one was refused)", version.extends
                    )
                )
                broken.append(version_id)
                changed = True
    return broken
