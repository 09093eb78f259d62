"""Checks shared by the rounding-rule service, the admin form and the API."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError

from currency.choices import RateSource
from currency.codes import currency_quantum, is_known_currency


def rounding_rule_validate(*, marketplace_key: str, currency: str, step: Decimal, ending: Decimal) -> None:
    errors: dict[str, list[str]] = {}
    if not marketplace_key or "*" in marketplace_key.rstrip("*") or marketplace_key.endswith("**"):
        errors["marketplace_key"] = ['A key like "amazon:A1PA6795UKMFR9", a prefix like "amazon:*", or "*".']
    if currency != "*" and not is_known_currency(currency):
        errors["currency"] = [f"'{currency}' is not an ISO 4217 currency code or \"*\"."]
    if step is None or step <= 0:
        errors["step"] = ["The step must be greater than zero."]
    elif ending is None or not (0 <= ending < step):
        errors["ending"] = ["The ending must be at least 0 and smaller than the step."]
    elif "currency" not in errors and currency != "*":
        quantum = currency_quantum(currency)
        for name, value in (("step", step), ("ending", ending)):
            if value != value.quantize(quantum):
                errors[name] = [f"{currency} has no amounts like {value} (minor unit {quantum})."]
    if errors:
        raise ValidationError(errors)


def exchange_rate_validate(*, date, base: str, quote: str, rate, source: str, has_account: bool) -> Decimal:
    """A rate entered by hand (admin, API): returns the rate as stored."""
    from django.utils import timezone

    from currency.parsers.common import rate_parse

    hand_sources = (RateSource.MANUAL, RateSource.PEG)
    errors: dict[str, list[str]] = {}
    if source not in hand_sources:
        errors["source"] = ["Only manual or peg rates are entered by hand; ECB and forex-python rows come from files."]
    elif has_account and source != RateSource.MANUAL:
        errors["source"] = ["A seller account enters manual rates only; pegs are system-wide."]
    for name, code in (("base", base), ("quote", quote)):
        if not is_known_currency(code or ""):
            errors[name] = [f"'{code}' is not an ISO 4217 currency code."]
    if "base" not in errors and "quote" not in errors and base == quote:
        errors["quote"] = ["Base and quote are the same currency."]
    try:
        rate = rate_parse(str(rate))
    except ValueError as error:
        errors["rate"] = [str(error)]
    if date is not None and date > timezone.localdate():
        errors["date"] = ["A rate cannot be dated in the future."]
    if errors:
        raise ValidationError(errors)
    return rate
