"""AliExpress requests: signed form posts to /sync, answers unwrapped, errors typed."""

from datetime import UTC, datetime
from decimal import Decimal

import httpx
import pytest

from channels.aliexpress.adapter import AliExpressAdapter
from channels.aliexpress.client import signature
from channels.credentials import MemoryCredentialStore
from channels.exceptions import AuthFailedError, RejectedError, ThrottledError
from channels.types import Family, ListingPayload, Money, OfferUpdate
from tests.channels.factories import ALIEXPRESS_CREDENTIALS
from tests.channels.support import ScriptedServer, adapter_kit, connection, form

GATEWAY = "http://ae.test"
OPTIONS = {
    "freight_template_id": 1001,
    "service_policy_id": 2002,
    "shipping_lead_time": 3,
    "weight": "0.5",
    "package_length": 10,
    "package_width": 10,
    "package_height": 5,
}


def wrapped(method, payload):
    return httpx.Response(200, json={method.replace(".", "_") + "_response": {**payload, "request_id": "r1"}})


@pytest.fixture
def server():
    return ScriptedServer()


def make_adapter(server, credentials=None, store=None):
    sink, limiter = adapter_kit()
    adapter = AliExpressAdapter(
        connection(
            Family.ALIEXPRESS, credentials or ALIEXPRESS_CREDENTIALS, base_urls={"gateway": GATEWAY}, options=OPTIONS
        ),
        sink=sink,
        limiter=limiter,
        transport=server.transport(),
        credential_store=store,
    )
    adapter.sink = sink
    return adapter


def test_every_call_is_a_signed_form_post(server):
    server.add(
        "POST",
        "/sync",
        wrapped("aliexpress.solution.product.post", {"result": {"success": True, "product_id": 1005001}}),
    )
    adapter = make_adapter(server)

    result = adapter.listing_put(
        ListingPayload(
            sku="MUG-1",
            marketplace_id="aliexpress",
            title="Mug",
            price=Money(Decimal("9.9"), "USD"),
            quantity=4,
            locale="en_US",
            images=("https://i/1.jpg",),
            category_id="200001",
        )
    )

    assert result.external_reference == "1005001"
    sent = form(server.requests[0])
    assert sent["method"] == "aliexpress.solution.product.post"
    assert sent["session"] == ALIEXPRESS_CREDENTIALS["access_token"]
    assert sent["sign_method"] == "sha256" and sent["app_key"] == "12345678"
    assert abs(int(sent["timestamp"]) - datetime.now(UTC).timestamp() * 1000) < 60_000
    assert sent["sign"] == signature(ALIEXPRESS_CREDENTIALS["app_secret"], sent["method"], sent)
    assert server.requests[0].url.query == b""  # nothing secret in the URL
    request = __import__("json").loads(sent["post_product_request"])
    assert request["sku_info_list"] == [{"sku_code": "MUG-1", "price": "9.90", "inventory": 4}]
    assert request["freight_template_id"] == 1001 and request["aliexpress_category_id"] == 200001
    assert request["multi_language_subject_list"] == [{"language": "en", "subject": "Mug"}]


def test_missing_logistics_fields_are_rejected_before_any_call(server):
    sink, limiter = adapter_kit()
    adapter = AliExpressAdapter(
        connection(Family.ALIEXPRESS, ALIEXPRESS_CREDENTIALS, base_urls={"gateway": GATEWAY}),
        sink=sink,
        limiter=limiter,
        transport=server.transport(),
    )

    with pytest.raises(RejectedError) as caught:
        adapter.listing_put(
            ListingPayload(
                sku="A", marketplace_id="aliexpress", title="T", price=Money(Decimal("1"), "USD"), quantity=1
            )
        )

    assert {issue.attribute for issue in caught.value.issues} == {
        "freight_template_id",
        "service_policy_id",
        "shipping_lead_time",
        "weight",
        "package_length",
        "package_width",
        "package_height",
    }
    assert server.requests == []


def test_batch_updates_group_by_product_and_report_failures(server):
    server.add(
        "POST",
        "/sync",
        wrapped(
            "aliexpress.solution.batch.product.price.update",
            {
                "update_success": False,
                "update_failed_list": {
                    "synchronize_product_response_dto": [
                        {"product_id": 2, "error_code": "F1", "error_message": "price too low"}
                    ]
                },
            },
        ),
        wrapped("aliexpress.solution.batch.product.inventory.update", {"update_success": True}),
    )
    adapter = make_adapter(server)

    results = adapter.offers_update(
        [
            OfferUpdate(
                sku="A1",
                marketplace_id="aliexpress",
                price=Money(Decimal("5"), "USD"),
                quantity=3,
                external_reference="1",
            ),
            OfferUpdate(
                sku="A2", marketplace_id="aliexpress", price=Money(Decimal("6"), "USD"), external_reference="1"
            ),
            OfferUpdate(
                sku="B1", marketplace_id="aliexpress", price=Money(Decimal("0.01"), "USD"), external_reference="2"
            ),
            OfferUpdate(sku="C1", marketplace_id="aliexpress", quantity=1),
        ]
    )

    assert [(r.sku, r.ok, [i.code for i in r.issues]) for r in results] == [
        ("A1", True, []),
        ("A2", True, []),
        ("B1", False, ["F1"]),
        ("C1", False, ["MISSING_PRODUCT_ID"]),
    ]
    prices = __import__("json").loads(form(server.requests[0])["mutiple_product_update_list"])
    assert prices == [
        {
            "product_id": 1,
            "multiple_sku_update_list": [{"sku_code": "A1", "price": "5.00"}, {"sku_code": "A2", "price": "6.00"}],
        },
        {"product_id": 2, "multiple_sku_update_list": [{"sku_code": "B1", "price": "0.01"}]},
    ]


