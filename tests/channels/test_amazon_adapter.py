"""Amazon requests as python-amazon-sp-api builds them, through our transport (in-process server)."""

from datetime import UTC, datetime
from decimal import Decimal

import httpx
import pytest
from sp_api.auth import access_token_client

from channels.amazon.adapter import AmazonAdapter
from channels.exceptions import AuthFailedError, NotFoundError, RejectedError, ThrottledError, TransientError
from channels.types import Family, ListingPayload, Money, OfferUpdate, ShipmentConfirmation
from tests.channels.factories import AMAZON_CREDENTIALS
from tests.channels.support import ScriptedServer, adapter_kit, body, connection, form

BASE = "http://sp.test:8000"
LWA = "http://lwa.test:9000"
US = "ATVPDKIKX0DER"
LISTING_PATH = "/listings/2021-08-01/items/S1/SKU%201%2F%C3%A4"


def token_response(token="Atza|access-token-one"):
    return httpx.Response(200, json={"access_token": token, "token_type": "bearer", "expires_in": 3600})


@pytest.fixture
def server():
    access_token_client.cache.clear()
    server = ScriptedServer()
    server.always("POST", "/auth/o2/token", lambda request: token_response())
    yield server
    access_token_client.cache.clear()


@pytest.fixture
def amazon(server, settings):
    settings.CHANNELS_RATE_SAFETY = 1.0
    sink, limiter = adapter_kit()
    adapter = AmazonAdapter(
        connection(Family.AMAZON, AMAZON_CREDENTIALS, base_urls={"sp_api": BASE, "lwa": LWA}, marketplaces=[US]),
        sink=sink,
        limiter=limiter,
        transport=server.transport(),
    )
    adapter.sink = sink
    return adapter


def payload(**overrides):
    fields = {
        "sku": "SKU 1/ä",
        "marketplace_id": US,
        "title": "Travel mug",
        "price": Money(Decimal("19.99"), "USD"),
        "quantity": 7,
        "locale": "en_US",
        "bullet_points": ("Keeps warm",),
        "brand": "Hub",
        "images": ("https://img.test/1.jpg", "https://img.test/2.jpg"),
        "product_type": "MUG",
    }
    fields.update(overrides)
    return ListingPayload(**fields)


def test_listing_put_sends_the_library_request_with_our_token_and_url(amazon, server):
    server.add(
        "PUT",
        LISTING_PATH,
        httpx.Response(200, json={"sku": "SKU 1/ä", "status": "ACCEPTED", "submissionId": "s-1", "issues": []}),
    )

    result = amazon.listing_put(payload())

    assert (result.status, result.submission_id) == ("ACCEPTED", "s-1")
    token_call = server.sent("POST", "/auth/o2/token")[0]
    assert token_call.url.host == "lwa.test"
    assert form(token_call) == {
        "grant_type": "refresh_token",
        "client_id": AMAZON_CREDENTIALS["lwa_app_id"],
        "refresh_token": AMAZON_CREDENTIALS["refresh_token"],
        "client_secret": AMAZON_CREDENTIALS["lwa_client_secret"],
    }
    put = server.sent("PUT", LISTING_PATH)[0]
    assert put.headers["x-amz-access-token"] == "Atza|access-token-one"
    assert put.headers["host"] == "sp.test:8000"  # not the library's endpoint[8:] slice
    assert put.url.params.get_list("marketplaceIds") == [US]
    assert put.url.params["includedData"] == "issues"
    sent = body(put)
    assert sent["productType"] == "MUG"
    assert sent["attributes"]["purchasable_offer"] == [
        {"marketplace_id": US, "currency": "USD", "our_price": [{"schedule": [{"value_with_tax": 19.99}]}]}
    ]
    assert sent["attributes"]["fulfillment_availability"] == [{"fulfillment_channel_code": "DEFAULT", "quantity": 7}]
    assert sent["attributes"]["other_product_image_locator_1"] == [
        {"media_location": "https://img.test/2.jpg", "marketplace_id": US}
    ]
    # the library's own quirk: marketplace keys injected into PUT bodies
    assert sent["marketplaceIds"] == [US]


