"""Push: the Amazon sandbox (a separate process) sends ORDER_CHANGE and FULFILLMENT_ORDER_STATUS
to a real local SQS (moto's server, another process); the hub's consumer reads them with boto3,
reads the one order over HTTP and takes it in through order_ingest — reserved without a pull.
Replays of the same notifications, twice and newest first, and old changes under new ids,
change nothing and cost no marketplace call. An MFN order routed to FBA carries its shipping
address (restricted data token) through the MCF preview and create, and is followed to shipped
by notifications alone."""

import io
import json
import time
import uuid

import pytest
from django.core.management import call_command
from django.db.models import Sum

from channels.registry import adapter_for
from channels.services import channel_account_verify
from fulfilment import tasks
from fulfilment.models import (
    NotificationReceipt,
    NotificationSubscription,
    Order,
    OrderVersion,
    ReservationState,
    RoutingRule,
    TrackingPush,
)
from fulfilment.services.mcf import mcf_request
from fulfilment.services.notifications import notifications_consume
from hub.inventory.models import StockLevel, StockMovement
from infra.run.sqs_process import LOCAL_CREDENTIALS
from tests.channels.integration.listings import US, luggage_payload
from tests.factories.inventory import FbaWarehouseFactory, WarehouseFactory
from tests.fulfilment.support import stocked_variant
from tests.support.sqs import local_sqs  # noqa: F401

pytestmark = pytest.mark.django_db


def ok_calls(sandbox, operation):
    return [c for c in sandbox.calls() if c["operation"] == operation and c["status"] < 300]


@pytest.fixture
def push(settings, monkeypatch, local_sqs, amazon_sandbox, request):  # noqa: F811
    """Push on: a fresh queue on the local SQS, the hub's settings and the sandbox pointed at it."""
    for key, value in LOCAL_CREDENTIALS.items():
        monkeypatch.setenv(key, value)
    url, arn = local_sqs.queue(f"hub-{uuid.uuid4().hex[:12]}", visibility_timeout=30)
    settings.FULFILMENT_NOTIFICATIONS_QUEUE_URL = url
    settings.FULFILMENT_NOTIFICATIONS_QUEUE_ARN = ""
    settings.AWS_SQS_ENDPOINT_URL = local_sqs.url
    settings.AWS_SQS_REGION_NAME = "us-east-1"
    amazon_sandbox.control("POST", "notifications", {"sqs_endpoint": local_sqs.url})
    return url, arn


def consume_until(predicate, timeout: float = 30.0) -> dict:
    """Run the consumer (short long-polls) until `predicate()` holds; returns the summed outcomes."""
    outcomes: dict[str, int] = {}
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        summary = notifications_consume(max_receives=1, wait_seconds=1)
        for key, value in summary.outcomes.items():
            outcomes[key] = outcomes.get(key, 0) + value
        if predicate(outcomes):
            return outcomes
    raise AssertionError(f"not reached in {timeout}s; outcomes so far {outcomes}")


def drain(timeout: float = 4.0) -> dict:
    """Consume until the queue stays empty for a couple of receives."""
    outcomes: dict[str, int] = {}
    empty, deadline = 0, time.monotonic() + timeout
    while empty < 2 and time.monotonic() < deadline:
        summary = notifications_consume(max_receives=1, wait_seconds=1)
        empty = empty + 1 if not summary.received else 0
        for key, value in summary.outcomes.items():
            outcomes[key] = outcomes.get(key, 0) + value
    return outcomes


@pytest.fixture
def amazon_push(connect, amazon_sandbox, push, monkeypatch, django_capture_on_commit_callbacks):
    """Connect the sandbox account the way the hub does: verification succeeds, the connected
    signal queues the setup task after commit (run here in-process), which subscribes."""
    channel_account = connect(amazon=amazon_sandbox)["amazon"]
    channel_account.marketplaces = [US]
    channel_account.save()
    monkeypatch.setattr(tasks.notifications_setup_task, "delay", lambda pk: tasks.notifications_setup_task(pk))
    with django_capture_on_commit_callbacks(execute=True):
        channel_account = channel_account_verify(channel_account=channel_account)
    assert channel_account.status == "connected"
    return channel_account


def stock_snapshot(variant):
    level = StockLevel.objects.get(variant=variant)
    return level.on_hand, level.reserved, StockMovement.objects.filter(variant=variant).count()


