"""Comparative maps of the atlas: one version, two versions, the timeline, the corridor view.

Every builder returns a folium object that Jupyter shows inline; :func:`render_all`
writes them as self-contained HTML (no network request) or as static images.
"""

from __future__ import annotations

from territory.maps.compare_map import compare_map
from territory.maps.corridor_map import corridor_map
from territory.maps.render import render_all
from territory.maps.timeline_map import timeline_map
from territory.maps.version_map import explore_map

__all__ = ["compare_map", "corridor_map", "explore_map", "render_all", "timeline_map"]
