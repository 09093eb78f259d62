"""The Amazon adapter against the Amazon sandbox over real HTTP, through python-amazon-sp-api."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from channels.exceptions import NotFoundError, RejectedError, ThrottledError, TransientError
from channels.models import ChannelCall
from channels.registry import adapter_for
from channels.services import channel_account_verify
from channels.types import (
    Address,
    FeedMessage,
    FulfillmentItem,
    FulfillmentOrderRequest,
    Money,
    OfferUpdate,
    ShipmentConfirmation,
)
from tests.channels.integration.listings import US, luggage_payload

pytestmark = pytest.mark.django_db


@pytest.fixture
def amazon(amazon_sandbox, connect):
    channel_account = connect(amazon=amazon_sandbox)["amazon"]
    adapter = adapter_for(channel_account)
    adapter.channel_account = channel_account
    yield adapter
    adapter.close()


def operations(sandbox):
    # The sandbox names SP-API operations; the LWA token call is identified by its path.
    return [(call["operation"] or call["path"], call["status"]) for call in sandbox.calls()]


def test_verify_marks_the_account_connected(amazon_sandbox, connect):
    channel_account = connect(amazon=amazon_sandbox)["amazon"]

    channel_account = channel_account_verify(channel_account=channel_account)

    assert channel_account.status == "connected"
    assert channel_account.last_verified_at is not None
    rows = list(ChannelCall.objects.order_by("pk").values_list("operation", "http_status", "error_kind"))
    # The check reads the Sellers API: a working connection leaves no failed call in the log.
    assert rows == [("lwaToken", 200, ""), ("getMarketplaceParticipations", 200, "")]


def test_wrong_client_secret_marks_auth_failed(amazon_sandbox, connect):
    from channels.services import channel_account_update

    channel_account = connect(amazon=amazon_sandbox)["amazon"]
    channel_account_update(channel_account=channel_account, credentials={"lwa_client_secret": "amzn1.oa2-cs.v1.wrong"})

    channel_account = channel_account_verify(channel_account=channel_account)

    assert channel_account.status == "auth_failed"
    assert "LWA refused the credentials" in channel_account.last_error
    assert "wrong" not in channel_account.last_error


def test_listing_lifecycle(amazon, amazon_sandbox):
    result = amazon.listing_put(luggage_payload())
    assert result.status == "ACCEPTED" and result.submission_id

    state = amazon.listing_get(sku="BAG-1", marketplace_id=US)
    assert (state.exists, state.title, state.product_type) == (True, "Hard-shell carry-on", "LUGGAGE")
    assert (state.price, state.quantity) == (Money(Decimal("19.99"), "USD"), 5)
    assert state.external_reference.startswith("B0")

    [updated] = amazon.offers_update(
        [
            OfferUpdate(
                sku="BAG-1", marketplace_id=US, price=Money(Decimal("17.50"), "USD"), quantity=2, product_type="LUGGAGE"
            )
        ]
    )
    assert updated.ok is True
    state = amazon.listing_get(sku="BAG-1", marketplace_id=US)
    assert (state.price, state.quantity) == (Money(Decimal("17.50"), "USD"), 2)

    assert amazon.listing_delist(sku="BAG-1", marketplace_id=US).status == "ACCEPTED"
    assert amazon.listing_get(sku="BAG-1", marketplace_id=US).exists is False

    assert operations(amazon_sandbox) == [
        ("/auth/o2/token", 200),
        ("putListingsItem", 200),
        ("getListingsItem", 200),
        ("patchListingsItem", 200),
        ("getListingsItem", 200),
        ("deleteListingsItem", 200),
        ("getListingsItem", 404),
    ]


def test_listing_in_another_marketplace_is_separate(amazon):
    amazon.listing_put(luggage_payload())

    assert amazon.listing_get(sku="BAG-1", marketplace_id="A1PA6795UKMFR9").exists is False


def test_incomplete_listing_is_rejected_with_the_marketplace_issues(amazon):
    payload = luggage_payload(attributes={})

    with pytest.raises(RejectedError) as caught:
        amazon.listing_put(payload)

    missing = {issue.attribute for issue in caught.value.issues if issue.code == "90220"}
    assert {"color", "country_of_origin", "recommended_browse_nodes"} <= missing
    assert all(issue.severity == "ERROR" for issue in caught.value.issues)
    row = ChannelCall.objects.get(operation="putListingsItem")
    assert row.http_status == 200 and row.error_kind == ""


def test_product_type_requirements(amazon):
    requirements = amazon.product_type_requirements(product_type="LUGGAGE", marketplace_id=US, locale="en_US")

    assert requirements.product_type == "LUGGAGE"
    assert requirements.requirements == "LISTING"
    assert {"brand", "item_name", "color", "country_of_origin"} <= set(requirements.required_attributes)
    assert "offer" in requirements.property_groups
    assert requirements.schema["properties"]["purchasable_offer"]["type"] == "array"


def test_inventory_and_inbound_reads(amazon):
    assert amazon.inventory_summaries(marketplace_id=US).summaries == ()
    page = amazon.inbound_shipments(marketplace_id=US, updated_after=datetime.now(UTC) - timedelta(days=7))
    assert page.shipments == ()
    assert amazon.inbound_shipments(marketplace_id=US).shipments == ()


# Amazon's getShipments ShipmentStatusList parameter enum lists READY_TO_SHIP (the ShipmentStatus
# response enum omits it): a valid filter that matches no shipment.
def test_inbound_query_by_ready_to_ship_status(amazon):
    assert amazon.inbound_shipments(marketplace_id=US, statuses=["READY_TO_SHIP"]).shipments == ()


def test_unknown_fulfillment_order_is_not_found(amazon):
    with pytest.raises(NotFoundError):
        amazon.fulfillment_order_get(seller_fulfillment_order_id="HUB-NOPE")


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
def test_injected_faults_become_typed_errors(amazon, amazon_sandbox, fault, error):
    amazon.listing_put(luggage_payload())
    amazon_sandbox.faults({"next": [fault], "operations": ["getListingsItem"]})

    with pytest.raises(error):
        amazon.listing_get(sku="BAG-1", marketplace_id=US)

    row = ChannelCall.objects.filter(operation="getListingsItem").latest("pk")
    assert row.error_kind == error.kind.value


def test_slow_answer_times_out_as_transient(amazon_sandbox, connect):
    channel_account = connect(amazon=amazon_sandbox)["amazon"]
    adapter = adapter_for(channel_account, timeout=1.0)
    adapter.listing_put(luggage_payload())
    amazon_sandbox.faults({"next": ["slow"], "slow_seconds": 3, "operations": ["getListingsItem"]})

    with pytest.raises(TransientError, match="timed out"):
        adapter.listing_get(sku="BAG-1", marketplace_id=US)

    row = ChannelCall.objects.filter(operation="getListingsItem").latest("pk")
    assert (row.http_status, row.error_kind) == (None, "transient")
    assert 900 <= row.duration_ms < 3000


def test_throttle_answer_drains_our_bucket(amazon, amazon_sandbox):
    amazon.listing_put(luggage_payload())
    amazon_sandbox.faults({"next": ["throttle"], "operations": ["getListingsItem"]})

    with pytest.raises(ThrottledError) as first:
        amazon.listing_get(sku="BAG-1", marketplace_id=US)
    with pytest.raises(ThrottledError, match="paced by the hub"):
        amazon.listing_get(sku="BAG-1", marketplace_id=US)

    assert first.value.status == 429
    assert [status for op, status in operations(amazon_sandbox) if op == "getListingsItem"] == [429]


def advance(sandbox, seconds):
    sandbox.control("POST", "clock/advance", {"seconds": seconds})


def test_orders_changed_since_lines_and_shipment_confirmation(amazon, amazon_sandbox):
    amazon.listing_put(luggage_payload())
    generated = amazon_sandbox.control(
        "POST", "orders/generate", {"count": 4, "marketplaceId": US, "fulfillmentChannel": "MFN"}
    )["orderIds"]
    advance(amazon_sandbox, 20 * 60)  # listed once two minutes old; Pending -> Unshipped within 15 min

    page = amazon.orders_changed_since(since=datetime.now(UTC) - timedelta(hours=1))
    orders = {order.external_reference: order for order in page.orders}
    assert set(generated) <= set(orders)
    assert {orders[ref].status for ref in generated} <= {"UNSHIPPED", "CANCELLED"}
    # A buyer may cancel a generated order at once; Amazon then sends no OrderTotal, so pick a live one.
    order = next(orders[ref] for ref in generated if orders[ref].status == "UNSHIPPED")
    assert order.marketplace_id == US and order.fulfilled_by == "merchant"
    assert order.total.currency == "USD"

    lines = amazon.order_lines(order_reference=order.external_reference)
    assert lines == order.lines
    assert all(line.sku == "BAG-1" and line.unit_price == Money(Decimal("19.99"), "USD") for line in lines)

    unshipped = next(o for o in (orders[ref] for ref in generated) if o.status == "UNSHIPPED")
    result = amazon.shipment_confirm(
        ShipmentConfirmation(
            order_reference=unshipped.external_reference,
            marketplace_id=US,
            carrier="UPS",
            tracking_number="1Z999AA10123456784",
            shipped_at=datetime.now(UTC),
            lines=tuple((line.external_reference, line.quantity) for line in unshipped.lines),
        )
    )
    assert result.accepted is True
    assert amazon.order_get(order_reference=unshipped.external_reference).status == "SHIPPED"


def test_multi_channel_fulfilment_from_preview_to_tracking(amazon, amazon_sandbox):
    amazon.listing_put(luggage_payload())
    amazon_sandbox.control("POST", "inventory", {"marketplaceId": US, "items": [{"sku": "BAG-1", "quantity": 10}]})
    request = FulfillmentOrderRequest(
        seller_fulfillment_order_id="HUB-WISH-1",
        displayable_order_id="HUB-WISH-1",
        displayable_order_date=datetime.now(UTC),
        displayable_order_comment="Thank you for your order",
        shipping_speed="Standard",
        destination=Address(
            name="Ann Lee",
            line1="1 Main St",
            city="Seattle",
            state_or_region="WA",
            postal_code="98109",
            country_code="US",
        ),
        items=(
            FulfillmentItem(
                sku="BAG-1", item_reference="line-1", quantity=2, declared_value=Money(Decimal("19.99"), "USD")
            ),
        ),
        marketplace_id=US,
    )

    [preview] = amazon.fulfillment_preview(request)
    assert (preview.shipping_speed, preview.is_fulfillable, preview.unfulfillable_skus) == ("Standard", True, ())
    assert all(fee.currency == "USD" for _, fee in preview.fees)

    amazon.fulfillment_order_create(request)
    created = amazon.fulfillment_order_get(seller_fulfillment_order_id="HUB-WISH-1")
    assert (created.status, created.marketplace_id) == ("RECEIVED", US)
    assert [(i.sku, i.item_reference, i.quantity) for i in created.items] == [("BAG-1", "line-1", 2)]
    summary = amazon.inventory_summaries(marketplace_id=US, skus=["BAG-1"]).summaries[0]
    assert (summary.sku, summary.total_quantity) == ("BAG-1", 10)

    advance(amazon_sandbox, 30 * 60 * 60)  # PLANNING, PROCESSING, then COMPLETE within 20 h
    done = amazon.fulfillment_order_get(seller_fulfillment_order_id="HUB-WISH-1")
    assert done.status == "COMPLETE"
    [shipment] = done.shipments
    assert shipment.status == "SHIPPED"
    assert shipment.packages and shipment.packages[0].tracking_number and shipment.packages[0].carrier


def test_fulfillment_order_cancel(amazon, amazon_sandbox):
    amazon_sandbox.control("POST", "inventory", {"marketplaceId": US, "items": [{"sku": "BAG-1", "quantity": 3}]})
    request = FulfillmentOrderRequest(
        seller_fulfillment_order_id="HUB-CANCEL-1",
        displayable_order_id="HUB-CANCEL-1",
        displayable_order_date=datetime.now(UTC),
        displayable_order_comment="x",
        shipping_speed="Expedited",
        destination=Address(
            name="Bo", line1="2 Main St", postal_code="10001", country_code="US", city="New York", state_or_region="NY"
        ),
        items=(FulfillmentItem(sku="BAG-1", item_reference="1", quantity=1),),
        marketplace_id=US,
    )
    amazon.fulfillment_order_create(request)

    amazon.fulfillment_order_cancel(seller_fulfillment_order_id="HUB-CANCEL-1")

    assert amazon.fulfillment_order_get(seller_fulfillment_order_id="HUB-CANCEL-1").status == "CANCELLED"


def test_unknown_sku_fulfilment_is_rejected(amazon):
    request = FulfillmentOrderRequest(
        seller_fulfillment_order_id="HUB-X",
        displayable_order_id="HUB-X",
        displayable_order_date=datetime.now(UTC),
        displayable_order_comment="x",
        shipping_speed="Standard",
        destination=Address(name="Bo", line1="2 Main St", postal_code="10001", country_code="US"),
        items=(FulfillmentItem(sku="NOT-IN-FBA", item_reference="1", quantity=1),),
        marketplace_id=US,
    )

    with pytest.raises(RejectedError) as caught:
        amazon.fulfillment_order_create(request)

    assert caught.value.issues[0].message == "The SellerSKU for Item Id: 1 is invalid."


def test_inbound_shipment_and_its_items(amazon, amazon_sandbox):
    created = amazon_sandbox.control(
        "POST", "inbound", {"marketplaceId": US, "items": [{"sku": "BAG-1", "quantity": 24}], "name": "Spring restock"}
    )

    page = amazon.inbound_shipments(marketplace_id=US, statuses=["WORKING"])
    [shipment] = [s for s in page.shipments if s.shipment_id == created["shipmentId"]]
    assert (shipment.name, shipment.status) == ("Spring restock", "WORKING")
    [item] = amazon.inbound_shipment_items(marketplace_id=US, shipment_id=created["shipmentId"])
    assert (item.sku, item.quantity_shipped, item.quantity_received) == ("BAG-1", 24, 0)

    advance(amazon_sandbox, 12 * 60 * 60 + 60)
    moved = amazon.inbound_shipments(marketplace_id=US, statuses=["SHIPPED"])
    assert [s.shipment_id for s in moved.shipments] == [created["shipmentId"]]


def test_json_listings_feed_is_submitted_processed_and_reported(amazon, amazon_sandbox):
    amazon.listing_put(luggage_payload("BAG-2"))
    messages = [
        FeedMessage(1, "BAG-1", "UPDATE", payload=luggage_payload("BAG-1")),
        FeedMessage(2, "BAG-2", "PATCH", offer=OfferUpdate("BAG-2", US, quantity=3, product_type="LUGGAGE")),
        FeedMessage(3, "BAG-3", "UPDATE", payload=luggage_payload("BAG-3", attributes={})),
    ]

    submission = amazon.feed_submit(marketplace_id=US, messages=messages)
    assert amazon.feed_get(feed_id=submission.feed_id).processing_status == "IN_QUEUE"
    advance(amazon_sandbox, 120)
    status = amazon.feed_get(feed_id=submission.feed_id)

    assert (status.processing_status, status.is_done) == ("DONE", True)
    assert (status.messages_processed, status.messages_accepted, status.messages_invalid) == (3, 2, 1)
    assert {(i.message_id, i.sku) for i in status.issues if i.issue.severity == "ERROR"} == {(3, "BAG-3")}
    assert amazon.listing_get(sku="BAG-1", marketplace_id=US).exists is True
    assert amazon.listing_get(sku="BAG-2", marketplace_id=US).quantity == 3
    recorded = list(
        ChannelCall.objects.filter(operation__in=["uploadFeedDocument", "downloadDocument"])
        .order_by("pk")
        .values_list("operation", "http_status")
    )
    assert recorded == [("uploadFeedDocument", 200), ("downloadDocument", 200)]


def test_revoked_access_token_is_replaced_once(amazon, amazon_sandbox):
    amazon.listing_put(luggage_payload())
    amazon_sandbox.control("POST", "tokens/revoke")

    assert amazon.listing_get(sku="BAG-1", marketplace_id=US).exists is True

    assert operations(amazon_sandbox)[-4:] == [
        ("putListingsItem", 200),
        ("getListingsItem", 403),
        ("/auth/o2/token", 200),
        ("getListingsItem", 200),
    ]