def test_connecting_subscribes_and_a_new_order_is_reserved_from_its_notification_alone(
    account, amazon_sandbox, amazon_push, push
):
    channel_account = amazon_push
    record = NotificationSubscription.objects.get(channel_account=channel_account)
    assert set(record.subscriptions) == {"ORDER_CHANGE", "FULFILLMENT_ORDER_STATUS"} and not record.last_error
    assert record.destination_arn == push[1]
    assert len(ok_calls(amazon_sandbox, "createDestination")) == 1
    assert len(ok_calls(amazon_sandbox, "createSubscription")) == 2
    # setting up again finds what exists: no second destination or subscription
    from fulfilment.services.notifications import notifications_subscribe

    assert notifications_subscribe(channel_account=channel_account).subscriptions == record.subscriptions
    assert len(ok_calls(amazon_sandbox, "createDestination")) == 1
    assert len(ok_calls(amazon_sandbox, "createSubscription")) == 2

    adapter_for(channel_account).listing_put(luggage_payload("BAG-1"))
    warehouse = WarehouseFactory(account=account, code="szx", country="CN")
    variant = stocked_variant(account, warehouse, sku="BAG-1", units=100)
    generated = amazon_sandbox.control(
        "POST", "orders/generate", {"count": 3, "marketplaceId": US, "fulfillmentChannel": "MFN"}
    )["orderIds"]

    consume_until(lambda _o: Order.objects.filter(external_id__in=generated).count() == 3)
    orders = Order.objects.filter(channel_account=channel_account)
    assert set(orders.values_list("external_id", flat=True)) == set(generated)
    assert {o.reservation_state for o in orders} == {ReservationState.RESERVED}
    reserved = orders.aggregate(units=Sum("lines__quantity"))["units"]
    assert StockLevel.objects.get(variant=variant).reserved == reserved
    assert ok_calls(amazon_sandbox, "searchOrders") == []  # no pull: the notifications did it
    assert len(ok_calls(amazon_sandbox, "getOrder_2026")) == 3
    # the restricted data token gave the hub the street address
    assert all(o.ship_to.get("line1") and o.ship_to.get("name") for o in orders)

    # payment authorised (or cancelled) at Amazon: the change arrives the same way, here through
    # the consumer's command (`manage.py notifications consume --once` stops when the queue is empty)
    amazon_sandbox.control("POST", "clock/advance", {"seconds": 20 * 60})
    deadline = time.monotonic() + 10
    while amazon_sandbox.control("GET", "notifications")["sent"] < 6 and time.monotonic() < deadline:
        time.sleep(0.1)
    out = io.StringIO()
    call_command("notifications", "consume", "--once", stdout=out)
    assert json.loads(out.getvalue())["outcomes"] == {"ingested": 3}
    assert set(Order.objects.filter(external_id__in=generated).values_list("status", flat=True)) <= {
        "unshipped",
        "cancelled",
    }
    assert NotificationReceipt.objects.count() == 6


def test_replayed_and_out_of_order_notifications_change_nothing(account, amazon_sandbox, amazon_push, push, local_sqs):  # noqa: F811
    channel_account = amazon_push
    adapter_for(channel_account).listing_put(luggage_payload("BAG-1"))
    warehouse = WarehouseFactory(account=account, code="szx", country="CN")
    variant = stocked_variant(account, warehouse, sku="BAG-1", units=100)
    generated = amazon_sandbox.control(
        "POST", "orders/generate", {"count": 4, "marketplaceId": US, "fulfillmentChannel": "MFN"}
    )["orderIds"]
    consume_until(lambda _o: Order.objects.filter(external_id__in=generated).count() == 4)
    amazon_sandbox.control("POST", "clock/advance", {"seconds": 20 * 60})
    consume_until(lambda _o: not Order.objects.filter(external_id__in=generated, status="pending").exists())
    drain()
    sent = amazon_sandbox.control("GET", "notifications")["sent"]
    assert sent == 8
    before = (
        list(Order.objects.order_by("pk").values_list("external_id", "status", "version", "reservation_state")),
        OrderVersion.objects.count(),
        stock_snapshot(variant),
        len(ok_calls(amazon_sandbox, "getOrder_2026")),
    )

    # Amazon delivers at least once: every notification again, twice, newest first
    for _ in range(2):
        assert amazon_sandbox.control("POST", "notifications/replay", {"count": sent, "reverse": True})["replayed"] == 8
    outcomes = consume_until(lambda o: o.get("duplicate", 0) >= 16)
    assert outcomes == {"duplicate": 16}

    # old changes under new ids (a re-sent notification), oldest last: no marketplace call
    client = local_sqs.client()
    amazon_sandbox.control("POST", "notifications/replay", {"count": sent, "reverse": True})
    bodies, deadline = [], time.monotonic() + 10
    while len(bodies) < sent and time.monotonic() < deadline:
        for message in client.receive_message(QueueUrl=push[0], MaxNumberOfMessages=10, WaitTimeSeconds=1).get(
            "Messages", []
        ):
            bodies.append(json.loads(message["Body"]))
            client.delete_message(QueueUrl=push[0], ReceiptHandle=message["ReceiptHandle"])
    assert len(bodies) == sent
    for body in bodies:
        body["NotificationMetadata"]["NotificationId"] = str(uuid.uuid4())
        client.send_message(QueueUrl=push[0], MessageBody=json.dumps(body))
    outcomes = consume_until(lambda o: sum(o.values()) >= sent)
    assert outcomes == {"stale": sent}

    after = (
        list(Order.objects.order_by("pk").values_list("external_id", "status", "version", "reservation_state")),
        OrderVersion.objects.count(),
        stock_snapshot(variant),
        len(ok_calls(amazon_sandbox, "getOrder_2026")),
    )
    assert after == before

    # a pull over the same window (the safety net) agrees and changes nothing either
    from fulfilment.services.pull import orders_pull

    amazon_sandbox.control("POST", "clock/advance", {"seconds": 5 * 60})
    summary = orders_pull(channel_account=channel_account)
    assert summary.created == 0 and summary.changed == 0 and OrderVersion.objects.count() == before[1]


