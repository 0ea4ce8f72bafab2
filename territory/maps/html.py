"""A map page as HTML text: deterministic, and locked down by a Content-Security-Policy.

:func:`page_html` renders a map's page with counter-based element ids and, for a
self-contained page, puts a ``<meta http-equiv="Content-Security-Policy">`` in
its head that allows exactly the page's own inline scripts and styles (by their
SHA-256 hashes), ``data:`` images and nothing else: no request can leave the page.
"""

from __future__ import annotations

import base64
import hashlib
import re

import folium
from branca.element import Figure

from territory.errors import MapError
from territory.maps.ids import deterministic_ids

#: An inline script or style and its body, scanned left to right like an HTML tokenizer does,
#: so a "<style" inside a script body is not taken for a tag.
_INLINE = re.compile(r"<(script|style)\b[^>]*>(.*?)</\1\s*>", re.DOTALL | re.IGNORECASE)
_EXTERNAL = re.compile(r"<(?:script|link)\b[^>]*\b(?:src|href)=", re.IGNORECASE)


def _hashes(html: str, tag: str) -> list[str]:
    digests = {
        "'sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode() + "'"
        for name, body in _INLINE.findall(html)
        if name.lower() == tag
    }
    return sorted(digests)


def content_security_policy(html: str, *, tiles: bool = False) -> str:
    """Return the strict CSP of a self-contained page: its own inline code only."""
    images = "data: https:" if tiles else "data:"
    return "; ".join([
        "default-src 'none'",
        "script-src " + " ".join(_hashes(html, "script")),
        "style-src " + " ".join(_hashes(html, "style")),
        f"img-src {images}",
        "base-uri 'none'",
        "form-action 'none'",
    ])


def page_html(map_or_figure: folium.Map | Figure, *, self_contained: bool = True,
              tiles: bool = False) -> str:
    """Render the whole page of a map (or figure) as HTML.

    Parameters
    ----------
    map_or_figure
        A map built by :mod:`territory.maps`, or its figure.
    self_contained
        Add the strict Content-Security-Policy; refuse a page that still links
        an external script or stylesheet.
    tiles
        Allow ``https:`` images (the opt-in tile layer) in the policy.

    Raises
    ------
    MapError
        ``self_contained`` and the page links an external script or stylesheet.
    """
    figure = map_or_figure.get_root()
    with deterministic_ids("r"):
        html = figure.render()
    if not self_contained:
        return html
    match = _EXTERNAL.search(html)
    if match:
        raise MapError("self-contained page", "external script or stylesheet", "none",
                       html[match.start():match.start() + 120])
    policy = content_security_policy(html, tiles=tiles)
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
    return html.replace("<head>", "<head>\n" + meta, 1)
