"""Tests of territory.versions: the built-in version files and every kind of bad input."""

from __future__ import annotations

import datetime as dt
import re
import textwrap
import warnings
from pathlib import Path

import pytest
import yaml

import territory
from territory._paths import data_dir
from territory.errors import DataFileError

# The seed lives in the shared folder beside the checkout (as in CI: ../shared/domain/).
SEED = Path(__file__).resolve().parents[2] / "shared" / "domain" / "seed-hasanly-2012-part-IV-A.txt"
VERSION_FILES = sorted((data_dir() / "versions").glob("*.yaml"))

#: A valid version file as a user writes it, for the tests about a file's exact text (its
#: lines, its bytes); the others write a valid file with a few changed fields (write_version).
GOOD = """\
id: user-test
date: 1920-07-01
kind: proposal
title: A test proposal
author: Someone
document:
  reference: A reference
assignments:
  - unit: zangezur
    party: armenia_ssr
    status: part_of
    confidence: stated
"""


def stated(unit: str, party: str) -> dict[str, str]:
    """One assignment of a version file, stated by its source."""
    return {"unit": unit, "party": party, "status": "part_of", "confidence": "stated"}


def write(directory: Path, name: str, text: str) -> Path:
    path = directory / name
    path.write_text(textwrap.dedent(text))
    return path


def refused(path: Path | list[Path]) -> DataFileError:
    with pytest.raises(DataFileError) as caught:
        territory.load(path)
    return caught.value


def line_of(path: Path, needle: str) -> int:
    """1-based line of the first line of ``path`` containing ``needle``."""
    return next(
        number for number, line in enumerate(path.read_text().splitlines(), 1) if needle in line
    )


# ---------------------------------------------------------------- built-in files
def test_builtin_versions_are_the_ones_of_the_brief(atlas: territory.Atlas) -> None:
    ids = {version.id for version in atlas.versions}
    assert {"1920-06-20-chicherin", "1920-06-20-ordzhonikidze", "1920-11-18-armistice",
            "1920-11-29-nakhchivan-taken", "1920-11-ordzhonikidze-proposal",
            "1920-12-01-narimanov"} <= ids  # fmt: skip
    baselines = [
        v for v in atlas.versions if v.kind == "de_facto" and v.date.not_after.month < 6
    ]
    assert baselines and all(a.confidence == "inferred" for v in baselines for a in v.assignments)
    assert all(v.document.url for v in baselines)


@pytest.mark.parametrize("path", VERSION_FILES, ids=lambda path: path.stem)
def test_builtin_file_is_named_after_its_id(path: Path) -> None:
    assert yaml.safe_load(path.read_text())["id"] == path.stem


def _seed() -> str:
    """The seed text from ``../shared`` beside the checkout (CI lays it there).

    A repository cloned alone has no ``../shared``: the checks against the seed are skipped.
    A ``../shared`` without the seed is a broken set-up and fails.
    """
    if not SEED.is_file():
        if SEED.parents[1].is_dir():
            pytest.fail(f"the seed text is not at {SEED}, although {SEED.parents[1]} is there")
        pytest.skip(f"the seed text is not at {SEED} (the repository is checked out without ../shared)")
    return SEED.read_text(encoding="utf-8")


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _read_in_the_seed(version: territory.Version) -> bool:
    """Whether the atlas read ``version`` in the seed (Hasanly 2012, Part IV (A))."""
    return "Part IV (A)" in (version.document.cited_in or "")


def test_quotes_are_exact_words_of_the_seed(atlas: territory.Atlas) -> None:
    """Every quote of a version read in the seed is the seed's words (the quotes of the
    other versions are words of the pages their ``document`` gives, read there)."""
    seed = _flat(_seed())
    checked = 0
    for version in filter(_read_in_the_seed, atlas.versions):
        for assignment in version.assignments:
            if assignment.quote is None:
                continue
            for fragment in assignment.quote.split("…"):
                fragment = _flat(fragment).strip(" .")
                assert fragment in seed, (version.id, assignment.unit, fragment)
                checked += 1
    assert checked >= 10


def test_footnote_references_are_copied_from_the_seed(atlas: territory.Atlas) -> None:
    footnotes = dict(re.findall(r"^\[(\d+)\]\s+(.+?)\s*$", _seed(), flags=re.MULTILINE))
    checked = 0
    for version in atlas.versions:
        for document in (version.document, *version.also_cited):
            if document.footnote is not None:
                assert _flat(document.reference) == _flat(footnotes[str(document.footnote)]), (
                    version.id
                )
                checked += 1
    assert checked >= 4