def test_invalid_submission_is_rejected_with_the_marketplace_issues(amazon, server):
    issue = {
        "code": "90220",
        "message": "'brand' is required",
        "severity": "ERROR",
        "attributeNames": ["brand"],
        "categories": [],
    }
    server.add(
        "PUT",
        LISTING_PATH,
        httpx.Response(200, json={"sku": "x", "status": "INVALID", "submissionId": "s", "issues": [issue]}),
    )

    with pytest.raises(RejectedError) as caught:
        amazon.listing_put(payload())

    assert [(i.code, i.severity, i.attribute) for i in caught.value.issues] == [("90220", "ERROR", "brand")]


def test_status_codes_become_typed_errors(amazon, server):
    server.add(
        "GET",
        LISTING_PATH,
        httpx.Response(429, json={"errors": [{"code": "QuotaExceeded", "message": "You exceeded your quota"}]}),
    )
    with pytest.raises(ThrottledError) as throttled:
        amazon.listing_get(sku="SKU 1/ä", marketplace_id=US)
    assert throttled.value.retry_after == pytest.approx(0.2)  # 1 / documented 5 per second
    # The 429 emptied our bucket: the next call is paced by the hub, not sent.
    with pytest.raises(ThrottledError, match="paced by the hub"):
        amazon.listing_get(sku="SKU 1/ä", marketplace_id=US)
    amazon.gate.limiter.reset(account_pk=7, operation="getListingsItem")

    server.add(
        "GET", LISTING_PATH, httpx.Response(503, json={"errors": [{"code": "ServiceUnavailable", "message": "later"}]})
    )
    with pytest.raises(TransientError):
        amazon.client.get_listings_item(seller_id="S1", sku="SKU 1/ä", marketplace_id=US, included=["summaries"])

    server.add("GET", LISTING_PATH, httpx.Response(200, content=b"<html>oops"))
    with pytest.raises(TransientError, match="unreadable"):
        amazon.client.get_listings_item(seller_id="S1", sku="SKU 1/ä", marketplace_id=US, included=["summaries"])

    server.add("GET", LISTING_PATH, httpx.ReadTimeout("slow"))
    with pytest.raises(TransientError, match="timed out"):
        amazon.client.get_listings_item(seller_id="S1", sku="SKU 1/ä", marketplace_id=US, included=["summaries"])

    server.add("GET", LISTING_PATH, httpx.Response(404, json={"errors": [{"code": "NotFound", "message": "no sku"}]}))
    with pytest.raises(NotFoundError):
        amazon.client.get_listings_item(seller_id="S1", sku="SKU 1/ä", marketplace_id=US, included=["summaries"])

    assert [r.error_kind for r in amazon.sink.records if r.operation == "getListingsItem"] == [
        "throttled",
        "transient",
        "transient",
        "transient",
        "not_found",
    ]


def test_listing_get_of_unknown_sku_is_a_missing_state(amazon, server):
    server.add("GET", LISTING_PATH, httpx.Response(404, json={"errors": [{"code": "NotFound", "message": "none"}]}))

    state = amazon.listing_get(sku="SKU 1/ä", marketplace_id=US)

    assert (state.exists, state.sku) == (False, "SKU 1/ä")


def test_a_refused_cached_token_is_replaced_once(amazon, server):
    server.always("POST", "/auth/o2/token", lambda request: token_response(f"Atza|token-{len(server.requests)}"))
    forbidden = httpx.Response(
        403, json={"errors": [{"code": "Unauthorized", "message": "Access to requested resource is denied."}]}
    )
    ok = httpx.Response(200, json={"sku": "SKU 1/ä", "summaries": []})
    server.add("GET", LISTING_PATH, forbidden, ok)

    state = amazon.listing_get(sku="SKU 1/ä", marketplace_id=US)

    assert state.exists is True
    tokens = [r.headers["x-amz-access-token"] for r in server.sent("GET", LISTING_PATH)]
    assert len(set(tokens)) == 2 and len(server.sent("POST", "/auth/o2/token")) == 2


def test_lwa_refusal_is_auth_failed(amazon, server):
    server.always(
        "POST",
        "/auth/o2/token",
        lambda request: httpx.Response(400, json={"error": "invalid_grant", "error_description": "bad refresh token"}),
    )

    with pytest.raises(AuthFailedError, match="invalid_grant"):
        amazon.listing_get(sku="SKU 1/ä", marketplace_id=US)
    assert amazon.sink.records[-1].operation == "lwaToken"
    assert amazon.sink.records[-1].messages[0].code == "invalid_grant"


