"""Where the built-in data lives: ``geodata/`` in a checkout, ``territory/_data`` in a wheel."""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent
_CHECKOUT_DATA = _PACKAGE_DIR.parent / "geodata"
_WHEEL_DATA = _PACKAGE_DIR / "_data"


def data_dir() -> Path:
    """Return the directory that holds ``units.geojson``, ``places.geojson`` and ``versions/``."""
    if (_CHECKOUT_DATA / "units.geojson").exists():
        return _CHECKOUT_DATA
    return _WHEEL_DATA


def sources_dir() -> Path:
    """Return ``geodata/sources`` of a checkout (the geodata build needs a checkout)."""
    return _CHECKOUT_DATA / "sources"


def node_modules_dir() -> Path:
    """Return ``node_modules`` of a checkout, where ``.ci/run`` installs the npm base data."""
    return _PACKAGE_DIR.parent / "node_modules"
