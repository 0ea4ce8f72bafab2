"""Fixtures shared by the test modules: the built-in atlas, version files, the CLI, and
synthetic units (a units file, square grids and Voronoi tilings)."""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
import yaml
from click.testing import CliRunner
from shapely.geometry import box, mapping

import territory
from territory.cli import main
from territory.crs import EQUAL_AREA
from territory.tables import DIFF_COLUMNS, LAYER_COLUMNS

#: A valid version file; :func:`write_version` overrides its fields.
VALID_VERSION: dict[str, Any] = {
    "id": "user-test",
    "date": "1921-07-05",
    "kind": "proposal",
    "title": "A test proposal",
    "author": "Test",
    "document": {"reference": "A test reference"},
    "assignments": [
        {"unit": "kars", "party": "turkey", "status": "part_of", "confidence": "stated"},
    ],
}


@pytest.fixture(scope="session")
def atlas() -> territory.Atlas:
    """The built-in atlas, loaded once (an atlas never changes after loading)."""
    return territory.load()


# ---------------------------------------------------------------- synthetic units
UnitsFile = Callable[..., Path]


@pytest.fixture
def units_file(tmp_path: Path) -> UnitsFile:
    """A factory that writes a units file after the data contract and returns its path.

    ``units_file(units, parents)`` writes ``<tmp_path>/units.geojson`` from ``units``, dicts of
    ``id``, ``geometry`` and optionally ``parent``, ``aliases`` and ``kind``, and ``parents``,
    the file's ``parents`` entries as they are; ``path`` writes elsewhere.
    """

    def write(units: list[dict], parents: Sequence[dict] = (), path: Path | None = None) -> Path:
        features = []
        for unit in units:
            properties = {"id": unit["id"], "name": unit["id"].title(), "aliases": unit.get("aliases", []),
                          "parent": unit.get("parent"), "seat": None, "kind": unit.get("kind", "focus"),
                          "sources": ["test"], "uncertainty_km": 1}  # fmt: skip
            features.append(
                {"type": "Feature", "properties": properties, "geometry": mapping(unit["geometry"])}
            )
        path = path or tmp_path / "units.geojson"
        path.write_text(
            json.dumps({"type": "FeatureCollection", "parents": list(parents), "features": features})
        )
        return path

    return write


def _grid_tiling(columns: int, rows: int, parents: dict[str, str] | None = None) -> gpd.GeoDataFrame:
    """Squares of 0.1 degree near 45 E, 39.5 N; id ``c{column}r{row}``; shared corners are exact."""
    xs = [round(45.0 + 0.1 * i, 6) for i in range(columns + 1)]
    ys = [round(39.5 + 0.1 * j, 6) for j in range(rows + 1)]
    ids, cells = [], []
    for i in range(columns):
        for j in range(rows):
            ids.append(f"c{i}r{j}")
            cells.append(box(xs[i], ys[j], xs[i + 1], ys[j + 1]))
    parents = parents or {}
    return gpd.GeoDataFrame({"parent": [parents.get(u) for u in ids]}, geometry=cells, index=ids, crs=4326)


def _voronoi_tiling(count: int, seed: int) -> gpd.GeoDataFrame:
    """A random Voronoi tiling of a 2 x 1.5 degree frame in the region, ids ``v0000``..."""
    rng = np.random.default_rng(seed)
    frame = box(44.0, 39.0, 46.0, 40.5)
    points = shapely.multipoints(rng.uniform([44.0, 39.0], [46.0, 40.5], size=(count, 2)))
    cells = shapely.intersection(shapely.get_parts(shapely.voronoi_polygons(points, extend_to=frame)), frame)
    return gpd.GeoDataFrame(geometry=list(cells), index=[f"v{i:04d}" for i in range(len(cells))], crs=4326)


@pytest.fixture(scope="session")
def grid_tiling() -> Callable[..., gpd.GeoDataFrame]:
    """``grid_tiling(columns, rows, parents=None)``: a grid of squares (see :func:`_grid_tiling`)."""
    return _grid_tiling


