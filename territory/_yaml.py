"""Read a YAML file keeping the line of every key, so errors can name it: the package's one
YAML reader (version files, parties, the geodata sources).

The document is *composed* first (PyYAML node tree, which carries marks; with libyaml's C
parser where PyYAML has it, about 15 times faster than the pure-Python one) and then
constructed; the walk over the nodes records ``location -> line`` where a location
is the tuple of mapping keys and list indexes that leads to a value, the same shape
as a pydantic error's ``loc``. Dates are left as text (pydantic parses them) so a
bad date is a validation error with a line rather than a crash of the YAML loader.

Data files come from other researchers, so the reader refuses, with the file, the line and
the limit, what could crash or exhaust it: a file over :data:`MAX_FILE_BYTES`, characters
YAML does not allow (NUL and the other C0 and C1 controls, U+FFFE, U+FFFF; UTF-16 read as
UTF-8 shows as NULs), nesting deeper than :data:`MAX_DEPTH`, an alias that contains
itself, more than :data:`MAX_NODES` values once aliases are expanded ("billion laughs"),
tags other than YAML's plain scalars, lists and mappings (``!!binary``, ``!!set`` ...), and
a number Python cannot hold.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from territory._files import read_data_text
from territory.errors import DataFileError, TerritoryError

Location = tuple[str | int, ...]

_TIMESTAMP = "tag:yaml.org,2002:timestamp"

MAX_FILE_BYTES = 8 * 1024 * 1024
"""The largest data file read (8 MiB; the largest built-in one is under 0.2 MiB)."""
MAX_DEPTH = 64
"""The deepest nesting of lists and mappings (a version file needs 5)."""
MAX_NODES = 200_000
"""The most values a file may hold once its aliases are expanded."""

_PLAIN_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "seq", "map")
)
_FORBIDDEN_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")


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
    text = read_data_text(path, MAX_FILE_BYTES, error_type, "YAML file")
    bad = _FORBIDDEN_CHARACTER.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        raise error_type(
            f"{path}:{line}", "encoding", "UTF-8 text without control characters (is it UTF-16?)",
            f"U+{ord(bad.group()):04X} at line {line}",
        )
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            if node is None:
                raise error_type(path, "document", "a YAML mapping", "an empty file")
            _check_structure(node, path, error_type)
            document = YamlDocument(path, loader.construct_document(node), error_type=error_type)
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if mark is None:
            raise error_type(path, "YAML syntax", "valid YAML", exc.problem) from None
        raise error_type(
            f"{path}:{mark.line + 1}", "YAML syntax", "valid YAML",
            f"{exc.problem} at line {mark.line + 1}, column {mark.column + 1}",
        ) from None
    except yaml.YAMLError as exc:
        raise error_type(path, "YAML syntax", "valid YAML", str(exc).splitlines()[0]) from None
    except (ValueError, OverflowError) as exc:
        raise error_type(path, "value", "numbers Python can hold", str(exc).split(";")[0]) from None
    except RecursionError:
        raise error_type(path, "nesting", f"at most {MAX_DEPTH} levels (MAX_DEPTH)") from None
    document.lines[()] = node.start_mark.line + 1
    _record_lines(node, (), document)
    return document


def _check_structure(root: yaml.Node, path: Path, error_type: type[TerritoryError]) -> None:
    """Refuse, before anything is built, a node tree deeper than ``MAX_DEPTH``, an alias that
    contains itself, more than ``MAX_NODES`` values with aliases expanded, or a tag other
    than the plain ones. Each node is visited once: the expanded size of a shared (aliased)
    node is computed once and reused."""
    sizes: dict[int, int] = {}
    on_path: set[int] = set()
    stack: list[tuple[yaml.Node, int, bool]] = [(root, 1, False)]
    def refuse(node: yaml.Node, field: str, expected: str, got: str) -> TerritoryError:
        return error_type(f"{path}:{node.start_mark.line + 1}", field, expected, got)

    while stack:
        node, depth, children_done = stack.pop()
        if children_done:
            on_path.discard(id(node))
            sizes[id(node)] = 1 + sum(sizes[id(child)] for child in _children(node))
            if sizes[id(node)] > MAX_NODES:
                raise refuse(node, "aliases", f"at most {MAX_NODES:,} values with aliases expanded (MAX_NODES)",
                             f"more than {MAX_NODES:,}")
            continue
        if id(node) in sizes:
            continue
        if id(node) in on_path:
            raise refuse(node, "aliases", "an alias that does not contain itself", "a recursive alias")
        if depth > MAX_DEPTH:
            raise refuse(node, "nesting", f"at most {MAX_DEPTH} levels (MAX_DEPTH)",
                         f"{depth} levels at line {node.start_mark.line + 1}")
        if node.tag not in _PLAIN_TAGS:
            raise refuse(node, "tag", "plain YAML values, lists and mappings", node.tag.replace("tag:yaml.org,2002:", "!!"))
        on_path.add(id(node))
        stack.append((node, depth, True))
        stack.extend((child, depth + 1, False) for child in reversed(_children(node)))


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


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