def test_token_cache_is_not_shared_between_lwa_hosts(server, settings):
    sink, limiter = adapter_kit()
    make = lambda lwa: AmazonAdapter(  # noqa: E731
        connection(Family.AMAZON, AMAZON_CREDENTIALS, base_urls={"sp_api": BASE, "lwa": lwa}, marketplaces=[US]),
        sink=sink,
        limiter=limiter,
        transport=server.transport(),
    )
    server.always("GET", LISTING_PATH, lambda request: httpx.Response(200, json={"sku": "x"}))

    make("http://lwa-one.test").listing_get(sku="SKU 1/ä", marketplace_id=US)
    make("http://lwa-two.test").listing_get(sku="SKU 1/ä", marketplace_id=US)

    assert [r.url.host for r in server.sent("POST", "/auth/o2/token")] == ["lwa-one.test", "lwa-two.test"]


def test_offer_patch_and_shipment_confirmation_bodies(amazon, server):
    server.add(
        "PATCH", LISTING_PATH, httpx.Response(200, json={"sku": "SKU 1/ä", "status": "ACCEPTED", "submissionId": "p"})
    )
    server.add("POST", "/orders/v0/orders/111-2222222-3333333/shipmentConfirmation", httpx.Response(204))

    results = amazon.offers_update([OfferUpdate(sku="SKU 1/ä", marketplace_id=US, quantity=3, product_type="MUG")])
    amazon.shipment_confirm(
        ShipmentConfirmation(
            order_reference="111-2222222-3333333",
            marketplace_id=US,
            carrier="UPS",
            tracking_number="1Z999",
            shipped_at=datetime(2026, 3, 1, 12, 0, tzinfo=UTC),
            lines=(("item-1", 2),),
        )
    )

    assert [r.ok for r in results] == [True]
    assert body(server.sent("PATCH", LISTING_PATH)[0]) == {
        "productType": "MUG",
        "patches": [
            {
                "op": "replace",
                "path": "/attributes/fulfillment_availability",
                "value": [{"fulfillment_channel_code": "DEFAULT", "quantity": 3}],
            }
        ],
    }
    confirm = body(server.sent("POST", "/orders/v0/orders/111-2222222-3333333/shipmentConfirmation")[0])
    assert confirm == {
        "marketplaceId": US,
        "packageDetail": {
            "packageReferenceId": "1",
            "carrierCode": "UPS",
            "trackingNumber": "1Z999",
            "shipDate": "2026-03-01T12:00:00Z",
            "orderItems": [{"orderItemId": "item-1", "quantity": 2}],
        },
    }


def test_call_records_hold_no_secret(amazon, server):
    server.add("GET", LISTING_PATH, httpx.Response(200, json={"sku": "SKU 1/ä"}))

    amazon.listing_get(sku="SKU 1/ä", marketplace_id=US)

    text = repr(amazon.sink.records)
    for secret in (
        AMAZON_CREDENTIALS["lwa_client_secret"],
        AMAZON_CREDENTIALS["refresh_token"],
        "Atza|access-token-one",
    ):
        assert secret not in text
    assert AMAZON_CREDENTIALS["lwa_app_id"] in text  # an identifier, not a secret: readable
    assert [r.operation for r in amazon.sink.records] == ["lwaToken", "getListingsItem"]
    assert amazon.sink.records[0].request_summary["body"]["client_secret"] == "***"


def test_limiter_refuses_before_the_marketplace_does(amazon, server, settings):
    server.always("GET", LISTING_PATH, lambda request: httpx.Response(200, json={"sku": "x"}))
    for _ in range(9):  # getListingsItem burst 10, one held back
        amazon.listing_get(sku="SKU 1/ä", marketplace_id=US)

    with pytest.raises(ThrottledError, match="paced by the hub") as caught:
        amazon.listing_get(sku="SKU 1/ä", marketplace_id=US)

    assert 0 < caught.value.retry_after <= 0.2
    assert len(server.sent("GET", LISTING_PATH)) == 9


def test_rate_header_slows_the_operation_down(amazon, server):
    server.always(
        "GET",
        LISTING_PATH,
        lambda request: httpx.Response(200, json={"sku": "x"}, headers={"x-amzn-RateLimit-Limit": "1.0"}),
    )

    amazon.listing_get(sku="SKU 1/ä", marketplace_id=US)

    assert amazon.gate.limiter.buckets.get_rate("7:getListingsItem") == 1.0
