"""Small parsing helpers every marketplace mapper shares (no wire format here)."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from channels.exceptions import RejectedError
from channels.types import Issue, Money
from currency.codes import currency_quantum, is_known_currency


def parse_decimal(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        # str() first: a JSON number arrives as a float and must not bring binary noise along.
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def parse_money(amount: Any, currency: Any) -> Money | None:
    """None for what the hub cannot hold (no amount, NaN, a code that is not a price currency):
    Money would raise, and one odd amount must not stop the import of a whole page of orders."""
    number = parse_decimal(amount)
    code = str(currency or "").upper()
    if number is None or not is_known_currency(code):
        return None
    return Money(number, code)


def listed_amount(price: Money) -> Decimal:
    """A price as a marketplace gets it, with exactly the currency's minor units (9.9 USD ->
    9.90, 1500.00 JPY -> 1500). Rounding is the pricing step's job (currency.services.price_round);
    an amount with more decimals than its currency has is refused here, not rounded a second,
    different way."""
    if not price.is_rounded:
        raise RejectedError(
            f"{price} has more decimals than {price.currency} allows",
            issues=(
                Issue(
                    code="PRICE_NOT_ROUNDED",
                    message=f"round {price} to the {price.currency} minor unit first",
                    attribute="price",
                ),
            ),
        )
    return price.amount.quantize(currency_quantum(price.currency))


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
