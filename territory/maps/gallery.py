"""The ``index.html`` gallery: a caption, a link, a preview and a copy-paste ``<iframe>`` per map."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from territory.maps.page import network_loads
from territory.maps.popups import esc

if TYPE_CHECKING:
    from territory.maps.plan import MapSpec

SECTIONS = (
    ("version", "One version each"),
    ("compare", "June and November 1920, side by side"),
    ("swipe", "June and November 1920, swipe"),
    ("timeline", "All versions"),
    ("corridor", "Corridor view"),
    ("whatif", "What if"),
)

GALLERY_CSS = """
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #222;
  max-width: 1100px; margin: 0 auto; padding: 16px; }
h1 { font-size: 24px; } h2 { font-size: 19px; margin-top: 32px; border-bottom: 1px solid #ccc; }
.map-card { margin: 18px 0 28px; }
.map-card h3 { font-size: 16px; margin: 0 0 4px; }
.map-card p { margin: 0 0 8px; }
.map-card iframe { width: 100%; height: 420px; border: 1px solid #bbb; }
table.answers { border-collapse: collapse; margin: 12px 0 24px; font-size: 14px; width: 100%; }
table.answers caption { text-align: left; font-weight: 600; padding: 4px 0; }
table.answers th, table.answers td { border: 1px solid #ccc; padding: 3px 6px; text-align: left;
  vertical-align: top; overflow-wrap: anywhere; }
pre { background: #f4f4f4; padding: 8px; overflow-x: auto; font-size: 12px; }
"""


def iframe_snippet(spec: MapSpec, height: int = 600) -> str:
    """Return the raw ``<iframe>`` HTML a teacher pastes into a course page."""
    return (f'<iframe src="{spec.id}.html" title="{esc(spec.title)}" width="100%" '
            f'height="{height}" style="border:0" loading="lazy"></iframe>')


def network_note(*, self_contained: bool = True, tiles: bool = False) -> str:
    """The gallery's sentence on what each map loads from the network (plain text)."""
    loads = network_loads(self_contained=self_contained, tiles=tiles)
    if not loads:
        return ("Each map is one self-contained HTML file that makes no network request: open it "
                "directly, or embed it in a course page with the <iframe> snippet under it (keep "
                "the map file next to the page).")
    if self_contained:
        loading = (f"with Leaflet inlined; it loads {' and '.join(loads)}, so without a "
                   "network connection the maps show no basemap")
    else:
        loading = f"that loads {' and '.join(loads)}, so it needs a network connection"
    return (f"Each map is one HTML file {loading}. Open a map directly, or embed it in a course "
            "page with the <iframe> snippet under it (keep the map file next to the page).")


def answers_html(answers: Sequence[tuple[str, Sequence[tuple[str, str]]]]) -> list[str]:
    """The gallery's table of corridor answers: per question (its words), one row per
    version or scenario with the answer in words (every text escaped)."""
    if not answers:
        return []
    parts = ['<h2 id="answers">Corridor answers for every version</h2>',
             "<p>The built-in corridor questions asked of every version and of the 1920 "
             "scenarios, as <code>territory check --all</code> prints them. A version in which "
             "a side holds no unit has no answer.</p>"]
    for question, rows in answers:
        parts.append(f'<table class="answers"><caption>{esc(question)}</caption>'
                     '<thead><tr><th scope="col">version or scenario</th>'
                     '<th scope="col">answer</th></tr></thead><tbody>')
        parts.extend(f'<tr><th scope="row">{esc(scenario)}</th><td>{esc(text)}</td></tr>'
                     for scenario, text in rows)
        parts.append("</tbody></table>")
    return parts


def gallery_html(specs: Sequence[MapSpec], *, self_contained: bool = True,
                 tiles: bool = False,
                 answers: Sequence[tuple[str, Sequence[tuple[str, str]]]] = ()) -> str:
    """Return the gallery page of ``specs`` (every text escaped).

    Parameters
    ----------
    specs
        The maps to list, in order.
    self_contained, tiles
        How the maps were rendered (see :func:`territory.maps.render.render_all`); the page
        says what the maps load from the network. The gallery itself loads nothing but the
        map files next to it.
    """
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>Maps of the 1918-1924 territorial assignments</title>",
        f"<style>{GALLERY_CSS}</style></head><body>",
        "<h1>Maps of the 1918-1924 territorial assignments</h1>",
        (
            f"<p>{esc(network_note(self_contained=self_contained, tiles=tiles))} Every assignment "
            "shown is quoted and attributed to its source in the unit's popup.</p>"
        ),
    ]
    for kind, heading in SECTIONS:
        section = [spec for spec in specs if spec.kind == kind]
        if not section:
            continue
        parts.append(f"<h2>{esc(heading)}</h2>")
        for spec in section:
            parts.append(
                f'<section class="map-card" id="{esc(spec.id)}">'
                f'<h3><a href="{esc(spec.id)}.html">{esc(spec.title)}</a></h3>'
                f"<p>{esc(spec.caption)}</p>"
                f'<iframe src="{esc(spec.id)}.html" title="{esc(spec.title)}" loading="lazy"></iframe>'
                f"<pre><code>{esc(iframe_snippet(spec))}</code></pre>"
                "</section>"
            )
    parts.extend(answers_html(answers))
    parts.append("</body></html>\n")
    return "\n".join(parts)
