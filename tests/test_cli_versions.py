"""Tests of the verbs versions, show, diff, timeline and export, driven through click's runner."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import geopandas as gpd
import pytest
from click.testing import CliRunner

import territory
from territory.cli import main

JUNE = "1920-06-20-chicherin"
DECEMBER = "1920-12-01-narimanov"
NOV29 = "1920-11-29-nakhchivan-taken"

USER_VERSION = textwrap.dedent("""\
    id: user-kars
    date: 1921-10-13
    kind: treaty
    title: Test treaty
    author: Test
    document: {reference: A test reference}
    assignments:
      - {unit: kars, party: turkey, status: part_of, confidence: stated}
    """)


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def run_json(*args: str):
    code, output = run(*args, "--json")
    assert code == 0, output
    return json.loads(output)


def test_versions_json_matches_the_atlas() -> None:
    listed = run_json("versions")
    atlas = territory.load()
    assert [item["id"] for item in listed] == [version.id for version in atlas.versions]
    chicherin = next(item for item in listed if item["id"] == JUNE)
    assert chicherin["date"] == "1920-06-20" and "footnote [3]" in chicherin["source"]


def test_versions_text() -> None:
    code, output = run("versions")
    assert code == 0 and JUNE in output and "1920-11-01/1920-11-22" in output


def test_data_adds_user_versions(tmp_path: Path) -> None:
    (tmp_path / "kars.yaml").write_text(USER_VERSION)
    ids = [item["id"] for item in run_json("versions", "--data", str(tmp_path))]
    assert ids[-1] == "user-kars"
    other = tmp_path / "other"
    other.mkdir()
    (other / "k2.yaml").write_text(USER_VERSION.replace("user-kars", "user-kars-2"))
    ids = [
        item["id"] for item in run_json("versions", "--data", str(tmp_path), "--data", str(other))
    ]
    assert {"user-kars", "user-kars-2"} <= set(ids)


def test_missing_data_path_fails_clearly(tmp_path: Path) -> None:
    code, output = run("versions", "--data", str(tmp_path / "nope"))
    assert code != 0
    assert f"{tmp_path / 'nope'}: path: expected an existing version file" in output


def test_bad_user_file_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(USER_VERSION.replace("unit: kars", "unit: karss"))
    code, output = run("show", JUNE, "--data", str(path))
    assert (
        code != 0
        and f"{path}:8: assignments[0].unit: expected a known unit id (did you mean kars" in output
    )


def test_show_json_scenario() -> None:
    payload = run_json("show", f"{NOV29}+{JUNE}")
    assert payload["scenario"] == f"{NOV29}+{JUNE}"
    assert [item["id"] for item in payload["versions"]] == [NOV29, JUNE]
    units = {row["unit"]: row for row in payload["units"]}
    assert units["nakhchivan"]["party"] == "rsfsr" and units["surmali"]["party"] == "turkey"
    assert (
        units["sharur_daralagez"]["status"] == "not_covered"
        and units["sharur_daralagez"]["party"] is None
    )
    assert "geometry" not in units["nakhchivan"]


def test_show_text_has_quotes_and_source() -> None:
    code, output = run("show", JUNE)
    assert code == 0
    assert "Under no circumstances should Nakhchivan" in output and "footnote [3]" in output


@pytest.mark.parametrize(
    "args",
    [
        ["show", "1920-06-20-chicherinn"],
        ["diff", JUNE, "1920-06-20-chicherinn"],
        ["export", "1920-06-20-chicherinn", "--out", "never-written.geojson"],
    ],
)
def test_unknown_version_is_one_line_with_close_matches(args: list[str]) -> None:
    code, output = run(*args)
    assert code != 0
    lines = output.strip().splitlines()
    assert len(lines) == 1
    assert "unknown version '1920-06-20-chicherinn'; did you mean 1920-06-20-chicherin" in lines[0]
    assert not Path("never-written.geojson").exists()


def test_diff_json() -> None:
    payload = run_json("diff", JUNE, DECEMBER)
    changed = {row["unit"] for row in payload["units"] if row["changes_hands"]}
    assert changed == {"zangezur", "nakhchivan"}
    zangezur = next(row for row in payload["units"] if row["unit"] == "zangezur")
    assert zangezur["area_km2"] == pytest.approx(
        territory.load().hierarchy.area_km2("zangezur"), abs=0.001
    )


def test_timeline_accepts_an_alias() -> None:
    payload = run_json("timeline", "Zangazur")
    assert payload["unit"] == "zangezur"
    assert len(payload["versions"]) == len(territory.load().versions)
    code, output = run("timeline", "Atlantis")
    assert code != 0 and "unknown unit 'Atlantis'" in output


@pytest.mark.parametrize("fmt", ["geojson", "gpkg"])
def test_export_is_complete_and_deterministic(tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"layer.{fmt}"
    code, output = run("export", f"{NOV29}+{JUNE}", "--format", fmt, "--out", str(out))
    assert code == 0, output
    first = out.read_bytes()
    code, _ = run("export", f"{NOV29}+{JUNE}", "--format", fmt, "--out", str(out))
    assert out.read_bytes() == first
    assert sorted(path.name for path in tmp_path.iterdir()) == [out.name]  # no temporary file left
    written = gpd.read_file(out)
    expected = territory.load().layer(f"{NOV29}+{JUNE}")
    assert list(written["unit"]) == list(expected["unit"])
    assert list(written["party"].fillna("-")) == list(expected["party"].fillna("-"))


def test_export_to_missing_directory_fails(tmp_path: Path) -> None:
    code, output = run("export", JUNE, "--out", str(tmp_path / "no" / "layer.geojson"))
    assert code != 0 and "--out" in output
