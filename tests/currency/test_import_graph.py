"""Each module's dependencies point one way: no import loop inside the currency app (counting
imports inside functions and under TYPE_CHECKING, which only hide a loop), and the catalog's
required-attribute check exists once (hub.catalog.rules.required_missing)."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, package: str) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {name for name in found if name == package or name.startswith(package + ".")}


def _graph(package: str) -> dict[str, set[str]]:
    modules = {_module_name(path): path for path in (ROOT / package).rglob("*.py") if "migrations" not in path.parts}
    graph = {}
    for name, path in modules.items():
        targets = set()
        for imported in _imports(path, package):
            # "currency.models.RateSource" -> the module "currency.models"
            while imported not in modules and "." in imported:
                imported = imported.rsplit(".", 1)[0]
            if imported in modules and imported != name:
                targets.add(imported)
        graph[name] = targets
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    cycles, state, stack = [], {}, []

    def visit(node: str) -> None:
        state[node] = "active"
        stack.append(node)
        for target in sorted(graph.get(node, ())):
            # A package's __init__ re-exporting its submodules is not a loop with them.
            if node.startswith(target + ".") or target.startswith(node + "."):
                continue
            if state.get(target) == "active":
                cycles.append(stack[stack.index(target) :] + [target])
            elif target not in state:
                visit(target)
        stack.pop()
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            visit(node)
    return cycles


def test_the_currency_app_has_no_import_loops():
    assert _cycles(_graph("currency")) == []


def test_the_loops_named_in_the_repair_list_are_gone():
    graph = _graph("currency")
    for first, second in [
        ("currency.models", "currency.validators"),
        ("currency.table", "currency.providers.base"),
        ("currency.table", "currency.providers.forex"),
        ("currency.table", "currency.providers.stored"),
        ("currency.selectors", "currency.services.rounding"),
    ]:
        assert not (second in graph[first] and first in graph[second]), (first, second)


def test_the_required_attribute_check_is_written_once():
    callers = []
    for path in (ROOT / "hub" / "catalog").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "required":
                callers.append(str(path.relative_to(ROOT)))
    assert callers and set(callers) == {"hub/catalog/rules.py"}, callers
