"""Money as text for the orders JSON (`manage.py orders status --json`, the REST API): the amount
with exactly its currency's decimals ("9.02" USD, "1200" JPY), whatever the column's scale."""

from __future__ import annotations

from decimal import Decimal

from currency.codes import currency_quantum, is_known_currency


def money_text(amount: Decimal | None, currency: str) -> str | None:
    if amount is None:
        return None
    amount = Decimal(amount)
    if currency and is_known_currency(currency):
        amount = amount.quantize(currency_quantum(currency))
    return format(amount, "f")