def test_dzhulfa_is_not_a_unit(atlas: territory.Atlas) -> None:
    assert all(
        assignment.unit != "dzhulfa"
        for version in atlas.versions
        for assignment in version.assignments
    )
    assert "dzhulfa" not in atlas.hierarchy


def test_date_range_version(atlas: territory.Atlas) -> None:
    version = atlas.version("1920-11-ordzhonikidze-proposal")
    assert version.date.label == "1920-11-01/1920-11-22"
    assert version.date.not_before < version.date.not_after


# --------------------------------------------------------------------- bad input
def test_good_user_file_loads(tmp_path: Path, write_version) -> None:
    atlas = territory.load(write_version())
    assert atlas.version("user-test").path == tmp_path / "user-test.yaml"


def test_unknown_unit(tmp_path: Path) -> None:
    path = write(tmp_path, "user-test.yaml", GOOD.replace("unit: zangezur", "unit: zangezurr"))
    error = refused(path)
    assert str(error).startswith(
        f"{path}:{line_of(path, 'zangezurr')}: assignments[0].unit: expected a known unit id"
    )
    assert "did you mean zangezur" in str(error) and "'zangezurr'" in str(error)


def test_unknown_party(tmp_path: Path) -> None:
    path = write(tmp_path, "user-test.yaml", GOOD.replace("party: armenia_ssr", "party: armenia"))
    error = str(refused(path))
    assert error.startswith(
        f"{path}:{line_of(path, 'party:')}: assignments[0].party: expected a known party id"
    )
    assert "armenia_ssr" in error


def test_unknown_claimant(tmp_path: Path) -> None:
    text = GOOD.replace(
        "    party: armenia_ssr\n    status: part_of",
        "    status: disputed\n    claimants: [armenia_ssr, ottomans]",
    )
    path = write(tmp_path, "user-test.yaml", text)
    assert str(refused(path)).startswith(
        f"{path}:{line_of(path, 'claimants')}: assignments[0].claimants: expected a known party id"
    )


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        ("1920-13-01", "valid date"),
        ("20 June 1920", "valid date"),
        ("1930-01-01", "a date between 1914-01-01 and 1925-12-31"),
        ("1913-12-31", "a date between 1914-01-01 and 1925-12-31"),
        (
            "{not_before: 1920-11-22, not_after: 1920-11-01}",
            "not_before (1920-11-22) on or before not_after",
        ),
    ],
)
def test_bad_date(tmp_path: Path, date: str, expected: str) -> None:
    path = write(tmp_path, "user-test.yaml", GOOD.replace("date: 1920-07-01", f"date: {date}"))
    error = str(refused(path))
    assert error.startswith(f"{path}:2: date")
    assert expected in error


def test_missing_source(write_version) -> None:
    path = write_version(document=None)  # the field left out
    assert str(refused(path)) == f"{path}:1: document: expected a value (this field is required)"


def test_empty_reference(tmp_path: Path) -> None:
    path = write(tmp_path, "user-test.yaml", GOOD.replace("reference: A reference", "reference: ''"))
    error = str(refused(path))
    assert error.startswith(f"{path}:{line_of(path, 'reference')}: document.reference: expected")
    assert "at least 1 character" in error


def test_duplicate_id_across_files(tmp_path: Path, write_version) -> None:
    first = write_version(directory=tmp_path / "a")
    second = write_version(directory=tmp_path / "b")
    error = str(refused([first, second]))
    assert error.startswith(
        f"{second}:1: id: expected an id not used by another version file (also in {first})"
    )


def test_id_is_the_file_name(write_version) -> None:
    path = write_version(name="renamed.yaml")
    error = str(refused(path))
    assert error == (
        f"{path}:1: id: expected the file name without its suffix ('renamed'): a version file "
        "is named after its id, got 'user-test'"
    )


def test_duplicate_of_a_builtin_id(write_version) -> None:
    path = write_version(id="1920-06-20-chicherin")
    assert str(refused(path)).startswith(
        f"{path}:1: id: expected an id not used by another version file"
    )


