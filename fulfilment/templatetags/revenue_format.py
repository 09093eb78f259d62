"""Small filters of the revenue dashboard (fulfilment/reports): dict lookup and a signed percent."""

from decimal import Decimal

from django import template

from hub.core.templatetags.hub_format import number

register = template.Library()


@register.filter
def get_item(mapping, key):  # type: ignore[no-untyped-def]
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.filter
def signed(value) -> str:  # type: ignore[no-untyped-def]
    """+12.5 / −3.0 in the reader's number format."""
    if value is None or value == "":
        return ""
    value = Decimal(value)
    return ("+" if value > 0 else "") + number(value)
