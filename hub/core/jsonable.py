"""Canonical dataclasses as JSON-able data, for snapshots and task results."""

from decimal import Decimal
from typing import Any


def jsonable(value: Any) -> Any:
    """Decimal as its string, dates and datetimes as ISO text, dicts, lists and tuples walked."""
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(item) for item in value]
    return value
