"""The ``index.html`` gallery: a caption, a link, a preview and a copy-paste ``<iframe>`` per map."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from territory.maps.popups import esc

if TYPE_CHECKING:
    from territory.maps.render import MapSpec

SECTIONS = (
    ("version", "One version each"),
    ("compare", "June and November 1920, side by side"),
    ("swipe", "June and November 1920, swipe"),
    ("timeline", "All versions"),
    ("corridor", "Corridor view"),
)

GALLERY_CSS = """
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #222;
  max-width: 1100px; margin: 0 auto; padding: 16px; }
h1 { font-size: 24px; } h2 { font-size: 19px; margin-top: 32px; border-bottom: 1px solid #ccc; }
.map-card { margin: 18px 0 28px; }
.map-card h3 { font-size: 16px; margin: 0 0 4px; }
.map-card p { margin: 0 0 8px; }
.map-card iframe { width: 100%; height: 420px; border: 1px solid #bbb; }
pre { background: #f4f4f4; padding: 8px; overflow-x: auto; font-size: 12px; }
"""


def iframe_snippet(spec: MapSpec, height: int = 600) -> str:
    """Return the raw ``<iframe>`` HTML a teacher pastes into a course page."""
    return (f'<iframe src="{spec.id}.html" title="{esc(spec.title)}" width="100%" '
            f'height="{height}" style="border:0" loading="lazy"></iframe>')


def gallery_html(specs: Sequence[MapSpec]) -> str:
    """Return the gallery page of ``specs`` (every text escaped; no network request)."""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>Maps of the 1920 territorial proposals</title>",
        f"<style>{GALLERY_CSS}</style></head><body>",
        "<h1>Maps of the 1920 territorial proposals</h1>",
        (
            "<p>Each map is one self-contained HTML file: open it directly, or embed it in a "
            "course page with the <code>&lt;iframe&gt;</code> snippet under it (keep the map file "
            "next to the page). Every assignment shown is quoted and attributed to its source in "
            "the unit's popup.</p>"
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
    parts.append("</body></html>\n")
    return "\n".join(parts)
