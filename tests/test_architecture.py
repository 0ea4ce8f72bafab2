"""Tests of the layering that ARCHITECTURE.md describes: imports only point down, no cycles.

Every ``import`` of a ``territory`` module counts, also one inside a function; an import
under ``if TYPE_CHECKING:`` (annotations only) does not.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "territory"

#: The layers, bottom first; a module may import modules of its own layer or of lower ones.
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("foundation", ("territory.errors", "territory._cache", "territory._compat",
                    "territory._atomic", "territory._paths", "territory.crs", "territory.names",
                    "territory._schema", "territory._yaml", "territory.export", "territory._files",
                    "territory._geojson", "territory._terminal")),
    ("data", ("territory.units", "territory.parties", "territory.versions", "territory.geodata")),
    ("model", ("territory.resolve",)),
    ("analysis", ("territory.tables", "territory.gazetteer", "territory.adjacency", "territory._bipartite",
                  "territory.corridor", "territory.questions", "territory.uncertainty")),
    ("presentation", ("territory.maps",)),
    ("facade", ("territory.atlas", "territory.loading", "territory")),
    ("cli", ("territory.cli", "territory.__main__")),
)  # fmt: skip


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer_of(module: str) -> int:
    """Index of the layer of ``module``: the layer whose longest prefix matches."""
    best, best_length = None, -1
    for index, (_, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > best_length:
                best, best_length = index, len(prefix)
    assert best is not None, f"{module} is in no layer of ARCHITECTURE.md"
    return best


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def imports_of(source: str, module: str, is_package: bool, modules: set[str]) -> set[str]:
    """The modules of ``modules`` that ``source`` (module ``module``) imports at run time,
    in functions too."""
    found: set[str] = set()
    package = module if is_package else module.rpartition(".")[0]

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child):
                for other in child.orelse:
                    visit(other)
                continue
            if isinstance(child, ast.Import):
                found.update(alias.name for alias in child.names)
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    base = ".".join([*package.split(".")[: len(package.split(".")) - child.level + 1],
                                     *([base] if base else [])])
                found.add(base)
                found.update(f"{base}.{alias.name}" for alias in child.names)
            visit(child)

    visit(ast.parse(source))
    return {name for name in found if name in modules and name != module}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every cycle a depth-first walk of ``graph`` meets, as ``[a, b, ..., a]``."""
    found = []
    state: dict[str, int] = {}
    stack: list[str] = []

    def walk(module: str) -> None:
        state[module] = 1
        stack.append(module)
        for target in sorted(graph[module]):
            if state.get(target) == 1:
                found.append(stack[stack.index(target):] + [target])
            elif target not in state:
                walk(target)
        stack.pop()
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            walk(module)
    return found


_PATHS = sorted(PACKAGE.rglob("*.py"))
_MODULES = {module_name(path) for path in _PATHS}
GRAPH = {
    module_name(path): imports_of(path.read_text(encoding="utf-8"), module_name(path),
                                  path.name == "__init__.py", _MODULES)
    for path in _PATHS
}


@pytest.mark.parametrize("module", sorted(GRAPH))
def test_imports_point_down(module: str) -> None:
    upward = sorted(target for target in GRAPH[module] if layer_of(target) > layer_of(module))
    assert not upward, f"{module} ({LAYERS[layer_of(module)][0]}) imports upward: {upward}"


def test_no_module_imports_a_module_that_imports_it_back() -> None:
    assert cycles(GRAPH) == []


def test_the_checker_counts_imports_in_functions_but_not_for_annotations() -> None:
    source = """
from typing import TYPE_CHECKING
from pkg.b import thing
if TYPE_CHECKING:
    from pkg.c import Annotation
def later():
    from . import d
    import pkg.e
"""
    modules = {"pkg.a", "pkg.b", "pkg.c", "pkg.d", "pkg.e"}
    assert imports_of(source, "pkg.a", False, modules) == {"pkg.b", "pkg.d", "pkg.e"}
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == [["a", "b", "c", "a"]]
    assert cycles({"a": {"b"}, "b": set()}) == []
