"""The channels app's modules import each other one way: no cycle, counting imports inside
functions too (a lazy import hides a loop from Python, not from the reader)."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APP = "channels"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph(app: str = APP) -> dict[str, set[str]]:
    files = {_module_name(path): path for path in (ROOT / app).rglob("*.py") if "migrations" not in path.parts}
    graph: dict[str, set[str]] = {name: set() for name in files}
    for name, path in files.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                # `from channels import services` names a module; `from channels.x import y` may too.
                targets = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
            for target in targets:
                if target in files and target != name and not (files[target].name == "__init__.py"):
                    graph[name].add(target)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
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


def test_the_graph_sees_lazy_imports():
    graph = import_graph()
    assert "channels.registry" in graph["channels.services"]  # imported at the top now
    assert {"channels.services", "channels.registry"} <= graph["channels.tasks"]


def test_no_import_cycles_in_the_channels_app():
    assert cycles(import_graph()) == []


def test_registry_services_and_tasks_point_one_way():
    graph = import_graph()
    assert graph["channels.registry"].isdisjoint({"channels.services", "channels.tasks"})
    assert "channels.tasks" not in graph["channels.services"]
