"""No import circles between Cổng's modules: each module can be loaded on its own, and an app reaches
another only through modules that do not lead back to it.

Every import counts, also one inside a function (a circle put off until call time is still a circle);
only imports under ``if TYPE_CHECKING:`` (never run) are left out. Tests and migrations are not part of
the graph.
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[3]


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST) -> list[ast.Import | ast.ImportFrom]:
    found: list[ast.Import | ast.ImportFrom] = []
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and _is_type_checking(node):
            found.extend(n for child in node.orelse for n in _imports(ast.Module(body=[child])))
            continue
        if isinstance(node, ast.Import | ast.ImportFrom):
            found.append(node)
        found.extend(_imports(node))
    return found


def module_graph(root: Path = SRC) -> dict[str, set[str]]:
    """Module name → the Cổng modules it imports (a package import counts as its ``__init__``)."""
    modules: dict[str, tuple[Path, bool]] = {}
    for path in root.joinpath("cong").rglob("*.py"):
        if {"tests", "migrations"} & set(path.parts):
            continue
        parts = list(path.relative_to(root).with_suffix("").parts)
        package = parts[-1] == "__init__"
        modules[".".join(parts[:-1] if package else parts)] = (path, package)
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, (path, package) in modules.items():
        base = name.split(".") if package else name.split(".")[:-1]
        for node in _imports(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            else:
                prefix = base[: len(base) - node.level + 1] if node.level else []
                module = ".".join(prefix + ([node.module] if node.module else []))
                targets = [module] + [f"{module}.{alias.name}" for alias in node.names]
            for target in targets:
                while target and target not in modules:
                    target = target.rpartition(".")[0]
                if target and target != name:
                    graph[name].add(target)
    return graph


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan's algorithm, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for start in graph:
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    found.append(sorted(group))
    return found


def test_no_import_circles() -> None:
    assert circles(module_graph()) == []


def test_a_circle_through_a_function_level_import_is_found(tmp_path: Path) -> None:
    package = tmp_path / "cong" / "shop"
    package.mkdir(parents=True)
    (tmp_path / "cong" / "__init__.py").write_text("")
    (package / "__init__.py").write_text("")
    (package / "models.py").write_text("def view():\n    from .views import show\n    return show\n")
    (package / "views.py").write_text("from typing import TYPE_CHECKING\nfrom .models import view\n")
    (package / "forms.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .views import x\n"
    )
    (package / "linking.py").write_text("from cong.shop import forms\n")
    assert circles(module_graph(tmp_path)) == [["cong.shop.models", "cong.shop.views"]]
