"""Wish requests: bearer token, {code, message, data} envelope, refresh on an expired token."""

import json
from datetime import UTC, datetime
from decimal import Decimal

import httpx
import pytest

from channels.credentials import MemoryCredentialStore
from channels.exceptions import AuthFailedError, NotFoundError, RejectedError, ThrottledError, UnsupportedOperationError
from channels.mapping import parse_money
from channels.types import Family, ListingPayload, ListingVariation, Money, OfferUpdate, ShipmentConfirmation
from channels.wish import consts
from channels.wish.adapter import WishAdapter
from channels.wish.client import reset_seconds
from tests.channels.factories import WISH_CREDENTIALS
from tests.channels.support import ScriptedServer, adapter_kit, body, connection

API = "http://wish.test"
OPTIONS = {"warehouse_id": "wh-1", "origin_country": "CN", "default_shipping_price": "2.50"}


def ok(data, status=200):
    return httpx.Response(status, json={"code": 0, "message": "", "data": data})


def make_adapter(server, store=None, credentials=None):
    sink, limiter = adapter_kit()
    adapter = WishAdapter(
        connection(Family.WISH, credentials or WISH_CREDENTIALS, base_urls={"api": API}, options=OPTIONS),
        sink=sink,
        limiter=limiter,
        transport=server.transport(),
        credential_store=store,
    )
    adapter.sink = sink
    return adapter


def test_create_product_body_and_bearer_token():
    server = ScriptedServer()
    server.add("POST", "/api/v3/products", ok({"id": "p1", "request_id": "req-1", "variations": []}))
    adapter = make_adapter(server)

    result = adapter.listing_put(
        ListingPayload(
            sku="MUG-1",
            marketplace_id="wish",
            title="Mug",
            description="A mug",
            price=Money(Decimal("9.99"), "USD"),
            quantity=5,
            images=("https://i/1.jpg", "https://i/2.jpg"),
            category_id="9",
            keywords=("mug", "cup"),
        )
    )

    assert (result.external_reference, result.submission_id) == ("p1", "req-1")
    request = server.requests[0]
    assert request.headers["authorization"] == f"Bearer {WISH_CREDENTIALS['access_token']}"
    assert body(request) == {
        "name": "Mug",
        "description": "A mug",
        "parent_sku": "MUG-1",
        "category_id": 9,
        "main_image": {"url": "https://i/1.jpg", "is_clean_image": False},
        "extra_images": [{"url": "https://i/2.jpg"}],
        "default_shipping_prices": [
            {"warehouse_id": "wh-1", "default_shipping_price": {"amount": 2.5, "currency_code": "USD"}}
        ],
        "variations": [
            {
                "sku": "MUG-1",
                "price": {"amount": 9.99, "currency_code": "USD"},
                "inventories": [{"warehouse_id": "wh-1", "inventory": 5}],
                "logistics_details": {"origin_country": "CN"},
            }
        ],
        "tags": ["mug", "cup"],
        "condition": "NEW",
    }


def test_offer_updates_use_variation_ids_in_one_put_per_product():
    server = ScriptedServer()
    server.add(
        "GET",
        "/api/v3/products/p1",
        ok({"id": "p1", "variations": [{"id": "v1", "sku": "A"}, {"id": "v2", "sku": "B"}]}),
    )
    server.add("PUT", "/api/v3/products/p1", ok({"id": "p1"}))
    adapter = make_adapter(server)

    results = adapter.offers_update(
        [
            OfferUpdate(sku="A", marketplace_id="wish", price=Money(Decimal("3.10"), "USD"), external_reference="p1"),
            OfferUpdate(sku="B", marketplace_id="wish", quantity=0, external_reference="p1"),
            OfferUpdate(sku="Z", marketplace_id="wish", quantity=1, external_reference="p1"),
        ]
    )

    assert [(r.sku, r.ok) for r in results] == [("A", True), ("B", True), ("Z", False)]
    assert body(server.sent("PUT", "/api/v3/products/p1")[0]) == {
        "variations": [
            {"id": "v1", "price": {"amount": 3.1, "currency_code": "USD"}},
            {"id": "v2", "inventories": [{"warehouse_id": "wh-1", "inventory": 0}]},
        ]
    }


