from decimal import ROUND_CEILING, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal

import pytest

from currency.codes import UnknownCurrencyError
from currency.money import Money, RoundingPurpose
from currency.types import decimal_plain, rate_normalize


def test_money_keeps_the_exact_decimal_and_validates_the_code():
    money = Money.of("19.990", "EUR")
    assert money.amount == Decimal("19.990")
    assert str(money) == "19.990 EUR"
    assert Money.of(5, "JPY").amount == Decimal(5)


@pytest.mark.parametrize("value", [1.5, True], ids=["float", "bool"])
def test_money_refuses_floats_and_bools(value):
    with pytest.raises(TypeError):
        Money(value, "USD")


@pytest.mark.parametrize("value", ["NaN", "Infinity", "12,5"], ids=["nan", "infinity", "comma"])
def test_money_refuses_what_is_not_a_finite_number(value):
    with pytest.raises(ValueError):
        Money.of(value, "USD")


@pytest.mark.parametrize("code", ["usd", "XYZ", "XAU", "EURO"], ids=["lowercase", "unknown", "gold", "four"])
def test_money_refuses_codes_that_are_not_currencies_for_prices(code):
    with pytest.raises(UnknownCurrencyError):
        Money.of("1", code)


def test_money_arithmetic_stays_in_one_currency():
    assert Money.of("1.10", "USD") + Money.of("2.205", "USD") == Money.of("3.305", "USD")
    assert Money.of("5", "USD") - Money.of("0.01", "USD") == Money.of("4.99", "USD")
    assert Money.of("2.5", "USD") * 3 == Money.of("7.5", "USD")
    assert Money.of("1", "USD") < Money.of("1.01", "USD")
    with pytest.raises(TypeError, match="USD with EUR"):
        Money.of("1", "USD") + Money.of("1", "EUR")
    with pytest.raises(TypeError):
        Money.of("1", "USD") * 1.5


@pytest.mark.parametrize(
    ("amount", "currency", "purpose", "expected"),
    [
        ("2.345", "EUR", RoundingPurpose.LISTING_PRICE, "2.35"),
        ("2.345", "EUR", RoundingPurpose.ORDER_AMOUNT, "2.34"),
        ("2.355", "EUR", RoundingPurpose.REPORT, "2.36"),
        ("2.341", "EUR", RoundingPurpose.COST_FLOOR, "2.35"),
        ("1234.5", "JPY", RoundingPurpose.LISTING_PRICE, "1235"),
        ("1234.5", "JPY", RoundingPurpose.REPORT, "1234"),
        ("1.23456", "KWD", RoundingPurpose.LISTING_PRICE, "1.235"),
        ("1.2341", "KWD", RoundingPurpose.COST_FLOOR, "1.235"),
    ],
)
def test_quantize_uses_the_minor_unit_and_the_purposes_mode(amount, currency, purpose, expected):
    rounded = Money.of(amount, currency).quantize(purpose)
    assert rounded.amount == Decimal(expected)
    assert rounded.amount.as_tuple().exponent == Decimal(expected).as_tuple().exponent
    assert rounded.is_rounded


def test_each_purpose_names_its_mode_and_reason():
    assert RoundingPurpose.LISTING_PRICE.rounding == ROUND_HALF_UP
    assert RoundingPurpose.ORDER_AMOUNT.rounding == ROUND_HALF_EVEN
    assert RoundingPurpose.COST_FLOOR.rounding == ROUND_CEILING
    assert all(purpose.reason for purpose in RoundingPurpose)
    assert RoundingPurpose.from_label("order_amount") is RoundingPurpose.ORDER_AMOUNT
    with pytest.raises(ValueError, match="listing_price"):
        RoundingPurpose.from_label("cheap")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1.070500000000000", "1.0705"),
        ("100.000", "100"),
        ("0.000018812345678901", "0.0000188123456789"),
        ("20.672365399336565", "20.6723653993"),
    ],
)
def test_rate_normalize_keeps_twelve_significant_digits_and_sixteen_places(value, expected):
    assert str(rate_normalize(Decimal(value))) == expected


def test_decimal_plain_never_uses_exponent_form():
    assert str(decimal_plain(Decimal("1E+2"))) == "100"
    assert str(decimal_plain(Decimal("175.6800"))) == "175.68"
