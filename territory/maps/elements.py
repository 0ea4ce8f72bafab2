"""Map components of our own, in folium's shape: a class-level template per element.

Every element here needs only Leaflet. Text that comes from data is escaped
before it gets here (see :mod:`territory.maps.popups`); in templates, data goes
through ``tojson``, which also escapes ``<``, ``>`` and ``&``.
"""

from __future__ import annotations

from collections.abc import Sequence

import folium
from branca.element import MacroElement
from folium.map import Layer
from folium.template import Template

from territory.maps.palette import STATUS_STYLES, Palette

PAGE_CSS = """
.leaflet-container { background: #eef1f3; font: 12px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
.territory-box { background: rgba(255,255,255,0.94); color: #222; padding: 6px 9px; border-radius: 4px;
  box-shadow: 0 1px 4px rgba(0,0,0,0.35); max-width: 300px; }
.territory-box h3 { margin: 0 0 2px; font-size: 14px; }
.territory-box h4 { margin: 4px 0 2px; font-size: 12px; }
.territory-box p { margin: 0; }
.territory-box details { font-size: 11px; margin-top: 2px; }
.territory-box summary { cursor: pointer; color: #444; }
.territory-legend-row { display: flex; align-items: center; gap: 6px; margin: 1px 0; }
.territory-swatch { flex: none; }
.territory-label { background: transparent; border: 0; box-shadow: none; padding: 0; color: #111;
  font-weight: 600; font-size: 11px; text-shadow: 0 0 2px #fff, 0 0 3px #fff, 0 0 4px #fff; white-space: nowrap; }
.territory-label::before { display: none; }
.territory-popup-body h4 { margin: 0 0 2px; font-size: 13px; }
.territory-popup-body code { font-size: 11px; color: #555; }
.territory-popup-body dl { display: grid; grid-template-columns: max-content 1fr; gap: 1px 8px; margin: 4px 0; }
.territory-popup-body dt { font-weight: 600; }
.territory-popup-body dd { margin: 0; }
.territory-popup-body blockquote { margin: 4px 0; padding: 2px 8px; border-left: 3px solid #999; font-style: italic; }
.territory-aliases { color: #555; margin: 0; }
.territory-citation, .territory-note { margin: 4px 0 0; font-size: 11px; }
.leaflet-interactive:focus:not(:focus-visible) { outline: none; }
.territory-patterns { position: absolute; width: 0; height: 0; overflow: hidden; }
.territory-swipe-range { position: absolute; left: 0; bottom: 0; width: 100%; height: 20px; margin: 0; z-index: 1000; }
.territory-swipe .leaflet-bottom { bottom: 22px; }
.territory-swipe-divider { position: absolute; top: 0; bottom: 0; width: 0; border-left: 3px solid #222;
  z-index: 999; pointer-events: none; }
.territory-side-caption { position: absolute; top: 8px; z-index: 1000; }
.leaflet-control-attribution { font-size: 11px; }
body > main { height: 100%; }
.territory-page-title { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
.territory-skip a { position: absolute; left: 8px; top: -40px; z-index: 2000; background: #fff; color: #000;
  padding: 4px 8px; border: 2px solid #000; }
.territory-skip a:focus { top: 8px; }
"""


class PageStyle(MacroElement):
    """The stylesheet of the territory maps (one ``<style>`` in the page header)."""

    _template = Template(
        """
        {% macro header(this, kwargs) %}<style>{{ this.css }}</style>{% endmacro %}
        """
    )

    def __init__(self, css: str = PAGE_CSS) -> None:
        super().__init__()
        self._name = "PageStyle"
        self.css = css


