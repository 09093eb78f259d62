"""Frozen results the currency app hands to other apps (no model instances cross this line).

A `Conversion` carries everything a caller stores next to a converted amount so it can be
explained and recomputed later: the effective rate (amount = source amount × rate, rounded once
for the named purpose), the date of the rate, its source and each leg that produced it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_EVEN, Context, Decimal

from currency.money import Money, RoundingPurpose

# A rate column that holds every rate this app produces: 12 integer digits, 16 decimals.
RATE_MAX_DIGITS = 28
RATE_DECIMAL_PLACES = 16
# Effective (derived) rates keep 12 significant digits: far more than the 5–7 the ECB publishes,
# and few enough that SQLite (which keeps 15) stores them exactly.
RATE_SIGNIFICANT_DIGITS = 12
_RATE_CONTEXT = Context(prec=RATE_SIGNIFICANT_DIGITS, rounding=ROUND_HALF_EVEN)
_RATE_QUANTUM = Decimal(1).scaleb(-RATE_DECIMAL_PLACES)
# Sources whose rows do not age: a peg stays in force until a newer peg row.
FIXED_SOURCES = frozenset({"peg"})


def rate_normalize(value: Decimal) -> Decimal:
    """The effective rate as it is used and stored: 12 significant digits at most, no more than 16
    decimals, trailing zeros dropped (1.07050 → 1.0705)."""
    rounded = _RATE_CONTEXT.plus(value)
    if rounded.as_tuple().exponent < -RATE_DECIMAL_PLACES:  # type: ignore[operator]
        rounded = rounded.quantize(_RATE_QUANTUM, rounding=ROUND_HALF_EVEN)
    return decimal_plain(rounded)


def decimal_plain(value: Decimal) -> Decimal:
    """Trailing zeros dropped without switching to exponent form (175.6800 → 175.68, 100 → 100)."""
    normalized = value.normalize()
    exponent = normalized.as_tuple().exponent
    return normalized.quantize(Decimal(1)) if isinstance(exponent, int) and exponent > 0 else normalized


@dataclass(frozen=True, slots=True)
class RateLeg:
    """One stored rate used in a conversion: 1 `base` = `rate` `quote`, published for `rate_date`
    by `source`. The leg converts `from_currency` → `to_currency`, which is either base → quote
    (multiply) or quote → base (divide)."""

    from_currency: str
    to_currency: str
    base: str
    quote: str
    rate: Decimal
    rate_date: date
    source: str
    # The seller account whose manual rate this is; None for system-wide rows (ECB, pegs, ...).
    account_id: int | None = None

    @property
    def inverted(self) -> bool:
        return self.from_currency != self.base

    def as_dict(self) -> dict:
        return {
            "from": self.from_currency,
            "to": self.to_currency,
            "base": self.base,
            "quote": self.quote,
            "rate": str(decimal_plain(self.rate)),
            "rate_date": self.rate_date.isoformat(),
            "source": self.source,
            "account": self.account_id,
            "inverted": self.inverted,
        }


def legs_rate(legs: tuple[RateLeg, ...]) -> Decimal:
    """The multiplier of a chain of legs, from one exact division, rounded once."""
    numerator = Decimal(1)
    denominator = Decimal(1)
    exact = Context(prec=80)
    for leg in legs:
        if leg.inverted:
            denominator = exact.multiply(denominator, leg.rate)
        else:
            numerator = exact.multiply(numerator, leg.rate)
    return rate_normalize(exact.divide(numerator, denominator))


@dataclass(frozen=True, slots=True)
class ResolvedRate:
    """How `from_currency` becomes `to_currency` on `requested_date`: the legs and their product."""

    from_currency: str
    to_currency: str
    requested_date: date
    rate: Decimal
    legs: tuple[RateLeg, ...]

    @property
    def rate_date(self) -> date:
        # The oldest leg is what the conversion is "as of": the conservative date to show. A fixed
        # peg holds every day from its row's date, so it counts as a rate of the requested day.
        return min((leg.rate_date for leg in self.legs if leg.source not in FIXED_SOURCES), default=self.requested_date)

    @property
    def source(self) -> str:
        if not self.legs:
            return "identity"
        names: list[str] = []
        for leg in self.legs:
            if leg.source not in names:
                names.append(leg.source)
        return "+".join(names)

    @classmethod
    def from_legs(cls, from_currency: str, to_currency: str, requested_date: date, legs: tuple[RateLeg, ...]):
        return cls(from_currency, to_currency, requested_date, legs_rate(legs) if legs else Decimal(1), legs)


@dataclass(frozen=True, slots=True)
class Conversion:
    """`amount` = `source_amount` × `rate`, rounded to the target's minor unit for `purpose`."""

    amount: Money
    source_amount: Money
    rate: Decimal
    rate_date: date
    source: str
    legs: tuple[RateLeg, ...]
    requested_date: date
    purpose: RoundingPurpose

    def explain(self) -> str:
        steps = ", ".join(
            f"{leg.base}/{leg.quote} {decimal_plain(leg.rate)} ({leg.source} {leg.rate_date.isoformat()})"
            for leg in self.legs
        )
        return f"{self.source_amount} × {self.rate} = {self.amount} [{self.purpose.label}, {self.purpose.rounding}]" + (
            f" via {steps}" if steps else ""
        )

    def as_dict(self) -> dict:
        return {
            "amount": str(self.amount.amount),
            "currency": self.amount.currency,
            "source_amount": str(self.source_amount.amount),
            "source_currency": self.source_amount.currency,
            "rate": str(self.rate),
            "rate_date": self.rate_date.isoformat(),
            "source": self.source,
            "requested_date": self.requested_date.isoformat(),
            "purpose": self.purpose.label,
            "rounding": self.purpose.rounding,
            "legs": [leg.as_dict() for leg in self.legs],
        }


@dataclass(frozen=True, slots=True)
class ConversionRequest:
    """One amount to convert in a bulk run."""

    amount: Money
    to_currency: str
    on_date: date


@dataclass(frozen=True, slots=True)
class RoundedPrice:
    """A marketplace price after its rounding rule, with the rule that made it."""

    price: Money
    unrounded: Money
    rule: str  # "amazon:* USD: step 1, ending 0.99, nearest" or "minor units" when no rule matched
    rule_pk: int | None
    floor: Money | None
    raised_to_floor: bool


@dataclass(frozen=True, slots=True)
class Quote:
    """A provider's answer for one pair: one leg, or two through the provider's own base."""

    legs: tuple[RateLeg, ...]

    @property
    def oldest(self) -> RateLeg:
        return min(self.legs, key=lambda leg: leg.rate_date)
