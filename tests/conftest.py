"""Fixtures shared by the test modules: the built-in atlas, version files, the CLI."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

import territory
from territory.cli import main

#: A valid version file; :func:`write_version` overrides its fields.
VALID_VERSION: dict[str, Any] = {
    "id": "user-test",
    "date": "1921-07-05",
    "kind": "proposal",
    "title": "A test proposal",
    "author": "Test",
    "document": {"reference": "A test reference"},
    "assignments": [
        {"unit": "kars", "party": "turkey", "status": "part_of", "confidence": "stated"},
    ],
}


@pytest.fixture(scope="session")
def atlas() -> territory.Atlas:
    """The built-in atlas, loaded once (an atlas never changes after loading)."""
    return territory.load()


WriteVersion = Callable[..., Path]


@pytest.fixture
def write_version(tmp_path: Path) -> WriteVersion:
    """A factory that writes a valid version file, with fields overridden, and returns its path.

    ``write_version(id="x", assignments=[...])`` writes ``<tmp_path>/x.yaml``; ``directory``
    puts it elsewhere, ``name`` gives another file name, and a field set to None is left out.
    """

    def write(directory: Path | None = None, name: str | None = None, **fields: Any) -> Path:
        document = {**VALID_VERSION, **fields}
        document = {key: value for key, value in document.items() if value is not None}
        folder = directory or tmp_path
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / (name or f"{document.get('id', 'version')}.yaml")
        path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")
        return path

    return write


@dataclass(frozen=True)
class CliResult:
    """What one ``territory`` command gave: exit code, combined output, stdout and stderr."""

    code: int
    output: str
    stdout: str
    stderr: str


class Cli:
    """Runs ``territory`` commands in-process (click's runner), as a user types them."""

    def run(self, *args: str) -> CliResult:
        """Run ``territory ARGS``."""
        result = CliRunner().invoke(main, list(args))
        return CliResult(result.exit_code, result.output, result.stdout, result.stderr)

    def json(self, *args: str) -> Any:
        """Run ``territory ARGS --json``, check that it succeeded, and return the parsed JSON."""
        result = self.run(*args, "--json")
        assert result.code == 0, result.output
        return json.loads(result.stdout)


@pytest.fixture(scope="session")
def cli() -> Cli:
    """The command line, in-process: ``cli.run(*args)`` and ``cli.json(*args)``."""
    return Cli()
