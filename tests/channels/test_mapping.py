"""The parsing helpers every mapper shares, and how a price leaves the hub: exact, in the
currency's minor units, never rounded a second time by an adapter."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from channels.aliexpress.mappers import offer_batches, price_text
from channels.amazon.mappers import offer_attributes
from channels.exceptions import RejectedError
from channels.mapping import listed_amount, parse_decimal, parse_money
from channels.types import ListingPayload, Money, OfferUpdate
from channels.wish import mappers as wish_mappers


@pytest.mark.parametrize(
    ("amount", "currency"),
    [
        pytest.param("NaN", "USD", id="nan"),
        pytest.param("Infinity", "USD", id="infinity"),
        pytest.param("12.50", "ZZZ", id="unknown-code"),
        pytest.param("12.50", "XAU", id="gold-is-not-a-price-currency"),
        pytest.param("12.50", "", id="no-code"),
        pytest.param("", "USD", id="no-amount"),
    ],
)
def test_an_amount_the_hub_cannot_hold_parses_as_none(amount, currency):
    assert parse_money(amount, currency) is None


def test_a_readable_amount_parses_exactly():
    assert parse_money("12.50", "usd") == Money(Decimal("12.50"), "USD")
    assert parse_decimal("NaN") is None


def test_an_order_with_an_unknown_currency_still_maps():
    raw = {
        "id": "o1",
        "state": "APPROVED",
        "released_at": "2026-03-01T10:00:00Z",
        "updated_at": "2026-03-01T10:00:00Z",
        "product_information": {"sku": "MUG-1", "name": "Mug"},
        "order_payment": {
            "general_payment_details": {
                "product_quantity": 2,
                "product_price": {"amount": "NaN", "currency_code": "USD"},
                "payment_total": {"amount": 12.5, "currency_code": "ZZZ"},
            }
        },
    }

    order = wish_mappers.order(raw)

    assert (order.external_reference, order.total, order.lines[0].unit_price, order.lines[0].quantity) == (
        "o1",
        None,
        None,
        2,
    )
    assert order.purchased_at == datetime(2026, 3, 1, 10, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("money", "expected"),
    [
        pytest.param(Money(Decimal("9.9"), "USD"), Decimal("9.90"), id="usd-padded"),
        pytest.param(Money(Decimal("1500"), "JPY"), Decimal("1500"), id="jpy-whole"),
        pytest.param(Money(Decimal("1500.00"), "JPY"), Decimal("1500"), id="jpy-zero-decimals-dropped"),
        pytest.param(Money(Decimal("12.345"), "KWD"), Decimal("12.345"), id="kwd-three-decimals"),
    ],
)
def test_listed_amount_is_the_price_in_minor_units(money, expected):
    amount = listed_amount(money)

    assert amount == expected
    assert amount.as_tuple().exponent == expected.as_tuple().exponent


@pytest.mark.parametrize(
    "money",
    [
        pytest.param(Money(Decimal("12.345"), "USD"), id="usd-three-decimals"),
        pytest.param(Money(Decimal("1500.5"), "JPY"), id="jpy-half-yen"),
        pytest.param(Money(Decimal("1.2345"), "KWD"), id="kwd-four-decimals"),
    ],
)
def test_a_price_with_more_decimals_than_its_currency_is_refused_not_rounded(money):
    with pytest.raises(RejectedError) as raised:
        listed_amount(money)

    assert [(issue.code, issue.attribute) for issue in raised.value.issues] == [("PRICE_NOT_ROUNDED", "price")]


def test_aliexpress_writes_prices_in_the_currency_minor_units():
    assert price_text(Money(Decimal("9.9"), "USD"), "USD") == "9.90"
    assert price_text(Money(Decimal("12.345"), "KWD"), "KWD") == "12.345"
    assert price_text(Money(Decimal("1500"), "JPY"), "JPY") == "1500"
    with pytest.raises(RejectedError):
        # Half even to 2 places would have sent 12.34, a cent under the price the seller set.
        price_text(Money(Decimal("12.345"), "USD"), "USD")
    with pytest.raises(RejectedError):
        offer_batches(
            [
                OfferUpdate(
                    sku="A", marketplace_id="aliexpress", price=Money(Decimal("5.555"), "USD"), external_reference="1"
                )
            ],
            currency="USD",
        )


def test_amazon_and_wish_refuse_an_unrounded_price_before_sending():
    unrounded = Money(Decimal("19.995"), "USD")

    with pytest.raises(RejectedError):
        offer_attributes(marketplace_id="ATVPDKIKX0DER", price=unrounded, quantity=None)
    with pytest.raises(RejectedError):
        wish_mappers.price(unrounded)
    assert offer_attributes(marketplace_id="ATVPDKIKX0DER", price=Money(Decimal("19.99"), "USD"), quantity=None)[
        "purchasable_offer"
    ][0]["our_price"] == [{"schedule": [{"value_with_tax": 19.99}]}]


def test_wish_refuses_an_unreadable_default_shipping_price():
    payload = ListingPayload(
        sku="MUG",
        marketplace_id="wish",
        title="Mug",
        price=Money(Decimal("9.99"), "USD"),
        quantity=1,
        images=("https://i/1.jpg",),
        category_id="100",
    )
    options = {"warehouse_id": "w1", "origin_country": "CN", "default_shipping_price": "two dollars"}

    with pytest.raises(RejectedError) as raised:
        wish_mappers.create_product_body(payload, options=options)

    assert [(issue.code, issue.attribute) for issue in raised.value.issues] == [
        ("INVALID_FIELD", "default_shipping_price")
    ]