def test_expired_token_is_refreshed_once_and_stored():
    server = ScriptedServer()
    server.add(
        "GET",
        "/api/v3/oauth/test",
        httpx.Response(400, json={"code": 1007, "message": "The access token has expired", "data": {}}),
        ok({"merchant_id": "m-1"}),
    )
    server.add(
        "GET",
        "/api/v3/oauth/refresh_token",
        ok(
            {
                "access_token": "new-wish-access-token",
                "refresh_token": "new-wish-refresh",
                "expiry_time": "2030-01-01T00:00:00Z",
                "merchant_id": "m-1",
            }
        ),
    )
    store = MemoryCredentialStore(WISH_CREDENTIALS)
    adapter = make_adapter(server, store=store)

    assert adapter.account_verify().seller_id == "m-1"

    refresh = server.sent("GET", "/api/v3/oauth/refresh_token")[0]
    assert dict(refresh.url.params) == {
        "client_id": WISH_CREDENTIALS["client_id"],
        "client_secret": WISH_CREDENTIALS["client_secret"],
        "refresh_token": WISH_CREDENTIALS["refresh_token"],
        "grant_type": "refresh_token",
    }
    assert server.requests[-1].headers["authorization"] == "Bearer new-wish-access-token"
    assert store.credentials["refresh_token"] == "new-wish-refresh"
    recorded = repr(adapter.sink.records)
    secrets = [value for name, value in WISH_CREDENTIALS.items() if name != "client_id"]
    for secret in (*secrets, "new-wish-access-token"):
        assert secret not in recorded
    assert WISH_CREDENTIALS["client_id"] in recorded  # an identifier, not a secret: readable
    assert [r.operation for r in adapter.sink.records] == ["oauthTest", "oauthRefreshToken", "oauthTest"]


def test_second_worker_reuses_the_token_the_first_one_refreshed():
    store = MemoryCredentialStore(WISH_CREDENTIALS)
    store.credentials["access_token"] = "already-refreshed-token"  # another worker got here first
    server = ScriptedServer()
    server.add(
        "GET",
        "/api/v3/oauth/test",
        httpx.Response(400, json={"code": 1008, "message": "revoked", "data": {}}),
        ok({"merchant_id": "m"}),
    )
    adapter = make_adapter(server, store=store)

    adapter.account_verify()

    assert server.sent("GET", "/api/v3/oauth/refresh_token") == []
    assert server.requests[-1].headers["authorization"] == "Bearer already-refreshed-token"


def test_errors_are_typed():
    server = ScriptedServer()
    server.add(
        "GET",
        "/api/v3/products/p9",
        httpx.Response(400, json={"code": 90001, "message": "There is no such product for the merchant.", "data": {}}),
    )
    server.add(
        "PUT",
        "/api/v3/orders/o1/tracking",
        httpx.Response(400, json={"code": 90001, "message": "Invalid tracking number", "data": {}}),
    )
    server.add(
        "GET",
        "/api/v3/orders/o2",
        httpx.Response(
            429, json={"code": 1, "message": "slow down", "data": {}}, headers={"Wish-Rate-Limit-Reset": "7"}
        ),
    )
    server.add(
        "GET", "/api/v3/oauth/test", httpx.Response(400, json={"code": 1002, "message": "account disabled", "data": {}})
    )
    adapter = make_adapter(server)

    assert adapter.listing_get(sku="A", marketplace_id="wish", external_reference="p9").exists is False
    with pytest.raises(RejectedError):
        adapter.shipment_confirm(
            ShipmentConfirmation("o1", "wish", "USPS", "bad", datetime.now(UTC), origin_country="CN")
        )
    with pytest.raises(ThrottledError) as throttled:
        adapter.order_get(order_reference="o2")
    assert throttled.value.retry_after == 7.0
    # the 429 emptied the account's shared bucket: every operation now waits
    with pytest.raises(ThrottledError, match="paced by the hub"):
        adapter.account_verify()
    adapter.gate.limiter.reset(account_pk=7, operation="all")
    with pytest.raises(AuthFailedError):
        adapter.account_verify()
    with pytest.raises(UnsupportedOperationError):
        adapter.feed_get(feed_id="1")
    with pytest.raises(NotFoundError):
        adapter.listing_delist(sku="A", marketplace_id="wish")


