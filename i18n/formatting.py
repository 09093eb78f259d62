"""Locale-aware previews of a listing: price in the marketplace currency and language, dates,
measurements. Money goes through the currency app (conversion and Babel formatting with an
explicit half-up rounding); dates and units use Babel directly.

Measurements are shown in the system the marketplace's buyers use: US customary on amazon.com
(inches, pounds), metric elsewhere.
"""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from babel.dates import format_date, format_datetime
from babel.units import format_unit

from currency.exceptions import ConversionError
from currency.formatting import format_money
from currency.money import Money, RoundingPurpose
from currency.services import currency_convert
from hub.accounts.models import SellerAccount
from hub.catalog.models import Variant
from hub.catalog.units import length_convert, weight_convert
from i18n.locales import Marketplace

# CLDR unit ids for the hub's units (hub.catalog.units).
_CLDR_UNITS = {
    "g": "mass-gram",
    "kg": "mass-kilogram",
    "oz": "mass-ounce",
    "lb": "mass-pound",
    "mm": "length-millimeter",
    "cm": "length-centimeter",
    "m": "length-meter",
    "in": "length-inch",
}
US_CUSTOMARY_COUNTRIES = frozenset({"US", "LR", "MM"})


def price_format(amount: Decimal, currency: str, locale: str) -> str:
    return format_money(Money(amount, currency), locale)


def date_format(value: date | datetime, locale: str, *, length: str = "medium", tzinfo=None) -> str:  # type: ignore[no-untyped-def]
    if isinstance(value, datetime):
        return format_datetime(value, length, tzinfo=tzinfo, locale=locale)
    return format_date(value, length, locale=locale)


def measurement_format(value: Decimal, unit: str, locale: str, *, length: str = "short") -> str:
    """`12,5 cm` (de_DE), `12.5 cm` (en_US); two decimals at most, trailing zeros dropped."""
    shown = value.quantize(Decimal("0.01")).normalize()
    return format_unit(shown, _CLDR_UNITS[unit], length=length, locale=locale)


def _weight_for(variant: Variant, country: str) -> tuple[Decimal, str] | None:
    if variant.weight is None or not variant.weight_unit:
        return None
    if country in US_CUSTOMARY_COUNTRIES and variant.weight_unit in ("g", "kg"):
        return weight_convert(variant.weight, variant.weight_unit, "lb"), "lb"
    if country not in US_CUSTOMARY_COUNTRIES and variant.weight_unit in ("oz", "lb"):
        return weight_convert(variant.weight, variant.weight_unit, "kg"), "kg"
    return variant.weight, variant.weight_unit


def _dimensions_for(variant: Variant, country: str) -> tuple[list[Decimal], str] | None:
    values = [variant.length, variant.width, variant.height]
    if any(value is None for value in values) or not variant.dimension_unit:
        return None
    unit = variant.dimension_unit
    target = unit
    if country in US_CUSTOMARY_COUNTRIES and unit != "in":
        target = "in"
    elif country not in US_CUSTOMARY_COUNTRIES and unit == "in":
        target = "cm"
    return [length_convert(value, unit, target) for value in values], target  # type: ignore[arg-type]


@dataclass(frozen=True)
class PricePreview:
    text: str
    amount: Decimal
    currency: str
    is_converted: bool
    note: str


def price_preview(*, variant: Variant, account: SellerAccount, marketplace: Marketplace, locale: str) -> PricePreview:
    """The variant's base price in the marketplace currency (today's rate) as its buyers read it.
    Without a rate the base price is shown in its own currency, and the note says why."""
    base = Money(variant.base_price, variant.currency)
    if base.currency == marketplace.currency:
        return PricePreview(price_format(base.amount, base.currency, locale), base.amount, base.currency, False, "")
    try:
        conversion = currency_convert(
            amount=base, to_currency=marketplace.currency, purpose=RoundingPurpose.DISPLAY, account=account
        )
    except ConversionError as error:
        return PricePreview(
            price_format(base.amount, base.currency, locale), base.amount, base.currency, False, str(error)
        )
    converted = conversion.amount
    note = f"1 {base.currency} = {conversion.rate} {converted.currency} ({conversion.source} {conversion.rate_date})"
    return PricePreview(
        price_format(converted.amount, converted.currency, locale), converted.amount, converted.currency, True, note
    )


def measurements_preview(*, variant: Variant, marketplace: Marketplace, locale: str) -> dict[str, str]:
    shown: dict[str, str] = {}
    weight = _weight_for(variant, marketplace.country_code)
    if weight is not None:
        shown["weight"] = measurement_format(weight[0], weight[1], locale)
    dimensions = _dimensions_for(variant, marketplace.country_code)
    if dimensions is not None:
        values, unit = dimensions
        shown["dimensions"] = " × ".join(measurement_format(value, unit, locale) for value in values)
    return shown