class Patterns(MacroElement):
    """SVG fill patterns (hatch, stripes, cross-hatch, dots) in the colour of every party.

    Leaflet paths and legend swatches refer to them as ``url(#id)``; they are
    defined once per page.
    """

    _template = Template(
        """
        {% macro html(this, kwargs) %}{{ this.svg }}{% endmacro %}
        """
    )

    def __init__(self, palette: Palette) -> None:
        super().__init__()
        self._name = "Patterns"
        patterns = sorted({s.pattern for s in STATUS_STYLES.values()} - {"solid"})
        parties = [None, *sorted(palette.colours)]
        defs = []
        for party in parties:
            colour = palette.colour(party) if party else "#666666"
            for pattern in patterns:
                defs.append(_pattern_svg(palette.pattern_id(party, pattern), pattern, colour))
        self.svg = (
            '<svg class="territory-patterns" width="0" height="0" aria-hidden="true"><defs>'
            + "".join(defs)
            + "</defs></svg>"
        )


def _pattern_svg(pattern_id: str, pattern: str, colour: str) -> str:
    head = (f'<pattern id="{pattern_id}" patternUnits="userSpaceOnUse" width="8" height="8"'
            ' patternTransform="rotate(45)">'
            '<rect width="8" height="8" fill="#ffffff"/>')
    if pattern == "hatch":
        body = f'<line x1="0" y1="0" x2="0" y2="8" stroke="{colour}" stroke-width="4"/>'
    elif pattern == "stripes":
        body = f'<line x1="0" y1="0" x2="0" y2="8" stroke="{colour}" stroke-width="1.5"/>'
    elif pattern == "cross":
        body = (f'<line x1="0" y1="0" x2="0" y2="8" stroke="{colour}" stroke-width="2.5"/>'
                f'<line x1="0" y1="0" x2="8" y2="0" stroke="{colour}" stroke-width="2.5"/>')
    else:  # dots
        body = f'<circle cx="4" cy="4" r="1.6" fill="{colour}"/>'
    return head + body + "</pattern>"


class FeatureLayer(Layer):
    """A GeoJSON layer whose features carry their own style, popup and tooltip HTML.

    Parameters
    ----------
    data
        A GeoJSON FeatureCollection; each feature's properties may hold
        ``style`` (Leaflet path options), ``popup`` and ``tooltip`` (escaped HTML).
    name
        The (escaped) name shown in the layer control.
    overlay, control, show
        As in :class:`folium.map.Layer`.
    pane
        Leaflet pane to draw in (``None``: the overlay pane).
    interactive
        Whether the features answer clicks and hovers.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.geoJson({{ this.data|tojson }}, {
            {%- if this.pane %}
            pane: {{ this.pane|tojson }},
            {%- endif %}
            interactive: {{ this.interactive|tojson }},
            style: function (feature) { return feature.properties.style; },
            onEachFeature: function (feature, layer) {
                if (feature.properties.popup) {
                    layer.bindPopup(feature.properties.popup, {maxWidth: 380, className: "territory-popup"});
                }
                if (feature.properties.tooltip) {
                    layer.bindTooltip(feature.properties.tooltip, {sticky: true, className: "territory-tooltip"});
                }
            }
        });
        {% endmacro %}
        """
    )

    def __init__(self, data: dict, name: str | None = None, *, overlay: bool = True,
                 control: bool = True, show: bool = True, pane: str | None = None,
                 interactive: bool = True) -> None:
        super().__init__(name=name, overlay=overlay, control=control, show=show)
        self._name = "FeatureLayer"
        self.data = data
        self.pane = pane
        self.interactive = interactive


