"""The YAML reader against hostile files: each refused in one line naming the file, the field
and what was expected, quickly and without a traceback, with and without ``--lenient``."""

from __future__ import annotations

from pathlib import Path

import pytest

from territory._yaml import MAX_DEPTH, MAX_FILE_BYTES, MAX_NODES, read_yaml
from territory.errors import DataFileError

LAUGHS = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]\n" for previous, name in zip("abcdefgh", "bcdefghi")
)

HOSTILE = {
    "nul": ("title: a\x00b\n".encode(), "encoding: expected UTF-8 text without control characters", "U+0000 at line 1"),
    "c1-control": ("id: x\ntitle: a\x9bb\n".encode(), "encoding: expected UTF-8 text without control characters", "U+009B at line 2"),
    "noncharacter": ("id: x\ntitle: \ufffe\n".encode(), "encoding: expected UTF-8 text without control characters", "U+FFFE"),
    "utf16-without-bom": ("id: x\ntitle: y\n".encode("utf-16-le"), "(is it UTF-16?)", "U+0000"),
    "deep-nesting": (("a: " + "[" * 3000 + "]" * 3000 + "\n").encode(), "expected", "nesting depth"),
    "nesting-over-the-limit": (("a: " + "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1) + "\n").encode(),
                               f"nesting: expected at most {MAX_DEPTH} levels", "levels at line 1"),
    "recursive-alias": (b"x: &r [*r]\n", "aliases: expected an alias that does not contain itself", "recursive"),
    "billion-laughs": (LAUGHS.encode(), f"aliases: expected at most {MAX_NODES:,} values", "more than"),
    "huge-integer": (("a: " + "9" * 5000 + "\n").encode(), "value: expected numbers Python can hold", "4300 digits"),
    "binary-tag": (b"title: !!binary aGVsbG8=\n", "tag: expected plain YAML values", "!!binary"),
    "set-tag": (b"title: !!set {a, b}\n", "tag: expected plain YAML values", "!!set"),
    "python-tag": (b"title: !!python/object:os.system {}\n", "tag: expected plain YAML values", "python/object"),
}


@pytest.mark.parametrize("case", HOSTILE, ids=list(HOSTILE))
def test_hostile_file_is_refused_in_one_line(tmp_path: Path, case: str) -> None:
    data, expected, got = HOSTILE[case]
    path = tmp_path / f"{case}.yaml"
    path.write_bytes(data)
    with pytest.raises(DataFileError) as caught:
        read_yaml(path)
    message = str(caught.value)
    assert message.startswith(str(path)) and expected in message and got in message
    assert "\n" not in message


def test_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    with path.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)
    with pytest.raises(DataFileError, match=rf"file: expected at most {MAX_FILE_BYTES:,} bytes"):
        read_yaml(path)


def test_shared_aliases_within_the_limit_are_read(tmp_path: Path) -> None:
    path = tmp_path / "aliases.yaml"
    path.write_text("base: &base {status: part_of, confidence: stated}\none: *base\ntwo: [*base, *base]\n")
    document = read_yaml(path)
    assert document.data["two"][1] == {"status": "part_of", "confidence": "stated"}
    assert document.line(("two",)) == 3
    assert document.line(("two", 1, "status")) == 1  # an aliased value is where its anchor is


@pytest.mark.parametrize("case", ["nul", "billion-laughs", "binary-tag", "recursive-alias"])
def test_lenient_skips_a_hostile_version_file(tmp_path: Path, cli, write_version, case: str) -> None:
    write_version(id="good")
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(HOSTILE[case][0])
    result = cli.run("versions", "--data", str(tmp_path), "--lenient")
    assert result.code == 0, result.stderr
    assert "good" in result.stdout
    assert result.stderr.startswith(f"skipped: {bad}") and result.stderr.count("\n") == 1
    strict = cli.run("versions", "--data", str(tmp_path))
    assert strict.code != 0 and "Traceback" not in strict.output
    assert strict.stderr.strip().startswith(f"Error: {bad}")
