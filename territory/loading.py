"""``territory.load``: the built-in atlas plus the user's own files."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Union

from territory._paths import data_dir
from territory.atlas import Atlas
from territory.errors import DataFileError
from territory.parties import read_parties
from territory.units import read_units
from territory.versions import load_versions

PathLike = Union[str, "os.PathLike[str]"]

_VERSION_SUFFIXES = {".yaml", ".yml"}
_UNITS_SUFFIXES = {".geojson", ".json"}


@dataclass
class _Sources:
    units: Path
    places: Path
    parties: list[Path]
    versions: list[Path] = field(default_factory=list)


def load(path: PathLike | list[PathLike] | None = None, *, lenient: bool = False) -> Atlas:
    """Load the atlas: the built-in units, parties and versions, plus the user's files.

    Parameters
    ----------
    path
        None for the built-in atlas, or a file or directory (or a list of them) to
        add: version files (``*.yaml``), a directory of them (its ``versions/``
        subdirectory too), a units file (``*.geojson``, replacing the built-in one;
        a directory's ``units.geojson`` and ``places.geojson`` likewise; the built-in
        versions are then left out, as they speak of the built-in units) and a
        directory's ``parties.yaml`` (adding parties).
    lenient
        If True, a version file with problems is skipped with a warning and its
        problems are kept in :attr:`Atlas.problems`; otherwise the first problem is
        raised.

    Returns
    -------
    Atlas

    Raises
    ------
    DataFileError
        A path does not exist, or a file is malformed (file, line, field, expectation).
    """
    base = data_dir()
    sources = _Sources(
        units=base / "units.geojson",
        places=base / "places.geojson",
        parties=[base / "parties.yaml"],
        versions=_yaml_files(base / "versions"),
    )
    builtin_units = sources.units
    for item in _as_list(path):
        _add(sources, Path(item))
    if sources.units != builtin_units:
        # the built-in versions speak of the built-in units; with other units only the user's count
        builtin_versions = (base / "versions").resolve()
        sources.versions = [
            item for item in sources.versions if item.resolve().parent != builtin_versions
        ]
    sources.versions = _distinct(sources.versions)
    sources.parties = _distinct(sources.parties)
    hierarchy = read_units(sources.units)
    parties = read_parties(sources.parties)
    versions, problems = load_versions(sources.versions, hierarchy, parties, lenient=lenient)
    return Atlas(hierarchy, sources.places, parties, versions, problems)


def _distinct(paths: list[Path]) -> list[Path]:
    """``paths`` in their order, each file once (the same file given twice, or given
    again through a directory, is one file, not two files with the same ids)."""
    seen: set[Path] = set()
    kept: list[Path] = []
    for path in paths:
        resolved = path.resolve()
        if resolved not in seen:
            seen.add(resolved)
            kept.append(path)
    return kept


def _as_list(path: PathLike | list[PathLike] | None) -> list[PathLike]:
    if path is None:
        return []
    if isinstance(path, (list, tuple)):
        return list(path)
    return [path]


def _yaml_files(directory: Path) -> list[Path]:
    if not directory.is_dir():
        return []
    return sorted(
        item for item in directory.iterdir() if item.suffix in _VERSION_SUFFIXES and item.is_file()
    )


def _add(sources: _Sources, path: Path) -> None:
    if not path.exists():
        raise DataFileError(
            path, "path", "an existing version file (.yaml), units file (.geojson) or directory"
        )
    if path.is_dir():
        if (path / "units.geojson").is_file():
            sources.units = path / "units.geojson"
            sources.places = path / "places.geojson"
        if (path / "parties.yaml").is_file():
            sources.parties.append(path / "parties.yaml")
        found = [item for item in _yaml_files(path) if item.name != "parties.yaml"] + _yaml_files(
            path / "versions"
        )
        if (
            not found
            and sources.units != path / "units.geojson"
            and not (path / "parties.yaml").is_file()
        ):
            raise DataFileError(
                path,
                "directory",
                "version files (*.yaml), a versions/ subdirectory or units.geojson",
            )
        sources.versions.extend(found)
    elif path.suffix in _VERSION_SUFFIXES:
        sources.versions.append(path)
    elif path.suffix in _UNITS_SUFFIXES:
        sources.units = path
    else:
        raise DataFileError(
            path, "path", "a .yaml version file, a .geojson units file or a directory", path.suffix
        )
