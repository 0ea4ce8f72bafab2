"""Tests of territory.maps.render and ``territory render`` on the built-in atlas."""

from __future__ import annotations

import dataclasses
import html as htmllib
import re
import struct
from pathlib import Path

import pytest

from territory.errors import MapError, TerritoryError, UnknownIdError
from territory.maps.context import MapContext
from territory.maps.kinds import KINDS, MapKind
from territory.maps.plan import STATIC_KINDS, MapSpec, plan_maps
from territory.maps.render import build_map, render_all
from territory.maps.static import COMPARE_WIDTH, DPI
from territory.questions import QUESTIONS

MAX_BYTES = 1_500_000


@pytest.fixture(scope="module")
def rendered(atlas, tmp_path_factory) -> tuple[Path, Path]:
    first = tmp_path_factory.mktemp("render-1")
    second = tmp_path_factory.mktemp("render-2")
    render_all(atlas, first, progress=False)
    render_all(atlas, second, progress=False)
    return first, second


def test_plan_has_every_kind(atlas) -> None:
    plan = plan_maps(atlas)
    kinds = {spec.kind for spec in plan}
    assert kinds == {"version", "compare", "swipe", "timeline", "corridor", "whatif"}
    assert [s.scenarios[0] for s in plan if s.kind == "version"] == [v.id for v in atlas.versions]
    for spec in plan:
        if spec.kind in ("compare", "swipe"):
            a, b = (atlas.version(v) for v in spec.scenarios)
            assert a.date.not_after.month == 6 and b.date.not_after.month in (11, 12)
            assert b.kind in ("directive", "proposal", "declaration")
        if spec.kind == "corridor":
            assert spec.question in QUESTIONS
    compared = {spec.scenarios for spec in plan if spec.kind == "compare"}
    assert ("1920-06-20-chicherin", "1920-12-01-narimanov") in compared
    corridors = {(spec.question, spec.scenarios[0]) for spec in plan if spec.kind == "corridor"}
    # every question is drawn for the seed's scenarios where both of its sides hold land
    for question in QUESTIONS:
        assert (question, "1920-11-29-nakhchivan-taken+1920-12-01-narimanov") in corridors
    assert len({spec.id for spec in plan}) == len(plan)


def test_the_static_kinds_are_those_of_the_registry(atlas) -> None:
    assert STATIC_KINDS == ("version", "compare", "timeline", "corridor")
    assert STATIC_KINDS == tuple(name for name, kind in KINDS.items() if kind.static)
    assert {spec.kind for spec in plan_maps(atlas) if spec.static} == set(STATIC_KINDS)


def test_an_unknown_kind_names_the_spec_and_the_known_kinds(atlas) -> None:
    spec = MapSpec("pie-chart", "pie", "A pie", "Not a map kind", (atlas.versions[0].id,))
    message = (r"map spec pie-chart: kind: expected one of version, compare, swipe, timeline, "
               r"corridor, whatif, got 'pie'")
    with pytest.raises(MapError, match=message):
        build_map(spec, atlas, MapContext.from_atlas(atlas))


def test_a_swipe_map_has_no_static_image(atlas) -> None:
    spec = next(spec for spec in plan_maps(atlas) if spec.kind == "swipe")
    with pytest.raises(MapError, match=f"map spec {spec.id}: kind: expected a kind with a static "
                                       r"image \(version, compare, timeline, corridor\)"):
        KINDS["swipe"].image(spec, atlas, MapContext.from_atlas(atlas), "png")


def test_an_unknown_format_is_an_error(atlas, tmp_path) -> None:
    with pytest.raises(MapError, match=r"render_all\(fmt\): format: expected one of html, png, "
                                       r"svg, got 'pdf'"):
        render_all(atlas, tmp_path / "x", fmt="pdf", progress=False)
    assert not (tmp_path / "x").exists()


def test_two_renders_give_the_same_bytes(rendered) -> None:
    first, second = rendered
    names = sorted(p.name for p in first.iterdir())
    assert names == sorted(p.name for p in second.iterdir())
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_every_map_is_self_contained_and_small(atlas, rendered, inline_code, csp_hash) -> None:
    first, _ = rendered
    for spec in plan_maps(atlas):
        data = (first / f"{spec.id}.html").read_text(encoding="utf-8")
        assert len(data.encode("utf-8")) < MAX_BYTES, spec.id
        assert not re.search(r"<(script|link)[^>]+(src|href)=", data), spec.id
        policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', data).group(1)
        inline = inline_code(data)
        for tag in ("script", "style"):
            listed = set(re.search(tag + r"-src ([^;]*)", policy).group(1).split())
            assert listed == {csp_hash(body) for body in inline[tag]}, (spec.id, tag)


