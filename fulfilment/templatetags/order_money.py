"""{{ value|amount_in:currency }}: an amount with its currency's decimals in the reader's number
format (hub_format's `amount`), the plain number when the currency is blank or unknown."""

from decimal import Decimal

from django import template

from currency.codes import is_known_currency
from hub.core.templatetags.hub_format import amount, number

register = template.Library()


@register.filter
def amount_in(value, currency) -> str:  # type: ignore[no-untyped-def]
    if value is None or value == "":
        return ""
    if not currency or not is_known_currency(currency):
        return number(Decimal(value))
    return amount(Decimal(value), currency)
