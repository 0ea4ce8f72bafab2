"""The self-contained maps in a real headless Chromium: offline, no errors, popups with citations.

Uses Debian's chromium through Playwright's Python package (never ``playwright install``);
skips with the reason when either is missing.
"""

from __future__ import annotations

import os
import random
import shutil
from pathlib import Path

import pytest

import territory
from territory.corridor import check_assignment
from territory.errors import NoTerritoryError, TerritoryError
from territory.maps.plan import plan_maps
from territory.maps.render import render_all
from territory.questions import QUESTIONS, scenarios_to_ask

CHROMIUM_PATHS = ("/usr/bin/chromium", "/usr/lib/chromium/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SHARED_SCREENSHOT = Path("/tmp/maps-screenshot.png")


def _chromium() -> str:
    for path in CHROMIUM_PATHS:
        if os.access(path, os.X_OK):
            return path
    message = f"chromium not installed (looked for {', '.join(CHROMIUM_PATHS)}); apt-get install chromium"
    if os.environ.get("CI"):
        pytest.fail(message)  # CI installs it (.ci/run): a missing browser there is a broken set-up
    pytest.skip(message)


@pytest.fixture(scope="module")
def browser():
    executable = _chromium()
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright (pip) is not installed")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def maps_dir(atlas, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("maps")
    render_all(atlas, out, progress=False)
    return out


class Page:
    """A page opened from file:// with every non-file, non-data request aborted and recorded."""

    def __init__(self, browser, path: Path, width: int = 1200, height: int = 800) -> None:
        self.page = browser.new_page(viewport={"width": width, "height": height})
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type in ("error", "warning") else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", lambda d: (self.errors.append(f"dialog: {d.message}"), d.dismiss()))
        self.page.route("**/*", self._route)
        self.page.goto(path.as_uri())
        self.page.wait_for_timeout(300)

    def _route(self, route) -> None:
        url = route.request.url
        if url.startswith(("file:", "data:")):
            route.continue_()
        else:
            self.requests.append(url)
            route.abort()


def test_version_map_offline_with_popups(browser, atlas, maps_dir, tmp_path) -> None:
    version = next(v for v in atlas.versions if any(a.quote for a in v.assignments))
    assignment = next(a for a in version.assignments if a.quote)
    layer = atlas.layer(version.id)
    view = Page(browser, maps_dir / f"version-{version.id}.html")
    page = view.page
    assert page.locator("path.territory-unit").count() == len(layer)
    legend = page.locator(".territory-legend").inner_text()
    for party in layer["party"].dropna().unique():
        assert atlas.parties[party].name in legend
    assert "Status" in legend
    page.locator(f"path.territory-unit-{assignment.unit}").first.click(force=True)
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for(timeout=5000)
    page.wait_for_timeout(400)  # let the popup fade in before the screenshot
    text = popup.inner_text()
    assert version.document.reference.split(",")[0] in text
    assert " ".join(assignment.quote.split())[:40] in " ".join(text.split())
    page.screenshot(path=str(tmp_path / "version.png"))
    shutil.copyfile(tmp_path / "version.png", SHARED_SCREENSHOT)
    assert view.errors == [] and view.requests == []
    page.close()


@pytest.mark.parametrize("kind", ["compare", "swipe", "timeline", "corridor"])
def test_other_maps_load_cleanly(browser, atlas, maps_dir, tmp_path, kind) -> None:
    spec = next(s for s in plan_maps(atlas) if s.kind == kind)
    view = Page(browser, maps_dir / f"{spec.id}.html")
    page = view.page
    shown = spec.scenarios if kind in ("compare", "swipe") else spec.scenarios[:1]
    assert page.locator("path.territory-unit").count() == sum(len(atlas.layer(v)) for v in shown)
    if kind == "swipe":
        page.locator(".territory-swipe-range").fill("0.2")
        clip = page.evaluate("document.querySelector('.leaflet-territory-right-pane').style.clip")
        assert clip.startswith("rect(")
    if kind == "timeline":
        radios = page.locator(".leaflet-control-layers-base input")
        assert radios.count() == len(atlas.versions)
        radios.nth(len(atlas.versions) - 1).check()
        assert atlas.versions[-1].title in page.locator(".territory-title").inner_text()
    page.screenshot(path=str(tmp_path / f"{kind}.png"))
    assert view.errors == [] and view.requests == []
    page.close()


def test_map_works_inside_an_iframe(browser, atlas, maps_dir) -> None:
    view = Page(browser, maps_dir / "index.html")
    frame = view.page.frame_locator("iframe").first
    frame.locator("path.territory-unit").first.wait_for(timeout=10000)
    assert frame.locator("path.territory-unit").count() == len(atlas.layer(atlas.versions[0].id))
    assert view.errors == [] and view.requests == []
    view.page.close()


def test_hostile_quote_is_shown_as_text(browser, atlas, tmp_path, write_version) -> None:
    unit = atlas.versions[0].assignments[0].unit
    path = write_version(
        id="1920-07-01-hostile", date="1920-07-01", kind="proposal", title="Hostile", author="X",
        document={"reference": "Ref <img src=x onerror=alert(2)>"},
        assignments=[{"unit": unit, "party": "turkey", "status": "part_of", "confidence": "stated",
                      "quote": "<script>alert(1)</script>"}])
    hostile = territory.load([path])
    render_all(hostile, tmp_path / "out", only=["version-1920-07-01-hostile"], progress=False)
    view = Page(browser, tmp_path / "out" / "version-1920-07-01-hostile.html")
    view.page.locator(f"path.territory-unit-{unit}").first.click(force=True)
    popup = view.page.locator(".leaflet-popup-content")
    popup.wait_for(timeout=5000)
    assert "<script>alert(1)</script>" in popup.inner_text()
    assert "Ref <img src=x onerror=alert(2)>" in popup.inner_text()
    assert view.page.locator(".leaflet-popup-content script, .leaflet-popup-content img").count() == 0
    assert view.errors == [] and view.requests == []
    view.page.close()


# ------------------------------------------------------------------ the what-if page
#: The fields of ``CorridorResult.to_dict()`` that ``window.territory.check`` returns.
CHECK_FIELDS = ("a", "b", "within", "connected", "shared_border_km", "shared_borders", "wedge",
                "wedges", "wedges_complete", "chain", "chain_km", "openings", "openings_complete")
RANDOM_ASSIGNMENTS = 200
CHECK_ALL = """cases => cases.map(([assignment, a, b, options]) => {
    try { return window.territory.check(assignment, a, b, options); }
    catch (error) { return {error: error.name + ": " + error.message}; }
})"""


def _python_answer(atlas, assignment, a, b, options) -> dict:
    try:
        answer = check_assignment(atlas.adjacency, assignment, a, b, **options).to_dict()
    except TerritoryError as error:
        return {"error": f"TerritoryError: {error}"}
    return {field: answer[field] for field in CHECK_FIELDS}


def _random_assignment(rng: random.Random, atlas) -> tuple[dict, str, str, dict]:
    """Finest units and whole parents (each parent whole half the time), a few parties, some
    units without a holder; a tenth with a small ``limit``, a tenth with ``within``."""
    graph = atlas.adjacency
    whole = {parent for parent in sorted(atlas.parents) if rng.random() < 0.5}
    nodes = sorted(whole) + [unit for unit in graph.units if graph.parent.get(unit) not in whole]
    parties = rng.sample(sorted(atlas.parties), rng.randint(2, 5))
    assignment = {node: None if rng.random() < 0.2 else rng.choice(parties) for node in nodes}
    a, b = rng.sample(parties, 2)
    draw, options = rng.random(), {}
    if draw < 0.1:
        options["limit"] = rng.randint(0, 3)
    elif draw < 0.2:
        options["within"] = rng.sample([*graph.units, *sorted(atlas.parents)], 8)
    return assignment, a, b, options


def _cases(atlas) -> list[tuple[dict, str, str, dict]]:
    """Every version and scenario with every ordered pair of parties holding units in it and
    with each built-in question (also as asked, within the focus units); then the random ones."""
    cases = []
    for scenario in scenarios_to_ask(list(atlas.versions)):
        holders = atlas.layer_holders(scenario)
        held = sorted({party for party in holders.values() if party})
        cases += [(holders, a, b, {}) for a in held for b in held if a != b]
        for question in QUESTIONS.values():
            try:
                assignment, a, b = question.sides(holders, atlas.hierarchy)
            except NoTerritoryError:
                continue
            cases += [(assignment, a, b, {}),
                      (assignment, a, b, {"within": question.negotiable(atlas.hierarchy)})]
    rng = random.Random(1920)
    return cases + [_random_assignment(rng, atlas) for _ in range(RANDOM_ASSIGNMENTS)]


def test_whatif_answers_like_python_field_by_field(browser, atlas, maps_dir) -> None:
    cases = _cases(atlas)
    holders = atlas.layer_holders("1920-11-29-nakhchivan-taken")
    split = {**{u: p for u, p in holders.items() if u != "zangezur"}, "zangezur_west": "turkey"}
    cases += [(holders, "turkey", "turkey", {}), (holders, "turkey", "georgia", {}),
              (split, "turkey", "armenia_ssr", {}), ({**holders, "zangezur_east": None}, "turkey", "rsfsr", {})]
    view = Page(browser, maps_dir / "whatif.html")
    answers = view.page.evaluate(CHECK_ALL, [list(case) for case in cases])
    mismatches = []
    for case, answer in zip(cases, answers, strict=True):
        expected = _python_answer(atlas, *case)
        keys = ("error",) if "error" in expected else CHECK_FIELDS
        mismatches += [(case[1:], key, answer.get(key), expected[key]) for key in keys
                       if answer.get(key) != expected[key]]
    assert len(cases) > RANDOM_ASSIGNMENTS + 300
    assert mismatches == []
    errors = [answer["error"] for answer in answers if "error" in answer]
    assert any("expected two different parties" in e for e in errors)
    assert any("holds at least one unit" in e for e in errors)
    assert any("cover every finest unit" in e for e in errors)
    assert any("in exactly one unit of the level" in e for e in errors)
    # the comparison sees every branch: touching or not, cut lists, negotiable units
    assert {answer.get("connected") for answer in answers} >= {True, False}
    assert any(answer.get("wedges_complete") is False for answer in answers)
    assert any(answer.get("openings_complete") is False for answer in answers)
    assert any(answer.get("within") for answer in answers)
    assert view.errors == [] and view.requests == []
    view.page.close()


def _answer(page) -> str:
    return " ".join(page.locator("#whatif-answer").inner_text().split())


def test_whatif_click_assigns_a_unit_the_link_keeps_it_and_reset_returns(browser, atlas, maps_dir) -> None:
    view = Page(browser, maps_dir / "whatif.html")
    page = view.page
    start = "1920-11-29-nakhchivan-taken"
    assert page.locator("main h1").count() == 1 and page.locator("html[lang=en]").count() == 1
    assert page.locator("#whatif-start").input_value() == start
    assert _answer(page).startswith("Touching: no")
    before = page.evaluate("location.hash")
    assert "units=" not in before
    # Daralagez, between Turkey's Nakhchivan and Soviet Azerbaijan, handed to Turkey: by click
    page.locator("path[data-unit=daralagez]").click(force=True)
    assert page.locator("#whatif-chooser").is_visible()
    assert "Daralagez" in page.locator("#whatif-chosen").inner_text()
    page.locator("#whatif-holder").select_option("turkey")
    assert _answer(page).startswith("Touching: yes")
    link = page.evaluate("location.href")
    assert "units=daralagez%3Aturkey" in link
    current = page.evaluate("window.territory.current()")
    assert current["assignment"] == {**atlas.layer_holders(start), "daralagez": "turkey"}
    expected = check_assignment(atlas.adjacency, current["assignment"], "turkey", "azerbaijan_ssr").to_dict()
    assert f"{expected['shared_border_km']:.1f} km" in _answer(page)
    # the link opens the same assignment in a new page
    shared = browser.new_page()
    shared.goto(link)
    assert _answer(shared) == _answer(page)
    assert shared.evaluate("window.territory.current()") == current
    shared.close()
    # by keyboard: focus a unit, Enter opens the chooser on it
    page.locator("path[data-unit=sharur]").focus()
    page.keyboard.press("Enter")
    assert "Sharur" in page.locator("#whatif-chosen").inner_text()
    assert page.evaluate("document.activeElement.id") == "whatif-holder"
    page.locator("#whatif-reset").click()
    assert _answer(page).startswith("Touching: no")
    assert "units=" not in page.evaluate("location.hash")
    assert page.evaluate("window.territory.current()")["assignment"] == atlas.layer_holders(start)
    assert view.errors == [] and view.requests == []
    page.close()


def test_whatif_shows_hostile_titles_as_text(browser, atlas, tmp_path, write_version) -> None:
    title = '<img src=x onerror=alert(3)> "Hostile" & co'
    path = write_version(id="1920-07-01-hostile", date="1920-07-01", kind="proposal", title=title, author="X",
                         assignments=[{"unit": "daralagez", "party": "turkey", "status": "part_of",
                                       "confidence": "stated"}])
    render_all(territory.load([path]), tmp_path / "out", only=["whatif"], progress=False)
    view = Page(browser, tmp_path / "out" / "whatif.html")
    option = view.page.locator("#whatif-start option[value='1920-07-01-hostile']")
    assert option.inner_text() == f"1920-07-01-hostile: {title}"
    assert view.page.locator("img[src=x]").count() == 0
    assert view.errors == [] and view.requests == []
    view.page.close()
