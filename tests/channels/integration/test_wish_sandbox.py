"""The Wish adapter against the Wish sandbox over real HTTP."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from channels.crypto import credentials_decrypt
from channels.exceptions import RejectedError, ThrottledError, TransientError
from channels.models import ChannelAccount, ChannelCall
from channels.registry import adapter_for
from channels.services import channel_account_verify
from channels.types import ListingPayload, Money, OfferUpdate, ShipmentConfirmation

pytestmark = pytest.mark.django_db

STANDARD_WAREHOUSE = "5f1a00000000000000000001"


@pytest.fixture
def channel_account(wish_sandbox, connect):
    channel_account = connect(wish=wish_sandbox)["wish"]
    return channel_account_verify(channel_account=channel_account)


@pytest.fixture
def wish(channel_account):
    adapter = adapter_for(ChannelAccount.objects.get(pk=channel_account.pk))
    yield adapter
    adapter.close()


def test_verify_connects_and_picks_the_standard_warehouse(channel_account):
    assert channel_account.status == "connected"
    assert channel_account.options["warehouse_id"] == STANDARD_WAREHOUSE
    assert list(ChannelCall.objects.order_by("pk").values_list("operation", "http_status")) == [
        ("oauthTest", 200),
        ("getWarehouses", 200),
    ]


def test_orders_are_fetched_and_shipped_asynchronously(wish, wish_sandbox):
    generated = wish_sandbox.control("POST", "orders/generate", {"count": 2})["orders"]

    page = wish.orders_changed_since(since=datetime.now(UTC) - timedelta(minutes=5))
    assert sorted(order.external_reference for order in page.orders) == sorted(generated)
    order = wish.order_get(order_reference=generated[0])
    assert order.status == "APPROVED"
    assert order.total.currency == "USD" and order.total.amount > Decimal("0")
    assert order.ship_to is not None and order.ship_to.country_code
    [line] = order.lines
    assert line.quantity >= 1 and line.unit_price.currency == "USD"

    result = wish.shipment_confirm(
        ShipmentConfirmation(
            generated[0], "wish", "USPS", "9400111899223817163527", datetime.now(UTC), origin_country="CN"
        )
    )
    assert (result.accepted, result.processing_status) == (True, "IN_PROGRESS")
    wish_sandbox.control("POST", "orders/advance", {"seconds": 60})
    shipped = wish.order_get(order_reference=generated[0])
    assert shipped.status == "SHIPPED"
    assert shipped.lines[0].quantity_shipped == shipped.lines[0].quantity


def test_orders_page_through_a_window(wish, wish_sandbox, monkeypatch):
    monkeypatch.setattr("channels.wish.consts.ORDER_PAGE_SIZE", 2)
    generated = wish_sandbox.control("POST", "orders/generate", {"count": 5})["orders"]

    seen, token, pages = [], None, 0
    while True:
        page = wish.orders_changed_since(since=datetime.now(UTC) - timedelta(minutes=5), next_token=token)
        seen += [order.external_reference for order in page.orders]
        pages += 1
        token = page.next_token
        if token is None or pages > 10:
            break

    assert sorted(seen) == sorted(set(seen))  # no order twice
    assert set(generated) <= set(seen)


def test_unknown_carrier_is_rejected(wish, wish_sandbox):
    [order_id] = wish_sandbox.control("POST", "orders/generate", {"count": 1})["orders"][:1]

    with pytest.raises(RejectedError) as caught:
        wish.shipment_confirm(
            ShipmentConfirmation(order_id, "wish", "Pigeon", "AB123", datetime.now(UTC), origin_country="CN")
        )

    assert caught.value.issues[0].code == "90001"


def test_unknown_category_is_rejected(wish):
    payload = ListingPayload(
        sku="MUG-1",
        marketplace_id="wish",
        title="Mug",
        description="A mug",
        price=Money(Decimal("9.99"), "USD"),
        quantity=5,
        images=("https://img.example/1.jpg",),
        category_id="1",
        attributes={"origin_country": "CN", "default_shipping_price": "2.50"},
    )

    with pytest.raises(RejectedError) as caught:
        wish.listing_put(payload)

    assert caught.value.issues[0].message == "There is no such category: 1"


def test_revoked_token_is_refreshed_once_and_other_workers_reuse_it(channel_account, wish_sandbox):
    first = adapter_for(ChannelAccount.objects.get(pk=channel_account.pk))
    second = adapter_for(ChannelAccount.objects.get(pk=channel_account.pk))  # built before the refresh
    wish_sandbox.control("POST", "oauth/expire", {"access_token": first.client.credentials["access_token"]})

    first.account_verify()
    second.account_verify()  # its token was revoked by the first refresh: it reuses the stored one

    refreshes = ChannelCall.objects.filter(operation="oauthRefreshToken").count()
    stored = credentials_decrypt(ChannelAccount.objects.get(pk=channel_account.pk).credentials_encrypted)
    assert refreshes == 1
    assert (
        first.client.credentials["access_token"] == second.client.credentials["access_token"] == stored["access_token"]
    )


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
def test_injected_faults_become_typed_errors(wish, wish_sandbox, fault, error):
    wish_sandbox.faults({"next": [fault], "operations": ["GetMultipleOrders"]})

    with pytest.raises(error) as caught:
        wish.orders_changed_since(since=datetime.now(UTC) - timedelta(minutes=5))

    if fault == "throttle":
        assert caught.value.status == 429 and caught.value.retry_after > 0
    assert ChannelCall.objects.latest("pk").error_kind == error.kind.value


def test_refused_refresh_is_logged_and_marks_the_account(channel_account, wish_sandbox):
    from channels.services import channel_account_update

    stored = credentials_decrypt(ChannelAccount.objects.get(pk=channel_account.pk).credentials_encrypted)
    wish_sandbox.control("POST", "oauth/expire", {"access_token": stored["access_token"]})
    channel_account = channel_account_update(
        channel_account=ChannelAccount.objects.get(pk=channel_account.pk),
        credentials={"refresh_token": "not-a-wish-refresh-token"},
    )
    ChannelCall.objects.all().delete()

    channel_account = channel_account_verify(channel_account=channel_account)

    assert channel_account.status == "auth_failed"
    assert list(ChannelCall.objects.order_by("pk").values_list("operation", "error_kind")) == [
        ("oauthTest", "auth_failed"),
        ("oauthRefreshToken", "auth_failed"),
    ]


def test_product_lifecycle_create_update_offer_and_delist(wish):
    payload = ListingPayload(
        sku="NECK-1-GOLD",
        marketplace_id="wish",
        title="Layered coin necklace",
        description="Gold plated layered coin necklace, 45 cm.",
        price=Money(Decimal("24.99"), "USD"),
        quantity=12,
        images=("https://img.example/neck-1.jpg",),
        category_id="6002",
        attributes={"origin_country": "CN", "default_shipping_price": "2.50", "parent_sku": "NECK-1"},
    )

    created = wish.listing_put(payload)
    assert created.external_reference
    live = wish.listing_get(sku="NECK-1-GOLD", marketplace_id="wish", external_reference=created.external_reference)
    assert live.exists is True
    assert (live.price, live.quantity) == (Money(Decimal("24.99"), "USD"), 12)

    [result] = wish.offers_update(
        [
            OfferUpdate(
                sku="NECK-1-GOLD",
                marketplace_id="wish",
                price=Money(Decimal("21.50"), "USD"),
                quantity=7,
                external_reference=created.external_reference,
            )
        ]
    )
    assert result.issues == ()
    live = wish.listing_get(sku="NECK-1-GOLD", marketplace_id="wish", external_reference=created.external_reference)
    assert (live.price, live.quantity) == (Money(Decimal("21.50"), "USD"), 7)

    wish.listing_delist(sku="NECK-1-GOLD", marketplace_id="wish", external_reference=created.external_reference)
    delisted = wish.listing_get(sku="NECK-1-GOLD", marketplace_id="wish", external_reference=created.external_reference)
    assert delisted.exists is True
    # New products wait for Wish's review (WISH_INACTIVE); delisting disables them as the merchant.
    assert live.statuses[0] == "WISH_INACTIVE"
    assert delisted.statuses[0] == "MERCHANT_INACTIVE"
