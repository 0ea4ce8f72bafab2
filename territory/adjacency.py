"""The unit graph: which units share a border, and how long that border is.

The graph is computed once from the unit geometries (an STRtree finds the
candidate pairs; the shared border of two units is the line part of the
intersection of their boundaries) and then answers every adjacency question
without touching geometry again. A version that speaks of a parent unit
(``zangezur``) is answered on a *contracted* graph in which the parent's
children are one node; contracted graphs are cached too.

Border lengths are measured in :data:`territory.crs.CONFORMAL`, a Lambert
conformal conic projection with standard parallels 38.5° N and 41.5° N centred on
45° E: conformal, so a short piece of border is scaled the same in every
direction, with a scale error below about 0.2 % across the map frame. Equal-area
projections such as EPSG:6933 keep areas but stretch lengths unevenly by
direction, so they are not used for lengths. Shared-border geometries are kept
in the units' own CRS (EPSG:4326 for the atlas) for maps.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, TypeVar

import numpy as np
import pyproj
import shapely

from territory._cache import Memo
from territory.crs import CONFORMAL, project
from territory.errors import TerritoryError, UnknownIdError

if TYPE_CHECKING:
    import geopandas as gpd
    import networkx as nx
    from shapely.geometry.base import BaseGeometry

T = TypeVar("T")

LENGTH_CRS = CONFORMAL
"""The CRS border lengths are measured in (:data:`territory.crs.CONFORMAL`, metres)."""

MIN_BORDER_KM = 0.001
"""A shared line shorter than this (1 m) counts as a point touch, not a border."""

_WHERE = "build_unit_graph(units)"
_LINE_TYPES = {"LineString", "MultiLineString", "LinearRing"}


@dataclass(frozen=True)
class Border:
    """The border shared by two units.

    Attributes
    ----------
    a, b
        The two unit ids, ``a < b``.
    km
        Length of the shared border in kilometres (measured in :data:`LENGTH_CRS`).
    geometry
        The shared border as (Multi)LineString, in the CRS of the units. The border of a
        contracted graph keeps the borders of its members and merges their lines when
        ``geometry`` is first read (most questions never read it).
    """

    a: str
    b: str
    km: float
    parts: tuple[BaseGeometry, ...] = field(repr=False)

    @cached_property
    def geometry(self) -> BaseGeometry:
        """The shared border as one (Multi)LineString (the parts merged on first use)."""
        if len(self.parts) == 1:
            return self.parts[0]
        return shapely.line_merge(shapely.union_all(self.parts))


@dataclass(frozen=True, eq=False)
class GraphArrays:
    """The unit graph as integer arrays, for vectorised questions.

    Attributes
    ----------
    index
        ``unit id -> position`` in :attr:`UnitGraph.units`.
    names
        The unit ids as a numpy object array (position -> id; sorted, like ``units``).
    left, right
        One entry per border: the positions of its two units (``left < right``), in the
        order of :attr:`UnitGraph.borders`.
    km
        The length of each border, in km.
    csr
        The symmetric adjacency matrix (border km as weights), a
        :class:`scipy.sparse.csr_array` for :mod:`scipy.sparse.csgraph`.
    """

    index: dict[str, int]
    names: np.ndarray
    left: np.ndarray
    right: np.ndarray
    km: np.ndarray
    csr: object


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)


@dataclass(eq=False)
class UnitGraph:
    """Units as nodes, shared borders (with length and geometry) as edges.

    Build it with :func:`build_unit_graph`. A touch at a single point (or at a
    few isolated points) is not an edge; such pairs are listed in
    ``point_touches``.

    Attributes
    ----------
    units
        Node ids, sorted.
    borders
        ``(a, b) -> Border`` with ``a < b``, one entry per pair of units that
        share a line border.
    point_touches
        Sorted pairs ``(a, b)`` of units that meet only at points.
    parent
        ``unit -> parent id`` for the finest units that have a parent (from the
        ``parent`` column of the units frame); empty for a contracted graph.
    crs
        CRS of the border geometries.
    """

    units: tuple[str, ...]
    borders: dict[tuple[str, str], Border]
    point_touches: tuple[tuple[str, str], ...]
    parent: dict[str, str]
    crs: pyproj.CRS | None
    neighbours: dict[str, dict[str, float]] = field(init=False, repr=False)
    _memo: Memo = field(init=False, repr=False)

    def __post_init__(self) -> None:
        neighbours: dict[str, dict[str, float]] = {unit: {} for unit in self.units}
        for (a, b), border in self.borders.items():
            neighbours[a][b] = border.km
            neighbours[b][a] = border.km
        self.neighbours = {unit: dict(sorted(near.items())) for unit, near in neighbours.items()}
        self._memo = Memo()

    def derived(self, key: Hashable, compute: Callable[[], T]) -> T:
        """A value derived from this graph, computed on first use and kept (a graph never
        changes); ``key`` names it, with a prefix of the module that computes it."""
        return self._memo.get(key, compute)

    @property
    def arrays(self) -> GraphArrays:
        """The graph as integer arrays (computed on first use, then kept)."""
        return self.derived("adjacency.arrays", self._arrays)

    def _arrays(self) -> GraphArrays:
        from scipy import sparse

        index = {unit: position for position, unit in enumerate(self.units)}
        count = len(self.borders)
        left = np.fromiter((index[a] for a, _ in self.borders), dtype=np.int32, count=count)
        right = np.fromiter((index[b] for _, b in self.borders), dtype=np.int32, count=count)
        km = np.fromiter((border.km for border in self.borders.values()), dtype=np.float64, count=count)
        size = len(self.units)
        csr = sparse.csr_array(
            (np.concatenate([km, km]), (np.concatenate([left, right]), np.concatenate([right, left]))),
            shape=(size, size),
        )
        return GraphArrays(index, np.asarray(self.units, dtype=object), left, right, km, csr)

    def __repr__(self) -> str:
        return (
            f"UnitGraph({len(self.units)} units, {len(self.borders)} borders, "
            f"{len(self.point_touches)} point touches)"
        )

    def border(self, a: str, b: str) -> Border | None:
        """Return the border shared by units ``a`` and ``b``, or None if they share none."""
        return self.borders.get(_pair(a, b))

    def border_km(self, a: str, b: str) -> float:
        """Return the length in km of the border shared by ``a`` and ``b`` (0.0 if none)."""
        border = self.borders.get(_pair(a, b))
        return border.km if border is not None else 0.0

    def children(self, unit: str) -> tuple[str, ...]:
        """Return the finest units that make up ``unit`` (the unit itself if it is finest).

        Raises
        ------
        UnknownIdError
            If ``unit`` is neither a node nor a parent of nodes.
        """
        if unit in self.neighbours:
            return (unit,)
        members = tuple(child for child in self.units if self.parent.get(child) == unit)
        if not members:
            raise UnknownIdError("UnitGraph", "unit", unit, [*self.units, *self.parent.values()])
        return members

    def contract(self, level: Iterable[str]) -> UnitGraph:
        """Return the graph whose nodes are the units of ``level`` (cached).

        Each unit of ``level`` is a finest unit or a parent; a parent's children
        become one node, the borders between two nodes are the union of the
        borders between their members (lengths summed). Together the units of
        ``level`` must cover every finest unit exactly once.

        Parameters
        ----------
        level
            Unit ids, e.g. the ``unit`` column of ``Atlas.layer(version)``.

        Raises
        ------
        TerritoryError
            If ``level`` misses a finest unit or names one twice.
        """
        key = tuple(sorted(level))
        return self.derived(("contract", key), lambda: self._contract(key))

    def _contract(self, key: tuple[str, ...]) -> UnitGraph:
        if all(unit in self.neighbours for unit in key) and len(key) == len(self.units):
            return self
        node_of: dict[str, str] = {}
        for node in key:
            for member in self.children(node):
                if member in node_of:
                    raise TerritoryError(
                        "UnitGraph.contract(level)", member, "each finest unit in exactly one unit of the level",
                        f"in both {node_of[member]} and {node}",
                    )
                node_of[member] = node
        missing = sorted(set(self.units) - set(node_of))
        if missing:
            raise TerritoryError(
                "UnitGraph.contract(level)", "level", "units that cover every finest unit", f"missing {missing}"
            )
        grouped: dict[tuple[str, str], list[Border]] = {}
        for (a, b), border in self.borders.items():
            if node_of[a] != node_of[b]:
                grouped.setdefault(_pair(node_of[a], node_of[b]), []).append(border)
        borders = {
            pair: Border(
                pair[0], pair[1], float(sum(part.km for part in parts)),
                tuple(line for part in parts for line in part.parts),
            )
            for pair, parts in sorted(grouped.items())
        }
        touches = sorted(
            {_pair(node_of[a], node_of[b]) for a, b in self.point_touches if node_of[a] != node_of[b]} - set(borders)
        )
        return UnitGraph(key, borders, tuple(touches), {}, self.crs)

    def to_networkx(self) -> nx.Graph:
        """Return the graph as a :class:`networkx.Graph` (edge attributes ``km`` and ``geometry``)."""
        import networkx as nx

        graph = nx.Graph()
        graph.add_nodes_from(self.units)
        for (a, b), border in self.borders.items():
            graph.add_edge(a, b, km=border.km, geometry=border.geometry)
        return graph

    def to_geodataframe(self) -> gpd.GeoDataFrame:
        """Return one row per border: ``a``, ``b``, ``km``, geometry (CRS of the units)."""
        import geopandas as gpd

        rows = list(self.borders.values())
        return gpd.GeoDataFrame(
            {"a": [r.a for r in rows], "b": [r.b for r in rows], "km": [r.km for r in rows]},
            geometry=[r.geometry for r in rows],
            crs=self.crs,
        )


def _line_part(geometry: BaseGeometry) -> BaseGeometry | None:
    """Return the line parts of an intersection of two boundaries, merged, or None if there are none."""
    if geometry.geom_type in _LINE_TYPES:
        return shapely.line_merge(geometry) if geometry.geom_type == "MultiLineString" else geometry
    lines = [part for part in shapely.get_parts(geometry) if part.geom_type in _LINE_TYPES]
    if not lines:
        return None
    return shapely.line_merge(shapely.union_all(lines))


def _validate(units: gpd.GeoDataFrame) -> None:
    if units.crs is None:
        raise TerritoryError(_WHERE, "crs", "a GeoDataFrame with a CRS (EPSG:4326 for the atlas)")
    if not units.index.is_unique:
        duplicated = sorted(units.index[units.index.duplicated()].astype(str).unique())
        raise TerritoryError(_WHERE, "index", "unique unit ids", f"duplicates {duplicated}")
    for unit, geometry in units.geometry.items():
        if not isinstance(unit, str) or not unit:
            raise TerritoryError(_WHERE, "index", "unit ids (non-empty strings)", unit)
        if geometry is None or geometry.is_empty or geometry.geom_type not in {"Polygon", "MultiPolygon"}:
            raise TerritoryError(
                _WHERE, f"{unit}.geometry", "a non-empty Polygon or MultiPolygon",
                None if geometry is None else geometry.geom_type,
            )


def build_unit_graph(units: gpd.GeoDataFrame) -> UnitGraph:
    """Compute the unit graph of a tiling: shared borders with length and geometry.

    Parameters
    ----------
    units
        One row per finest unit, index = unit id, polygon geometry, any CRS
        (lengths are measured after projecting to :data:`LENGTH_CRS`). An
        optional ``parent`` column gives each unit's parent id (or null), which
        :meth:`UnitGraph.contract` uses.

    Returns
    -------
    UnitGraph
        An edge for each pair of units whose boundaries share a line of at
        least :data:`MIN_BORDER_KM`; pairs that meet only at points (or along
        shorter slivers) go to ``point_touches``.

    Raises
    ------
    TerritoryError
        If the frame has no CRS, duplicate or non-string ids, or a geometry
        that is not a non-empty polygon.
    """
    _validate(units)
    ids = np.asarray(units.index, dtype=object)
    geometries = np.asarray(units.geometry.values, dtype=object)
    boundaries = shapely.boundary(geometries)
    tree = shapely.STRtree(geometries)
    left, right = tree.query(geometries, predicate="intersects")
    keep = left < right
    left, right = left[keep], right[keep]
    shared = shapely.intersection(boundaries[left], boundaries[right])

    to_length_crs = pyproj.Transformer.from_crs(units.crs, LENGTH_CRS, always_xy=True)
    lines: list[tuple[str, str, BaseGeometry]] = []
    touches: list[tuple[str, str]] = []
    for i, j, geometry in zip(left, right, shared):
        pair = _pair(ids[i], ids[j])
        line = _line_part(geometry)
        if line is not None and not line.is_empty:
            lines.append((*pair, line))
        elif not geometry.is_empty:
            touches.append(pair)
    projected = project(np.asarray([line for _, _, line in lines], dtype=object), to_length_crs)
    kilometres = shapely.length(projected) / 1000.0
    borders: dict[tuple[str, str], Border] = {}
    for (a, b, line), km in zip(lines, kilometres):
        if km >= MIN_BORDER_KM:
            borders[a, b] = Border(a, b, float(km), (line,))
        else:
            touches.append((a, b))
    borders = dict(sorted(borders.items()))
    parent = {}
    if "parent" in units.columns:
        parent = {str(u): str(p) for u, p in units["parent"].items() if isinstance(p, str) and p}
    return UnitGraph(tuple(sorted(ids)), borders, tuple(sorted(touches)), parent, units.crs)

