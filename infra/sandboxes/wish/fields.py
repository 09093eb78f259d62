"""Partial responses: GET endpoints take `fields=a,b(c,d),e/f,g/*` and answer only those fields
(comma-separated; `/` selects a nested field; parentheses group several nested fields; `*` takes
everything at that level)."""

from __future__ import annotations

from typing import Any

ALL = None  # a leaf: keep the whole value


def parse(text: str) -> dict:
    tree, _ = _parse(text.replace(" ", ""), 0)
    return tree


def _parse(text: str, index: int) -> tuple[dict, int]:
    tree: dict[str, Any] = {}
    while index < len(text):
        end = index
        while end < len(text) and text[end] not in ",()":
            end += 1
        path = [part for part in text[index:end].split("/") if part]
        index = end
        sub: dict | None = ALL
        if index < len(text) and text[index] == "(":
            sub, index = _parse(text, index + 1)
            index += 1  # the closing parenthesis
        if path:
            _insert(tree, path, sub)
        if index < len(text) and text[index] == ")":
            return tree, index
        index += 1  # the comma
    return tree, index


def _insert(tree: dict, path: list[str], leaf: dict | None) -> None:
    for name in path[:-1]:
        node = tree.get(name, {})
        tree[name] = node if isinstance(node, dict) else ALL
        if tree[name] is ALL:
            return
        tree = tree[name]
    if path[-1] not in tree or leaf is ALL:
        tree[path[-1]] = leaf


def select(tree: dict | None, value: Any) -> Any:
    if tree is ALL or "*" in tree:
        return value
    if isinstance(value, list):
        return [select(tree, item) for item in value]
    if isinstance(value, dict):
        return {name: select(sub, value[name]) for name, sub in tree.items() if name in value}
    return value
