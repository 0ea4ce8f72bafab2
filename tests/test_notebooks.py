"""The notebooks are stored clean, and their prose cannot hard-code computed lengths or areas.

CI executes the notebooks (``pytest notebooks --nbmake``); this module only reads the
stored files: no outputs or execution counts (so that run is the only execution), minimal
metadata, and no markdown that writes a number of km or km2 (those belong in code cells
that print them).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

NOTEBOOK_DIR = Path(__file__).resolve().parents[1] / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))

#: A number (digits with optional , . or spaces inside) followed by "km" (km, km2, km²).
KM_NUMBER = re.compile(r"\d(?:[\d,.\u202f ]*\d)?\s*(?:-\s*)?km", re.IGNORECASE)


def km_numbers(text: str) -> list[str]:
    """The numbers of km or km2 written in ``text``."""
    return [match.group(0) for match in KM_NUMBER.finditer(text)]


def _read(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _source(cell: dict) -> str:
    source = cell["source"]
    return source if isinstance(source, str) else "".join(source)


def test_the_notebooks_are_there() -> None:
    names = {path.name for path in NOTEBOOKS}
    assert {
        "01-june-vs-november-1920.ipynb",
        "02-your-own-version.ipynb",
        "03-maps-for-teaching.ipynb",
    } <= names


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.name)
def test_stored_without_outputs(path: Path) -> None:
    notebook = _read(path)
    assert notebook["nbformat"] == 4
    dirty = [
        index
        for index, cell in enumerate(notebook["cells"])
        if cell["cell_type"] == "code"
        and (cell.get("outputs") or cell.get("execution_count") is not None)
    ]
    assert not dirty, f"{path.name}: cells {dirty} have outputs or execution counts; clear them"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.name)
def test_minimal_metadata(path: Path) -> None:
    metadata = _read(path)["metadata"]
    assert metadata.get("kernelspec", {}).get("name") == "python3"
    assert set(metadata) <= {"kernelspec", "language_info"}, (
        f"{path.name}: extra metadata {sorted(metadata)}"
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.name)
def test_markdown_writes_no_km_numbers(path: Path) -> None:
    found = {
        index: km_numbers(_source(cell))
        for index, cell in enumerate(_read(path)["cells"])
        if cell["cell_type"] == "markdown"
    }
    found = {index: numbers for index, numbers in found.items() if numbers}
    assert not found, (
        f"{path.name}: markdown cells {found} write km numbers; print them from a code cell"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The shared border is 44.1 km long.", ["44.1 km"]),
        ("an area of 7,684 km2", ["7,684 km"]),
        ("a 12-km stretch", ["12-km"]),
        ("about 3 200km²", ["3 200km"]),
        ("footnote [3], 20 June 1920; km are printed above", []),
        ("the `border_km` column", []),
    ],
)
def test_km_guard(text: str, expected: list[str]) -> None:
    assert km_numbers(text) == expected