@pytest.fixture(scope="session")
def voronoi_tiling() -> Callable[[int, int], gpd.GeoDataFrame]:
    """``voronoi_tiling(count, seed)``: a random Voronoi tiling (see :func:`_voronoi_tiling`)."""
    return _voronoi_tiling


WriteVersion = Callable[..., Path]


@pytest.fixture
def write_version(tmp_path: Path) -> WriteVersion:
    """A factory that writes a valid version file, with fields overridden, and returns its path.

    ``write_version(id="x", assignments=[...])`` writes ``<tmp_path>/x.yaml``; ``directory``
    puts it elsewhere, ``name`` gives another file name, and a field set to None is left out.
    """

    def write(directory: Path | None = None, name: str | None = None, **fields: Any) -> Path:
        document = {**VALID_VERSION, **fields}
        document = {key: value for key, value in document.items() if value is not None}
        folder = directory or tmp_path
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / (name or f"{document.get('id', 'version')}.yaml")
        path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")
        return path

    return write


@dataclass(frozen=True)
class CliResult:
    """What one ``territory`` command gave: exit code, combined output, stdout and stderr."""

    code: int
    output: str
    stdout: str
    stderr: str


class Cli:
    """Runs ``territory`` commands in-process (click's runner), as a user types them."""

    def run(self, *args: str, width: int | None = None) -> CliResult:
        """Run ``territory ARGS`` (on a terminal ``width`` characters wide, if given)."""
        result = CliRunner().invoke(main, list(args), terminal_width=width)
        return CliResult(result.exit_code, result.output, result.stdout, result.stderr)

    def json(self, *args: str) -> Any:
        """Run ``territory ARGS --json``, check that it succeeded, and return the parsed JSON."""
        result = self.run(*args, "--json")
        assert result.code == 0, result.output
        return json.loads(result.stdout)


@pytest.fixture(scope="session")
def cli() -> Cli:
    """The command line, in-process: ``cli.run(*args)`` and ``cli.json(*args)``."""
    return Cli()


# ---- maps fixtures ----
# Synthetic data for the map builders (four squares near 45 E, 40 N: three in a row, one
# strip south of them), and the reading of a page's inline code, shared by the map tests.

MAP_UNITS = ("west", "middle", "east", "south")
MAP_CELLS = {
    "west": box(44.0, 40.0, 44.5, 40.5),
    "middle": box(44.5, 40.0, 45.0, 40.5),
    "east": box(45.0, 40.0, 45.5, 40.5),
    "south": box(44.0, 39.5, 45.5, 40.0),
}
#: Two synthetic versions, unit -> (party, status); a unit left out is not covered.
MAP_LAYER_1 = {"west": ("turkey", "occupied_by"), "middle": ("rsfsr", "part_of"),
               "east": ("azerbaijan_ssr", "part_of")}
MAP_LAYER_2 = {"west": ("turkey", "part_of"), "middle": ("azerbaijan_ssr", "autonomy_within"),
               "east": ("azerbaijan_ssr", "part_of")}
MakeLayer = Callable[..., gpd.GeoDataFrame]
MakeDiff = Callable[[list[dict[str, Any]]], pd.DataFrame]


@pytest.fixture
def map_units() -> gpd.GeoDataFrame:
    """The synthetic finest units (index = unit id; ``name``, ``aliases``, ``kind``), a fresh copy."""
    return gpd.GeoDataFrame(
        {"name": [u.title() for u in MAP_UNITS], "aliases": [[f"{u}-alias"] for u in MAP_UNITS],
         "kind": ["focus", "focus", "context", "context"]},
        geometry=[MAP_CELLS[u] for u in MAP_UNITS], index=list(MAP_UNITS), crs=4326)


@pytest.fixture
def layer_1() -> dict[str, tuple[str | None, str]]:
    """The assignments of synthetic version ``v1``."""
    return dict(MAP_LAYER_1)


@pytest.fixture
def layer_2() -> dict[str, tuple[str | None, str]]:
    """The assignments of synthetic version ``v2``: ``middle`` changes hands, ``west`` status."""
    return dict(MAP_LAYER_2)


