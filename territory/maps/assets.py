"""Leaflet, inlined from the installed XStatic package.

A self-contained map carries its scripts and styles in the HTML file itself, so
it opens from ``file://``, inside an ``<iframe>`` and offline without a single
network request. Nothing is copied into this repository: the files are read
from ``xstatic-leaflet`` at render time. No page script uses jQuery (folium lists it
among its default scripts), so it is not inlined.
"""

from __future__ import annotations

import base64
import re
from functools import cache
from pathlib import Path

import folium
import xstatic.pkg.leaflet as xstatic_leaflet
from branca.element import Element

LEAFLET_DIR = Path(xstatic_leaflet.BASE_DIR)

#: Map-level CDN links that folium would otherwise load; an empty instance list replaces them.
NO_LINKS: list[tuple[str, str]] = []

_SOURCE_MAP = re.compile(r"\n?//# sourceMappingURL=\S+\s*$")
#: Internet Explorer's VML ``behavior`` declaration, not CSS (the Nu HTML checker refuses it).
_CSS_BEHAVIOR = re.compile(r"\n\s*behavior:\s*url\(#default#VML\);")
_CSS_IMAGE = re.compile(r"url\((?:'|\")?images/([\w.-]+\.png)(?:'|\")?\)")


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


@cache
def leaflet_js() -> str:
    """Return Leaflet's minified JavaScript, without its source-map comment."""
    return _SOURCE_MAP.sub("\n", _read(LEAFLET_DIR / "leaflet.js"))


@cache
def leaflet_css() -> str:
    """Return Leaflet's stylesheet with its images turned into ``data:`` URIs, without the
    ``behavior`` property of old Internet Explorer."""

    def inline(match: re.Match[str]) -> str:
        data = (LEAFLET_DIR / "images" / match.group(1)).read_bytes()
        return f"url(data:image/png;base64,{base64.b64encode(data).decode('ascii')})"

    return _CSS_IMAGE.sub(inline, _CSS_BEHAVIOR.sub("", _read(LEAFLET_DIR / "leaflet.css")))


def _safe_in_tag(text: str, tag: str) -> str:
    """Keep a closing tag inside inlined code from ending the element early."""
    return re.sub(f"</({tag})", r"<\\/\1", text, flags=re.IGNORECASE)


def script_element(code: str) -> Element:
    """Return an element that renders ``<script>code</script>``."""
    element = Element("<script>{{ this.code }}</script>")
    element.code = _safe_in_tag(code, "script")
    return element


def style_element(css: str) -> Element:
    """Return an element that renders ``<style>css</style>``."""
    element = Element("<style>{{ this.css }}</style>")
    element.css = _safe_in_tag(css, "style")
    return element


def offline_map(map_: folium.Map, *, inline: bool = True) -> folium.Map:
    """Strip folium's CDN links from ``map_`` and, if ``inline``, put Leaflet in its page.

    Only this map instance changes (its ``default_js``/``default_css`` are
    instance attributes), so maps made elsewhere in the process keep folium's
    defaults. jQuery, Bootstrap, Font Awesome and awesome-markers are dropped: no
    page script uses jQuery, and the territory maps use no Bootstrap markup and no icons.
    """
    map_.default_js = list(NO_LINKS)
    map_.default_css = list(NO_LINKS)
    if inline:
        header = map_.get_root().header
        header.add_child(style_element(leaflet_css()), name="leaflet_css")
        header.add_child(script_element(leaflet_js()), name="leaflet")
    return map_
