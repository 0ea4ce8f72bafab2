"""The self-contained maps in a real headless Chromium: offline, no errors, popups with citations.

Uses Debian's chromium through Playwright's Python package (never ``playwright install``);
skips with the reason when either is missing.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

import territory
from territory.maps.plan import plan_maps
from territory.maps.render import render_all

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