def test_gallery_lists_every_map_with_an_escaped_iframe_snippet(atlas, rendered) -> None:
    index = (rendered[0] / "index.html").read_text(encoding="utf-8")
    snippets = re.findall(r"<pre><code>(.*?)</code></pre>", index)
    assert len(snippets) == len(plan_maps(atlas))
    assert all("<" not in snippet for snippet in snippets)
    sources = sorted(re.match(r'<iframe src="([^"]+)\.html"', htmllib.unescape(s)).group(1) for s in snippets)
    assert sources == sorted(spec.id for spec in plan_maps(atlas))
    assert "http" not in index.replace("http-equiv", "")


def test_only_renders_a_subset_and_unknown_ids_fail(atlas, tmp_path) -> None:
    version_id = f"version-{atlas.versions[0].id}"
    written = render_all(atlas, tmp_path, only=[version_id], progress=False)
    assert sorted(p.name for p in written) == sorted([f"{version_id}.html", "index.html"])
    with pytest.raises(UnknownIdError, match="timeline"):
        render_all(atlas, tmp_path / "x", only=["timelin"], progress=False)
    assert not (tmp_path / "x").exists()


def test_static_formats(atlas, tmp_path) -> None:
    version_id = f"version-{atlas.versions[0].id}"
    written = render_all(atlas, tmp_path, only=[version_id], fmt="svg", progress=False)
    assert [p.name for p in written] == [f"{version_id}.svg"]


COMPARE_ID = "compare-1920-06-20-chicherin-vs-1920-12-01-narimanov"


@pytest.fixture(scope="module")
def static_rendered(atlas, tmp_path_factory) -> dict[str, Path]:
    """A comparison and the timeline as PNG, the comparison again as PNG and as SVG."""
    dirs = {name: tmp_path_factory.mktemp(name) for name in ("png-1", "png-2", "svg")}
    render_all(atlas, dirs["png-1"], only=[COMPARE_ID, "timeline"], fmt="png", progress=False)
    render_all(atlas, dirs["png-2"], only=[COMPARE_ID], fmt="png", progress=False)
    render_all(atlas, dirs["svg"], only=[COMPARE_ID], fmt="svg", progress=False)
    return dirs


def _png_size(path: Path) -> tuple[int, int]:
    return struct.unpack(">II", path.read_bytes()[16:24])


def test_compare_and_timeline_images_are_written_and_deterministic(static_rendered) -> None:
    first, second, svg = (static_rendered[name] for name in ("png-1", "png-2", "svg"))
    assert sorted(p.name for p in first.iterdir()) == sorted([f"{COMPARE_ID}.png", "timeline.png"])
    compare = (first / f"{COMPARE_ID}.png").read_bytes()
    assert compare.startswith(b"\x89PNG") and compare == (second / f"{COMPARE_ID}.png").read_bytes()
    # Two panels side by side: wider than high; the timeline's grid is wider still.
    width, height = _png_size(first / f"{COMPARE_ID}.png")
    assert width == round(COMPARE_WIDTH * DPI) and width > 1.4 * height
    assert _png_size(first / "timeline.png")[0] > width
    assert [p.name for p in svg.iterdir()] == [f"{COMPARE_ID}.svg"]
    text = (svg / f"{COMPARE_ID}.svg").read_text(encoding="utf-8")
    assert text.startswith("<?xml") and "<dc:date>" not in text
    assert 'id="label-left-zangezur"' in text and 'id="label-right-zangezur"' in text


def _register(monkeypatch, kind: MapKind) -> None:
    """Put ``kind`` into the public registry of map kinds for one test."""
    monkeypatch.setitem(KINDS, kind.name, kind)


def test_a_full_static_render_skips_the_maps_without_an_image(atlas, tmp_path, monkeypatch) -> None:
    # Which maps a png render writes (the drawing itself is tested above and in test_static):
    # every registered kind draws its name instead of a picture.
    for kind in KINDS.values():
        if kind.static:
            _register(monkeypatch, dataclasses.replace(
                kind, draw=lambda spec, atlas, ctx, fmt: spec.kind.encode()))
    written = render_all(atlas, tmp_path, fmt="png", progress=False)
    plan = plan_maps(atlas)
    assert [p.name for p in written] == [f"{s.id}.png" for s in plan if s.kind not in ("swipe", "whatif")]
    assert {p.read_bytes() for p in written} == {b"version", b"compare", b"timeline", b"corridor"}
    assert not (tmp_path / "index.html").exists()