def test_mfn_order_routed_to_fba_goes_through_preview_and_create_and_ships_by_notification(
    account, amazon_sandbox, amazon_push
):
    channel_account = amazon_push
    adapter_for(channel_account).listing_put(luggage_payload("BAG-1"))
    amazon_sandbox.control("POST", "inventory", {"marketplaceId": US, "items": [{"sku": "BAG-1", "quantity": 50}]})
    fba = FbaWarehouseFactory(account=account, code="fba-na", fba_region="NA")
    stocked_variant(account, fba, sku="BAG-1", units=50)
    RoutingRule.objects.create(account=account, name="MFN via MCF", position=1, families=["amazon"], warehouse=fba)
    [order_id] = amazon_sandbox.control(
        "POST", "orders/generate", {"count": 1, "marketplaceId": US, "fulfillmentChannel": "MFN"}
    )["orderIds"]
    consume_until(lambda _o: Order.objects.filter(external_id=order_id).exists())
    order = Order.objects.get(external_id=order_id)
    assert order.network == "fba" and order.warehouse == fba, order.hold_detail
    assert order.ship_to["line1"] and order.ship_to["name"] and order.ship_to["postal_code"]

    shipment = order.shipments.get()
    assert mcf_request(shipment_pk=shipment.pk) == "requested", shipment.failure
    [preview] = [c for c in amazon_sandbox.calls() if c["operation"] == "getFulfillmentPreview"]
    assert preview["status"] == 200
    assert len(ok_calls(amazon_sandbox, "createFulfillmentOrder")) == 1

    # FULFILLMENT_ORDER_STATUS notifications follow it to shipped: no beat round, no poll
    amazon_sandbox.control("POST", "clock/advance", {"seconds": 3 * 24 * 3600})
    consume_until(lambda o: o.get("followed", 0) >= 1 and order.shipments.get().status == "shipped")
    shipment.refresh_from_db()
    assert shipment.tracking_number and shipment.carrier
    assert TrackingPush.objects.filter(shipment=shipment).exists()  # tracking goes back through the outbox


def test_disconnecting_deletes_the_subscriptions_and_the_destination_at_amazon(amazon_sandbox, amazon_push, push):
    from channels.connection_services import channel_account_disconnect

    channel_account = amazon_push
    assert NotificationSubscription.objects.filter(channel_account=channel_account).exists()
    adapter_for(channel_account).listing_put(luggage_payload("BAG-1"))
    before = amazon_sandbox.control("GET", "notifications")

    row = channel_account_disconnect(channel_account=channel_account)

    assert (row.status, row.credentials_encrypted) == ("disabled", "")
    assert len(ok_calls(amazon_sandbox, "deleteSubscriptionById")) == 2
    assert len(ok_calls(amazon_sandbox, "deleteDestination")) == 1
    assert not NotificationSubscription.objects.filter(channel_account=channel_account).exists()
    # Amazon sends nothing any more for this seller: a new order queues no notification
    amazon_sandbox.control("POST", "orders/generate", {"count": 2, "marketplaceId": US, "fulfillmentChannel": "MFN"})
    after = amazon_sandbox.control("GET", "notifications")
    assert after["sent"] + after["pending"] == before["sent"] + before["pending"]


def test_a_destination_another_account_still_uses_stays_when_one_disconnects(amazon_sandbox, amazon_push, push):
    from channels.connection_services import channel_account_disconnect
    from channels.models import ChannelAccount
    from hub.accounts.models import SellerAccount

    channel_account = amazon_push
    record = NotificationSubscription.objects.get(channel_account=channel_account)
    other_seller = SellerAccount.objects.create(name="Other seller", base_currency="USD", source_locale="en_US")
    other = ChannelAccount.objects.create(
        account=other_seller, name="Other Amazon", family="amazon", status="connected", seller_reference="A-OTHER"
    )
    NotificationSubscription.objects.create(
        channel_account=other, destination_id=record.destination_id, destination_arn=record.destination_arn
    )

    channel_account_disconnect(channel_account=channel_account)

    assert len(ok_calls(amazon_sandbox, "deleteSubscriptionById")) == 2  # this seller's own
    assert [c for c in amazon_sandbox.calls() if c["operation"] == "deleteDestination"] == []
    assert NotificationSubscription.objects.filter(channel_account=other).exists()