class TimelineLayer(Layer):
    """Every unit geometry of a timeline drawn once, restyled for the version chosen.

    The version is chosen with the base layers of the layer control (:class:`ChoiceLayer`,
    empty); on each choice the units of that version are shown with its style, popup and
    tooltip, and the units it does not have are taken off the map.

    Parameters
    ----------
    data
        A GeoJSON FeatureCollection, one feature per unit id (``properties.unit``).
    views
        Layer-control name -> unit id -> ``{"style", "popup", "tooltip"}`` (escaped HTML).
    first
        The name of the view shown first.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.featureGroup();
        (function (group) {
            var parts = {};
            var views = {{ this.views|tojson }};
            L.geoJson({{ this.data|tojson }}, {
                style: function () { return {}; },
                onEachFeature: function (feature, layer) { parts[feature.properties.unit] = layer; }
            });
            function show(name) {
                var view = views[name];
                if (view === undefined) { return; }
                Object.keys(parts).sort().forEach(function (unit) {
                    var layer = parts[unit], look = view[unit];
                    if (look === undefined) { group.removeLayer(layer); return; }
                    layer.setStyle(look.style);
                    layer.unbindPopup(); layer.unbindTooltip();
                    layer.bindPopup(look.popup, {maxWidth: 380, className: "territory-popup"});
                    layer.bindTooltip(look.tooltip, {sticky: true, className: "territory-tooltip"});
                    group.addLayer(layer);
                    if (layer.getElement()) { layer.getElement().setAttribute("class", look.style.className + " leaflet-interactive"); }
                });
            }
            group.on("add", function () {
                group._map.on("baselayerchange", function (event) { show(event.name); });
                show({{ this.first|tojson }});
            });
        })({{ this.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, data: dict, views: dict[str, dict[str, dict]], first: str, *,
                 name: str = "Units") -> None:
        super().__init__(name=name, overlay=True, control=False, show=True)
        self._name = "TimelineLayer"
        self.data = data
        self.views = views
        self.first = first


class ChoiceLayer(Layer):
    """An empty base layer: a radio button of the layer control that chooses a view."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.layerGroup();
        {% endmacro %}
        """
    )

    def __init__(self, name: str, *, show: bool = False) -> None:
        super().__init__(name=name, overlay=False, control=True, show=show)
        self._name = "ChoiceLayer"


class Labels(Layer):
    """Permanent text labels (Leaflet tooltips, no marker images).

    Parameters
    ----------
    labels
        ``(lat, lon, escaped html)`` triples.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.layerGroup();
        {{ this.labels|tojson }}.forEach(function (label) {
            L.tooltip({permanent: true, direction: "center", interactive: false, className: "territory-label"})
                .setLatLng([label[0], label[1]]).setContent(label[2]).addTo({{ this.get_name() }});
        });
        {% endmacro %}
        """
    )

    def __init__(self, labels: Sequence[tuple[float, float, str]], name: str = "Labels", *,
                 control: bool = True, show: bool = True) -> None:
        super().__init__(name=name, overlay=True, control=control, show=show)
        self._name = "Labels"
        self.labels = [list(label) for label in labels]


class HtmlControl(MacroElement):
    """A Leaflet control showing fixed HTML (a legend, a title box).

    Parameters
    ----------
    html
        The content; escaped by the caller where it holds data.
    position
        Leaflet control position (``topright``, ``bottomleft``, ...).
    css_class
        Extra class of the box.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.control({position: {{ this.position|tojson }}});
        {{ this.get_name() }}.onAdd = function () {
            var box = L.DomUtil.create("div", {{ this.css_class|tojson }});
            box.innerHTML = {{ this.html|tojson }};
            L.DomEvent.disableClickPropagation(box);
            L.DomEvent.disableScrollPropagation(box);
            return box;
        };
        {{ this.get_name() }}.addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, html: str, position: str = "topright", css_class: str = "") -> None:
        super().__init__()
        self._name = "HtmlControl"
        self.html = html
        self.position = position
        self.css_class = f"territory-box {css_class}".strip()


class TitleSwitcher(MacroElement):
    """Replace a title box's content when the base layer changes (timeline maps).

    Parameters
    ----------
    title
        The :class:`HtmlControl` showing the title.
    titles
        Layer-control name -> title HTML.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var titles = {{ this.titles|tojson }};
            {{ this._parent.get_name() }}.on("baselayerchange", function (event) {
                var box = {{ this.title.get_name() }}.getContainer();
                if (box && titles[event.name] !== undefined) { box.innerHTML = titles[event.name]; }
            });
        })();
        {% endmacro %}
        """
    )

    def __init__(self, title: HtmlControl, titles: dict[str, str]) -> None:
        super().__init__()
        self._name = "TitleSwitcher"
        self.title = title
        self.titles = titles


