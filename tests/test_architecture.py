"""The one-way rules between the apps, read from the source with `ast` (docs: ARCHITECTURE.md).

config wires the apps; the apps above cases (accounts, reporting, demo, referrals, survivor_texts,
exchange) use cases and intake, and nothing imports exchange (the import); cases uses intake;
intake uses none of them. No module imports, however late (in a function too), a module that
imports it back. An app that does not exist (yet) is skipped.
"""

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# Every top-level package of the project, whether it exists yet or not.
PROJECT_PACKAGES = (
    "config",
    "intake",
    "cases",
    "accounts",
    "reporting",
    "demo",
    "referrals",
    "offline_desk",
    "survivor_texts",
    "exchange",
)
# What each app may not import (config, the wiring, is forbidden to all but itself below).
FORBIDDEN = {
    "intake": {p for p in PROJECT_PACKAGES if p != "intake"},
    "cases": {
        "accounts",
        "reporting",
        "demo",
        "referrals",
        "survivor_texts",
        "offline_desk",
        "exchange",
        "config",
    },
    # The import reads the export's field list and vocabularies; nothing reads the import back.
    "reporting": {"exchange"},
    "referrals": {"exchange"},
    "accounts": {"exchange"},
    "survivor_texts": {"exchange"},
}


def _package_files(package: str) -> Iterator[Path]:
    folder = ROOT / package
    if (folder / "__init__.py").exists():
        yield from sorted(folder.rglob("*.py"))


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def project_modules() -> dict[str, Path]:
    """Every module of the project apps that exist: dotted name -> file."""
    return {_module_name(path): path for package in PROJECT_PACKAGES for path in _package_files(package)}


def _imported_names(module: str, path: Path) -> Iterator[tuple[str, int]]:
    """Every dotted name `module` imports, anywhere in the file (a function's body too), with its line."""
    is_package = path.name == "__init__.py"
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: from the module's own package
                base = module.split(".")
                base = base[: len(base) - node.level + (1 if is_package else 0)]
                stem = ".".join(base + ([node.module] if node.module else []))
            else:
                stem = node.module or ""
            for alias in node.names:
                yield f"{stem}.{alias.name}", node.lineno  # a module, or a name in the module `stem`


def _resolve(name: str, modules: dict[str, Path]) -> str | None:
    """The project module that `name` reaches (its longest importable prefix), or None if outside."""
    parts = name.split(".")
    if parts[0] not in PROJECT_PACKAGES:
        return None
    for end in range(len(parts), 0, -1):
        candidate = ".".join(parts[:end])
        if candidate in modules:
            return candidate
    return parts[0]  # an app that does not exist in this checkout


def import_graph() -> dict[str, dict[str, int]]:
    """module -> {project module it imports: the first line that does}."""
    modules = project_modules()
    graph: dict[str, dict[str, int]] = {}
    for module, path in modules.items():
        edges = graph.setdefault(module, {})
        for name, line in _imported_names(module, path):
            target = _resolve(name, modules)
            if target is not None and target != module:
                edges.setdefault(target, line)
    return graph


def _cycles(graph: dict[str, dict[str, int]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, {}):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
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

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def _violations(graph: dict[str, dict[str, int]], app: str, forbidden: set[str]) -> list[str]:
    return [
        f"{module} (line {line}) imports {target}"
        for module, edges in sorted(graph.items())
        if module.split(".")[0] == app
        for target, line in sorted(edges.items())
        if target.split(".")[0] in forbidden
    ]


@pytest.fixture(scope="module")
def graph() -> dict[str, dict[str, int]]:
    return import_graph()


def test_the_graph_sees_the_apps_and_their_imports(graph):
    assert "intake.models" in graph
    assert "cases.models" in graph["cases.access"]


@pytest.mark.parametrize("app", sorted(FORBIDDEN))
def test_an_app_imports_nothing_above_it(graph, app):
    assert _violations(graph, app, FORBIDDEN[app]) == []


def test_no_app_imports_the_project_wiring(graph):
    apps = [p for p in PROJECT_PACKAGES if p != "config"]
    assert [v for app in apps for v in _violations(graph, app, {"config"})] == []


def test_no_import_circles(graph):
    circles = _cycles(graph)
    described = [
        f"{module} (line {line}) imports {target}"
        for circle in circles
        for module in circle
        for target, line in sorted(graph[module].items())
        if target in circle
    ]
    assert circles == [], "\n".join(described)


def test_the_check_sees_a_forbidden_import_and_a_circle():
    graph = {
        "intake.views": {"cases.access": 3},
        "cases.access": {"cases.models": 1},
        "cases.models": {"cases.access": 9, "intake.models": 2},
    }
    assert _violations(graph, "intake", FORBIDDEN["intake"]) == ["intake.views (line 3) imports cases.access"]
    assert _cycles(graph) == [["cases.access", "cases.models"]]