def test_calls_left_in_the_window_go_without_waiting_for_the_hubs_bucket():
    """Wish-Rate-Limit-Remaining on each answer: the window's calls, less a reserve, are spent at
    once (a catalog publish is not held to the 3/s bucket); past them the bucket paces again."""
    server = ScriptedServer()
    left = iter(range(consts.WINDOW_RESERVE + 40, 0, -1))
    server.always(
        "GET",
        "/api/v3/orders/o1",
        lambda _request: httpx.Response(
            200,
            json={"code": 0, "message": "", "data": {}},
            headers={"Wish-Rate-Limit-Remaining": str(next(left))},
        ),
    )
    adapter = make_adapter(server)
    sent = 0
    with pytest.raises(ThrottledError, match="paced by the hub"):
        for _ in range(200):
            adapter.client.request("GET", "/orders/o1", operation="getOrder")
            sent += 1
    # The first answer left 40 calls beyond the reserve; they went from the window, the bucket's
    # burst (19 with one token held back) paid for the rest (a token or two may refill meanwhile).
    assert 40 + 19 <= sent <= 40 + 19 + 2


def test_orders_page_forward_by_updated_at_skipping_seen_ids(monkeypatch):
    monkeypatch.setattr("channels.wish.consts.ORDER_PAGE_SIZE", 2)

    def order(oid, updated):
        return {
            "id": oid,
            "state": "APPROVED",
            "released_at": updated,
            "updated_at": updated,
            "product_information": {"sku": "MUG-1", "name": "Mug"},
            "order_payment": {
                "general_payment_details": {
                    "product_quantity": 1,
                    "product_price": {"amount": 5, "currency_code": "USD"},
                    "payment_total": {"amount": 7.5, "currency_code": "USD"},
                }
            },
        }

    server = ScriptedServer()
    server.add(
        "GET",
        "/api/v3/orders",
        ok([order("o1", "2026-03-01T10:00:00Z"), order("o2", "2026-03-01T11:00:00Z")]),
        ok([order("o2", "2026-03-01T11:00:00Z"), order("o3", "2026-03-01T12:00:00Z")]),
        ok([order("o3", "2026-03-01T12:00:00Z")]),
    )
    adapter = make_adapter(server)

    first = adapter.orders_changed_since(since=datetime(2026, 3, 1, tzinfo=UTC))
    second = adapter.orders_changed_since(since=datetime(2026, 3, 1, tzinfo=UTC), next_token=first.next_token)
    third = adapter.orders_changed_since(since=datetime(2026, 3, 1, tzinfo=UTC), next_token=second.next_token)

    assert [[o.external_reference for o in page.orders] for page in (first, second, third)] == [
        ["o1", "o2"],
        ["o3"],
        [],
    ]
    assert third.next_token is None
    assert [dict(r.url.params)["updated_at_min"] for r in server.requests] == [
        "2026-03-01T00:00:00.000Z",
        "2026-03-01T11:00:00Z",
        "2026-03-01T12:00:00Z",
    ]
    line = first.orders[0].lines[0]
    assert (line.sku, line.quantity, line.unit_price, first.orders[0].total) == (
        "MUG-1",
        1,
        Money(Decimal("5"), "USD"),
        Money(Decimal("7.5"), "USD"),
    )


@pytest.mark.parametrize(
    ("header", "expected"), [("12", 12.0), ("1700000030", 30.0), ("1700000030000", 30.0), (None, 1.0)]
)
def test_rate_limit_reset_header_formats(header, expected):
    assert reset_seconds(header, 1700000000.0) == expected


def test_json_number_amounts_become_exact_decimals():
    amount = json.loads('{"amount": 7.1}')["amount"]

    assert parse_money(amount, "usd") == Money(Decimal("7.1"), "USD")
    assert Decimal(amount) != Decimal("7.1")  # what a naive conversion would have stored


