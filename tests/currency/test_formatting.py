from datetime import date
from decimal import Decimal

import babel
import pytest

from currency.formatting import (
    currency_display_name,
    currency_symbol,
    format_amount,
    format_conversion,
    format_money,
    format_rate,
    locale_parse,
)
from currency.money import Money, RoundingPurpose
from currency.services import currency_convert

NBSP, NNBSP, RLM = "\u00a0", "\u202f", "\u200f"


def test_the_expected_strings_are_those_of_the_pinned_babel():
    # CLDR changes spaces and symbols between releases; pyproject pins babel==2.18.0 (CLDR 47).
    assert babel.__version__ == "2.18.0"
    assert babel.core.get_cldr_version() == "47"


@pytest.mark.parametrize(
    ("amount", "currency", "locale", "expected"),
    [
        ("1234.56", "EUR", "de_DE", f"1.234,56{NBSP}€"),
        ("1234.56", "EUR", "fr_FR", f"1{NNBSP}234,56{NBSP}€"),
        ("1234.56", "USD", "en_US", "$1,234.56"),
        ("1234.5", "JPY", "ja_JP", "￥1,235"),
        ("1234.5", "JPY", "en_US", "¥1,235"),
        ("1234.56", "CNY", "zh_CN", "¥1,234.56"),
        ("1234.56", "CHF", "de_CH", f"CHF{NBSP}1’234.56"),
        ("1234.56", "PLN", "pl_PL", f"1{NBSP}234,56{NBSP}zł"),
        ("1234.565", "KWD", "ar_KW", f"{RLM}1,234.565{NBSP}د.ك.{RLM}"),
        ("1234.56", "AED", "en_AE", "AED1,234.56"),
        ("1234.56", "EUR", "de-DE", f"1.234,56{NBSP}€"),
    ],
)
def test_format_money_follows_the_locale(amount, currency, locale, expected):
    assert format_money(Money.of(amount, currency), locale) == expected


def test_display_rounds_half_up_before_babel_so_it_matches_the_charged_price():
    # Babel alone would round 0.125 half-even to 0.12.
    assert format_money(Money.of("0.125", "EUR"), "en_US") == "€0.13"
    assert format_money(Money.of("0.125", "EUR"), "en_US", purpose=RoundingPurpose.REPORT) == "€0.12"


def test_accounting_and_name_formats():
    assert format_money(Money.of("-5", "USD"), "en_US", format_type="accounting") == "($5.00)"
    assert format_money(Money.of("5", "USD"), "en_US", format_type="name") == "5.00 US dollars"


def test_amounts_rates_symbols_and_names():
    assert format_amount(Money.of("1234.5", "EUR"), "de_DE") == "1.234,50"
    assert format_amount(Money.of("1234.5", "JPY"), "ja_JP") == "1,235"
    assert format_rate(Decimal("0.918105031216"), "de_DE") == "0,918105031216"
    assert format_rate(Decimal("20275.1700"), "en_US") == "20,275.17"
    assert currency_symbol("CNY", "en_US") == "CN¥"
    assert currency_display_name("JPY", "de_DE") == "Japanischer Yen"


def test_unknown_locales_and_codes_are_refused():
    with pytest.raises(ValueError, match="xx_YY"):
        locale_parse("xx_YY")
    with pytest.raises(ValueError):
        currency_symbol("XYZ", "en_US")


def test_format_conversion_names_rate_source_and_day(ecb_rates):
    conversion = currency_convert(
        amount=Money.of("100", "USD"),
        to_currency="EUR",
        on_date=date(2024, 3, 16),
        purpose=RoundingPurpose.REPORT,
    )
    assert format_conversion(conversion, "de_DE") == f"91,81{NBSP}€ (1 USD = 0,918105031216 EUR, ecb 2024-03-15)"
