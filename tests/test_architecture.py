"""The package's shape: no import cycle between any two modules, short functions, a docstring per module.

The layers themselves are import-linter's contracts in pyproject.toml ([tool.importlinter], run by `make lint`);
import-linter's acyclic contract compares siblings, so a cycle through a package's own `__init__` is checked here,
on grimp's graph of every module of the package (imports inside functions and under TYPE_CHECKING included).
"""

from __future__ import annotations

import ast
from pathlib import Path

import grimp

PACKAGE = Path(__file__).resolve().parents[1] / "plugins" / "gongkai"
MAX_FUNCTION_LINES = 70


def _cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in sorted(graph.modules):
        if root in index:
            continue
        work = [(root, iter(sorted(graph.find_modules_directly_imported_by(root))))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.find_modules_directly_imported_by(child)))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_cycle_finder_sees_a_cycle_through_a_package_init():
    graph = grimp.ImportGraph()
    for module in ("pkg", "pkg.a", "pkg.b", "other"):
        graph.add_module(module)
    graph.add_import(importer="pkg", imported="pkg.a")
    graph.add_import(importer="pkg.a", imported="pkg")
    graph.add_import(importer="pkg.b", imported="other")
    assert _cycles(graph) == [["pkg", "pkg.a"]]


def test_no_module_of_the_package_imports_itself_back_through_others():
    graph = grimp.build_graph("gongkai")
    assert "gongkai.model" in graph.modules
    assert _cycles(graph) == []


def _functions(path: Path) -> list[tuple[str, int]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    return [
        (f"{path.relative_to(PACKAGE.parent)} {node.name}", node.end_lineno - node.lineno + 1)
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.end_lineno is not None
    ]


def test_no_function_of_the_package_is_longer_than_70_lines():
    functions = [f for path in sorted(PACKAGE.rglob("*.py")) for f in _functions(path)]
    assert len(functions) > 500
    assert [f"{name} ({n} lines)" for name, n in functions if n > MAX_FUNCTION_LINES] == []


def test_every_module_of_the_package_says_what_it_owns():
    modules = sorted(PACKAGE.rglob("*.py"))
    missing = [str(p.relative_to(PACKAGE.parent)) for p in modules if not ast.get_docstring(ast.parse(p.read_text(encoding="utf-8")))]
    assert missing == []


def test_the_readme_module_map_names_every_module_of_the_package():
    readme = (PACKAGE.parents[1] / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("| 模块 | 负责 |") :].split("\n\n", 1)[0]
    unnamed = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE)
        if path.name == "__init__.py":
            named = len(rel.parts) == 1 or f"`{rel.parts[0]}/`" in table
        else:
            inner = len(rel.parts) > 1 and (f"`{path.name}`" in table or f"`{path.stem}`" in table)  # in its package's row
            named = f"`{rel.as_posix()}`" in table or inner
        if not named:
            unnamed.append(rel.as_posix())
    assert "| `loader.py` |" in table
    assert unnamed == []