def test_two_assignments_for_one_unit(tmp_path: Path) -> None:
    extra = "  - unit: zangezur\n    party: azerbaijan_ssr\n    status: part_of\n    confidence: stated\n"
    path = write(tmp_path, "user-test.yaml", GOOD + extra)
    error = str(refused(path))
    assert error.startswith(
        f"{path}:13: assignments[1].unit: expected one assignment per unit; zangezur is already assigned at line 9"
    )


def test_parent_and_child_count_as_one_unit(write_version) -> None:
    path = write_version(
        assignments=[stated("zangezur", "armenia_ssr"), stated("zangezur_east", "azerbaijan_ssr")]
    )
    assert "assignments[1].unit: expected one assignment per unit" in str(refused(path))


def test_yaml_syntax_error(tmp_path: Path) -> None:
    path = write(
        tmp_path, "v.yaml", GOOD.replace("title: A test proposal", "title: [A test proposal")
    )
    error = str(refused(path))
    assert re.match(rf"{re.escape(str(path))}:\d+: YAML syntax: expected valid YAML", error)


def test_repeated_key(tmp_path: Path) -> None:
    path = write(tmp_path, "user-test.yaml", GOOD.replace("kind: proposal", "kind: proposal\nkind: treaty"))
    assert str(refused(path)) == f"{path}:4: kind: expected each key once in a mapping, got 'kind'"


def test_unknown_field_and_bad_enum(tmp_path: Path) -> None:
    path = write(tmp_path, "user-test.yaml", GOOD.replace("kind: proposal", "kind: telegram\nsauce: x"))
    with pytest.raises(DataFileError) as caught:
        territory.load(path)
    assert str(caught.value).startswith(f"{path}:3: kind: expected 'proposal', 'directive'")


def test_party_must_fit_status(tmp_path: Path) -> None:
    path = write(tmp_path, "user-test.yaml", GOOD.replace("status: part_of", "status: unassigned"))
    error = str(refused(path))
    assert error.startswith(
        f"{path}:{line_of(path, '- unit')}: assignments[0]: expected no party for status unassigned"
    )


def test_unknown_extends(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "user-test.yaml",
        GOOD.replace("kind: proposal", "kind: de_facto\nextends: 1920-11-18-armistic"),
    )
    error = str(refused(path))
    assert error.startswith(
        f"{path}:4: extends: expected a known version id (did you mean 1920-11-18-armistice"
    )


def test_extends_cycle(tmp_path: Path, write_version) -> None:
    write_version(id="a", extends="b")
    write_version(id="b", extends="a")
    assert "extends: expected a chain of versions without a cycle, got 'a -> b -> a'" in str(
        refused(tmp_path)
    )


def test_missing_path_is_a_clear_error(tmp_path: Path) -> None:
    missing = tmp_path / "nope"
    assert str(refused(missing)).startswith(f"{missing}: path: expected an existing version file")


def test_directory_without_data(tmp_path: Path) -> None:
    assert "directory: expected version files" in str(refused(tmp_path))


def test_lenient_keeps_the_rest_and_reports_problems(
    tmp_path: Path, atlas: territory.Atlas, write_version
) -> None:
    write_version()
    bad = write_version(id="user-bad", assignments=[stated("mars", "armenia_ssr")])
    broken = write(tmp_path, "broken.yaml", "id: [")
    with pytest.warns(UserWarning, match="version file skipped") as caught:
        lenient = territory.load(tmp_path, lenient=True)
    assert "user-test" in {version.id for version in lenient.versions}
    assert "user-bad" not in {version.id for version in lenient.versions}
    assert len(lenient.versions) == len(atlas.versions) + 1
    wheres = sorted(problem.where for problem in lenient.problems)
    assert any(where.startswith(f"{bad}:") for where in wheres) and any(
        where.startswith(f"{broken}:") for where in wheres
    )
    assert len(caught) == len(lenient.problems) == 2


def test_lenient_drops_versions_that_extend_a_refused_one(tmp_path: Path, write_version) -> None:
    write_version(id="a", assignments=[stated("mars", "armenia_ssr")])
    write_version(id="b", extends="a")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        atlas = territory.load(tmp_path, lenient=True)
    assert not {"a", "b"} & {version.id for version in atlas.versions}
    assert len(atlas.problems) == 2


