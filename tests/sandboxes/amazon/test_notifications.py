"""Notifications API v1 at the sandbox, driven by python-amazon-sp-api (grantless destinations,
seller subscriptions), and the notifications it sends to a real local SQS (moto's server): an
order created or changing status gives ORDER_CHANGE, an MCF order changing status gives
FULFILLMENT_ORDER_STATUS, in the shape of Amazon's notification schemas."""

from __future__ import annotations

import json
import time
from pathlib import Path

import jsonschema
import pytest
from sp_api.api import FulfillmentOutbound, Notifications
from sp_api.base import SellingApiException

from tests.sandboxes.amazon.conftest import SELLER, US

SCHEMAS = Path(__file__).resolve().parents[2] / "data" / "amazon" / "models" / "schemas"
pytestmark = pytest.mark.integration


def receive(sqs, url: str, want: int, timeout: float = 15) -> list[dict]:
    messages, deadline = [], time.monotonic() + timeout
    while len(messages) < want and time.monotonic() < deadline:
        answer = sqs.client().receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=1)
        for message in answer.get("Messages", []):
            messages.append(json.loads(message["Body"]))
            sqs.client().delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
    return messages


@pytest.fixture
def queue(local_sqs, sandbox, request):
    url, arn = local_sqs.queue(f"sbx-{request.node.name[:60]}")
    sandbox.control("notifications", {"sqs_endpoint": local_sqs.url})
    return url, arn


def subscribe(sandbox, arn: str, *types: str) -> str:
    client = sandbox.client(Notifications)
    destination = client.create_destination(name="hub", arn=arn).payload
    for notification_type in types:
        client.create_subscription(notification_type, destination_id=destination["destinationId"])
    return destination["destinationId"]


def test_destinations_are_grantless_and_subscriptions_per_type(sandbox, queue):
    _url, arn = queue
    client = sandbox.client(Notifications)
    destination = client.create_destination(name="hub", arn=arn).payload
    assert destination["resource"] == {"sqs": {"arn": arn}}
    assert [d["destinationId"] for d in client.get_destinations().payload] == [destination["destinationId"]]
    with pytest.raises(SellingApiException) as conflict:
        client.create_destination(name="again", arn=arn)
    assert conflict.value.code == 409
    with pytest.raises(SellingApiException) as bad:
        client.create_destination(name="bad", arn="not-an-arn")
    assert bad.value.code == 400

    created = client.create_subscription("ORDER_CHANGE", destination_id=destination["destinationId"]).payload
    assert client.get_subscription("ORDER_CHANGE").payload == created
    with pytest.raises(SellingApiException) as twice:
        client.create_subscription("ORDER_CHANGE", destination_id=destination["destinationId"])
    assert twice.value.code == 409
    with pytest.raises(SellingApiException) as none:
        client.get_subscription("FULFILLMENT_ORDER_STATUS")
    assert none.value.code == 404
    with pytest.raises(SellingApiException) as in_use:
        client.delete_destination(destination["destinationId"])
    assert in_use.value.code == 409

    client.delete_notification_subscription("ORDER_CHANGE", created["subscriptionId"])
    client.delete_destination(destination["destinationId"])
    assert not client.get_destinations().payload  # the library turns an empty list into {}


def test_order_created_and_changed_is_published_to_sqs_in_amazons_shape(sandbox, queue, local_sqs):
    url, arn = queue
    subscribe(sandbox, arn, "ORDER_CHANGE")
    [order_id] = sandbox.control("orders/generate", {"count": 1, "marketplaceId": US, "fulfillmentChannel": "MFN"})[
        "orderIds"
    ]
    [created] = receive(local_sqs, url, 1)
    schema = json.loads((SCHEMAS / "OrderChangeNotification.json").read_text())
    jsonschema.validate(created, schema)
    change = created["Payload"]["OrderChangeNotification"]
    assert created["NotificationType"] == "ORDER_CHANGE" and created["NotificationMetadata"]["NotificationId"]
    assert (change["AmazonOrderId"], change["SellerId"]) == (order_id, SELLER)
    assert change["Summary"]["OrderStatus"] == "Pending" and change["Summary"]["FulfillmentType"] == "MFN"

    sandbox.advance(20 * 60)  # payment authorized (or cancelled)
    [changed] = receive(local_sqs, url, 1)
    assert changed["Payload"]["OrderChangeNotification"]["Summary"]["OrderStatus"] in ("Unshipped", "Canceled")
    assert changed["EventTime"] > created["EventTime"]
    assert changed["NotificationMetadata"]["NotificationId"] != created["NotificationMetadata"]["NotificationId"]

    # at-least-once: a replay sends the same notifications again, same ids, here newest first
    assert sandbox.control("notifications/replay", {"count": 2, "reverse": True})["replayed"] == 2
    again = receive(local_sqs, url, 2)
    assert [m["NotificationMetadata"]["NotificationId"] for m in again] == [
        m["NotificationMetadata"]["NotificationId"] for m in (changed, created)
    ]


def test_mcf_status_changes_are_published(sandbox, queue, local_sqs):
    url, arn = queue
    subscribe(sandbox, arn, "FULFILLMENT_ORDER_STATUS")
    sandbox.control("inventory", {"marketplaceId": US, "items": [{"sku": "MUG-1", "quantity": 5}]})
    outbound = sandbox.client(FulfillmentOutbound)
    outbound.create_fulfillment_order(
        sellerFulfillmentOrderId="HUB-1-1",
        displayableOrderId="W-1",
        displayableOrderDate="2026-01-01T00:00:00Z",
        displayableOrderComment="Thanks",
        shippingSpeedCategory="Standard",
        destinationAddress={
            "name": "Ann Lee",
            "addressLine1": "1 Main St",
            "city": "Seattle",
            "stateOrRegion": "WA",
            "postalCode": "98101",
            "countryCode": "US",
        },
        items=[{"sellerSku": "MUG-1", "sellerFulfillmentOrderItemId": "1", "quantity": 1}],
        marketplaceId=US,
    )
    sandbox.advance(3 * 86400)
    messages = receive(local_sqs, url, 4)
    schema = json.loads((SCHEMAS / "FulfillmentOrderStatusNotification.json").read_text())
    # The published schema requires a shipment and a return item in every notification; Amazon
    # sends them when there is one (an order just received has neither).
    body = schema["properties"]["Payload"]["properties"]["FulfillmentOrderStatusNotification"]
    body["required"] = [
        name for name in body["required"] if name not in ("FulfillmentShipment", "FulfillmentReturnItem")
    ]
    for message in messages:
        jsonschema.validate(message, schema)
    statuses = [m["Payload"]["FulfillmentOrderStatusNotification"]["FulfillmentOrderStatus"] for m in messages]
    assert statuses == ["RECEIVED", "PLANNING", "PROCESSING", "COMPLETE"]
    shipped = messages[-1]["Payload"]["FulfillmentOrderStatusNotification"]
    assert shipped["SellerFulfillmentOrderId"] == "HUB-1-1"
    assert shipped["FulfillmentShipment"]["FulfillmentShipmentPackages"][0]["TrackingNumber"]


def test_no_subscription_no_notification(sandbox, queue, local_sqs):
    url, _arn = queue
    sandbox.control("orders/generate", {"count": 2, "marketplaceId": US})
    assert receive(local_sqs, url, 1, timeout=2) == []
    assert sandbox.control("notifications/replay", {"count": 5})["replayed"] == 0
