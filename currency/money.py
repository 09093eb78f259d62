"""`Money`: an exact amount with its ISO 4217 code, and the named rounding purposes.

Other apps import `Money` and `RoundingPurpose` from here. Amounts are Decimal only: a float
(or a bool) is refused at construction, so a binary fraction can never sneak into a price.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from decimal import (
    ROUND_CEILING,
    ROUND_HALF_EVEN,
    ROUND_HALF_UP,
    Context,
    Decimal,
    InvalidOperation,
)

from currency.codes import currency_quantum, currency_validate

# Products of an amount (≤ 20 digits) and a rate (≤ 28 digits) fit in 60 digits, so multiplying
# never rounds before the one explicit quantize to the currency's minor unit.
EXACT = Context(prec=60)


class RoundingPurpose(enum.Enum):
    """Why an amount is rounded decides how. Each value is (decimal rounding mode, reason)."""

    # Shoppers and sellers expect "half up" on a price they read (2.345 → 2.35); price rules
    # (charm endings, floors) are applied after this.
    LISTING_PRICE = (ROUND_HALF_UP, "customer-facing price: half up, as people round")
    # Order amounts converted to the base currency are summed over thousands of orders; banker's
    # rounding has no upward drift in those sums.
    ORDER_AMOUNT = (ROUND_HALF_EVEN, "booked order amount: half even, no drift when summed")
    # Report figures are aggregates too, for the same reason.
    REPORT = (ROUND_HALF_EVEN, "report figure: half even, no drift in totals")
    # A cost or fee carried into another currency to set a price floor must never come out
    # smaller than the real cost, or the floor would let a sale under cost through.
    COST_FLOOR = (ROUND_CEILING, "cost used as a price floor: always up, never under the real cost")
    # Showing an amount that is not charged (previews, dashboards): like a price, half up.
    DISPLAY = (ROUND_HALF_UP, "display only: half up")

    def __init__(self, rounding: str, reason: str) -> None:
        self.rounding = rounding
        self.reason = reason

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def from_label(cls, label: str) -> RoundingPurpose:
        try:
            return cls[label.upper()]
        except KeyError:
            names = ", ".join(p.label for p in cls)
            raise ValueError(f"'{label}' is not a rounding purpose (one of: {names}).") from None


def to_decimal(value: Decimal | int | str) -> Decimal:
    """Decimal from a Decimal, an int or a numeric string; floats and bools are refused."""
    if isinstance(value, bool) or not isinstance(value, Decimal | int | str):
        raise TypeError(f"Money amounts are Decimal, int or str, not {type(value).__name__}.")
    try:
        result = value if isinstance(value, Decimal) else Decimal(value.strip() if isinstance(value, str) else value)
    except InvalidOperation:
        raise ValueError(f"'{value}' is not a number.") from None
    if not result.is_finite():
        raise ValueError(f"'{value}' is not a finite number.")
    return result


@dataclass(frozen=True, slots=True)
class Money:
    amount: Decimal
    currency: str

    def __post_init__(self) -> None:
        if type(self.amount) is not Decimal:
            object.__setattr__(self, "amount", to_decimal(self.amount))
        elif not self.amount.is_finite():
            raise ValueError(f"'{self.amount}' is not a finite number.")
        currency_validate(self.currency)

    @classmethod
    def of(cls, amount: Decimal | int | str, currency: str) -> Money:
        return cls(to_decimal(amount), currency)

    def __str__(self) -> str:
        return f"{self.amount} {self.currency}"

    # --- arithmetic within one currency --------------------------------------------------------
    def _same(self, other: object) -> Money:
        if not isinstance(other, Money):
            raise TypeError(f"Cannot combine Money with {type(other).__name__}.")
        if other.currency != self.currency:
            raise TypeError(f"Cannot combine {self.currency} with {other.currency}; convert first.")
        return other

    def __add__(self, other: Money) -> Money:
        return Money(self.amount + self._same(other).amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        return Money(self.amount - self._same(other).amount, self.currency)

    def __neg__(self) -> Money:
        return Money(-self.amount, self.currency)

    def __mul__(self, factor: Decimal | int) -> Money:
        if isinstance(factor, bool) or not isinstance(factor, Decimal | int):
            raise TypeError(f"Money multiplies by Decimal or int, not {type(factor).__name__}.")
        return Money(EXACT.multiply(self.amount, Decimal(factor)), self.currency)

    __rmul__ = __mul__

    def __lt__(self, other: Money) -> bool:
        return self.amount < self._same(other).amount

    def __le__(self, other: Money) -> bool:
        return self.amount <= self._same(other).amount

    def __gt__(self, other: Money) -> bool:
        return self.amount > self._same(other).amount

    def __ge__(self, other: Money) -> bool:
        return self.amount >= self._same(other).amount

    # --- rounding ---------------------------------------------------------------------------------
    def quantize(self, purpose: RoundingPurpose) -> Money:
        """Rounded to the currency's minor unit (CLDR digits: JPY 0, EUR 2, KWD 3)."""
        return Money(money_round(self.amount, self.currency, purpose), self.currency)

    @property
    def is_rounded(self) -> bool:
        """True when the amount has no more decimals than the currency's minor unit."""
        return self.amount == self.amount.quantize(currency_quantum(self.currency), context=EXACT)


def money_round(amount: Decimal, currency: str, purpose: RoundingPurpose) -> Decimal:
    return amount.quantize(currency_quantum(currency), rounding=purpose.rounding, context=EXACT)
