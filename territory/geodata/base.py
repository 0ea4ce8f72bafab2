"""Read the pinned Natural Earth base layers, clipped to the map's frame."""

from __future__ import annotations

import hashlib
import importlib.util
import os
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import shapely
from shapely.geometry import box

from territory.errors import GeodataBuildError
from territory.geodata.sources import BaseDataset, BuildSources

PYTHON_PACKAGE_PREFIX = "python-package:"
ADMIN1_PATH_VARIABLE = "TERRITORY_ADMIN1_GPKG"


@dataclass(frozen=True)
class BaseLayers:
    """The base layers inside the frame.

    Attributes
    ----------
    countries
        One row per country code of ``units.yaml``'s ``countries``: ``iso``, geometry
        (Natural Earth admin-0, clipped to the frame).
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

    ``python-package:pkg/file`` is looked up in the installed package ``pkg``;
    the admin-1 file may be redirected with ``$TERRITORY_ADMIN1_GPKG``.
    """
    if dataset.path.startswith(PYTHON_PACKAGE_PREFIX):
        package, _, relative = dataset.path.removeprefix(PYTHON_PACKAGE_PREFIX).partition("/")
        spec = importlib.util.find_spec(package)
        if spec is None or not spec.submodule_search_locations:
            raise GeodataBuildError(
                source_file, f"{name}.path", f"the Python package {package!r} installed ({dataset.install})"
            )
        path = Path(next(iter(spec.submodule_search_locations))) / relative
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
    """Read, verify and clip the admin-0 and admin-1 layers named in ``base.yaml``."""
    base_file = sources.directory / "base.yaml"
    frame = box(*sources.units.frame.bounds)
    isos = sorted(sources.units.countries)

    admin0_path = resolve_path(sources.base.admin0, base_file, "admin0")
    verify_checksum(admin0_path, sources.base.admin0, base_file, "admin0")
    admin0 = gpd.read_file(f"zip://{admin0_path}", bbox=sources.units.frame.bounds)
    admin0 = admin0[admin0["ADM0_A3"].isin(isos)]
    missing = sorted(set(isos) - set(admin0["ADM0_A3"]))
    if missing:
        raise GeodataBuildError(sources.directory / "units.yaml", "countries", "ISO codes of Natural Earth admin-0", missing)
    countries = gpd.GeoDataFrame(
        {"iso": admin0["ADM0_A3"].to_numpy()},
        geometry=shapely.intersection(admin0.geometry.to_numpy(), frame),
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
