"""Amounts and dates as the reader's interface language writes them (Babel, CLDR).

{% load hub_format %}
{{ variant.base_price|money:variant.currency }}   → $1,234.50 / US$1,234.50 (zh-hans)
{{ call.created_at|when }}                        → Dec 3, 2026, 4:05:00 PM / 2026年12月3日 16:05:00
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from functools import lru_cache

from babel import Locale
from babel.dates import format_datetime
from babel.numbers import format_decimal
from django import template
from django.utils import timezone, translation

from currency.codes import is_known_currency
from currency.formatting import format_amount, format_money
from currency.money import Money

register = template.Library()

# Interface language (Django) → Babel locale used for numbers and dates.
_BABEL_LOCALES = {"en": "en_US", "zh-hans": "zh_Hans_CN"}


@lru_cache(maxsize=16)
def _parsed(tag: str) -> Locale:
    return Locale.parse(tag)


def babel_locale() -> Locale:
    return _parsed(_BABEL_LOCALES.get((translation.get_language() or "en").lower(), "en_US"))


@register.filter
def money(amount: Decimal | None, currency: str) -> str:
    if amount is None or amount == "":
        return ""
    if not currency or not is_known_currency(currency):
        return format_decimal(amount, locale=babel_locale())
    return format_money(Money(Decimal(amount), currency), babel_locale())


@register.filter
def amount(value: Decimal | None, currency: str) -> str:
    """The number alone with the currency's decimals, e.g. for a form's initial value display."""
    if value is None or value == "":
        return ""
    return format_amount(Money(Decimal(value), currency), babel_locale())


@register.filter
def number(value) -> str:  # type: ignore[no-untyped-def]
    if value is None or value == "":
        return ""
    return format_decimal(value, locale=babel_locale())


@register.filter
def when(value: datetime | None, length: str = "medium") -> str:
    if not value:
        return ""
    return format_datetime(
        timezone.localtime(value), length, tzinfo=timezone.get_current_timezone(), locale=babel_locale()
    )
