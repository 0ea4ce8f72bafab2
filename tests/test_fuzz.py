"""Property-based fuzzing of :func:`territory.load`: version files, units and places files.

Every example is written to a fresh temporary directory and loaded; the geometry of the
units and the places are then forced (they are read lazily). The contract, for every
example: loading either succeeds or raises a :class:`~territory.errors.TerritoryError`
whose message starts with the path of the file at fault, within a time bound. Any other
exception, an error that names another file, or a hang fails the example.

The families of examples:

* version files: the valid version of ``conftest.VALID_VERSION`` mutated at one field
  path (a value replaced by another type, None, a huge string, control characters, deep
  nesting ...; a key deleted; an unknown key added);
* random YAML: structures of mappings, lists and scalars dumped by PyYAML, random text,
  tricky YAML snippets, and the valid version's text with random text spliced in;
* random bytes as a version file;
* ``units.geojson``: a valid two-square FeatureCollection (the contract of conftest's
  ``units_file``) mutated at one path or given a bad geometry or parent, and random JSON;
* ``places.geojson`` beside valid units: a valid two-place collection mutated the same way,
  documents of the wrong shape, and random JSON.

The number of examples is bounded and the run is derandomized (the same examples on every
run), so that the module runs in CI in well under a minute.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import json
import math
import re
import signal
import tempfile
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import territory
from territory.errors import TerritoryError

#: The valid version every version example starts from: conftest's ``VALID_VERSION`` with every
#: optional field filled, so that each can be mutated; its file is ``user-test.yaml``.
BASE_VERSION: dict[str, Any] = {
    "id": "user-test",
    "date": "1921-07-05",
    "kind": "proposal",
    "title": "A test proposal",
    "author": "Test",
    "recipient": "Someone",
    "document": {"reference": "A test reference", "footnote": 3, "cited_in": "A book"},
    "notes": "A note",
    "assignments": [
        {"unit": "kars", "party": "turkey", "status": "part_of", "confidence": "stated",
         "quote": "A quote"},
        {"unit": "nakhchivan", "party": "armenia_ssr", "status": "disputed", "confidence": "inferred",
         "claimants": ["armenia_ssr", "azerbaijan_ssr"]},
    ],
}  # fmt: skip


def _square(x: float, y: float, size: float = 0.1) -> dict[str, Any]:
    """A GeoJSON Polygon: the square of side ``size`` degrees with its south-west corner at x, y."""
    ring = [[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]
    return {"type": "Polygon", "coordinates": [[[round(a, 6), round(b, 6)] for a, b in ring]]}


def _unit(unit_id: str, x: float) -> dict[str, Any]:
    """A units-file feature after the data contract (conftest's ``units_file``), child of ``ab``."""
    return {
        "type": "Feature",
        "properties": {"id": unit_id, "name": unit_id.title(), "aliases": [f"{unit_id}-alias"],
                       "parent": "ab", "seat": None, "kind": "focus", "sources": ["test"],
                       "uncertainty_km": 1},
        "geometry": _square(x, 39.5),
    }  # fmt: skip


#: A valid units file: two squares ``a`` and ``b`` sharing an edge, children of ``ab``.
BASE_UNITS: dict[str, Any] = {
    "type": "FeatureCollection",
    "parents": [
        {"id": "ab", "name": "Ab", "aliases": ["Both"], "seat": None, "kind": "focus",
         "sources": ["test"], "children": ["a", "b"]},
    ],
    "features": [_unit("a", 45.0), _unit("b", 45.1)],
}  # fmt: skip


def _place(place_id: str, unit: str, x: float) -> dict[str, Any]:
    """A places-file feature with the columns the atlas reads (``territory.units._PLACE_COLUMNS``)."""
    return {
        "type": "Feature",
        "properties": {"id": place_id, "name": place_id.title(), "names": None, "names_note": None,
                       "aliases": [f"{place_id}-town"], "kind": "town", "unit": unit,
                       "coordinates": "test", "seed": [], "note": None},
        "geometry": {"type": "Point", "coordinates": [x, 39.55]},
    }  # fmt: skip


#: A valid places file: one place in each square of :data:`BASE_UNITS`.
BASE_PLACES: dict[str, Any] = {
    "type": "FeatureCollection",
    "features": [_place("alpha", "a", 45.05), _place("beta", "b", 45.15)],
}

#: Hypothesis settings shared by the properties: reproducible, no example database written
#: into the working tree, a deadline per example.
DEADLINE_MS = 5_000
HARD_LIMIT_S = 60.0
"""An example still running after this long is stopped and fails (a hang, not slowness)."""
FUZZ = settings(
    derandomize=True,
    database=None,
    deadline=DEADLINE_MS,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# --------------------------------------------------------------------- running examples


class ExampleTimeout(Exception):
    """An example ran past :data:`HARD_LIMIT_S` (raised by the alarm of :func:`_time_bound`)."""


@contextlib.contextmanager
def _time_bound(seconds: float) -> Iterator[None]:
    """Raise :class:`ExampleTimeout` in the block after ``seconds`` (POSIX, main thread only;
    elsewhere the block runs unbounded and only Hypothesis' deadline applies)."""
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise ExampleTimeout(f"example still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _loads_or_names(culprit: Path, run: Callable[[], None]) -> None:
    """Run ``run`` (a load and what forces its lazy parts); it may only succeed or raise a
    :class:`TerritoryError` whose message starts with the path of ``culprit``.

    Any other exception propagates, and so fails the example.
    """
    try:
        with _time_bound(HARD_LIMIT_S):
            run()
    except TerritoryError as error:
        assert str(error).startswith(str(culprit)), (
            f"{type(error).__name__} does not start with {culprit}: {error}"
        )


def _use_version(path: Path) -> Callable[[], None]:
    """Load the version file ``path``; when it loads, it is one version named after the file,
    and its table and layer can be made."""

    def run() -> None:
        atlas = territory.load(path)
        mine = [version for version in atlas.versions if version.path == path]
        ids = [version.id for version in mine]
        assert ids == [path.stem], "a file that loads is one version, named after the file"
        assert len(atlas.assignments(path.stem)) >= 1
        assert len(atlas.layer(path.stem)) >= len(mine[0].assignments)

    return run


def _use_units(directory: Path) -> None:
    """Load a directory of units (and places), then force the unit geometry: the frame, each
    unit's geometry and area (validity is checked there), and the unit graph."""
    atlas = territory.load(directory)
    hierarchy = atlas.hierarchy
    assert list(atlas.units.index) == list(hierarchy.finest_ids)
    for unit in hierarchy.ids:
        assert not hierarchy.geometry(unit).is_empty
        assert hierarchy.area_km2(unit) > 0
    atlas.adjacency  # noqa: B018 (the unit graph, built from the frame's geometry)


def _use_places(directory: Path) -> None:
    """Load a directory of units and places, then read the places and search their names."""
    atlas = territory.load(directory)
    places = atlas.places
    assert places.index.is_unique or len(places) == 0
    atlas.search("alpha")


def _write(path: Path, content: str | bytes) -> Path:
    """Write ``content`` (text as UTF-8) to ``path``."""
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


# ------------------------------------------------------------------------- mutations

_DEEP = "deepnestingmarker"
"""A plain scalar that :func:`_dump_yaml` / :func:`_dump_json` replace by nested lists."""


@dataclass(frozen=True)
class Mutation:
    """One change of a document at one location.

    Attributes
    ----------
    path
        Keys and list indexes from the root to the value changed (``()`` is the root).
    kind
        ``replace`` (the value by ``value``), ``delete`` (the key or item), ``add_key``
        (``value`` under the unknown key ``key`` of the mapping at ``path``) or ``nest``
        (the value by ``depth`` levels of nested lists).
    """

    path: tuple[str | int, ...]
    kind: str
    value: Any = None
    key: str = ""
    depth: int = 0

    def __repr__(self) -> str:
        value = repr(self.value)
        value = value if len(value) <= 120 else f"{value[:100]}... ({len(value)} characters)"
        extra = {"add_key": f", key={self.key!r}", "nest": f", depth={self.depth}"}.get(self.kind, "")
        return f"Mutation(path={self.path!r}, kind={self.kind!r}, value={value}{extra})"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:  # how Hypothesis prints it
        printer.text(repr(self))

    def apply(self, document: Any) -> Any:
        """A deep copy of ``document`` with this change made."""
        document = copy.deepcopy(document)
        if self.kind == "replace" and not self.path:
            return self.value
        if self.kind == "nest" and not self.path:
            return f"{_DEEP}{self.depth}"
        parent = document
        for part in self.path[:-1] if self.kind != "add_key" else self.path:
            parent = parent[part]
        if self.kind == "add_key":
            parent[self.key] = self.value
            return document
        last = self.path[-1]
        if self.kind == "delete":
            del parent[last]
        elif self.kind == "replace":
            parent[last] = self.value
        elif self.kind == "nest":
            parent[last] = f"{_DEEP}{self.depth}"
        return document


@dataclass(frozen=True)
class Sample:
    """One example file: how it was made (a :class:`Mutation` or a family name) and its text.

    The text is shown cut short in Hypothesis' report; the change says what it is.
    """

    change: Any
    text: str

    def __repr__(self) -> str:
        shown = repr(self.text)
        if len(self.text) > 160:
            shown = f"{self.text[:140]!r}... ({len(self.text)} characters)"
        return f"Sample(change={self.change!r}, text={shown})"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:  # how Hypothesis prints it
        printer.text(repr(self))


def _locations(node: Any, prefix: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    """Every location in a document, the root first."""
    found = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _locations(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _locations(value, (*prefix, index))
    return found


def _mappings(node: Any) -> list[tuple[str | int, ...]]:
    """The locations of the mappings in a document."""
    return [path for path in _locations(node) if isinstance(_at(node, path), dict)]


def _at(node: Any, path: tuple[str | int, ...]) -> Any:
    for part in path:
        node = node[part]
    return node


def _control_text() -> st.SearchStrategy[str]:
    """Text full of characters a data file should not hold (C0, C1, U+FFFE, U+FFFF, BOM)."""
    odd = st.sampled_from(["\x00", "\x07", "\x1b", "\x7f", "\x85", "\x9f", "\ufffe", "\uffff",
                           "\ufeff", "\u2028", "\r", "\t", "\n"])  # fmt: skip
    return st.lists(odd | st.characters(max_codepoint=0x9F), min_size=1, max_size=8).map("".join)


def _scalars(dates: bool) -> st.SearchStrategy[Any]:
    """Values of every scalar type a YAML or JSON document can hold, and odd text."""
    strategies = [
        st.none(),
        st.booleans(),
        st.integers(min_value=-(2**70), max_value=2**70),
        st.floats(allow_nan=True, allow_infinity=True),
        st.text(max_size=12),
        _control_text(),
        st.sampled_from(["", " ", "kars", "turkey", "part_of", "a", "b", "ab", "1920-02-30",
                         "1913-12-31", "1926-01-01", "null", "~", "yes", "1e400", "-.inf",
                         "Polygon", "Point", "FeatureCollection", "../../etc/passwd"]),
        st.integers(min_value=1, max_value=4).map(lambda power: "x" * 10**power),  # to 10 kB
    ]  # fmt: skip
    if dates:
        strategies.append(st.dates(min_value=dt.date(1, 1, 1)))
    return st.one_of(strategies)


def _odd_values(dates: bool) -> st.SearchStrategy[Any]:
    """What a field may be replaced by: any scalar, short lists and mappings of them, lists
    of lists (unhashable where an id is expected)."""
    scalars = _scalars(dates)
    return st.one_of(
        scalars,
        st.lists(scalars, max_size=3),
        st.lists(st.lists(scalars, max_size=2), min_size=1, max_size=2),
        st.dictionaries(st.text(max_size=6), scalars, max_size=3),
    )


def _mutations(document: Any, dates: bool, max_depth: int) -> st.SearchStrategy[Mutation]:
    """One change of ``document`` at one location (see :class:`Mutation`)."""
    locations = _locations(document)
    inner = locations[1:]
    values = _odd_values(dates)
    keys = st.text(max_size=8) | st.sampled_from(["ID", "extra", "names", "parent", "type", "id"])
    return st.one_of(
        st.builds(Mutation, st.sampled_from(locations), st.just("replace"), values),
        st.builds(Mutation, st.sampled_from(inner), st.just("delete")),
        st.builds(Mutation, st.sampled_from(_mappings(document)), st.just("add_key"), values, keys),
        st.builds(Mutation, st.sampled_from(inner), st.just("nest"),
                  depth=st.integers(min_value=1, max_value=max_depth)),
    )  # fmt: skip


def _deep(depth: int) -> str:
    return "[" * depth + "0" + "]" * depth


def _dump_yaml(document: Any) -> str:
    """``document`` as block YAML, with the deep-nesting markers made into nested lists."""
    text = yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=4096)
    return re.sub(f"{_DEEP}([0-9]+)", lambda match: _deep(int(match.group(1))), text)


def _dump_json(document: Any) -> str:
    """``document`` as JSON, with the deep-nesting markers made into nested lists."""
    text = json.dumps(document, ensure_ascii=False)
    return re.sub(f'"{_DEEP}([0-9]+)"', lambda match: _deep(int(match.group(1))), text)


# ---------------------------------------------------------------------- version files

_VERSION_KEYS = sorted({*BASE_VERSION, "date", "extends", "follows", "also_cited", "not_before",
                        "not_after", "unit", "party", "status", "confidence", "claimants"})  # fmt: skip

_YAML_SNIPPETS = [
    "? [a, b]\n: 1\n",  # an unhashable key
    "? {a: 1}\n: 1\n",
    "a: &x [*x]\n",  # an alias inside itself
    "a: *nowhere\n",
    "!!python/object/apply:os.system [echo]\n",
    "!!binary aGVsbG8=\n",
    "!!set {a, b}\n",
    "a: !!timestamp 1920-06-20\n",
    "--- a\n--- b\n",  # two documents
    "%YAML 1.1\n%YAML 1.1\n---\na\n",
    "id: x\nid: y\n",  # a repeated key
    # billion laughs, small (10**5 * 4 values with the aliases expanded)
    ("a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
     "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
     "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: [*e, *e, *e, *e]\n"),
    "date: 99999999999-01-01\n",
    "footnote: 1" + "0" * 5000 + "\n",
    "a: 0x" + "f" * 400 + "\n",
    "a: 1e99999\n",
    "\ufeffid: user-test\n",
    "\t- a\n",
    "a: 'unterminated\n",
    "[" * 70 + "]" * 70 + "\n",
    "{" * 300 + "\n",
]


@st.composite
def mutated_versions(draw: st.DrawFn) -> Sample:
    """The valid version with one change, and its YAML text."""
    mutation = draw(_mutations(BASE_VERSION, dates=True, max_depth=120))
    return Sample(mutation, _dump_yaml(mutation.apply(BASE_VERSION)))


def _yaml_structures() -> st.SearchStrategy[Any]:
    """Nested mappings, lists and scalars, with the keys of a version file among the keys."""
    keys = st.sampled_from(_VERSION_KEYS) | st.text(max_size=8) | st.integers() | st.none()
    return st.recursive(
        _scalars(dates=True),
        lambda children: st.lists(children, max_size=4) | st.dictionaries(keys, children, max_size=5),
        max_leaves=25,
    )


def random_yaml() -> st.SearchStrategy[str]:
    """YAML text: dumped structures, random text, tricky snippets, the valid version with
    random text spliced in."""
    valid = _dump_yaml(BASE_VERSION)

    @st.composite
    def spliced(draw: st.DrawFn) -> str:
        start = draw(st.integers(min_value=0, max_value=len(valid)))
        end = draw(st.integers(min_value=start, max_value=min(len(valid), start + 20)))
        return valid[:start] + draw(st.text(max_size=20) | _control_text()) + valid[end:]

    dumped = _yaml_structures().map(lambda data: yaml.safe_dump(data, allow_unicode=True))
    return st.one_of(
        dumped,
        st.text(max_size=200),
        st.lists(st.sampled_from(_YAML_SNIPPETS) | st.text(max_size=10), min_size=1, max_size=3)
        .map("".join),
        spliced(),
    )  # fmt: skip


@settings(FUZZ, max_examples=80)
@given(example=mutated_versions())
def test_mutated_version_files_load_or_name_the_file(example: Sample) -> None:
    text = example.text
    with tempfile.TemporaryDirectory() as folder:
        path = _write(Path(folder) / f"{BASE_VERSION['id']}.yaml", text)
        _loads_or_names(path, _use_version(path))


@settings(FUZZ, max_examples=80)
@given(text=random_yaml())
def test_random_yaml_loads_or_names_the_file(text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = _write(Path(folder) / "fuzz.yaml", text)
        _loads_or_names(path, _use_version(path))


@settings(FUZZ, max_examples=40)
@given(content=st.binary(max_size=300) | st.text(max_size=50).map(lambda text: text.encode("utf-16")))
def test_random_bytes_load_or_name_the_file(content: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = _write(Path(folder) / "fuzz.yaml", content)
        _loads_or_names(path, _use_version(path))


# ------------------------------------------------------------------------ units files

_BAD_GEOMETRIES: list[Any] = [
    None,
    {},
    "POLYGON ((45 39.5, 45.1 39.5, 45.1 39.6, 45 39.5))",
    {"type": "Polygon"},
    {"type": "Polygon", "coordinates": None},
    {"type": "Polygon", "coordinates": []},
    {"type": "Polygon", "coordinates": [[]]},
    {"type": "Polygon", "coordinates": [[[45.0, 39.5], [45.1, 39.5]]]},  # a ring of two points
    {"type": "Polygon", "coordinates": [[[45.0, 39.5], [45.1, 39.5], [45.0, 39.5]]]},
    {"type": "Polygon", "coordinates": [[[45.0, 39.5], [45.1, 39.5], [45.1, 39.6], [45.0, 39.6]]]},  # open
    {"type": "Polygon", "coordinates": [[["45", "39.5"], ["45.1", "39.5"], ["45.1", "39.6"], ["45", "39.5"]]]},
    {"type": "Polygon", "coordinates": [[[45.0], [45.1], [45.2], [45.0]]]},
    {"type": "Polygon", "coordinates": [[[45.0, 39.5, 1, 2, 3], [45.1, 39.5, 1, 2, 3], [45.1, 39.6, 1, 2, 3],
                                         [45.0, 39.5, 1, 2, 3]]]},
    {"type": "Polygon", "coordinates": [[[math.nan, 39.5], [45.1, 39.5], [45.1, 39.6], [math.nan, 39.5]]]},
    {"type": "Polygon", "coordinates": [[[1e308, 39.5], [math.inf, 39.5], [45.1, 39.6], [1e308, 39.5]]]},
    {"type": "Polygon", "coordinates": [[[45.0, 39.5], [45.1, 39.6], [45.1, 39.5], [45.0, 39.6],
                                         [45.0, 39.5]]]},  # a bow tie
    {"type": "Polygon", "coordinates": [[[45.0, 39.5], [45.1, 39.5], [45.1, 39.6], [45.0, 39.5]]],
     "bbox": "x"},
    {"type": "Polygon", "coordinates": {"ring": [[45.0, 39.5]]}},
    {"type": "Polygon", "coordinates": 45},
    {"type": "Polygon", "coordinates": [[[[45.0, 39.5]]]]},
    {"type": "MultiPolygon", "coordinates": [[[45.0, 39.5], [45.1, 39.5], [45.1, 39.6], [45.0, 39.5]]]},
    {"type": "MultiPolygon", "coordinates": []},
    {"type": "MultiPolygon", "coordinates": [[[[45.0, 39.5], [45.1, 39.5], [45.1, 39.6], [45.0, 39.5]]],
                                             [[[45.0, 39.5], [45.1, 39.5], [45.1, 39.6], [45.0, 39.5]]]]},
    {"type": "Point", "coordinates": [45.0, 39.5]},
    {"type": "Polygonn", "coordinates": _square(45.0, 39.5)["coordinates"]},
    {"type": "GeometryCollection", "geometries": []},
    {"type": ["Polygon"], "coordinates": _square(45.0, 39.5)["coordinates"]},
]


def _rings() -> st.SearchStrategy[Any]:
    """Polygon coordinates of random shape: points of numbers, text, None, of any length."""
    number = st.floats(min_value=-200, max_value=200) | st.text(max_size=3) | st.none()
    point = st.lists(number, max_size=4)
    return st.lists(st.lists(point, max_size=6), max_size=2)


def _random_json() -> st.SearchStrategy[str]:
    """JSON text of any structure, random text, and random bytes decoded leniently."""
    keys = st.sampled_from(["type", "features", "parents", "properties", "geometry", "id", "children"])
    values = st.recursive(
        _scalars(dates=False),
        lambda children: st.lists(children, max_size=4)
        | st.dictionaries(keys | st.text(max_size=6), children, max_size=5),
        max_leaves=25,
    )
    return st.one_of(
        values.map(json.dumps),
        st.text(max_size=100),
        st.sampled_from(["", "{", "[" * 3000 + "]" * 3000, '{"type": "FeatureCollection", "features": '
                         + "[" * 3000 + "]" * 3000 + "}", "NaN", '"\\ud800"', "\x00"]),
    )  # fmt: skip


@st.composite
def units_documents(draw: st.DrawFn) -> Sample:
    """A units file: the valid one changed at one path, given a bad geometry or bad parent
    children, or random JSON; the change (for the report) and the file's text."""
    choice = draw(st.sampled_from(["mutation", "geometry", "rings", "children", "random"]))
    if choice == "random":
        text = draw(_random_json())
        return Sample("random JSON", text)
    if choice == "mutation":
        change: Any = draw(_mutations(BASE_UNITS, dates=False, max_depth=3000))
        return Sample(change, _dump_json(change.apply(BASE_UNITS)))
    index = draw(st.sampled_from([0, 1]))
    if choice == "geometry":
        geometry = draw(st.sampled_from(_BAD_GEOMETRIES))
        change = Mutation(("features", index, "geometry"), "replace", geometry)
    elif choice == "rings":
        kind = draw(st.sampled_from(["Polygon", "MultiPolygon"]))
        change = Mutation(("features", index, "geometry"), "replace",
                          {"type": kind, "coordinates": draw(_rings())})  # fmt: skip
    else:
        children = draw(st.sampled_from([[["a"], ["b"]], [{"a": 1}], "ab", ["a"], ["a", "a", "b"], [None],
                                         ["a", "b", "c"], [1, 2], [[]]]))  # fmt: skip
        change = Mutation(("parents", 0, "children"), "replace", children)
    return Sample(change, _dump_json(change.apply(BASE_UNITS)))


@settings(FUZZ, max_examples=150)
@given(example=units_documents())
def test_units_files_load_or_name_the_file(example: Sample) -> None:
    text = example.text
    with tempfile.TemporaryDirectory() as folder:
        path = _write(Path(folder) / "units.geojson", text)
        _loads_or_names(path, lambda: _use_units(Path(folder)))


# ----------------------------------------------------------------------- places files

_BAD_PLACES: list[Any] = [
    [],
    [BASE_PLACES["features"][0]],
    "places",
    42,
    None,
    {"type": "FeatureCollection"},
    {"type": "FeatureCollection", "features": {"alpha": BASE_PLACES["features"][0]}},
    {"type": "FeatureCollection", "features": "alpha"},
    {"type": "FeatureCollection", "features": [None]},
    {"type": "FeatureCollection", "features": [[1, 2]]},
    {"type": "FeatureCollection", "features": [{"type": "Feature"}]},
    {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"id": "x"}}]},
    {"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": None,
                                                "properties": {"id": "x", "name": "X"}}]},
    {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": None,
                                                "geometry": {"type": "Point", "coordinates": [45, 39]}}]},
    {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"id": "x", "name": "X"},
                                                "geometry": {"type": "Point", "coordinates": ["45", "39"]}}]},
    {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"id": "x", "name": "X"},
                                                "geometry": {"type": "Point", "coordinates": "45 39"}}]},
    {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"id": "x", "name": "X"},
                                                "geometry": {"type": "Blob", "coordinates": [45, 39]}}]},
    {"type": "FeatureCollection", "features": [BASE_PLACES["features"][0], BASE_PLACES["features"][0]]},
]  # fmt: skip


