"""What every map needs to know about an atlas, gathered once.

The map builders work on a :class:`MapContext` and layer GeoDataFrames, so they
can be tested with small synthetic data; :meth:`MapContext.from_atlas` reads the
same facts from a loaded :class:`territory.Atlas`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import geopandas as gpd

from territory.maps.display import DisplayGeometry
from territory.maps.palette import Palette
from territory.resolve import Scenario

from territory.questions import UNITS_PREFIX

if TYPE_CHECKING:
    from territory.atlas import Atlas


@dataclass(frozen=True)
class VersionInfo:
    """Title block of a version: what the maps print about it (raw text)."""

    id: str
    title: str
    date: str = ""
    kind: str = ""
    author: str = ""
    recipient: str = ""
    citation: str = ""
    provenance: str = ""

    @property
    def byline(self) -> str:
        """``1920-06-20 · directive · G. Chicherin to G. Ordzhonikidze``."""
        who = self.author + (f" to {self.recipient}" if self.recipient else "")
        return " · ".join(part for part in (self.date, self.kind.replace("_", " "), who) if part)


@dataclass
class MapContext:
    """Names, aliases, colours, version titles and display geometry of one atlas.

    Parameters
    ----------
    units
        The finest units (index = unit id, columns ``name``, ``aliases``, geometry).
    party_names
        Party id -> display name.
    versions
        Version id -> :class:`VersionInfo`, in date order.
    parent_names, parent_aliases
        Names and aliases of parent units (units a version may assign whole).
    parent_children
        Parent unit id -> the ids of its finest units.
    display
        The display geometry of ``units`` (made from them when None).
    """

    units: gpd.GeoDataFrame
    party_names: Mapping[str, str]
    versions: Mapping[str, VersionInfo]
    parent_names: Mapping[str, str] = field(default_factory=dict)
    parent_aliases: Mapping[str, Sequence[str]] = field(default_factory=dict)
    parent_children: Mapping[str, Sequence[str]] = field(default_factory=dict)
    display: DisplayGeometry | None = None

    def __post_init__(self) -> None:
        self.palette = Palette(self.party_names)
        if self.display is None:
            self.display = DisplayGeometry(self.units)

    @classmethod
    def from_atlas(cls, atlas: Atlas) -> MapContext:
        """Gather the context of a loaded atlas (its display geometry is made once per atlas)."""
        versions = {}
        for version in atlas.versions:
            versions[version.id] = VersionInfo(
                id=version.id,
                title=version.title,
                date=version.date.label,
                kind=version.kind,
                author=version.author,
                recipient=version.recipient or "",
                citation=version.document.citation,
                provenance=version.provenance,
            )
        parents = atlas.parents
        return cls(
            units=atlas.units,
            party_names={pid: party.name for pid, party in atlas.parties.items()},
            versions=versions,
            parent_names={pid: parent.name for pid, parent in parents.items()},
            parent_aliases={pid: tuple(parent.aliases) for pid, parent in parents.items()},
            parent_children={pid: tuple(parent.children) for pid, parent in parents.items()},
            display=atlas.derived(("maps", "display"), lambda: DisplayGeometry(atlas.units)),
        )

    def aliases(self, unit: str) -> tuple[str, ...]:
        """Aliases of a unit of either level (empty when unknown)."""
        if unit in self.parent_aliases:
            return tuple(self.parent_aliases[unit])
        if unit in self.units.index and "aliases" in self.units.columns:
            value = self.units.at[unit, "aliases"]
            return tuple(value) if isinstance(value, (list, tuple)) else ()
        return ()

    def party_name(self, party: str | None) -> str | None:
        """Display name of a party (its id when the atlas has no name for it); a side of
        units of a corridor question (``units:nakhchivan+ordubad``) by its units' names."""
        if party is None:
            return None
        if party.startswith(UNITS_PREFIX):
            return " + ".join(self.unit_name(unit) for unit in party[len(UNITS_PREFIX):].split("+"))
        return self.party_names.get(party, party)

    def unit_name(self, unit: str) -> str:
        """Name of a unit of either level (its id when unknown)."""
        if unit in self.parent_names:
            return self.parent_names[unit]
        if unit in self.units.index and "name" in self.units.columns:
            return str(self.units.at[unit, "name"])
        return unit

    def describe(self, scenario: str) -> VersionInfo:
        """Title block of a scenario: a version id, or ``A+B(+C...)``."""
        if scenario in self.versions:
            return self.versions[scenario]
        parts = Scenario.parse(scenario).parts
        known = [self.versions[p] for p in parts if p in self.versions]
        title = "Scenario: " + " + ".join(parts)
        lines = "; then ".join(f"{v.id} ({v.title})" for v in known)
        return VersionInfo(id=scenario, title=title, date=known[-1].date if known else "",
                           kind="scenario", citation=lines)

    def citation(self, version: str | None, fallback: str | None) -> str | None:
        """Full citation of a version (``fallback`` when the version is unknown)."""
        if version is not None and version in self.versions and self.versions[version].citation:
            return self.versions[version].citation
        return fallback