@pytest.fixture(scope="session")
def make_layer() -> MakeLayer:
    """A factory of synthetic layers in every column of the layer schema.

    ``make_layer(version, assignments, quote="a quote")``: one row per synthetic unit;
    ``assignments`` maps a unit to ``(party, status)``, a unit left out is not covered.
    """

    def make(version: str, assignments: dict[str, tuple[str | None, str]],
             quote: str = "a quote") -> gpd.GeoDataFrame:
        areas = gpd.GeoSeries(MAP_CELLS, crs=4326).to_crs(EQUAL_AREA).area / 1e6
        rows = []
        for unit in MAP_UNITS:
            covered = unit in assignments
            party, status = assignments.get(unit, (None, "not_covered"))
            rows.append({"unit": unit, "name": unit.title(), "party": party, "status": status,
                         "confidence": "stated" if covered else None,
                         "source": f"Document of {version}, footnote [3]" if covered else None,
                         "quote": quote if covered else None, "note": None, "claimants": None,
                         "version": version if covered else None, "covered": covered,
                         "area_km2": float(areas[unit]), "geometry": MAP_CELLS[unit]})
        return gpd.GeoDataFrame(rows, columns=list(LAYER_COLUMNS), geometry="geometry", crs=4326)

    return make


@pytest.fixture(scope="session")
def make_diff() -> MakeDiff:
    """A factory of frames like :meth:`territory.Atlas.diff`: ``make_diff([{column: value}])``.

    A column left out of a row is None (``assigned_differently``: False).
    """

    def make(rows: list[dict[str, Any]]) -> pd.DataFrame:
        frame = pd.DataFrame(rows, columns=list(DIFF_COLUMNS), dtype=object)
        frame["assigned_differently"] = frame["assigned_differently"].fillna(False).astype(bool)
        return frame

    return make


@pytest.fixture
def diff_1_2(make_diff: MakeDiff) -> pd.DataFrame:
    """What ``atlas.diff("v1", "v2")`` reports of the synthetic versions."""
    return make_diff([
        {"unit": "west", "name": "West", "party_a": "turkey", "party_b": "turkey",
         "status_a": "occupied_by", "status_b": "part_of",
         "status_change": "occupied_by -> part_of", "assigned_differently": False,
         "version_a": "v1", "version_b": "v2"},
        {"unit": "middle", "name": "Middle", "party_a": "rsfsr", "party_b": "azerbaijan_ssr",
         "status_a": "part_of", "status_b": "autonomy_within",
         "status_change": "part_of -> autonomy_within", "assigned_differently": True,
         "version_a": "v1", "version_b": "v2"},
    ])


class _InlineCode(HTMLParser):
    """Every <script>/<style> body of a page, found by an HTML parser (not the policy's regex)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.bodies: dict[str, list[str]] = {"script": [], "style": []}
        self.policy: list[str] = []
        self._open: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.bodies:
            self._open = tag
            self.bodies[tag].append("")
        if tag == "meta" and dict(attrs).get("http-equiv") == "Content-Security-Policy":
            self.policy.append(dict(attrs)["content"])

    def handle_data(self, data: str) -> None:
        if self._open:
            self.bodies[self._open][-1] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == self._open:
            self._open = None


@pytest.fixture(scope="session")
def inline_code() -> Callable[[str], dict[str, list[str]]]:
    """``inline_code(html)``: the page's inline script and style bodies (it has one CSP meta)."""

    def read(html: str) -> dict[str, list[str]]:
        parser = _InlineCode()
        parser.feed(html)
        parser.close()
        assert len(parser.policy) == 1
        return parser.bodies

    return read


@pytest.fixture(scope="session")
def csp_hash() -> Callable[[str], str]:
    """``csp_hash(body)``: the Content-Security-Policy source of an inline body (``'sha256-...'``)."""

    def digest(body: str) -> str:
        value = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
        return f"'sha256-{value}'"

    return digest
