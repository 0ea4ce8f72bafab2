"""The what-if page: assign units by hand and see at once whether two parties touch.

A teacher starts from any version or scenario, clicks a unit (or focuses it and presses
Enter) to give it to another party or to none, chooses the two parties, and reads the
answer of :mod:`territory.corridor` (touching or not, shared km, wedges, the shortest
chain, openings), drawn on the map. The answer is computed in the page by
``whatif_check.js``, a port of :mod:`territory.corridor` that exposes
``window.territory.check(assignment, a, b)``; ``whatif_ui.js`` draws the map and keeps
the state in the URL fragment. Both ship with the package and are inlined, with Leaflet
and the data (:mod:`territory.maps.whatif_data`), into one self-contained page that
:func:`territory.maps.html.page_html` locks down with its Content-Security-Policy.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING

from branca.element import Element, Figure
from jinja2 import Template
from jinja2.utils import htmlsafe_json_dumps

from territory.maps.assets import leaflet_css, leaflet_js, script_element, style_element
from territory.maps.elements import PAGE_CSS
from territory.maps.popups import esc
from territory.maps.whatif_data import whatif_data

if TYPE_CHECKING:
    from territory.atlas import Atlas
    from territory.maps.context import MapContext

TITLE = "What if: reassign the units and ask whether two parties touch"

WHATIF_CSS = """
html, body { margin: 0; height: 100%; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #222; }
.whatif { display: grid; grid-template-columns: minmax(300px, 380px) 1fr; height: 100vh; }
.whatif-panel { overflow-y: auto; padding: 10px 14px; border-right: 1px solid #bbb; background: #fafafa; }
.whatif-panel h1 { font-size: 18px; margin: 0 0 6px; }
.whatif-panel h2 { font-size: 15px; margin: 14px 0 4px; }
.whatif-panel p { margin: 4px 0; }
.whatif-panel label { display: block; font-weight: 600; margin-top: 8px; }
.whatif-panel select { width: 100%; font: inherit; }
.whatif-panel button { font: inherit; margin-top: 8px; }
.whatif-panel fieldset { margin: 10px 0 0; border: 1px solid #999; }
.whatif-panel ul { margin: 2px 0 6px; padding-left: 20px; }
.whatif-note { color: #555; font-size: 12px; }
.whatif-map { height: 100vh; }
.whatif-map path[tabindex]:focus-visible { outline: 3px solid #000; }
.whatif-legend svg { vertical-align: middle; }
"""

#: The page's markup; every text from data is put in by the scripts, as text.
BODY = """
<main class="whatif">
<div class="whatif-panel">
<h1>{title}</h1>
<p>Start from a version or scenario, choose two parties, then click a unit on the map (or
focus it with Tab and press Enter) to assign it to another party or to none. The answer
below is computed in this page from the atlas's unit graph and border lengths, as
<code>territory check</code> computes it. The address of the page keeps the assignment:
copy it to share it. <a href="index.html">All maps</a></p>
<label for="whatif-start">Start from</label><select id="whatif-start"></select>
<label for="whatif-a">Party A</label><select id="whatif-a"></select>
<label for="whatif-b">Party B</label><select id="whatif-b"></select>
<button type="button" id="whatif-reset">Reset to the start</button>
<p id="whatif-note" class="whatif-note" role="status"></p>
<fieldset id="whatif-chooser" hidden>
<legend id="whatif-chosen">Unit</legend>
<label for="whatif-holder">Assign to</label><select id="whatif-holder"></select>
<button type="button" id="whatif-split" hidden>Split into its parts</button>
</fieldset>
<h2 id="whatif-answer-title">Answer</h2>
<div id="whatif-answer" role="region" aria-live="polite" aria-labelledby="whatif-answer-title"></div>
<h2>Changed from the start</h2>
<ul id="whatif-changes"></ul>
<h2>On the map</h2>
<ul class="whatif-legend">
<li>{border} the shared border of A and B</li>
<li>{wedge} a unit of a wedge</li>
<li>{chain} a unit of the shortest chain</li>
<li>{opening} a unit of an opening</li>
</ul>
<p class="whatif-note">Units are coloured by the party holding them; white: no holder. A
version that assigns a uezd whole (Zangezur) is answered with the uezd as one unit; split
it to assign its parts.</p>
</div>
<div id="whatif-map" class="whatif-map" role="region" aria-label="Map of the units; each unit is a button"></div>
</main>
"""


def _swatch(dash: str | None, line: bool = False) -> str:
    shape = ('<line x1="1" y1="8" x2="25" y2="8" stroke="#000" stroke-width="4"/>' if line else
             f'<rect x="2" y="2" width="22" height="12" fill="none" stroke="#000" stroke-width="2.5"'
             f' stroke-dasharray="{dash}"/>')
    return f'<svg width="26" height="16" viewBox="0 0 26 16" aria-hidden="true">{shape}</svg>'


@cache
def page_script(name: str) -> str:
    """The JavaScript shipped with this package under ``territory/maps/<name>``."""
    return files("territory.maps").joinpath(name).read_text(encoding="utf-8")


class WhatIfPage(Figure):
    """The what-if page as a branca figure (so :func:`territory.maps.html.page_html` renders it):
    ``<html lang>`` (from :func:`~territory.maps.html.page_html`), the markup, the data as JSON, Leaflet and the two scripts."""

    _template = Template(
        "<!DOCTYPE html>\n"
        '<html lang="{{ kwargs.lang }}">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<title>{{ this.title }}</title>\n"
        "{{ this.header.render(**kwargs) }}\n"
        "</head>\n"
        "<body>\n"
        "{{ this.html.render(**kwargs) }}\n"
        "</body>\n"
        "</html>\n"
    )

    def __init__(self, data: dict) -> None:
        super().__init__(title=esc(TITLE))
        self._name = "WhatIfPage"
        self.header._children.pop("meta_http", None)
        self.header.add_child(style_element(leaflet_css()), name="leaflet_css")
        self.header.add_child(style_element(PAGE_CSS + WHATIF_CSS), name="whatif_css")
        self.header.add_child(script_element(leaflet_js()), name="leaflet")
        body = BODY.format(title=esc(TITLE), border=_swatch(None, line=True), wedge=_swatch("10 6"),
                           chain=_swatch("2 6"), opening=_swatch("6 3 2 3"))
        self.html.add_child(Element(body), name="body")
        block = Element('<script type="application/json" id="territory-whatif-data">{{ this.json }}</script>')
        block.json = htmlsafe_json_dumps(data, separators=(",", ":"))
        self.html.add_child(block, name="data")
        self.html.add_child(script_element(page_script("whatif_check.js")), name="check")
        self.html.add_child(script_element(page_script("whatif_ui.js")), name="ui")


def build_whatif_page(atlas: Atlas, ctx: MapContext, scenarios: Sequence[str]) -> WhatIfPage:
    """Return the what-if page of ``atlas``, starting from any of ``scenarios`` (menu order)."""
    return WhatIfPage(whatif_data(atlas, ctx, scenarios))
