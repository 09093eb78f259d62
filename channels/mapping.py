"""Small parsing helpers every marketplace mapper shares (no wire format here)."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from channels.types import Money


def parse_decimal(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        # str() first: a JSON number arrives as a float and must not bring binary noise along.
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def parse_money(amount: Any, currency: Any) -> Money | None:
    number = parse_decimal(amount)
    if number is None or not currency:
        return None
    return Money(number, str(currency).upper())


def parse_time(value: Any) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(str(value).strip())
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def iso_utc(moment: datetime) -> str:
    """ISO 8601 in UTC with a Z, seconds precision."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def wire_number(amount: Decimal) -> float:
    """A Decimal as the JSON number a marketplace expects. JSON libraries only write numbers from
    floats; this checks the float prints back as exactly the same decimal, so nothing is lost."""
    number = float(amount)
    if Decimal(repr(number)) != amount.normalize() and Decimal(repr(number)) != amount:
        raise ValueError(f"{amount} cannot be sent as a JSON number without rounding")
    return number


def as_int(value: Any, default: int = 0) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default