def test_expired_token_is_refreshed_signed_with_the_path_and_saved(server):
    expired = httpx.Response(
        200,
        json={
            "error_response": {
                "type": "ISV",
                "code": "IllegalAccessToken",
                "msg": "The specified access token is invalid or expired",
                "request_id": "x",
            }
        },
    )
    server.add(
        "POST", "/sync", expired, wrapped("aliexpress.solution.merchant.profile.get", {"merchant_login_id": "seller-1"})
    )
    server.add(
        "POST",
        "/rest/auth/token/refresh",
        httpx.Response(
            200,
            json={
                "code": "0",
                "access_token": "50000new-token-value",
                "refresh_token": "50001new-refresh",
                "expire_time": 4102444800000,
            },
        ),
    )
    store = MemoryCredentialStore(ALIEXPRESS_CREDENTIALS)
    adapter = make_adapter(server, store=store)

    check = adapter.account_verify()

    assert check.seller_id == "seller-1"
    refresh = form(server.sent("POST", "/rest/auth/token/refresh")[0])
    assert refresh["refresh_token"] == ALIEXPRESS_CREDENTIALS["refresh_token"]
    assert "session" not in refresh
    assert refresh["sign"] == signature(ALIEXPRESS_CREDENTIALS["app_secret"], "/auth/token/refresh", refresh)
    assert form(server.requests[-1])["session"] == "50000new-token-value"
    assert store.credentials["access_token"] == "50000new-token-value"
    assert store.credentials["access_token_expires_at"] == "4102444800000"
    assert "50000new-token-value" not in repr(adapter.sink.records)


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (
            {
                "type": "ISV",
                "code": "ApiCallLimit",
                "msg": "Api access frequency exceeds the limit. this ban will last 3 seconds",
            },
            ThrottledError,
        ),
        (
            {
                "type": "ISV",
                "code": "IncompleteSignature",
                "msg": "The request signature does not conform to platform standards",
            },
            AuthFailedError,
        ),
        ({"type": "ISV", "code": "MissingParameter", "msg": "product_id is missing"}, RejectedError),
    ],
    ids=["limit", "signature", "parameter"],
)
def test_error_envelopes_become_typed_errors(server, error, expected):
    server.add("POST", "/sync", httpx.Response(200, json={"error_response": {**error, "request_id": "x"}}))
    adapter = make_adapter(server, credentials={**ALIEXPRESS_CREDENTIALS, "refresh_token": ""})

    with pytest.raises(expected) as caught:
        adapter.listing_get(sku="A", marketplace_id="aliexpress", external_reference="5")

    if expected is ThrottledError:
        assert caught.value.retry_after == 3.0
    assert adapter.sink.records[-1].messages[0].code == error["code"]


def test_orders_query_uses_pacific_time_and_pages(server):
    page = {
        "result": {
            "success": True,
            "total_page": 2,
            "current_page": 1,
            "target_list": {
                "order_dto": [
                    {
                        "order_id": 81,
                        "order_status": "WAIT_SELLER_SEND_GOODS",
                        "gmt_create": "2026-03-01 10:00:00",
                        "gmt_update": "2026-03-02 09:30:00",
                        "pay_amount": {"amount": "12.50", "currency_code": "USD"},
                        "product_list": {
                            "order_product_dto": [
                                {
                                    "child_id": 811,
                                    "sku_code": "MUG-1",
                                    "product_count": 2,
                                    "product_unit_price": {"amount": "6.25", "currency_code": "USD"},
                                }
                            ]
                        },
                    }
                ]
            },
        }
    }
    server.add("POST", "/sync", wrapped("aliexpress.solution.order.get", page))
    adapter = make_adapter(server)

    result = adapter.orders_changed_since(since=datetime(2026, 3, 2, 20, 0, tzinfo=UTC))

    sent = form(server.requests[0])
    assert sent["modified_date_start"] == "2026-03-02 11:00:00"  # 20:00 UTC = 12:00 PST, minus the hour of overlap
    assert sent["current_page"] == "1" and sent["page_size"] == "50"
    order = result.orders[0]
    assert order.updated_at == datetime(2026, 3, 2, 17, 30, tzinfo=UTC)
    assert (order.total, order.paid) == (None, Money(Decimal("12.50"), "USD"))
    assert [(line.sku, line.quantity, line.unit_price) for line in order.lines] == [
        ("MUG-1", 2, Money(Decimal("6.25"), "USD"))
    ]
    assert result.next_token.startswith("2|")
