"""HTML of popups, tooltips, legends and titles, with every data text escaped.

Names, aliases, quotes and citations come from data files that anyone can
edit, so each goes through :func:`html.escape` before it reaches a page. The
markup uses classes only (no ``style`` attributes), which keeps the maps usable
under a strict Content-Security-Policy.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from html import escape

from territory.maps.palette import STATUS_STYLES, Palette, status_key


def esc(value: object) -> str:
    """Return ``value`` as HTML-escaped text (``None`` gives an empty string)."""
    return "" if value is None else escape(str(value), quote=True)


@dataclass(frozen=True)
class UnitInfo:
    """Everything a popup says about one unit of one layer (raw text, escaped on output)."""

    unit: str
    name: str
    aliases: Sequence[str] = ()
    party: str | None = None
    party_name: str | None = None
    status: str | None = None
    confidence: str | None = None
    quote: str | None = None
    source: str | None = None
    provenance: str | None = None
    version: str | None = None
    covered: bool = True
    notes: Sequence[str] = field(default_factory=tuple)


def _row(label: str, value_html: str) -> str:
    return f"<dt>{esc(label)}</dt><dd>{value_html}</dd>" if value_html else ""


def unit_popup(info: UnitInfo) -> str:
    """Return the popup HTML of a unit: name and aliases, party, status, confidence, quote, citation."""
    aliases = ", ".join(esc(a) for a in info.aliases)
    if info.covered and info.party:
        party = f"{esc(info.party_name or info.party)} <code>{esc(info.party)}</code>"
    elif info.covered:
        party = "none named"
    else:
        party = "not covered by this version"
    status = esc(STATUS_STYLES[status_key(info.status, info.covered)].label) if info.covered else ""
    parts = [
        '<div class="territory-popup-body">',
        f'<h4>{esc(info.name)} <code>{esc(info.unit)}</code></h4>',
        f'<p class="territory-aliases">{aliases}</p>' if aliases else "",
        "<dl>",
        _row("Party", party),
        _row("Status", status),
        _row("Confidence", esc(info.confidence) if info.covered else ""),
        _row("Version", esc(info.version)),
        "</dl>",
        f"<blockquote>{esc(info.quote)}</blockquote>" if info.quote else "",
        f'<p class="territory-citation"><b>Source:</b> {esc(info.source)}</p>' if info.source else "",
        f'<p class="territory-citation">{esc(info.provenance)}.</p>' if info.provenance else "",
        "".join(f'<p class="territory-note">{esc(note)}</p>' for note in info.notes),
        "</div>",
    ]
    return "".join(parts)


def unit_tooltip(info: UnitInfo) -> str:
    """Return the hover text of a unit: its name and holder."""
    holder = esc(info.party_name or info.party) if info.covered and info.party else (
        "none named" if info.covered else "not covered")
    return f"<b>{esc(info.name)}</b>: {holder}"


def _swatch(fill: str, dash: str | None = None, weight: float = 1.2, stroke: str = "#222222") -> str:
    dash_attr = f' stroke-dasharray="{esc(dash)}"' if dash else ""
    return (
        '<svg class="territory-swatch" width="26" height="16" viewBox="0 0 26 16" aria-hidden="true">'
        f'<rect x="1.5" y="1.5" width="23" height="13" fill="{esc(fill)}" stroke="{esc(stroke)}"'
        f' stroke-width="{weight}"{dash_attr}/></svg>'
    )


def legend_html(palette: Palette, parties: Iterable[tuple[str, str]], statuses: Iterable[str],
                extra: Iterable[tuple[str, str]] = ()) -> str:
    """Return the legend HTML.

    Parameters
    ----------
    palette
        The colours.
    parties
        ``(party id, display name)`` pairs shown on the map, in legend order.
    statuses
        Canonical status keys shown on the map.
    extra
        ``(swatch svg, label)`` pairs for map-specific symbols (changed units, borders).
    """
    rows = ['<div class="territory-legend-body"><h4>Party</h4>']
    for party, name in parties:
        rows.append(f'<div class="territory-legend-row">{_swatch(palette.colour(party))}'
                    f"<span>{esc(name)}</span></div>")
    rows.append("<h4>Status</h4>")
    for key in statuses:
        style = STATUS_STYLES[key]
        if key == "not_covered":
            fill = "#DDDDDD"
        elif style.pattern == "solid":
            fill = "#FFFFFF"
        else:
            fill = f"url(#{palette.pattern_id(None, style.pattern)})"
        stroke = "#777777" if key == "not_covered" else "#222222"
        rows.append(f'<div class="territory-legend-row">{_swatch(fill, style.dash, style.weight, stroke)}'
                    f"<span>{esc(style.label)}</span></div>")
    for swatch, label in extra:
        rows.append(f'<div class="territory-legend-row">{swatch}<span>{esc(label)}</span></div>')
    rows.append("</div>")
    return "".join(rows)


def line_swatch(colour: str, weight: float, dash: str | None = None) -> str:
    """Return a legend swatch for a line symbol."""
    dash_attr = f' stroke-dasharray="{esc(dash)}"' if dash else ""
    return (
        '<svg class="territory-swatch" width="26" height="16" viewBox="0 0 26 16" aria-hidden="true">'
        f'<line x1="1" y1="8" x2="25" y2="8" stroke="{esc(colour)}" stroke-width="{weight}"{dash_attr}/>'
        "</svg>"
    )


def outline_swatch(colour: str, weight: float, dash: str | None = None) -> str:
    """Return a legend swatch for an outline drawn over a unit."""
    return _swatch("none", dash, weight, colour)


def title_html(title: str, lines: Iterable[str] = (), details: Iterable[str] = ()) -> str:
    """Return the title box HTML: a heading, a few lines, and folded details (all escaped)."""
    body = "".join(f"<p>{esc(line)}</p>" for line in lines if line)
    folded = "".join(f"<p>{esc(line)}</p>" for line in details if line)
    if folded:
        body += f"<details><summary>Source</summary>{folded}</details>"
    return f'<div class="territory-title-body"><h3>{esc(title)}</h3>{body}</div>'


def statuses_in(rows: Iterable[tuple[str | None, bool]]) -> list[str]:
    """Return the canonical status keys of ``(status, covered)`` rows, in legend order."""
    present = {status_key(status, covered) for status, covered in rows}
    return [key for key in STATUS_STYLES if key in present]
