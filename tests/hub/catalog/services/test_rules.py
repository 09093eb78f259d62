"""Plain-value checks shared by the API and the spreadsheet import: GTINs, money, units, sizes."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from hub.catalog.gtin import gtin_check_digit, gtin_kind, validate_gtin
from hub.catalog.rules import clean_money, parse_boolean
from hub.catalog.units import length_convert, weight_convert
from hub.core.text import human_size


@pytest.mark.parametrize(
    ("code", "kind"),
    [
        pytest.param("96385074", "EAN-8", id="ean-8"),
        pytest.param("036000291452", "UPC", id="upc-a"),
        pytest.param("4006381333931", "EAN", id="ean-13"),
        pytest.param("4901234567894", "EAN", id="jan"),
        pytest.param("00012345600012", "GTIN-14", id="gtin-14"),
    ],
)
def test_valid_gtins(code, kind):
    validate_gtin(code)
    assert gtin_kind(code) == kind
    assert gtin_check_digit(code[:-1]) == int(code[-1])


@pytest.mark.parametrize(
    ("code", "message"),
    [
        pytest.param("4006381333930", "Check digit of 4006381333930 should be 1, not 0.", id="wrong-check-digit"),
        pytest.param("036000291453", "Check digit of 036000291453 should be 2, not 3.", id="upc-wrong"),
        pytest.param("1234567", "A GTIN has 8, 12, 13 or 14 digits (UPC 12, EAN 13); this one has 7.", id="short"),
        pytest.param("40063813339-1", "A GTIN has only digits.", id="dash"),
    ],
)
def test_invalid_gtins(code, message):
    with pytest.raises(ValidationError) as raised:
        validate_gtin(code)

    assert raised.value.messages == [message]


@pytest.mark.parametrize(
    ("raw", "minor_units", "value", "errors"),
    [
        pytest.param("12.5", 2, Decimal("12.50"), {}, id="usd"),
        pytest.param("1250", 0, Decimal("1250"), {}, id="jpy"),
        pytest.param("1.250", 3, Decimal("1.250"), {}, id="kwd"),
        pytest.param("12.50", 0, None, {"p": ["Has 1 decimals; the account currency allows 0."]}, id="jpy-with-cents"),
        pytest.param("1 000.5", 2, Decimal("1000.50"), {}, id="space-thousands"),
        pytest.param("-1", 2, None, {"p": ["Must not be negative."]}, id="negative"),
        pytest.param("NaN", 2, None, {"p": ["'NaN' is not a number."]}, id="nan"),
        pytest.param("100000000000000000", 2, None, {"p": ["Is too large."]}, id="too-large"),
        pytest.param(
            "1e3",
            2,
            None,
            {"p": ["'1e3' is not a plain decimal number (write e.g. 1000 or 19.99, not 1e3)."]},
            id="1e3",
        ),
        pytest.param(
            "2.5E-1",
            2,
            None,
            {"p": ["'2.5E-1' is not a plain decimal number (write e.g. 1000 or 19.99, not 1e3)."]},
            id="exponent",
        ),
        pytest.param(".5", 2, Decimal("0.50"), {}, id="leading-point"),
        pytest.param("", 2, None, {"p": ["This field is required."]}, id="missing"),
    ],
)
def test_clean_money(raw, minor_units, value, errors):
    found: dict = {}

    result = clean_money(raw, "p", minor_units, found, required=True)

    assert (result, found) == (value, errors)
    if value is not None:
        assert str(result) == str(value)


@pytest.mark.parametrize(
    ("raw", "value"),
    [("yes", True), ("TRUE", True), ("1", True), ("是", True), ("no", False), ("0", False), ("否", False)],
)
def test_parse_boolean(raw, value):
    assert parse_boolean(raw) is value


def test_unit_conversions_are_exact():
    assert weight_convert(Decimal(1), "lb", "g") == Decimal("453.59237")
    assert weight_convert(Decimal(16), "oz", "lb") == Decimal(1)
    assert length_convert(Decimal(1), "in", "mm") == Decimal("25.4")
    assert length_convert(Decimal(254), "cm", "in") == Decimal(100)


@pytest.mark.parametrize(
    ("size", "text"),
    [(0, "0 bytes"), (1023, "1023 bytes"), (1024, "1 KB"), (1536, "1.5 KB"), (20 * 1024 * 1024, "20 MB")],
)
def test_human_size(size, text):
    assert human_size(size) == text
