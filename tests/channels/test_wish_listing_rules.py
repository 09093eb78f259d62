"""Wish: one rule for warehouse and origin country, in the mapper, for create, update and offers."""

from decimal import Decimal

import httpx
import pytest

from channels.exceptions import RejectedError
from channels.types import Family, ListingPayload, ListingVariation, Money, OfferUpdate
from channels.wish.adapter import WishAdapter
from tests.channels.factories import WISH_CREDENTIALS
from tests.channels.support import ScriptedServer, adapter_kit, body, connection

API = "http://wish.test"


def ok(data):
    return httpx.Response(200, json={"code": 0, "message": "", "data": data})


def make_adapter(server, options):
    sink, limiter = adapter_kit()
    return WishAdapter(
        connection(Family.WISH, WISH_CREDENTIALS, base_urls={"api": API}, options=options),
        sink=sink,
        limiter=limiter,
        transport=server.transport(),
    )


def usd(amount):
    return Money(Decimal(amount), "USD")


def replacing(attributes=None):
    return ListingPayload(
        sku="MUG",
        marketplace_id="wish",
        title="Mug",
        price=usd("9"),
        quantity=0,
        external_reference="p1",
        attributes=attributes or {},
        variations=(
            ListingVariation(sku="MUG-S", price=usd("9"), quantity=3),
            ListingVariation(sku="MUG-L", price=usd("11"), quantity=2),
        ),
    )


def existing_product(server):
    server.add("GET", "/api/v3/products/p1", ok({"id": "p1", "variations": [{"id": "v1", "sku": "MUG-S"}]}))


def test_a_new_variation_without_an_origin_country_is_refused_before_any_write():
    server = ScriptedServer()
    existing_product(server)
    adapter = make_adapter(server, {"warehouse_id": "wh-1"})

    with pytest.raises(RejectedError) as raised:
        adapter.listing_put(replacing())

    assert raised.value.issues[0].attribute == "origin_country"
    assert [request.method for request in server.requests] == ["GET"]


def test_an_empty_attribute_falls_back_to_the_account_option_everywhere():
    server = ScriptedServer()
    existing_product(server)
    server.add("PUT", "/api/v3/products/p1", ok({"id": "p1"}))
    server.add("POST", "/api/v3/products/p1/variations", ok({"id": "v2"}))
    adapter = make_adapter(server, {"warehouse_id": "wh-1", "origin_country": "CN"})

    adapter.listing_put(replacing({"warehouse_id": "", "origin_country": " "}))

    put = body(server.sent("PUT", "/api/v3/products/p1")[0])
    created = body(server.sent("POST", "/api/v3/products/p1/variations")[0])
    assert put["variations"][0]["inventories"] == [{"warehouse_id": "wh-1", "inventory": 3}]
    assert created["inventories"] == [{"warehouse_id": "wh-1", "inventory": 2}]
    assert created["logistics_details"] == {"origin_country": "CN"}


def test_attributes_win_over_options_for_update_and_new_variations_alike():
    server = ScriptedServer()
    existing_product(server)
    server.add("PUT", "/api/v3/products/p1", ok({"id": "p1"}))
    server.add("POST", "/api/v3/products/p1/variations", ok({"id": "v2"}))
    adapter = make_adapter(server, {"warehouse_id": "wh-1", "origin_country": "CN"})

    adapter.listing_put(replacing({"warehouse_id": "wh-9", "origin_country": "DE"}))

    put = body(server.sent("PUT", "/api/v3/products/p1")[0])
    created = body(server.sent("POST", "/api/v3/products/p1/variations")[0])
    assert put["variations"][0]["inventories"][0]["warehouse_id"] == "wh-9"
    assert created["inventories"][0]["warehouse_id"] == "wh-9"
    assert created["logistics_details"] == {"origin_country": "DE"}


def test_a_stock_update_without_a_warehouse_is_a_failed_offer_not_an_empty_id():
    server = ScriptedServer()
    server.add("GET", "/api/v3/products/p1", ok({"id": "p1", "variations": [{"id": "v1", "sku": "A"}]}))
    adapter = make_adapter(server, {})

    [result] = adapter.offers_update([OfferUpdate(sku="A", marketplace_id="wish", quantity=4, external_reference="p1")])

    assert not result.ok and result.issues[0].attribute == "warehouse_id"
    assert server.sent("PUT", "/api/v3/products/p1") == []