@st.composite
def places_documents(draw: st.DrawFn) -> Sample:
    """A places file: the valid one changed at one path, a document of the wrong shape, or
    random JSON; the change (for the report) and the file's text."""
    choice = draw(st.sampled_from(["mutation", "mutation", "shape", "random"]))
    if choice == "random":
        return Sample("random JSON", draw(_random_json()))
    if choice == "shape":
        change: Any = Mutation((), "replace", draw(st.sampled_from(_BAD_PLACES)))
    else:
        change = draw(_mutations(BASE_PLACES, dates=False, max_depth=3000))
    return Sample(change, _dump_json(change.apply(BASE_PLACES)))


@settings(FUZZ, max_examples=150)
@given(example=places_documents())
def test_places_files_load_or_name_the_file(example: Sample) -> None:
    text = example.text
    with tempfile.TemporaryDirectory() as folder:
        _write(Path(folder) / "units.geojson", json.dumps(BASE_UNITS))
        path = _write(Path(folder) / "places.geojson", text)
        _loads_or_names(path, lambda: _use_places(Path(folder)))


# ------------------------------------------------------------------ the valid examples


def test_the_valid_documents_the_mutations_start_from_load(tmp_path: Path) -> None:
    """The fuzzing is not vacuous: unchanged, every starting document loads and is used."""
    version = _write(tmp_path / f"{BASE_VERSION['id']}.yaml", _dump_yaml(BASE_VERSION))
    _use_version(version)()
    units = tmp_path / "units"
    units.mkdir()
    _write(units / "units.geojson", _dump_json(BASE_UNITS))
    _write(units / "places.geojson", _dump_json(BASE_PLACES))
    _use_units(units)
    _use_places(units)
    atlas = territory.load(units)
    assert set(atlas.hierarchy.ids) == {"ab", "a", "b"}
    assert list(atlas.places.index) == ["alpha", "beta"]
    assert atlas.adjacency.borders  # the two squares share an edge


def test_a_time_bound_stops_a_hang() -> None:
    """The hard time bound of each example works (where the platform allows it)."""
    if not hasattr(signal, "setitimer"):
        pytest.skip("no interval timer on this platform")
    with pytest.raises(ExampleTimeout), _time_bound(0.05):
        while True:
            pass


def test_mutations_change_one_location() -> None:
    """A mutation changes the document at its path and nowhere else."""
    changed = Mutation(("assignments", 0, "unit"), "replace", [["kars"]]).apply(BASE_VERSION)
    assert changed["assignments"][0]["unit"] == [["kars"]]
    assert BASE_VERSION["assignments"][0]["unit"] == "kars"
    assert "title" not in Mutation(("title",), "delete").apply(BASE_VERSION)
    assert Mutation(("document",), "add_key", 1, key="x").apply(BASE_VERSION)["document"]["x"] == 1
    deep = yaml.safe_load(_dump_yaml(Mutation(("notes",), "nest", depth=3).apply(BASE_VERSION)))
    assert deep["notes"] == [[[0]]]
    assert json.loads(_dump_json(Mutation((), "nest", depth=2).apply(BASE_UNITS))) == [[0]]
