"""Read the pinned base layers (OpenStreetMap-derived countries, Natural Earth admin-1), clipped to the frame."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import shapely
from shapely.geometry import box

from territory._paths import node_modules_dir
from territory.errors import GeodataBuildError
from territory.geodata.sources import BaseDataset, BuildSources

NPM_PACKAGE_PREFIX = "npm-package:"
NODE_MODULES_VARIABLE = "TERRITORY_NODE_MODULES"
ADMIN1_PATH_VARIABLE = "TERRITORY_ADMIN1_GPKG"
COUNTRY_CODE_FIELD = "A3"
"""The ISO 3166-1 alpha-3 code of each feature of the countries layer."""


@dataclass(frozen=True)
class BaseLayers:
    """The base layers inside the frame.

    Attributes
    ----------
    countries
        One row per country code of ``units.yaml``'s ``countries``: ``iso``, geometry
        (OpenStreetMap-derived country polygons to the coastline, made valid and clipped
        to the frame).
    divisions
        Admin-1 divisions of those countries: ``iso``, ``gn_name``, geometry.
    frame
        The frame polygon.
    """

    countries: gpd.GeoDataFrame
    divisions: gpd.GeoDataFrame
    frame: shapely.Polygon


def resolve_path(dataset: BaseDataset, source_file: Path, name: str) -> Path:
    """Turn a ``path`` of ``base.yaml`` into a file on this machine.

    ``npm-package:@scope/pkg/file`` is looked up in ``$TERRITORY_NODE_MODULES``, else in
    ``node_modules`` of the checkout (where ``.ci/run`` installs it); the admin-1 file may be
    redirected with ``$TERRITORY_ADMIN1_GPKG``.
    """
    if dataset.path.startswith(NPM_PACKAGE_PREFIX):
        path = Path(os.environ.get(NODE_MODULES_VARIABLE) or node_modules_dir()) / dataset.path.removeprefix(NPM_PACKAGE_PREFIX)
    else:
        path = Path(os.environ.get(ADMIN1_PATH_VARIABLE, dataset.path)) if name == "admin1" else Path(dataset.path)
    if not path.is_file():
        raise GeodataBuildError(source_file, f"{name}.path", f"an existing file ({dataset.install})", str(path))
    return path


def verify_checksum(path: Path, dataset: BaseDataset, source_file: Path, name: str) -> None:
    """Refuse a base file whose SHA-256 differs from the pinned one."""
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != dataset.sha256:
        raise GeodataBuildError(
            source_file, f"{name}.sha256", f"{dataset.sha256} for {path} ({dataset.package})", digest
        )


def load_base_layers(sources: BuildSources) -> BaseLayers:
    """Read, verify and clip the countries and admin-1 layers named in ``base.yaml``."""
    base_file = sources.directory / "base.yaml"
    frame = box(*sources.units.frame.bounds)
    isos = sorted(sources.units.countries)

    countries_path = resolve_path(sources.base.countries, base_file, "countries")
    verify_checksum(countries_path, sources.base.countries, base_file, "countries")
    osm = gpd.read_file(countries_path, bbox=sources.units.frame.bounds)
    osm = osm[osm[COUNTRY_CODE_FIELD].isin(isos)]
    missing = sorted(set(isos) - set(osm[COUNTRY_CODE_FIELD]))
    if missing:
        raise GeodataBuildError(
            sources.directory / "units.yaml", "countries", f"ISO codes of the countries layer ({COUNTRY_CODE_FIELD})", missing
        )
    countries = gpd.GeoDataFrame(
        {"iso": osm[COUNTRY_CODE_FIELD].to_numpy()},
        geometry=shapely.intersection(shapely.make_valid(osm.geometry.to_numpy()), frame),
        crs="EPSG:4326",
    ).sort_values("iso", ignore_index=True)

    admin1_path = resolve_path(sources.base.admin1, base_file, "admin1")
    verify_checksum(admin1_path, sources.base.admin1, base_file, "admin1")
    admin1 = gpd.read_file(admin1_path, layer=sources.base.admin1.layer, bbox=sources.units.frame.bounds)
    admin1 = admin1[admin1["adm0_a3"].isin(isos)]
    divisions = gpd.GeoDataFrame(
        {"iso": admin1["adm0_a3"].to_numpy(), "gn_name": admin1["gn_name"].to_numpy()},
        geometry=shapely.intersection(admin1.geometry.to_numpy(), frame),
        crs="EPSG:4326",
    )
    divisions = divisions[~divisions.geometry.is_empty].sort_values(["iso", "gn_name"], ignore_index=True)
    return BaseLayers(countries=countries, divisions=divisions, frame=frame)