class Swipe(MacroElement):
    """A swipe control: version A left of a movable divider, version B right of it.

    Both layers are drawn in their own pane; each pane is clipped (CSS ``clip``)
    to its side of the divider whenever the slider or the map moves.

    Parameters
    ----------
    left_pane, right_pane
        Names of the panes holding the two layers (created by this element).
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent.get_name() }};
            var left = map.getPane({{ this.left_pane|tojson }});
            var right = map.getPane({{ this.right_pane|tojson }});
            var container = map.getContainer();
            L.DomUtil.addClass(container, "territory-swipe");
            var range = L.DomUtil.create("input", "territory-swipe-range", container);
            range.type = "range"; range.min = "0"; range.max = "1"; range.step = "any"; range.value = "0.5";
            range.setAttribute("aria-label", "Swipe between the two versions");
            var divider = L.DomUtil.create("div", "territory-swipe-divider", container);
            L.DomEvent.disableClickPropagation(range);
            L.DomEvent.on(range, "mousedown touchstart pointerdown", L.DomEvent.stopPropagation);
            L.DomEvent.on(range, "mouseover", function () { map.dragging.disable(); });
            L.DomEvent.on(range, "mouseout", function () { map.dragging.enable(); });
            function update() {
                var size = map.getSize();
                var x = Math.round(size.x * parseFloat(range.value));
                var nw = map.containerPointToLayerPoint([0, 0]);
                var se = map.containerPointToLayerPoint(size);
                left.style.clip = "rect(" + nw.y + "px," + (nw.x + x) + "px," + se.y + "px," + nw.x + "px)";
                right.style.clip = "rect(" + nw.y + "px," + se.x + "px," + se.y + "px," + (nw.x + x) + "px)";
                divider.style.left = x + "px";
            }
            L.DomEvent.on(range, "input change", update);
            map.on("move zoom resize viewreset zoomend", update);
            update();
        })();
        {% endmacro %}
        """
    )

    def __init__(self, left_pane: str, right_pane: str) -> None:
        super().__init__()
        self._name = "Swipe"
        self.left_pane = left_pane
        self.right_pane = right_pane


DATA_ATTRIBUTION = (
    'Borders &copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors '
    "(ODbL), Natural Earth; units: territory (ODbL)"
)
"""The attribution of the units' data, shown on every map (the units derive from ODbL data)."""


class DataAttribution(MacroElement):
    """Credit the data the units are built from in the map's attribution control, kept at
    most the map's width less 110 px (clear of the scale bar, also in a comparison panel)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (map) {
            map.attributionControl.addAttribution({{ this.text|tojson }});
            function fit() {
                var box = map.attributionControl.getContainer();
                if (box) { box.style.maxWidth = Math.max(0, map.getSize().x - 110) + "px"; }
            }
            map.on("resize", fit);
            fit();
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, text: str = DATA_ATTRIBUTION) -> None:
        super().__init__()
        self._name = "DataAttribution"
        self.text = text


class Panes(MacroElement):
    """Create named Leaflet panes (z-index in the overlay range) before layers use them."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {%- for name, z in this.panes %}
        {{ this._parent.get_name() }}.createPane({{ name|tojson }}).style.zIndex = {{ z|tojson }};
        {%- endfor %}
        {% endmacro %}
        """
    )

    def __init__(self, panes: Sequence[tuple[str, int]]) -> None:
        super().__init__()
        self._name = "Panes"
        self.panes = [list(p) for p in panes]


class SyncViews(MacroElement):
    """Keep two maps on the same centre and zoom (the job Leaflet.Sync does for DualMap)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var syncing = false;
            function follow(source, target) {
                source.on("move", function () {
                    if (syncing) { return; }
                    syncing = true;
                    target.setView(source.getCenter(), source.getZoom(), {animate: false});
                    syncing = false;
                });
            }
            follow({{ this.first.get_name() }}, {{ this.second.get_name() }});
            follow({{ this.second.get_name() }}, {{ this.first.get_name() }});
        })();
        {% endmacro %}
        """
    )

    def __init__(self, first: folium.Map, second: folium.Map) -> None:
        super().__init__()
        self._name = "SyncViews"
        self.first = first
        self.second = second
