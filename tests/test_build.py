"""The geodata build: reproducible byte for byte, and refusing bad sources without writing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from territory._paths import data_dir, sources_dir
from territory.geodata import build_geodata, write_geodata
from territory.cli import main
from territory.errors import GeodataBuildError


@pytest.fixture(scope="module")
def fresh_build():
    return build_geodata(sources_dir())


def test_committed_units_equal_a_fresh_build(fresh_build) -> None:
    assert (data_dir() / "units.geojson").read_text(encoding="utf-8") == fresh_build.units_geojson


def test_committed_places_equal_a_fresh_build(fresh_build) -> None:
    assert (data_dir() / "places.geojson").read_text(encoding="utf-8") == fresh_build.places_geojson


def test_cli_build_writes_both_files(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["geodata", "build", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "units.geojson").read_bytes() == (data_dir() / "units.geojson").read_bytes()
    assert "15 units" in result.output


# --- bad sources ----------------------------------------------------------------------------


@pytest.fixture
def sources(tmp_path: Path) -> Path:
    copy = tmp_path / "sources"
    shutil.copytree(sources_dir(), copy)
    return copy


def _edit(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _refused(sources: Path, tmp_path: Path, *fragments: str) -> str:
    out = tmp_path / "out"
    out.mkdir()
    (out / "units.geojson").write_text("previous build", encoding="utf-8")
    with pytest.raises(GeodataBuildError) as caught:
        write_geodata(sources, out)
    message = str(caught.value)
    for fragment in fragments:
        assert fragment in message
    assert (out / "units.geojson").read_text(encoding="utf-8") == "previous build"
    assert sorted(path.name for path in out.iterdir()) == ["units.geojson"]
    return message


def test_ring_that_does_not_close(sources: Path, tmp_path: Path) -> None:
    _edit(sources / "rings.yaml", lambda data: data["rings"][0]["points"].pop())
    _refused(sources, tmp_path, "rings.yaml", "rings[0].points", "repeat the first (m01)")


def test_control_point_outside_region(sources: Path, tmp_path: Path) -> None:
    def move_into_black_sea(data) -> None:
        data["rings"][2]["points"][0].update(lon=41.55, lat=41.75)

    _edit(sources / "rings.yaml", move_into_black_sea)
    _refused(sources, tmp_path, "rings.yaml", "rings[2].points[0]", "inside the region", "a01")


def test_crossed_ring(sources: Path, tmp_path: Path) -> None:
    def swap(data) -> None:
        points = data["rings"][0]["points"]
        for key in ("lon", "lat"):
            points[2][key], points[10][key] = points[10][key], points[2][key]

    _edit(sources / "rings.yaml", swap)
    _refused(sources, tmp_path, "rings.yaml", "rings[0].points", "does not cross itself")


def test_duplicate_unit_id(sources: Path, tmp_path: Path) -> None:
    _edit(sources / "units.yaml", lambda data: data["units"][1].update(id="zangezur_west"))
    _refused(sources, tmp_path, "units.yaml", "units[].id", "unique ids", "zangezur_west")


def test_focus_seat_outside_unit(sources: Path, tmp_path: Path) -> None:
    _edit(sources / "units.yaml", lambda data: data["units"][2].update(seat="ordubad"))
    _refused(sources, tmp_path, "units.yaml", "units[2].seat", "inside the unit nakhchivan", "ordubad")


def test_unknown_admin1_division(sources: Path, tmp_path: Path) -> None:
    _edit(sources / "units.yaml", lambda data: data["units"][0]["admin1"].append("Syunik Marz"))
    _refused(sources, tmp_path, "units.yaml", "units[0].admin1", "did you mean", "Syunik Marz")


def test_division_in_two_units(sources: Path, tmp_path: Path) -> None:
    _edit(sources / "units.yaml", lambda data: data["units"][1]["admin1"].append("Syunik'i Marz"))
    _refused(sources, tmp_path, "units.yaml", "units[1].admin1", "one unit only")


def test_unknown_seat(sources: Path, tmp_path: Path) -> None:
    _edit(sources / "units.yaml", lambda data: data["units"][3].update(seat="atlantis"))
    _refused(sources, tmp_path, "units.yaml", "units[3].seat", "place id", "atlantis")


def test_missing_field(sources: Path, tmp_path: Path) -> None:
    _edit(sources / "places.yaml", lambda data: data["places"][4].pop("lat"))
    _refused(sources, tmp_path, "places.yaml", "places[4].lat", "Field required")


def test_yaml_syntax_error(sources: Path, tmp_path: Path) -> None:
    path = sources / "rings.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n  - {id: broken, points: [\n", encoding="utf-8")
    _refused(sources, tmp_path, "rings.yaml", "line ", "valid YAML")


def test_missing_source_file(sources: Path, tmp_path: Path) -> None:
    (sources / "places.yaml").unlink()
    _refused(sources, tmp_path, "places.yaml", "an existing YAML file")


def test_base_checksum_is_pinned(sources: Path, tmp_path: Path) -> None:
    _edit(sources / "base.yaml", lambda data: data["admin0"].update(sha256="0" * 64))
    _refused(sources, tmp_path, "base.yaml", "admin0.sha256", "0" * 64)


def test_cli_reports_build_error_in_one_line(sources: Path, tmp_path: Path) -> None:
    _edit(sources / "units.yaml", lambda data: data["units"][1].update(id="zangezur_west"))
    result = CliRunner().invoke(main, ["geodata", "build", "--sources", str(sources), "--out", str(tmp_path / "o")])
    assert result.exit_code == 1
    assert "units.yaml: units[].id: expected unique ids" in result.output
    assert not (tmp_path / "o").exists()
