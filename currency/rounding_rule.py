"""`RoundingRule`: a price-rounding rule as plain data. Its own module so that the selectors that
load rules and the rounding service that applies them both depend on it, and not on each other."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from currency.codes import currency_quantum
from currency.money import EXACT
from currency.types import decimal_plain

NEAREST, UP, DOWN = "nearest", "up", "down"


@dataclass(frozen=True, slots=True)
class RoundingRule:
    marketplace_key: str
    currency: str
    step: Decimal
    ending: Decimal
    direction: str = NEAREST
    pk: int | None = None

    def matches(self, marketplace_key: str, currency: str) -> bool:
        if self.currency not in ("*", currency):
            return False
        if self.marketplace_key.endswith("*"):
            return marketplace_key.startswith(self.marketplace_key[:-1])
        return self.marketplace_key == marketplace_key

    @property
    def specificity(self) -> tuple[bool, bool, int]:
        return (self.currency != "*", not self.marketplace_key.endswith("*"), len(self.marketplace_key.rstrip("*")))

    def fits(self, currency: str) -> bool:
        quantum = currency_quantum(currency)
        return all(value == value.quantize(quantum, context=EXACT) for value in (self.step, self.ending))

    def describe(self) -> str:
        return (
            f"{self.marketplace_key} {self.currency}: step {decimal_plain(self.step)}, "
            f"ending {decimal_plain(self.ending)}, {self.direction}"
        )
