"""Tests of the verbs versions, show, diff, timeline and export, driven through click's runner."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import geopandas as gpd
import pytest
import shapely
import shapely.geometry

import territory

JUNE = "1920-06-20-chicherin"
DECEMBER = "1920-12-01-narimanov"
NOV29 = "1920-11-29-nakhchivan-taken"

#: A user's treaty on Kars (the fields :func:`write_version` changes).
USER_VERSION = {"id": "user-kars", "date": "1921-10-13", "kind": "treaty", "title": "Test treaty"}


def test_versions_json_matches_the_atlas(atlas: territory.Atlas, cli) -> None:
    listed = cli.json("versions")
    assert [item["id"] for item in listed] == [version.id for version in atlas.versions]
    chicherin = next(item for item in listed if item["id"] == JUNE)
    assert chicherin["date"] == "1920-06-20" and "footnote [3]" in chicherin["source"]


def test_versions_text(cli) -> None:
    result = cli.run("versions")
    assert result.code == 0 and JUNE in result.output and "1920-11-01/1920-11-22" in result.output


def test_data_adds_user_versions(tmp_path: Path, cli, write_version) -> None:
    write_version(**USER_VERSION)
    ids = [item["id"] for item in cli.json("versions", "--data", str(tmp_path))]
    # in date order: after the Treaty of Kars of the same day (ids order one day), before 1923
    assert ids.index("user-kars") == ids.index("1921-10-13-kars") + 1
    assert ids.index("user-kars") < ids.index("1923-07-07-nkao")
    other = tmp_path / "other"
    write_version(directory=other, **{**USER_VERSION, "id": "user-kars-2"})
    ids = [
        item["id"] for item in cli.json("versions", "--data", str(tmp_path), "--data", str(other))
    ]
    assert {"user-kars", "user-kars-2"} <= set(ids)


def test_missing_data_path_fails_clearly(tmp_path: Path, cli) -> None:
    result = cli.run("versions", "--data", str(tmp_path / "nope"))
    assert result.code != 0
    assert f"{tmp_path / 'nope'}: path: expected an existing version file" in result.output


def test_file_that_is_not_utf8_is_one_line(tmp_path: Path, cli) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(b"id: x\ntitle: \xff\n")
    result = cli.run("versions", "--data", str(bad))
    assert result.code != 0 and "Traceback" not in result.output
    assert result.output.strip() == (
        f"Error: {bad}: encoding: expected UTF-8 text, got 'invalid byte at offset 13'"
    )


def test_lenient_skips_bad_files_and_lists_them(tmp_path: Path, cli, write_version) -> None:
    write_version(**USER_VERSION)
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(b"id: x\ntitle: \xff\n")
    result = cli.run("versions", "--data", str(tmp_path), "--lenient")
    assert result.code == 0, result.stderr
    assert "user-kars" in result.stdout
    assert result.stderr.strip() == (
        f"skipped: {bad}: encoding: expected UTF-8 text, got 'invalid byte at offset 13'"
    )
    result = cli.run("show", "user-kars", "--data", str(tmp_path), "--lenient", "--json")
    assert result.code == 0 and json.loads(result.stdout)["scenario"] == "user-kars"
    # without --lenient, the first problem stops
    assert cli.run("versions", "--data", str(tmp_path)).code != 0


def test_builtin_versions_given_again_are_not_duplicates(atlas: territory.Atlas, cli) -> None:
    from territory._paths import data_dir

    payload = cli.json("versions", "--data", str(data_dir() / "versions"))
    assert [row["id"] for row in payload] == [version.id for version in atlas.versions]


def test_bad_user_file_names_file_and_line(tmp_path: Path, cli) -> None:
    # the file's own text: the error names the line of the unknown unit
    path = tmp_path / "user-kars.yaml"
    path.write_text(
        textwrap.dedent("""\
        id: user-kars
        date: 1921-10-13
        kind: treaty
        title: Test treaty
        author: Test
        document: {reference: A test reference}
        assignments:
          - {unit: karss, party: turkey, status: part_of, confidence: stated}
        """)
    )
    result = cli.run("show", JUNE, "--data", str(path))
    assert (
        result.code != 0
        and f"{path}:8: assignments[0].unit: expected a known unit id (did you mean kars" in result.output
    )


def test_show_json_scenario(cli) -> None:
    payload = cli.json("show", f"{NOV29}+{JUNE}")
    assert payload["scenario"] == f"{NOV29}+{JUNE}"
    assert [item["id"] for item in payload["versions"]] == [NOV29, JUNE]
    units = {row["unit"]: row for row in payload["units"]}
    assert units["nakhchivan"]["party"] == "rsfsr"
    # contested at the armistice: no holder
    assert units["surmali"]["status"] == "disputed" and units["surmali"]["party"] is None
    assert units["daralagez"]["status"] == "not_covered" and units["daralagez"]["party"] is None
    assert "geometry" not in units["nakhchivan"]


def test_show_text_has_quotes_and_source(cli) -> None:
    result = cli.run("show", JUNE)
    assert result.code == 0
    assert "Under no circumstances should Nakhchivan" in result.output and "footnote [3]" in result.output


@pytest.mark.parametrize(
    ("args", "argument"),
    [
        (["show", "1920-06-20-chicherinn"], "VERSION_OR_SCENARIO"),
        (["diff", JUNE, "1920-06-20-chicherinn"], "B"),
        (["diff", "1920-06-20-chicherinn", JUNE], "A"),
        (["export", "1920-06-20-chicherinn", "--out", "never-written.geojson"], "VERSION_OR_SCENARIO"),
    ],
)
def test_unknown_version_is_one_line_with_close_matches(cli, args: list[str], argument: str) -> None:
    result = cli.run(*args)
    assert result.code != 0
    lines = result.output.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(
        f"Error: {argument}: unknown version '1920-06-20-chicherinn'; did you mean 1920-06-20-chicherin"
    )
    assert lines[0].endswith("? (see `territory versions`)")
    assert not Path("never-written.geojson").exists()


def test_diff_json(atlas: territory.Atlas, cli) -> None:
    payload = cli.json("diff", JUNE, DECEMBER)
    changed = {row["unit"] for row in payload["units"] if row["assigned_differently"]}
    assert changed == {"zangezur", "nakhchivan"}
    zangezur = next(row for row in payload["units"] if row["unit"] == "zangezur")
    assert zangezur["area_km2"] == pytest.approx(
        atlas.hierarchy.area_km2("zangezur"), abs=0.001
    )


def test_timeline_accepts_an_alias(atlas: territory.Atlas, cli) -> None:
    payload = cli.json("timeline", "Zangazur")
    assert payload["unit"] == "zangezur"
    assert len(payload["versions"]) == len(atlas.versions)
    result = cli.run("timeline", "Atlantis")
    assert result.code != 0 and "UNIT: unknown unit 'Atlantis'" in result.output
    assert "see `territory units`" in result.output


def test_timeline_of_a_name_shared_by_a_unit_and_its_part(cli) -> None:
    # Syunik is an alias of zangezur and of its part zangezur_west
    payload = cli.json("timeline", "Syunik")
    assert (payload["unit"], payload["also_named"]) == ("zangezur", ["zangezur_west"])
    assert payload["versions"] == cli.json("timeline", "zangezur")["versions"]
    result = cli.run("timeline", "Syunik")
    assert result.code == 0, result.output
    assert result.output.splitlines()[0] == "zangezur ('Syunik' also names zangezur_west, part of zangezur)"


@pytest.mark.parametrize("fmt", ["geojson", "gpkg"])
def test_export_is_complete_and_deterministic(atlas: territory.Atlas, cli, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"layer.{fmt}"
    result = cli.run("export", f"{NOV29}+{JUNE}", "--format", fmt, "--out", str(out))
    assert result.code == 0, result.output
    first = out.read_bytes()
    cli.run("export", f"{NOV29}+{JUNE}", "--format", fmt, "--out", str(out))
    assert out.read_bytes() == first
    assert sorted(path.name for path in tmp_path.iterdir()) == [out.name]  # no temporary file left
    written = gpd.read_file(out)
    expected = atlas.layer(f"{NOV29}+{JUNE}")
    assert list(written["unit"]) == list(expected["unit"])
    assert list(written["party"].fillna("-")) == list(expected["party"].fillna("-"))


def test_export_follows_rfc_7946_ring_orientation(cli, tmp_path: Path) -> None:
    out = tmp_path / "layer.geojson"
    result = cli.run("export", f"{NOV29}+1920-06-20-ordzhonikidze", "--out", str(out))
    assert result.code == 0, result.output
    features = {feature["properties"]["unit"]: feature for feature in json.loads(out.read_text())["features"]}
    assert {"zangezur", "sharur_daralagez"} <= set(features)  # parent rows, unions of their parts
    for unit, feature in features.items():
        for polygon in shapely.get_parts(shapely.geometry.shape(feature["geometry"])):
            assert polygon.exterior.is_ccw, unit
            assert not any(ring.is_ccw for ring in polygon.interiors), unit


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--out", "layer.shp"], "expected a file name ending in .geojson, .json, .gpkg (or give --format)"),
        (["--out", "layer.geojson", "--format", "gpkg"], "expected a file name ending in .gpkg for --format gpkg"),
        (["--out", "layer.gpkg", "--format", "geojson"],
         "expected a file name ending in .geojson or .json for --format geojson"),
    ],
)  # fmt: skip
def test_export_refuses_a_suffix_that_does_not_fit(
    cli, tmp_path: Path, args: list[str], message: str
) -> None:
    args = [str(tmp_path / arg) if arg.startswith("layer.") else arg for arg in args]
    result = cli.run("export", JUNE, *args)
    assert result.code != 0 and "--out" in result.output and message in result.output
    assert not list(tmp_path.iterdir())


def test_export_takes_the_format_from_the_suffix(cli, tmp_path: Path) -> None:
    out = tmp_path / "layer.gpkg"
    result = cli.run("export", JUNE, "--out", str(out))
    assert result.code == 0 and "gpkg" in result.output
    assert out.read_bytes().startswith(b"SQLite format 3")


def test_export_to_missing_directory_fails(cli, tmp_path: Path) -> None:
    out = tmp_path / "no" / "layer.geojson"
    result = cli.run("export", JUNE, "--out", str(out))
    assert result.code != 0 and result.output == (
        f"Error: {out}: path: expected a file in an existing folder, got '{out.parent}'\n"
    )


TERMINAL_TRAPS = "Loan \x1b]0;retitled\x07 of \x1b[2J$5 \u202eredro\u202c \x9b31m"


def test_control_characters_from_data_are_escaped_on_the_terminal(write_version, cli) -> None:
    path = write_version(id="user-traps", title=TERMINAL_TRAPS, author="A\x1b[31mB")
    for args in (("show", "user-traps"), ("versions",)):
        result = cli.run(*args, "--data", str(path))
        assert result.code == 0, result.output
        assert not any(character in result.output for character in "\x1b\x07\u202e\u202c\x9b")
        assert "Loan \\u001b]0;retitled\\u0007 of \\u001b[2J$5 \\u202eredro\\u202c \\u009b31m" in result.output
    shown = cli.json("show", "user-traps", "--data", str(path))
    payload = cli.run("show", "user-traps", "--data", str(path), "--json").stdout
    assert "\x9b" not in payload and "\u202e" not in payload  # JSON escapes instead
    assert shown["versions"][0]["title"] == TERMINAL_TRAPS  # and reads back the same


def test_control_characters_in_an_error_are_escaped(tmp_path: Path, cli) -> None:
    path = tmp_path / "bad\x1b[2J.yaml"
    path.write_text("id: [\n", encoding="utf-8")
    result = cli.run("versions", "--data", str(path))
    assert result.code == 1 and "\x1b" not in result.output and "bad\\u001b[2J.yaml" in result.output