@pytest.mark.parametrize("fmt", ["html", "png"])
def test_a_map_that_cannot_be_made_leaves_the_directory_as_it_was(atlas, tmp_path, monkeypatch,
                                                                  fmt) -> None:
    # The timeline comes after a version map and a comparison in the plan: those are built
    # already when it fails, and none of them may be written.
    def fail(*args) -> None:
        raise MapError("timeline map", "layers", "at least one version", [])

    _register(monkeypatch, dataclasses.replace(KINDS["timeline"], build=fail, draw=fail))
    out = tmp_path / "maps"
    out.mkdir()
    (out / "index.html").write_text("the gallery of the last render", encoding="utf-8")
    only = [f"version-{atlas.versions[0].id}", COMPARE_ID, "timeline"]
    with pytest.raises(MapError, match="timeline map"):
        render_all(atlas, out, only=only, fmt=fmt, progress=False)
    assert [p.name for p in out.iterdir()] == ["index.html"]
    assert (out / "index.html").read_text(encoding="utf-8") == "the gallery of the last render"


SWIPE_ID = "swipe-1920-06-20-chicherin-vs-1920-12-01-narimanov"


@pytest.mark.parametrize("fmt", ["svg", "png"])
def test_only_a_swipe_map_is_an_error_for_static_formats(atlas, tmp_path, fmt) -> None:
    version_id = f"version-{atlas.versions[0].id}"
    message = (r"--only.*" + SWIPE_ID + r".*--format " + fmt
               + r".*version, compare, timeline and corridor maps only.*swipe map")
    with pytest.raises(TerritoryError, match=message):
        render_all(atlas, tmp_path / "x", only=[version_id, SWIPE_ID], fmt=fmt, progress=False)
    assert not (tmp_path / "x").exists()


def test_cli_only_a_swipe_map_fails_for_png(cli, tmp_path) -> None:
    result = cli.run("render", "--out", str(tmp_path / "x"), "--only", SWIPE_ID, "--format", "png",
                     "--no-progress")
    assert result.code != 0
    assert "--only" in result.output and "--format png" in result.output
    assert "version, compare, timeline and corridor maps" in result.output
    assert not (tmp_path / "x").exists()


def test_cli_unknown_map_names_only_and_points_to_the_list(cli, tmp_path) -> None:
    result = cli.run("render", "--out", str(tmp_path), "--only", "zzzz")
    assert result.code != 0
    assert "--only" in result.output and "territory render --list" in result.output
    assert "timeline --help" not in result.output


def test_cli_list_prints_ids_and_captions(atlas, cli) -> None:
    text = cli.run("render", "--list")
    assert text.code == 0, text.output
    plan = plan_maps(atlas)
    lines = text.output.splitlines()
    assert [line.split("\t")[0] for line in lines] == [spec.id for spec in plan]
    assert all(spec.caption in line for spec, line in zip(plan, lines, strict=True))
    listing = cli.json("render", "--list")
    assert [(item["id"], item["caption"]) for item in listing] == [(s.id, s.caption) for s in plan]


@pytest.mark.parametrize(("options", "says", "never"), [
    ({}, ["no network request"], ["cdn.jsdelivr.net", "cartocdn"]),
    ({"self_contained": False}, ["cdn.jsdelivr.net"], ["no network request", "code.jquery.com", "jQuery"]),
    ({"tiles": True}, ["basemaps.cartocdn.com"], ["no network request"]),
])
def test_gallery_states_what_the_maps_load(atlas, tmp_path, options, says, never) -> None:
    render_all(atlas, tmp_path, only=["timeline"], progress=False, **options)
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    text = re.sub(r"<pre>.*?</pre>", "", index, flags=re.DOTALL)
    for phrase in says:
        assert phrase in text, (options, phrase)
    for phrase in never:
        assert phrase not in text, (options, phrase)


def test_cli_render_json(cli, tmp_path) -> None:
    ids = [item["id"] for item in cli.json("render", "--list")]
    assert "timeline" in ids
    result = cli.json("render", "--out", str(tmp_path), "--only", "timeline")
    assert sorted(Path(p).name for p in result["files"]) == ["index.html", "timeline.html"]
    bad = cli.run("render", "--out", str(tmp_path), "--only", "timelin")
    assert bad.code != 0 and "did you mean timeline" in bad.output


def test_committed_example_maps_are_current(rendered) -> None:
    # maps/ holds the rendered examples teachers link to; it must be what `territory render` writes now.
    committed = Path(__file__).resolve().parents[1] / "maps"
    fresh, _ = rendered
    assert sorted(p.name for p in committed.iterdir()) == sorted(p.name for p in fresh.iterdir())
    for path in fresh.iterdir():
        assert (committed / path.name).read_bytes() == path.read_bytes(), path.name
