"""Locale-aware display of money and rates with Babel (CLDR), for pages and previews.

Amounts are rounded here explicitly (half up, to the currency's minor unit) before Babel sees
them: Babel would otherwise round under the thread's decimal context (half even), so a preview
could show a different figure from the one charged. Exact strings depend on the CLDR version;
the project pins babel==2.18.0 (CLDR 47), e.g. `1.234,56 €` for de_DE and `￥1,235` for ja_JP,
with a no-break space (U+00A0) or narrow no-break space (U+202F) where the locale wants one.
"""

from __future__ import annotations

from decimal import Decimal

from babel import Locale, UnknownLocaleError
from babel.numbers import format_currency, format_decimal, get_currency_name, get_currency_symbol

from currency.codes import currency_validate
from currency.money import Money, RoundingPurpose, money_round
from currency.types import Conversion, decimal_plain

DEFAULT_LOCALE = "en_US"


def locale_parse(tag: str | Locale | None) -> Locale:
    """A Babel locale from 'de_DE', 'de-DE' (BCP 47, as browsers send it) or 'de'."""
    if isinstance(tag, Locale):
        return tag
    tag = (tag or DEFAULT_LOCALE).strip()
    try:
        return Locale.parse(tag.replace("-", "_"))
    except (UnknownLocaleError, ValueError) as error:
        raise ValueError(f"'{tag}' is not a locale Babel knows (e.g. de_DE, ja_JP).") from error


def format_money(
    money: Money,
    locale: str | Locale | None = DEFAULT_LOCALE,
    *,
    purpose: RoundingPurpose = RoundingPurpose.DISPLAY,
    format_type: str = "standard",
) -> str:
    """`Money` as the locale writes it: `1.234,56 €` (de_DE), `$1,234.56` (en_US), `￥1,235` (ja_JP).
    `format_type` is Babel's: "standard", "accounting" (`($5.00)`) or "name" (`5.00 US dollars`)."""
    value = money_round(money.amount, money.currency, purpose)
    return format_currency(value, money.currency, locale=locale_parse(locale), format_type=format_type)


def format_amount(money: Money, locale: str | Locale | None = DEFAULT_LOCALE) -> str:
    """The number alone, with the currency's decimals and the locale's separators (`1.234,56`)."""
    value = money_round(money.amount, money.currency, RoundingPurpose.DISPLAY)
    digits = -value.as_tuple().exponent  # type: ignore[operator]
    return format_decimal(value, format=f"#,##0{'.' + '0' * digits if digits > 0 else ''}", locale=locale_parse(locale))


def format_rate(rate: Decimal, locale: str | Locale | None = DEFAULT_LOCALE) -> str:
    """A rate with every significant digit it has (no rounding) and the locale's separators."""
    value = decimal_plain(rate)
    digits = max(0, -value.as_tuple().exponent)  # type: ignore[operator]
    pattern = "#,##0" + ("." + "#" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=locale_parse(locale), decimal_quantization=False)


def currency_symbol(code: str, locale: str | Locale | None = DEFAULT_LOCALE) -> str:
    return get_currency_symbol(currency_validate(code), locale=locale_parse(locale))


def currency_display_name(code: str, locale: str | Locale | None = DEFAULT_LOCALE, *, count: int | None = None) -> str:
    return get_currency_name(currency_validate(code), count=count, locale=locale_parse(locale))


def format_conversion(conversion: Conversion, locale: str | Locale | None = DEFAULT_LOCALE) -> str:
    """`€91.81 (1 USD = 0.918105031216 EUR, ecb 2024-03-15)` for previews and tooltips."""
    source, target = conversion.source_amount.currency, conversion.amount.currency
    return (
        f"{format_money(conversion.amount, locale)} "
        f"(1 {source} = {format_rate(conversion.rate, locale)} {target}, "
        f"{conversion.source} {conversion.rate_date.isoformat()})"
    )
