"""``territory.load``: the built-in atlas plus the user's own files."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Union

from territory._files import os_reason
from territory._paths import data_dir
from territory.atlas import Atlas
from territory.errors import DataFileError, expect_path
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
    for item in _as_paths(path):
        _add(sources, item)
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
        try:
            resolved = path.resolve()
        except (OSError, RuntimeError):  # a link that loops: the reader refuses it by name
            resolved = path.absolute()
        if resolved not in seen:
            seen.add(resolved)
            kept.append(path)
    return kept


def _as_paths(path: object) -> list[Path]:
    """``load``'s argument as a list of paths; anything else, or an empty name (which
    ``Path`` would read as the current folder), is refused naming the argument."""
    items = [] if path is None else list(path) if isinstance(path, (list, tuple)) else [path]
    paths = []
    for item in items:
        expect_path(item, "load(path)",
                    "a file or directory path (str or os.PathLike), a list of them, or None")
        text = os.fspath(item)
        if not isinstance(text, str) or not text.strip():
            raise DataFileError("load(path)", "path", "a file or directory name (an empty one "
                                "would silently mean the current folder)", text)
        paths.append(Path(text))
    return paths


def _yaml_files(directory: Path) -> list[Path]:
    """The ``*.yaml`` and ``*.yml`` entries of ``directory``, sorted; every such entry, not only
    the regular files, so that a FIFO, a folder or a link that loops is refused by the reader
    (or skipped with a warning by a lenient load), never passed over without a word."""
    if not _is_dir(directory):
        return []
    try:
        entries = list(directory.iterdir())
    except OSError as exc:
        raise DataFileError(directory, "directory", "a readable directory", os_reason(exc)) from None
    return sorted(item for item in entries if item.suffix in _VERSION_SUFFIXES)


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:  # a folder above it that cannot be searched: the listing says why
        return True


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:
        return False


def _add(sources: _Sources, path: Path) -> None:
    if not path.exists() and not path.is_symlink():
        raise DataFileError(
            path, "path", "an existing version file (.yaml), units file (.geojson) or directory"
        )
    if _is_dir(path):
        if _is_file(path / "units.geojson"):
            sources.units = path / "units.geojson"
            sources.places = path / "places.geojson"
        if _is_file(path / "parties.yaml"):
            sources.parties.append(path / "parties.yaml")
        found = [item for item in _yaml_files(path) if item.name != "parties.yaml"] + _yaml_files(
            path / "versions"
        )
        if (
            not found
            and sources.units != path / "units.geojson"
            and not _is_file(path / "parties.yaml")
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
