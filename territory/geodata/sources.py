"""The reviewable source files of the geodata build and their schemas.

``geodata/sources/`` holds four YAML files:

``base.yaml``
    the pinned public-domain base datasets (path, package, SHA-256);
``units.yaml``
    the frame, the units, their parents and the admin-1 divisions each one is made of;
``rings.yaml``
    authored boundary rings through documented control points;
``places.yaml``
    the places of the seed and the seats of the units.

Every load error names the file, the item (``units[3].seat``) and what was expected.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from territory.errors import GeodataBuildError

ID_PATTERN = r"^[a-z][a-z0-9_]*$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class BaseDataset(_Strict):
    """One pinned base dataset."""

    dataset: str
    licence: str
    package: str
    install: str
    path: str
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    used_for: str
    layer: str | None = None


class BaseSources(_Strict):
    """``base.yaml``: the two Natural Earth layers the build reads."""

    admin0: BaseDataset
    admin1: BaseDataset


class Frame(_Strict):
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


class ParentUnit(_Strict):
    """A unit that is split into finer units (``zangezur``, ``sharur_daralagez``)."""

    id: str = Field(pattern=ID_PATTERN)
    name: str
    aliases: list[str]
    seat: str
    kind: Literal["focus", "context"]
    sources: list[str] = Field(min_length=1)


class UnitSource(_Strict):
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


class UnitsSource(_Strict):
    """``units.yaml``."""

    frame: Frame
    countries: dict[str, str]
    parents: list[ParentUnit]
    units: list[UnitSource] = Field(min_length=1)


class ControlPoint(_Strict):
    """A documented point of an authored ring; a bare ``{id}`` repeats an earlier point."""

    id: str = Field(pattern=ID_PATTERN)
    lon: float | None = Field(default=None, ge=-180, le=180)
    lat: float | None = Field(default=None, ge=-90, le=90)
    reason: str | None = None


class Ring(_Strict):
    """An authored closed boundary line (see ``rings.yaml``)."""

    id: str = Field(pattern=ID_PATTERN)
    unit: str
    within: list[str] = Field(min_length=1)
    uncertainty_km: float = Field(gt=0)
    reason: str
    sources: list[str] = Field(min_length=1)
    points: list[ControlPoint]


class RingsSource(_Strict):
    """``rings.yaml``."""

    rings: list[Ring]


class Place(_Strict):
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


class PlacesSource(_Strict):
    """``places.yaml``."""

    places: list[Place] = Field(min_length=1)


class BuildSources(_Strict):
    """All four source files, loaded and schema-checked."""

    directory: Path
    base: BaseSources
    units: UnitsSource
    rings: RingsSource
    places: PlacesSource


def _read_yaml(path: Path) -> Any:
    if not path.is_file():
        raise GeodataBuildError(path, "file", "an existing YAML file")
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else "document"
        raise GeodataBuildError(path, where, "valid YAML", getattr(exc, "problem", str(exc))) from exc


def _location(loc: tuple[Any, ...]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "document"


def _parse(model: type[BaseModel], path: Path) -> Any:
    data = _read_yaml(path)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise GeodataBuildError(
            path, _location(first["loc"]), first["msg"].removeprefix("Value error, "), first.get("input")
        ) from exc


def load_sources(directory: Path) -> BuildSources:
    """Load and schema-check the four source files of ``directory``.

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
    )
