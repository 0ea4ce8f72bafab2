"""Read a YAML file keeping the line of every key, so errors can name it: the package's one
YAML reader (version files, parties, the geodata sources).

The document is *composed* first (PyYAML node tree, which carries marks; with libyaml's C
parser where PyYAML has it, about 15 times faster than the pure-Python one) and then
constructed; the walk over the nodes records ``location -> line`` where a location
is the tuple of mapping keys and list indexes that leads to a value, the same shape
as a pydantic error's ``loc``. Dates are left as text (pydantic parses them) so a
bad date is a validation error with a line rather than a crash of the YAML loader.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from territory.errors import DataFileError, TerritoryError

Location = tuple[str | int, ...]

_TIMESTAMP = "tag:yaml.org,2002:timestamp"


#: libyaml's parser when PyYAML was built with it, else the pure-Python one (same nodes, marks).
_SAFE_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_SAFE_LOADER):  # type: ignore[misc,valid-type]
    """Safe loader that leaves dates as strings."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != _TIMESTAMP]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass
class YamlDocument:
    """A parsed YAML file and the line (1-based) of each location in it."""

    path: Path
    data: Any
    lines: dict[Location, int] = field(default_factory=dict)
    error_type: type[TerritoryError] = DataFileError

    def line(self, location: Location) -> int | None:
        """Line of ``location``, or of its closest enclosing location that has one."""
        location = tuple(location)
        while location:
            if location in self.lines:
                return self.lines[location]
            location = location[:-1]
        return self.lines.get(())

    def where(self, location: Location = ()) -> str:
        """``path:line`` for ``location`` (``path`` alone when the line is unknown)."""
        line = self.line(location)
        return f"{self.path}:{line}" if line is not None else str(self.path)

    def error(self, location: Location, expected: str, got: object = None) -> TerritoryError:
        """An error (:attr:`error_type`) naming this file, the line and the field of ``location``."""
        return self.error_type(self.where(location), dotted(location), expected, got)

    def validation_errors(self, exc: ValidationError) -> list[TerritoryError]:
        """One :class:`DataFileError` per pydantic error, with file, line and field.

        Errors that name the same place the same way (a one-day ``date`` checked as both
        ends of its span) are reported once.
        """
        problems: list[TerritoryError] = []
        for error in exc.errors():
            location = tuple(error["loc"])
            if error["type"] != "missing":
                # a value given in short form (``date: 1920-06-20``) is checked as its long
                # form; name the field the file actually has
                while location and location not in self.lines:
                    location = location[:-1]
            got = error.get("input")
            if isinstance(got, (dict, list)) or error["type"] in {"missing", "extra_forbidden"}:
                got = None
            problem = self.error(location, _expected(error), got)
            if str(problem) not in {str(known) for known in problems}:
                problems.append(problem)
        return problems


def _expected(error: dict[str, Any]) -> str:
    """Turn a pydantic message into the 'expected ...' part of our errors."""
    message = error["msg"].removeprefix("Value error, ")
    if error["type"] == "missing":
        return "a value (this field is required)"
    if error["type"] == "extra_forbidden":
        return "no such field (check the spelling against the schema)"
    return message.removeprefix("Input should be ")


def dotted(location: Location) -> str:
    """``("assignments", 2, "party")`` -> ``"assignments[2].party"``."""
    text = ""
    for part in location:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "document"


def read_yaml(path: Path, error_type: type[TerritoryError] = DataFileError) -> YamlDocument:
    """Parse ``path``; refuse a missing file, a syntax error or a repeated key.

    Parameters
    ----------
    path
        The YAML file.
    error_type
        The error to raise, and to make with :meth:`YamlDocument.error` later
        (:class:`~territory.errors.GeodataBuildError` for the geodata sources).

    Raises
    ------
    DataFileError
        (or ``error_type``) naming the file and line of the problem.
    """
    path = Path(path)
    if not path.is_file():
        raise error_type(path, "file", "an existing YAML file")
    text = read_text_utf8(path, error_type)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise error_type(path, "document", "a YAML mapping", "an empty file")
        document = YamlDocument(path, loader.construct_document(node), error_type=error_type)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if mark is None:
            raise error_type(path, "YAML syntax", "valid YAML", exc.problem) from exc
        raise error_type(
            f"{path}:{mark.line + 1}", "YAML syntax", "valid YAML",
            f"{exc.problem} at line {mark.line + 1}, column {mark.column + 1}",
        ) from exc
    finally:
        loader.dispose()
    document.lines[()] = node.start_mark.line + 1
    _record_lines(node, (), document)
    return document


def read_text_utf8(path: Path, error_type: type[TerritoryError] = DataFileError) -> str:
    """The text of ``path``; a file that is not UTF-8 is a :class:`DataFileError` (or ``error_type``)."""
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise error_type(
            path, "encoding", "UTF-8 text", f"invalid byte at offset {exc.start}"
        ) from None


def _record_lines(node: yaml.Node, location: Location, document: YamlDocument) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = key_node.value
            child = (*location, key)
            if key in seen:
                raise document.error_type(
                    f"{document.path}:{key_node.start_mark.line + 1}",
                    dotted(child),
                    "each key once in a mapping",
                    key,
                )
            seen.add(key)
            document.lines[child] = key_node.start_mark.line + 1
            _record_lines(value_node, child, document)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            child = (*location, index)
            document.lines[child] = item.start_mark.line + 1
            _record_lines(item, child, document)