def test_impossible_day_is_reported_once(tmp_path: Path) -> None:
    text = (data_dir() / "versions" / "1920-12-01-narimanov.yaml").read_text(encoding="utf-8")
    bad = text.replace("id: 1920-12-01-narimanov", "id: my-bad-date").replace("date: 1920-12-01", "date: 1921-02-30")
    (tmp_path / "my-bad-date.yaml").write_text(bad, encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        atlas = territory.load(tmp_path, lenient=True)
    assert len(atlas.problems) == 1
    assert "my-bad-date.yaml:4: date:" in str(atlas.problems[0])


# ------------------------------------------------------------------ encoding
def test_version_file_that_is_not_utf8_names_the_encoding(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes(GOOD.replace("Someone", "Jos\xe9").encode("latin-1"))
    offset = GOOD.index("Someone") + 3
    assert str(refused(path)) == (
        f"{path}: encoding: expected UTF-8 text, got 'invalid byte at offset {offset}'"
    )


def test_lenient_load_skips_a_file_that_is_not_utf8(tmp_path: Path, write_version) -> None:
    write_version()
    bad = tmp_path / "latin1.yaml"
    bad.write_bytes(GOOD.replace("user-test", "user-latin1").replace("Someone", "Jos\xe9").encode("latin-1"))
    with pytest.warns(UserWarning, match="version file skipped"):
        atlas = territory.load(tmp_path, lenient=True)
    assert "user-test" in {version.id for version in atlas.versions}
    assert [(problem.where, problem.item) for problem in atlas.problems] == [(str(bad), "encoding")]


# ------------------------------------------------------- the same file twice
def test_the_builtin_directory_given_again_is_not_a_duplicate(atlas: territory.Atlas) -> None:
    builtin = [version.id for version in atlas.versions]
    again = territory.load([data_dir() / "versions", data_dir(), VERSION_FILES[0]])
    assert [version.id for version in again.versions] == builtin
    # the same file through another spelling of its path
    detour = data_dir() / "versions" / ".." / "versions" / VERSION_FILES[0].name
    assert [version.id for version in territory.load(detour).versions] == builtin


def test_a_user_file_given_twice_loads_once(tmp_path: Path, write_version) -> None:
    path = write_version()
    atlas = territory.load([path, tmp_path, path])
    assert [version.id for version in atlas.versions].count("user-test") == 1


# ------------------------------------------------------------------- follows
#: Versions of one day, written as a user writes them: the errors name the line of ``follows``.
SAME_DAY = """\
id: {id}
date: 1920-07-01
kind: proposal
title: A test proposal
author: Someone
document:
  reference: A reference
{follows}assignments:
  - unit: zangezur
    party: {party}
    status: part_of
    confidence: stated
"""


def same_day(directory: Path, version_id: str, party: str, follows: str | None = None) -> Path:
    text = SAME_DAY.format(id=version_id, party=party, follows=f"follows: {follows}\n" if follows else "")
    return write(directory, f"{version_id}.yaml", text)


def test_follows_orders_versions_of_one_day(tmp_path: Path) -> None:
    same_day(tmp_path, "a-reply", "azerbaijan_ssr", follows="b-letter")
    same_day(tmp_path, "b-letter", "armenia_ssr")
    same_day(tmp_path, "c-note", "armenia_ssr")
    ids = [version.id for version in territory.load(tmp_path).versions]
    day = [version_id for version_id in ids if version_id in {"a-reply", "b-letter", "c-note"}]
    assert day == ["b-letter", "a-reply", "c-note"]  # a-reply after the one it follows; else by id


def test_builtin_june_versions_are_ordered_by_the_seed(atlas: territory.Atlas) -> None:
    ids = [version.id for version in atlas.versions]
    assert atlas.version("1920-06-20-ordzhonikidze").follows == "1920-06-20-chicherin"
    assert ids.index("1920-06-20-chicherin") < ids.index("1920-06-20-ordzhonikidze")


def test_follows_an_unknown_version(tmp_path: Path) -> None:
    path = same_day(tmp_path, "a-reply", "azerbaijan_ssr", follows="b-leter")
    same_day(tmp_path, "b-letter", "armenia_ssr")
    error = str(refused(tmp_path))
    assert error.startswith(f"{path}:8: follows: expected a known version id (did you mean b-letter")


def test_follows_a_later_version(tmp_path: Path) -> None:
    path = same_day(tmp_path, "a-reply", "azerbaijan_ssr", follows="1920-12-01-narimanov")
    assert str(refused(path)) == (
        f"{path}:8: follows: expected a version dated on or before 1920-07-01 (this one's date), "
        "got '1920-12-01-narimanov, dated 1920-12-01'"
    )


def test_follows_cycle(tmp_path: Path) -> None:
    same_day(tmp_path, "a-reply", "azerbaijan_ssr", follows="b-letter")
    same_day(tmp_path, "b-letter", "armenia_ssr", follows="a-reply")
    assert "follows: expected versions that follow each other without a cycle" in str(refused(tmp_path))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        atlas = territory.load(tmp_path, lenient=True)
    assert not {"a-reply", "b-letter"} & {version.id for version in atlas.versions}


def test_an_id_longer_than_the_limit_is_refused(write_version) -> None:
    from territory.versions import MAX_ID_LENGTH

    path = write_version(name="long.yaml", id="a" * (MAX_ID_LENGTH + 1))
    assert f"id: expected String should have at most {MAX_ID_LENGTH} characters" in str(refused(path))


@pytest.mark.parametrize("value", ["true", "1.0", "'3'"])
def test_a_footnote_is_a_whole_number_not_a_flag_or_text(tmp_path: Path, value: str) -> None:
    path = write(tmp_path, "user-test.yaml", GOOD.replace("  reference: A reference",
                                                          f"  reference: A reference\n  footnote: {value}"))
    error = str(refused(path))
    assert error.startswith(f"{path}:{line_of(path, 'footnote')}: document.footnote: expected")


@pytest.mark.parametrize("path", VERSION_FILES, ids=lambda path: path.stem)
def test_every_builtin_version_says_whose_document_it_is_and_where_it_was_read(
    atlas: territory.Atlas, path: Path
) -> None:
    version = atlas.version(path.stem)
    assert version.issued_by and version.reported_in
    assert version.provenance == f"Issued by {version.issued_by}; reported in {version.reported_in}"
    assert version.summary()["issued_by"] == version.issued_by
    # the issuing parties as ids: every document has them; a state the atlas compiled has none
    compiled = version.kind == "de_facto" and version.issued_by.startswith("the atlas")
    assert bool(version.issuers) != compiled, version.id
    assert version.summary()["issuers"] == list(version.issuers)


def _outside_brackets(quote: str) -> str:
    """The quote without the citing author's glosses in square brackets."""
    return re.sub(r"\[[^\]]*\]", " ", quote)


@pytest.mark.parametrize("path", VERSION_FILES, ids=lambda path: path.stem)
def test_a_stated_assignment_quotes_words_that_name_its_unit(atlas: territory.Atlas, path: Path) -> None:
    """``stated`` only where the document's own quoted words name the unit: its name, an
    alias or its id appears in the quote, outside the brackets of a gloss."""
    from territory.names import normalize

    version = atlas.version(path.stem)
    for assignment in version.assignments:
        if assignment.confidence != "stated":
            continue
        assert assignment.quote, (version.id, assignment.unit, "a stated assignment quotes its source")
        words = f" {normalize(_outside_brackets(assignment.quote))} "
        names = [atlas.hierarchy.name(assignment.unit), *atlas.hierarchy.aliases(assignment.unit),
                 assignment.unit]
        assert any(f" {normalize(name)} " in words for name in names if normalize(name)), (
            version.id, assignment.unit, assignment.quote)
        if assignment.party is not None:
            assert assignment.party in _parties_named(atlas, words, version.date.not_after), (
                version.id, assignment.unit, assignment.party, assignment.quote)


def _parties_named(atlas: territory.Atlas, words: str, day: dt.date) -> set[str]:
    """The parties a quote names unambiguously on ``day``: by a name or alias that no other
    party existing that day also bears ("Armenia" names no one while the Republic and
    Soviet Armenia both exist; "Soviet Armenia" names one)."""
    from territory.names import normalize

    bearers: dict[str, set[str]] = {}
    for party_id, party in atlas.parties.items():
        if (party.since and day < party.since) or (party.until and day > party.until):
            continue
        for name in (party.name, *party.aliases, party_id):
            bearers.setdefault(normalize(name), set()).add(party_id)
    return {next(iter(ids)) for name, ids in bearers.items()
            if name and len(ids) == 1 and f" {name} " in words}


def test_an_unknown_issuer_is_named(write_version) -> None:
    path = write_version(issuers=["rsfrs"])
    assert "issuers[0]: expected a known party id (did you mean rsfsr?), got 'rsfrs'" in str(refused(path))
