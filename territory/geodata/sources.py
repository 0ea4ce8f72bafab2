"""The reviewable source files of the geodata build and their schemas.

``geodata/sources/`` holds five YAML files:

``base.yaml``
    the pinned base datasets (path, package, licence, SHA-256);
``units.yaml``
    the frame, the units, their parents and the admin-1 divisions each one is made of;
``rings.yaml``
    authored boundary rings through documented control points;
``places.yaml``
    the places of the seed and the seats of the units;
``water.yaml``
    the lakes and rivers, each with its names and how it is found in the base data.

Every load error names the file, the item (``units[3].seat``) and what was expected.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field, ValidationError, field_validator

from territory._schema import Strict
from territory._yaml import read_yaml
from territory.errors import GeodataBuildError
from territory.names import LocalNames
from territory.units import ParentUnit

ID_PATTERN = r"^[a-z][a-z0-9_]*$"


class Named(Strict):
    """A record named in the five languages of the atlas; ``names_note`` says which forms
    are of 1920 and which modern, and where they were read."""

    names: LocalNames
    names_note: str = Field(min_length=1)


class BaseDataset(Strict):
    """One pinned base dataset."""

    dataset: str
    licence: str
    package: str
    install: str
    path: str
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    used_for: str
    layer: str | None = None


class BaseSources(Strict):
    """``base.yaml``: the base layers the build reads."""

    countries: BaseDataset
    admin1: BaseDataset
    gshhg_shorelines: BaseDataset
    wdbii_rivers: BaseDataset
    countries_land: BaseDataset


class Frame(Strict):
    """The map's extent in lon/lat degrees."""

    bounds: tuple[float, float, float, float]
    reason: str

    @field_validator("bounds")
    @classmethod
    def _ordered(cls, value: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
        west, south, east, north = value
        if not (-180 <= west < east <= 180 and -90 <= south < north <= 90):
            raise ValueError("west < east and south < north, in degrees")
        return value


class ParentSource(Named, ParentUnit):
    """A parent unit as ``units.yaml`` gives it: an id of the build's form, a seat, names in
    the five languages (required here, optional in a user's units file) and at least one
    source; its children are the units that name it as their parent."""

    id: str = Field(pattern=ID_PATTERN)
    seat: str
    sources: tuple[str, ...] = Field(min_length=1)


class UnitSource(Named):
    """A finest unit and the admin-1 divisions it is assembled from."""

    id: str = Field(pattern=ID_PATTERN)
    name: str
    aliases: list[str]
    parent: str | None = None
    seat: str
    kind: Literal["focus", "context"]
    admin1: list[str]
    uncertainty_km: float = Field(gt=0)
    sources: list[str] = Field(min_length=1)


class UnitsSource(Strict):
    """``units.yaml``."""

    frame: Frame
    countries: dict[str, str]
    parents: list[ParentSource]
    units: list[UnitSource] = Field(min_length=1)


class ControlPoint(Strict):
    """A documented point of an authored ring; a bare ``{id}`` repeats an earlier point."""

    id: str = Field(pattern=ID_PATTERN)
    lon: float | None = Field(default=None, ge=-180, le=180)
    lat: float | None = Field(default=None, ge=-90, le=90)
    reason: str | None = None


class Ring(Strict):
    """An authored closed boundary line (see ``rings.yaml``)."""

    id: str = Field(pattern=ID_PATTERN)
    unit: str
    within: list[str] = Field(min_length=1)
    uncertainty_km: float = Field(gt=0)
    reason: str
    sources: list[str] = Field(min_length=1)
    points: list[ControlPoint]


class RingsSource(Strict):
    """``rings.yaml``."""

    rings: list[Ring]


class Place(Named):
    """A named place with its coordinates and their provenance."""

    id: str = Field(pattern=ID_PATTERN)
    name: str
    aliases: list[str]
    kind: Literal["town", "village", "port", "railway_station", "railway_junction", "mountain"]
    lon: float = Field(ge=-180, le=180)
    lat: float = Field(ge=-90, le=90)
    coordinates: str
    seed: list[str]
    note: str | None = None


class PlacesSource(Strict):
    """``places.yaml``."""

    places: list[Place] = Field(min_length=1)


class WaterPoint(Strict):
    """A documented point: inside a lake, or on a river."""

    id: str = Field(pattern=ID_PATTERN)
    lon: float = Field(ge=-180, le=180)
    lat: float = Field(ge=-90, le=90)
    reason: str = Field(min_length=1)


class RiverPoint(WaterPoint):
    """A documented point of a river, in order from source to mouth.

    ``routed: false`` marks a point off the base data's river segments (its reason says
    why): the line reaches it straight from its neighbours. Between two routed points the
    line follows the segments. A routed point is taken to the nearest vertex of the
    segments, at most ``snap_km`` away (the build's default where not given; a larger
    value needs its reason); the river's first and last points are kept as documented,
    joined straight to that vertex."""

    routed: bool = True
    snap_km: float | None = Field(default=None, gt=0)


class WaterFeature(Named):
    """What a lake and a river have in common."""

    id: str = Field(pattern=ID_PATTERN)
    aliases: list[str]
    sources: list[str] = Field(min_length=1)


class LakeSource(WaterFeature):
    """A lake: the polygon of ``base`` that contains ``point``."""

    base: Literal["gshhg_shorelines", "countries_land"]
    point: WaterPoint


class RiverSource(WaterFeature):
    """A river through ``points``, source to mouth: over the river segments of ``base``, or
    ``authored``, straight from point to point where the base data lacks the river."""

    base: Literal["wdbii_rivers", "authored"]
    points: list[RiverPoint] = Field(min_length=2)


class WaterSource(Strict):
    """``water.yaml``."""

    lakes: list[LakeSource] = Field(min_length=1)
    rivers: list[RiverSource] = Field(min_length=1)


class BuildSources(Strict):
    """All five source files, loaded and schema-checked."""

    directory: Path
    base: BaseSources
    units: UnitsSource
    rings: RingsSource
    places: PlacesSource
    water: WaterSource


def _parse(model: type[BaseModel], path: Path) -> Any:
    """``path`` read with the package's YAML reader and checked against ``model``; the first
    problem is raised with its line, in pydantic's words."""
    document = read_yaml(path, GeodataBuildError)
    try:
        return model.model_validate(document.data)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise document.error(
            tuple(first["loc"]), first["msg"].removeprefix("Value error, "), first.get("input")
        ) from exc


def load_sources(directory: Path) -> BuildSources:
    """Load and schema-check the five source files of ``directory``.

    Raises
    ------
    GeodataBuildError
        A file is missing, is not YAML, or does not match its schema.
    """
    directory = Path(directory)
    return BuildSources(
        directory=directory,
        base=_parse(BaseSources, directory / "base.yaml"),
        units=_parse(UnitsSource, directory / "units.yaml"),
        rings=_parse(RingsSource, directory / "rings.yaml"),
        places=_parse(PlacesSource, directory / "places.yaml"),
        water=_parse(WaterSource, directory / "water.yaml"),
    )
