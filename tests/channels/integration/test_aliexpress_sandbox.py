"""The AliExpress adapter against the AliExpress sandbox over real HTTP."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import httpx
import pytest

from channels.exceptions import NotFoundError, RejectedError, ThrottledError, TransientError
from channels.models import ChannelCall
from channels.registry import adapter_for
from channels.services import channel_account_update, channel_account_verify
from channels.types import FeedMessage, ListingPayload, Money, OfferUpdate, ShipmentConfirmation

pytestmark = pytest.mark.django_db

LOGISTICS = {
    "freight_template_id": 1001,
    "service_policy_id": 2002,
    "shipping_lead_time": 3,
    "weight": "0.5",
    "package_length": 10,
    "package_width": 10,
    "package_height": 5,
}
LEAF_CATEGORY = "5090301"


@pytest.fixture
def channel_account(aliexpress_sandbox, connect):
    channel_account = connect(aliexpress=aliexpress_sandbox)["aliexpress"]
    return channel_account_update(channel_account=channel_account, options={"currency": "USD", **LOGISTICS})


@pytest.fixture
def aliexpress(channel_account):
    adapter = adapter_for(channel_account)
    yield adapter
    adapter.close()


def mug(**overrides):
    fields = {
        "sku": "MUG-1",
        "marketplace_id": "aliexpress",
        "title": "Travel mug",
        "description": "Keeps coffee warm.",
        "price": Money(Decimal("19.99"), "USD"),
        "quantity": 5,
        "locale": "en_US",
        "images": ("https://img.example/mug.jpg",),
        "category_id": LEAF_CATEGORY,
    }
    fields.update(overrides)
    return ListingPayload(**fields)


def test_verify(channel_account):
    channel_account = channel_account_verify(channel_account=channel_account)

    assert channel_account.status == "connected"
    assert list(ChannelCall.objects.values_list("operation", "http_status")) == [
        ("aliexpress.solution.merchant.profile.get", 200)
    ]


def test_product_lifecycle(aliexpress):
    created = aliexpress.listing_put(mug())
    product_id = created.external_reference
    assert product_id.isdigit()

    aliexpress.listing_put(mug(title="Better travel mug", external_reference=product_id))
    state = aliexpress.listing_get(sku="MUG-1", marketplace_id="aliexpress", external_reference=product_id)
    assert (state.exists, state.title, state.price, state.quantity) == (
        True,
        "Better travel mug",
        Money(Decimal("19.99"), "USD"),
        5,
    )

    results = aliexpress.offers_update(
        [
            OfferUpdate(
                sku="MUG-1",
                marketplace_id="aliexpress",
                price=Money(Decimal("17.50"), "USD"),
                quantity=2,
                external_reference=product_id,
            )
        ]
    )
    assert [r.ok for r in results] == [True]
    state = aliexpress.listing_get(sku="MUG-1", marketplace_id="aliexpress", external_reference=product_id)
    assert (state.price, state.quantity) == (Money(Decimal("17.50"), "USD"), 2)

    delisted = aliexpress.listing_delist(sku="MUG-1", marketplace_id="aliexpress", external_reference=product_id)
    assert delisted.status == "OFFLINE"
    state = aliexpress.listing_get(sku="MUG-1", marketplace_id="aliexpress", external_reference=product_id)
    assert (state.exists, state.statuses) == (True, ("offline",))


def test_non_leaf_category_is_rejected_with_the_marketplace_message(aliexpress):
    with pytest.raises(RejectedError) as caught:
        aliexpress.listing_put(mug(category_id="200001"))

    assert caught.value.issues[0].code == "isv.invalid-parameter"
    assert "leaf category" in caught.value.issues[0].message


def test_tampered_parameter_is_refused_by_the_signature_check(aliexpress, aliexpress_sandbox):
    client = aliexpress.client
    signed = client.signed_params("aliexpress.solution.product.info.get", {"product_id": 1}, with_session=True)

    honest = httpx.post(f"{aliexpress_sandbox.url}/sync", data=signed).json()
    tampered = httpx.post(f"{aliexpress_sandbox.url}/sync", data={**signed, "product_id": "2"}).json()

    assert honest["error_response"]["sub_code"] == "isv.product-not-found"
    assert tampered["error_response"]["code"] == "IncompleteSignature"


def test_stale_timestamp_is_refused(aliexpress, aliexpress_sandbox):
    real_clock = aliexpress.client.clock
    aliexpress.client.clock = lambda: real_clock() - 3600

    with pytest.raises(RejectedError) as caught:
        aliexpress.listing_get(sku="MUG-1", marketplace_id="aliexpress", external_reference="1")

    assert caught.value.code == "InvalidTimestamp"


def test_wrong_app_secret_is_auth_failed(channel_account):
    channel_account = channel_account_update(
        channel_account=channel_account, credentials={"app_secret": "not-the-secret"}
    )

    channel_account = channel_account_verify(channel_account=channel_account)

    assert channel_account.status == "auth_failed"
    assert "IncompleteSignature" in channel_account.last_error


def test_unknown_product_is_missing(aliexpress):
    assert aliexpress.listing_get(sku="X", marketplace_id="aliexpress", external_reference="42").exists is False
    with pytest.raises(NotFoundError):
        aliexpress.order_get(order_reference="42")


def test_orders_window_is_queried(aliexpress, aliexpress_sandbox):
    page = aliexpress.orders_changed_since(since=datetime.now(UTC) - timedelta(days=2))

    assert page.orders == () and page.next_token is None
    assert [call["operation"] for call in aliexpress_sandbox.calls()] == ["aliexpress.solution.order.get"]


@pytest.mark.parametrize(
    ("fault", "error"),
    [
        ("throttle", ThrottledError),
        ("server_error", TransientError),
        ("unavailable", TransientError),
        ("drop", TransientError),
        ("malformed", TransientError),
    ],
)
def test_injected_faults_become_typed_errors(aliexpress, aliexpress_sandbox, fault, error):
    aliexpress_sandbox.faults({"next": [fault], "operations": ["aliexpress.solution.product.info.get"]})

    with pytest.raises(error):
        aliexpress.listing_get(sku="MUG-1", marketplace_id="aliexpress", external_reference="1")

    assert ChannelCall.objects.latest("pk").error_kind == error.kind.value


def test_generated_orders_are_fetched_and_shipped(aliexpress, aliexpress_sandbox):
    listed = aliexpress.listing_put(mug())
    generated = aliexpress_sandbox.control("POST", "orders/generate", {"count": 2})["orders"]

    page = aliexpress.orders_changed_since(since=datetime.now(UTC) - timedelta(minutes=5))
    assert sorted(order.external_reference for order in page.orders) == sorted(str(o) for o in generated)
    assert {order.status for order in page.orders} == {"WAIT_SELLER_SEND_GOODS"}
    assert all(order.paid is not None and order.lines for order in page.orders)

    order = aliexpress.order_get(order_reference=str(generated[0]))
    assert order.total.currency == "USD"
    assert order.ship_to is not None and order.ship_to.country_code
    assert all(line.quantity >= 1 and line.unit_price.currency == "USD" for line in order.lines)
    assert {line.product_reference for line in order.lines} <= {listed.external_reference} | {
        line.product_reference for line in order.lines if line.sku.startswith("SBX-")
    }

    services = aliexpress.client.execute("aliexpress.logistics.redefining.listlogisticsservice", {})
    assert "CAINIAO_STANDARD" in {s["service_name"] for s in services["result_list"]["aeop_logistics_service_result"]}
    result = aliexpress.shipment_confirm(
        ShipmentConfirmation(
            order_reference=str(generated[0]),
            marketplace_id="aliexpress",
            carrier="CAINIAO_STANDARD",
            tracking_number="LP00123456789012",
            shipped_at=datetime.now(UTC),
        )
    )
    assert result.accepted is True
    assert aliexpress.order_get(order_reference=str(generated[0])).status == "WAIT_BUYER_ACCEPT_GOODS"


def test_tracking_number_that_does_not_fit_the_carrier_is_rejected(aliexpress, aliexpress_sandbox):
    [order_id] = aliexpress_sandbox.control("POST", "orders/generate", {"count": 1})["orders"]

    with pytest.raises(RejectedError) as caught:
        aliexpress.shipment_confirm(
            ShipmentConfirmation(str(order_id), "aliexpress", "CAINIAO_STANDARD", "123", datetime.now(UTC))
        )

    assert caught.value.issues[0].code == "isv.tracking-number-invalid"


def test_bulk_feed_runs_and_reports_per_item(aliexpress, aliexpress_sandbox):
    product_id = aliexpress.listing_put(mug()).external_reference
    messages = [
        FeedMessage(
            1, "MUG-1", "PATCH", offer=OfferUpdate("MUG-1", "aliexpress", quantity=9, external_reference=product_id)
        ),
        FeedMessage(
            2, "GONE-1", "PATCH", offer=OfferUpdate("GONE-1", "aliexpress", quantity=1, external_reference="123")
        ),
    ]
    aliexpress_sandbox.control("POST", "speedup", {"speedup": 100})  # feeds run after 30 simulated seconds
    try:
        submission = aliexpress.feed_submit(marketplace_id="aliexpress", messages=messages)
        status = wait_until(lambda: (s := aliexpress.feed_get(feed_id=submission.feed_id)).is_done and s)
    finally:
        aliexpress_sandbox.control("POST", "speedup", {"speedup": 1})

    assert (status.messages_processed, status.messages_accepted, status.messages_invalid) == (2, 1, 1)
    assert [(i.message_id, i.issue.code) for i in status.issues] == [(2, "isv.product-not-found")]
    assert aliexpress.listing_get(sku="MUG-1", marketplace_id="aliexpress", external_reference=product_id).quantity == 9


def test_expired_access_token_is_refreshed_and_stored(channel_account, aliexpress_sandbox):
    from channels.crypto import credentials_decrypt

    channel_account = channel_account_update(
        channel_account=channel_account, credentials={"access_token": "50000expired-or-unknown-token"}
    )
    adapter = adapter_for(channel_account)

    assert adapter.account_verify().ok is True

    stored = credentials_decrypt(type(channel_account).objects.get(pk=channel_account.pk).credentials_encrypted)
    assert stored["access_token"] not in ("50000expired-or-unknown-token", "")
    assert stored["access_token"] == adapter.client.credentials["access_token"]
    assert list(ChannelCall.objects.order_by("pk").values_list("operation", "error_kind")) == [
        ("aliexpress.solution.merchant.profile.get", "auth_failed"),
        ("/auth/token/refresh", ""),
        ("aliexpress.solution.merchant.profile.get", ""),
    ]


def wait_until(predicate, timeout=10.0):
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError("timed out")
