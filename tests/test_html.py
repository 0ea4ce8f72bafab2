"""The page skeleton of territory.maps.html, and the Nu HTML checker over every rendered page."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from territory.maps.assets import leaflet_css
from territory.maps.html import page_html
from territory.maps.render import render_all
from territory.maps.version_map import explore_map

ROOT = Path(__file__).resolve().parent.parent
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def _missing(message: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(message)  # CI installs Java and vnu-jar (.ci/run): missing there is a broken set-up
    pytest.skip(message)


@pytest.fixture(scope="module")
def rendered(atlas, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("maps")
    render_all(atlas, out, progress=False)
    return out


def test_every_rendered_page_is_valid_html(rendered: Path) -> None:
    java = shutil.which("java")
    if java is None:
        _missing("java not installed; apt-get install default-jre-headless")
    if not VNU_JAR.is_file():
        _missing(f"{VNU_JAR} missing; npm install vnu-jar@26.9.27 (see .ci/run)")
    pages = sorted(rendered.glob("*.html"))
    assert len(pages) > 50
    run = subprocess.run([java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json",
                          *map(str, pages)], capture_output=True, text=True, timeout=600)
    messages = json.loads(run.stderr)["messages"]
    errors = [f"{Path(m.get('url', '')).name}: {m['message']}" for m in messages
              if m["type"] in ("error", "non-document-error")]
    assert errors == [], "\n".join(errors[:20])


def test_the_checker_finds_an_error_when_there_is_one(tmp_path: Path) -> None:
    java = shutil.which("java")
    if java is None or not VNU_JAR.is_file():
        _missing("java or vnu-jar missing (see .ci/run)")
    page = tmp_path / "bad.html"
    page.write_text('<!DOCTYPE html><html lang="en"><head><title>x</title></head><body></body>'
                    "<script>var a;</script></html>", encoding="utf-8")
    run = subprocess.run([java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", str(page)],
                         capture_output=True, text=True, timeout=120)
    assert any("Stray start tag" in m["message"] for m in json.loads(run.stderr)["messages"])


def test_page_skeleton(atlas) -> None:
    html = page_html(explore_map(atlas, atlas.versions[0].id), lang="hy")
    assert html.startswith('<!DOCTYPE html>\n<html lang="hy">\n<head>\n<meta charset="utf-8">\n'
                           '<meta http-equiv="Content-Security-Policy"')
    assert html.count('name="viewport"') == 1 and "maximum-scale" not in html
    assert "user-scalable" not in html
    assert html.count("<h1") == 1 and html.count("<main>") == 1
    body = html[html.index("<body>"):]
    assert body.rstrip().endswith("</script>\n</body>\n</html>")
    assert html.index("</main>") < html.rindex("<script>")
    assert re.search(r'<a href="#territory-units">', html)


def test_leaflet_css_has_no_behavior_property() -> None:
    css = leaflet_css()
    assert "behavior" not in css and ".lvml" in css
