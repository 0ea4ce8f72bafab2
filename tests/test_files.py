"""Data files that are not what they claim: FIFOs, folders, links that loop, unreadable files
and folders. Each is refused in one line naming it, or skipped with that line under
``--lenient``; nothing blocks on a FIFO and nothing is passed over without a word."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

import territory
from territory._files import read_data_text
from territory.errors import DataFileError


def _fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


def _loop(path: Path) -> Path:
    path.symlink_to(path.name)  # a link to itself
    return path


def _folder(path: Path) -> Path:
    path.mkdir()
    return path


ODD_ENTRIES = [
    (_fifo, "a regular YAML file, got 'a FIFO (named pipe)'"),
    (_loop, "an existing YAML file, got 'a symbolic link loop'"),
    (_folder, "a regular YAML file, got 'a folder'"),
]


@pytest.mark.parametrize(("make", "expected"), ODD_ENTRIES, ids=["fifo", "link-loop", "folder"])
def test_an_odd_entry_among_version_files_is_named(
    tmp_path: Path, write_version, cli, make, expected: str
) -> None:
    write_version()
    odd = make(tmp_path / "odd.yaml")
    with pytest.raises(DataFileError) as caught:
        territory.load(tmp_path)
    assert str(caught.value) == f"{odd}: file: expected {expected}"
    result = cli.run("versions", "--data", str(tmp_path))
    assert result.code == 1 and result.output == f"Error: {odd}: file: expected {expected}\n"
    lenient = cli.run("versions", "--data", str(tmp_path), "--lenient")
    assert lenient.code == 0 and "user-test" in lenient.stdout
    assert lenient.stderr == f"skipped: {odd}: file: expected {expected}\n"


def test_an_odd_path_given_directly_is_named(tmp_path: Path) -> None:
    fifo = _fifo(tmp_path / "pipe.yaml")
    with pytest.raises(DataFileError, match=r"pipe\.yaml: file: expected a regular YAML file"):
        territory.load(fifo)
    loop = _loop(tmp_path / "loop.yaml")
    with pytest.raises(DataFileError, match=r"loop\.yaml: (file|path): expected an existing"):
        territory.load(loop)


def test_an_odd_units_file_is_named(tmp_path: Path) -> None:
    _fifo(tmp_path / "units.geojson")
    with pytest.raises(DataFileError) as caught:
        territory.load(tmp_path / "units.geojson")
    assert str(caught.value) == (
        f"{tmp_path / 'units.geojson'}: file: expected a regular GeoJSON file, got 'a FIFO (named pipe)'"
    )


def test_an_unreadable_file_is_named(tmp_path: Path, write_version, monkeypatch) -> None:
    # the tests may run as root, whom file modes do not stop: the refusal is simulated
    path = write_version()
    real_open = os.open

    def refuse(name, flags, *args):
        if Path(name) == path:
            raise PermissionError(errno.EACCES, "Permission denied", str(name))
        return real_open(name, flags, *args)

    monkeypatch.setattr(os, "open", refuse)
    with pytest.raises(DataFileError) as caught:
        territory.load(path)
    assert str(caught.value) == f"{path}: file: expected a readable YAML file, got 'permission denied'"
    with pytest.warns(UserWarning, match="version file skipped"):
        atlas = territory.load(tmp_path, lenient=True)
    assert [str(problem) for problem in atlas.problems] == [str(caught.value)]


def test_an_unreadable_folder_is_named(tmp_path: Path, write_version, monkeypatch, cli) -> None:
    folder = tmp_path / "closed"
    write_version(directory=folder)
    real_iterdir = Path.iterdir

    def refuse(self: Path):
        if self == folder:
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real_iterdir(self)

    monkeypatch.setattr(Path, "iterdir", refuse)
    with pytest.raises(DataFileError) as caught:
        territory.load(folder)
    assert str(caught.value) == f"{folder}: directory: expected a readable directory, got 'permission denied'"
    result = cli.run("versions", "--data", str(folder))
    assert result.code == 1 and "Traceback" not in result.output and "permission denied" in result.output


def test_the_size_limit_is_checked_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"x" * 101)
    with pytest.raises(DataFileError, match=r"big\.yaml: file: expected at most 100 bytes, got '101 bytes'"):
        read_data_text(path, 100)
    assert read_data_text(path, 101) == "x" * 101


@pytest.mark.parametrize("argument", ["", "  "])
def test_an_empty_path_is_not_the_current_folder(argument: str, cli) -> None:
    with pytest.raises(DataFileError, match="an empty one would silently mean the current folder"):
        territory.load(argument)
    result = cli.run("versions", "--data", argument)
    assert result.code == 2 and "got an empty one" in result.output