def test_replacing_a_product_updates_known_variations_and_adds_new_ones():
    server = ScriptedServer()
    server.add("GET", "/api/v3/products/p1", ok({"id": "p1", "variations": [{"id": "v1", "sku": "MUG-S"}]}))
    server.add("PUT", "/api/v3/products/p1", ok({"id": "p1", "request_id": "r2"}))
    server.add("POST", "/api/v3/products/p1/variations", ok({"id": "v2", "sku": "MUG-L"}))
    adapter = make_adapter(server)
    usd = lambda amount: Money(Decimal(amount), "USD")  # noqa: E731

    result = adapter.listing_put(
        ListingPayload(
            sku="MUG",
            marketplace_id="wish",
            title="Mug v2",
            description="Better",
            price=usd("9"),
            quantity=0,
            images=("https://i/1.jpg",),
            external_reference="p1",
            variations=(
                ListingVariation(sku="MUG-S", price=usd("9.50"), quantity=3),
                ListingVariation(sku="MUG-L", price=usd("11"), quantity=2, options={"SIZE": "L"}),
            ),
        )
    )

    assert (result.external_reference, result.submission_id) == ("p1", "r2")
    assert body(server.sent("PUT", "/api/v3/products/p1")[0]) == {
        "name": "Mug v2",
        "description": "Better",
        "status": "ENABLED",
        "main_image": {"url": "https://i/1.jpg"},
        "extra_images": [],
        "variations": [
            {
                "id": "v1",
                "price": {"amount": 9.5, "currency_code": "USD"},
                "inventories": [{"warehouse_id": "wh-1", "inventory": 3}],
                "status": "ENABLED",
            }
        ],
    }
    assert body(server.sent("POST", "/api/v3/products/p1/variations")[0]) == {
        "sku": "MUG-L",
        "price": {"amount": 11.0, "currency_code": "USD"},
        "inventories": [{"warehouse_id": "wh-1", "inventory": 2}],
        "logistics_details": {"origin_country": "CN"},
        "options": [{"name": "SIZE", "value": "L"}],
    }


@pytest.mark.parametrize(
    ("variations", "expected"),
    [
        ([{"id": "v1", "sku": "A"}], {"status": "DISABLED"}),
        ([{"id": "v1", "sku": "A"}, {"id": "v2", "sku": "B"}], {"variations": [{"id": "v1", "status": "DISABLED"}]}),
    ],
    ids=["only-variation-disables-the-product", "one-of-several-disables-the-variation"],
)
def test_delist_disables_the_variation_or_the_whole_product(variations, expected):
    server = ScriptedServer()
    server.add("GET", "/api/v3/products/p1", ok({"id": "p1", "variations": variations}))
    server.add("PUT", "/api/v3/products/p1", ok({"id": "p1"}))
    adapter = make_adapter(server)

    assert adapter.listing_delist(sku="A", marketplace_id="wish", external_reference="p1").status == "DISABLED"
    assert body(server.sent("PUT", "/api/v3/products/p1")[0]) == expected


def bulk_changed_orders(server, count):
    """`count` orders refunded in one bulk change (one updated_at); GET /orders answers them as
    Wish does: sorted, from updated_at_min inclusive, at most `limit`."""
    bulk = "2026-03-01T10:00:00.000Z"
    stored = [
        {"id": f"o{n}", "state": "REFUNDED", "released_at": bulk, "updated_at": bulk} for n in range(1, count + 1)
    ]

    def orders(request):
        params = dict(request.url.params)
        return ok([o for o in stored if o["updated_at"] >= params["updated_at_min"]][: int(params["limit"])])

    server.always("GET", "/api/v3/orders", orders)


def test_orders_page_past_a_bulk_change_that_fills_whole_pages(monkeypatch):
    monkeypatch.setattr("channels.wish.consts.ORDER_PAGE_SIZE", 2)
    server = ScriptedServer()
    bulk_changed_orders(server, 5)
    adapter = make_adapter(server)
    since = datetime(2026, 3, 1, tzinfo=UTC)

    first = adapter.orders_changed_since(since=since)
    second = adapter.orders_changed_since(since=since, next_token=first.next_token)
    third = adapter.orders_changed_since(since=since, next_token=second.next_token)

    # Without asking for more than it had seen at that time, page two returned o1, o2 again forever.
    assert [[o.external_reference for o in page.orders] for page in (first, second, third)] == [
        ["o1", "o2"],
        ["o3", "o4"],
        ["o5"],
    ]
    assert [dict(r.url.params)["limit"] for r in server.requests] == ["2", "4", "6"]
    assert third.next_token is None


def test_orders_refuse_to_loop_when_more_share_one_time_than_a_page_holds(monkeypatch):
    monkeypatch.setattr("channels.wish.consts.ORDER_PAGE_SIZE", 2)
    monkeypatch.setattr("channels.wish.consts.ORDER_PAGE_SIZE_MAX", 4)
    server = ScriptedServer()
    bulk_changed_orders(server, 5)
    adapter = make_adapter(server)
    since = datetime(2026, 3, 1, tzinfo=UTC)

    first = adapter.orders_changed_since(since=since)
    with pytest.raises(UnsupportedOperationError, match="more than 4 Wish orders share updated_at"):
        adapter.orders_changed_since(since=since, next_token=first.next_token)
