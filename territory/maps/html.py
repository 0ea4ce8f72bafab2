"""A map page as HTML text: deterministic, valid, and locked down by a Content-Security-Policy.

:func:`page_html` renders a map's page with counter-based element ids in the one page
skeleton of the maps (:data:`MAP_PAGE`: ``<html lang>``, one viewport that lets the reader
zoom, a skip link, the content in a ``main`` landmark under one ``h1``, the scripts inside
the body) and, for a self-contained page, puts a ``<meta http-equiv="Content-Security-Policy">``
in its head that allows exactly the page's own inline scripts and styles (by their
SHA-256 hashes), ``data:`` images and nothing else: no request can leave the page.
"""

from __future__ import annotations

import base64
import hashlib
import re

import folium
from branca.element import Figure

from jinja2 import Template

from territory.errors import MapError
from territory.maps.ids import deterministic_ids

#: An inline script or style and its body, scanned left to right like an HTML tokenizer does,
#: so a "<style" inside a script body is not taken for a tag.
_INLINE = re.compile(r"<(script|style)\b[^>]*>(.*?)</\1\s*>", re.DOTALL | re.IGNORECASE)
_EXTERNAL = re.compile(r"<(?:script|link)\b[^>]*\b(?:src|href)=", re.IGNORECASE)
#: folium's viewport (one per map, ``maximum-scale=1.0, user-scalable=no``): the skeleton has its own.
_FOLIUM_VIEWPORT = re.compile(r'\s*<meta name="viewport" content="width=device-width,\s+'
                              r'initial-scale=1\.0, maximum-scale=1\.0, user-scalable=no" />')
_CHARSET = '<meta charset="utf-8">'

#: The skeleton of every folium page (a plain :class:`branca.element.Figure`): the content
#: inside ``main``, scripts inside ``body``, the page's language and title given by
#: :func:`page_html`. ``#territory-units`` is the text alternative of :mod:`territory.maps.a11y`.
MAP_PAGE = Template(
    "<!DOCTYPE html>\n"
    '<html lang="{{ kwargs.lang }}">\n'
    "<head>\n"
    + _CHARSET + "\n"
    '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
    "{% if this.title %}<title>{{ this.title }}</title>{% endif %}\n"
    "{{ this.header.render(**kwargs) }}\n"
    "</head>\n"
    "<body>\n"
    '<nav class="territory-skip" aria-label="Skip link">'
    '<a href="#territory-units">Skip the map: to the table of units</a></nav>\n'
    "<main>\n"
    '<h1 class="territory-page-title">{{ this.title }}</h1>\n'
    "{{ this.html.render(**kwargs) }}\n"
    "</main>\n"
    "<script>\n"
    "{{ this.script.render(**kwargs) }}\n"
    "</script>\n"
    "</body>\n"
    "</html>\n"
)


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
              tiles: bool = False, lang: str = "en") -> str:
    """Render the whole page of a map (or figure) as HTML.

    Parameters
    ----------
    map_or_figure
        A map built by :mod:`territory.maps`, or its figure. A plain figure (folium's)
        is rendered in :data:`MAP_PAGE`; a figure of its own (the what-if page) keeps its
        template, which is given ``lang`` too.
    self_contained
        Add the strict Content-Security-Policy; refuse a page that still links
        an external script or stylesheet.
    tiles
        Allow ``https:`` images (the opt-in tile layer) in the policy.
    lang
        The language of the page (BCP 47), set on ``<html lang>``.

    Raises
    ------
    MapError
        ``self_contained`` and the page links an external script or stylesheet.
    """
    figure = map_or_figure.get_root()
    if type(figure) is Figure:
        figure._template = MAP_PAGE
        figure.header._children.pop("meta_http", None)
    with deterministic_ids("r"):
        html = _FOLIUM_VIEWPORT.sub("", figure.render(lang=lang))
    if not self_contained:
        return html
    match = _EXTERNAL.search(html)
    if match:
        raise MapError("self-contained page", "external script or stylesheet", "none",
                       html[match.start():match.start() + 120])
    policy = content_security_policy(html, tiles=tiles)
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
    if _CHARSET in html:
        return html.replace(_CHARSET, _CHARSET + "\n" + meta, 1)
    return html.replace("<head>", "<head>\n" + meta, 1)
