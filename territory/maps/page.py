"""A fresh folium map page: offline assets, our stylesheet and fill patterns, no tiles."""

from __future__ import annotations

from urllib.parse import urlsplit

import folium
from branca.element import Figure

from territory.maps.assets import offline_map
from territory.maps.context import MapContext
from territory.maps.elements import DataAttribution, PageStyle, Patterns

#: The online basemap of ``--tiles`` (opt-in) and its attribution.
TILES_URL = "https://{s}.basemaps.cartocdn.com/light_nolabels/{z}/{x}/{y}{r}.png"
TILES_ATTRIBUTION = (
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors '
    '&copy; <a href="https://carto.com/attributions">CARTO</a>'
)

_CDN = {
    "leaflet": "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js",
    "leaflet_css": "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.css",
}


def network_loads(*, self_contained: bool, tiles: bool) -> list[str]:
    """What a map page loads from the network, in words (none for a self-contained page, no tiles)."""
    loads = []
    if not self_contained:
        hosts = sorted({urlsplit(url).hostname for url in _CDN.values()})
        loads.append(f"Leaflet from {' and '.join(hosts)}")
    if tiles:
        host = urlsplit(TILES_URL).hostname.removeprefix("{s}.")
        loads.append(f"basemap tiles from {host}")
    return loads


def new_map(ctx: MapContext, bounds: list[list[float]], *, figure: Figure | None = None,
            self_contained: bool = True, tiles: bool = False, **kwargs: object) -> folium.Map:
    """Return an empty map fitted to ``bounds`` (``[[south, west], [north, east]]``).

    Parameters
    ----------
    ctx
        The atlas context (for the fill patterns of its parties).
    bounds
        The first view.
    figure
        The page to put the map in (several maps can share one); a new one if None.
    self_contained
        Inline Leaflet (no network request); otherwise link them from a CDN.
    tiles
        Add an online tile layer with its attribution (off by default: the
        basemap is the atlas's own units).
    kwargs
        More :class:`folium.Map` arguments (``width``, ``left``, ``position`` ...).
    """
    (south, west), (north, east) = bounds
    centre = [round((south + north) / 2, 4), round((west + east) / 2, 4)]
    map_ = folium.Map(location=centre, zoom_start=7, tiles=None, control_scale=True,
                      zoom_snap=0.25, **kwargs)
    if figure is not None:
        figure.add_child(map_)
    offline_map(map_, inline=self_contained)
    if not self_contained:
        map_.default_js = [("leaflet", _CDN["leaflet"])]
        map_.default_css = [("leaflet_css", _CDN["leaflet_css"])]
    if tiles:
        folium.TileLayer(TILES_URL, attr=TILES_ATTRIBUTION, name="Basemap (online)",
                         control=False, max_zoom=19).add_to(map_)
    DataAttribution().add_to(map_)
    figure = map_.get_root()
    figure.add_child(PageStyle(), name="territory_style")
    figure.add_child(Patterns(ctx.palette), name="territory_patterns")
    map_.fit_bounds(bounds)
    return map_
