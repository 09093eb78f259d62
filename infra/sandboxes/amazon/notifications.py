"""Notifications API v1 (destinations and subscriptions) and the notifications themselves:
ORDER_CHANGE when an order is created or changes status, FULFILLMENT_ORDER_STATUS when an MCF
order changes status, sent to the subscribed destination's SQS queue with boto3, in the shape of
Amazon's notification schemas (NotificationVersion, NotificationType, PayloadVersion, EventTime,
Payload.OrderChangeNotification / FulfillmentOrderStatusNotification, NotificationMetadata with
a NotificationId).

As on Amazon: destinations belong to the application and are managed with a grantless token
(scope sellingpartnerapi::notifications); subscriptions belong to application + seller, one per
notification type and payload version, and need the seller's authorization (deleteSubscriptionById
also takes a grantless token). A second destination for the same queue ARN, or a second
subscription for the same type, answers 409 Conflict. Deleting a destination that subscriptions
still use answers 409 too (the sandbox's choice: the model lists 409 without saying when).

Delivery is at least once and not ordered, as Amazon documents: a background thread sends what
the operations queued (SendMessageBatch, ten at a time) and retries a failed send a few times.
`POST /_control/notifications/replay` sends the last notifications again, same NotificationId,
optionally in reverse order, to exercise a consumer's deduplication.

Where the queue lives: `options["sqs_endpoint"]`, else SANDBOX_AMAZON_SQS_ENDPOINT, else
boto3's own resolution (AWS_ENDPOINT_URL_SQS, real SQS); `POST /_control/notifications
{"sqs_endpoint"}` changes it at run time. The queue is named by the ARN's last part and owned by
its account id (`arn:aws:sqs:<region>:<account>:<name>`).
"""

from __future__ import annotations

import collections
import json
import logging
import os
import queue
import re
import threading
import time
import uuid

from flask import Blueprint, current_app, request

from infra.sandboxes.amazon.wire import AmazonError, invalid_input, iso, json_body, not_found, operation

logger = logging.getLogger(__name__)
blueprint = Blueprint("amazon_notifications", __name__)

BASE = "/notifications/v1"
ORDER_CHANGE = "ORDER_CHANGE"
FULFILLMENT_ORDER_STATUS = "FULFILLMENT_ORDER_STATUS"
# Every type the sandbox accepts subscriptions for; it publishes the first two.
NOTIFICATION_TYPES = (
    ORDER_CHANGE,
    FULFILLMENT_ORDER_STATUS,
    "FBA_OUTBOUND_SHIPMENT_STATUS",
    "FEED_PROCESSING_FINISHED",
    "LISTINGS_ITEM_STATUS_CHANGE",
)
SQS_ARN = re.compile(r"^arn:aws:sqs:(?P<region>[^:\s]+):(?P<account>[^:\s]+):(?P<name>[^:\s]+)$")
APPLICATION_PREFIX = "amzn1.sellerapps.app."
SEND_ATTEMPTS = 5
REPLAY_KEEP = 2000


def conflict(message: str, details: str = "") -> AmazonError:
    return AmazonError(409, "Conflict", message, details)


def _grantless_only(caller) -> None:
    if caller.kind != "grantless":
        raise AmazonError(
            403,
            "Unauthorized",
            "Access to requested resource is denied.",
            "This operation is grantless: call it with a client_credentials token "
            "(scope sellingpartnerapi::notifications).",
        )


def _notification_type(value: str) -> str:
    if value not in NOTIFICATION_TYPES:
        raise invalid_input(f"Invalid notificationType '{value}'.", f"Supported: {', '.join(NOTIFICATION_TYPES)}.")
    return value


def _destination(row) -> dict:
    return {"destinationId": row["destination_id"], "name": row["name"], "resource": {"sqs": {"arn": row["arn"]}}}


def _subscription(row) -> dict:
    body = {
        "subscriptionId": row["subscription_id"],
        "payloadVersion": row["payload_version"],
        "destinationId": row["destination_id"],
    }
    if row["processing_directive"]:
        body["processingDirective"] = json.loads(row["processing_directive"])
    return body


# --- destinations (grantless) ------------------------------------------------------------------------


@blueprint.post(f"{BASE}/destinations")
@operation("createDestination", grantless=True)
def create_destination(caller):
    _grantless_only(caller)
    amazon = current_app.extensions["amazon"]
    body = json_body()
    name, spec = body.get("name"), body.get("resourceSpecification")
    if not isinstance(name, str) or not name.strip() or len(name) > 256:
        raise invalid_input("'name' is required (at most 256 characters).")
    if not isinstance(spec, dict) or not isinstance(spec.get("sqs"), dict):
        raise invalid_input("'resourceSpecification.sqs' with an 'arn' is required (the sandbox has no EventBridge).")
    arn = spec["sqs"].get("arn")
    if not isinstance(arn, str) or len(arn) > 1000 or not SQS_ARN.match(arn):
        raise invalid_input("Invalid SQS 'arn'.", "Expected arn:aws:sqs:<region>:<account id>:<queue name>.")
    existing = amazon.state.one(
        "SELECT * FROM notification_destinations WHERE client_id = ? AND arn = ?", (caller.client_id, arn)
    )
    if existing is not None:
        raise conflict("A destination for this resource already exists.", existing["destination_id"])
    destination_id = str(uuid.uuid4())
    amazon.state.execute(
        "INSERT INTO notification_destinations (destination_id, client_id, name, arn, created) VALUES (?, ?, ?, ?, ?)",
        (destination_id, caller.client_id, name.strip(), arn, amazon.now()),
    )
    return {"payload": {"destinationId": destination_id, "name": name.strip(), "resource": {"sqs": {"arn": arn}}}}


@blueprint.get(f"{BASE}/destinations")
@operation("getDestinations", grantless=True)
def get_destinations(caller):
    _grantless_only(caller)
    amazon = current_app.extensions["amazon"]
    rows = amazon.state.query(
        "SELECT * FROM notification_destinations WHERE client_id = ? ORDER BY created, destination_id",
        (caller.client_id,),
    )
    return {"payload": [_destination(row) for row in rows]}


def _own_destination(amazon, caller, destination_id: str):
    row = amazon.state.one(
        "SELECT * FROM notification_destinations WHERE destination_id = ? AND client_id = ?",
        (destination_id, caller.client_id),
    )
    if row is None:
        raise not_found(f"Destination {destination_id} not found.")
    return row


@blueprint.get(f"{BASE}/destinations/<destination_id>")
@operation("getDestination", grantless=True)
def get_destination(caller, destination_id: str):
    _grantless_only(caller)
    amazon = current_app.extensions["amazon"]
    return {"payload": _destination(_own_destination(amazon, caller, destination_id))}


@blueprint.delete(f"{BASE}/destinations/<destination_id>")
@operation("deleteDestination", grantless=True)
def delete_destination(caller, destination_id: str):
    _grantless_only(caller)
    amazon = current_app.extensions["amazon"]
    _own_destination(amazon, caller, destination_id)
    used = amazon.state.one(
        "SELECT COUNT(*) AS n FROM notification_subscriptions WHERE destination_id = ?", (destination_id,)
    )["n"]
    if used:
        raise conflict(f"Destination {destination_id} still has {used} subscription(s); delete them first.")
    amazon.state.execute("DELETE FROM notification_destinations WHERE destination_id = ?", (destination_id,))
    return {}


# --- subscriptions (seller) ----------------------------------------------------------------------------


@blueprint.post(f"{BASE}/subscriptions/<notification_type>")
@operation("createSubscription")
def create_subscription(caller, notification_type: str):
    amazon = current_app.extensions["amazon"]
    _notification_type(notification_type)
    body = json_body()
    destination_id, version = body.get("destinationId"), body.get("payloadVersion")
    if not isinstance(destination_id, str) or not destination_id:
        raise invalid_input("'destinationId' is required.")
    if version != "1.0":
        raise invalid_input("'payloadVersion' is required; the sandbox has payload version 1.0.")
    _own_destination(amazon, caller, destination_id)
    directive = body.get("processingDirective")
    if directive is not None and not isinstance(directive, dict):
        raise invalid_input("'processingDirective' must be an object.")
    existing = amazon.state.one(
        "SELECT * FROM notification_subscriptions WHERE client_id = ? AND seller_id = ? AND notification_type = ? "
        "AND payload_version = ?",
        (caller.client_id, caller.seller_id, notification_type, version),
    )
    if existing is not None:
        raise conflict(
            f"A subscription for {notification_type} (payload version {version}) already exists.",
            existing["subscription_id"],
        )
    row = {
        "subscription_id": str(uuid.uuid4()),
        "payload_version": version,
        "destination_id": destination_id,
        "processing_directive": json.dumps(directive) if directive else None,
    }
    amazon.state.execute(
        "INSERT INTO notification_subscriptions (subscription_id, client_id, seller_id, notification_type, "
        "payload_version, destination_id, processing_directive, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            row["subscription_id"],
            caller.client_id,
            caller.seller_id,
            notification_type,
            version,
            destination_id,
            row["processing_directive"],
            amazon.now(),
        ),
    )
    amazon.notifier.subscriptions_changed()
    return {"payload": _subscription(row)}


@blueprint.get(f"{BASE}/subscriptions/<notification_type>")
@operation("getSubscription")
def get_subscription(caller, notification_type: str):
    amazon = current_app.extensions["amazon"]
    _notification_type(notification_type)
    version = request.args.get("payloadVersion")
    sql = "SELECT * FROM notification_subscriptions WHERE client_id = ? AND seller_id = ? AND notification_type = ?"
    params = [caller.client_id, caller.seller_id, notification_type]
    if version:
        sql += " AND payload_version = ?"
        params.append(version)
    row = amazon.state.one(sql + " ORDER BY payload_version DESC", params)
    if row is None:
        raise not_found(f"No subscription for {notification_type}.")
    return {"payload": _subscription(row)}


@blueprint.get(f"{BASE}/subscriptions/<notification_type>/<subscription_id>")
@operation("getSubscriptionById", grantless=True)
def get_subscription_by_id(caller, notification_type: str, subscription_id: str):
    amazon = current_app.extensions["amazon"]
    row = _subscription_of_app(amazon, caller, notification_type, subscription_id)
    return {"payload": _subscription(row)}


def _subscription_of_app(amazon, caller, notification_type: str, subscription_id: str):
    _notification_type(notification_type)
    row = amazon.state.one(
        "SELECT * FROM notification_subscriptions WHERE subscription_id = ? AND notification_type = ? "
        "AND client_id = ?",
        (subscription_id, notification_type, caller.client_id),
    )
    if row is None:
        raise not_found(f"Subscription {subscription_id} not found.")
    return row


@blueprint.delete(f"{BASE}/subscriptions/<notification_type>/<subscription_id>")
@operation("deleteSubscriptionById", grantless=True)
def delete_subscription_by_id(caller, notification_type: str, subscription_id: str):
    amazon = current_app.extensions["amazon"]
    _subscription_of_app(amazon, caller, notification_type, subscription_id)
    amazon.state.execute("DELETE FROM notification_subscriptions WHERE subscription_id = ?", (subscription_id,))
    amazon.notifier.subscriptions_changed()
    return {}


# --- the notifications -------------------------------------------------------------------------------


def _targets(amazon, seller_id: str, notification_type: str) -> list:
    if not amazon.notifier.has_subscriptions(amazon.state):
        return []  # the common case in tests and benchmarks: no query per order change
    return amazon.state.query(
        "SELECT s.subscription_id, s.client_id, s.processing_directive, d.arn FROM notification_subscriptions s "
        "JOIN notification_destinations d ON d.destination_id = s.destination_id "
        "WHERE s.seller_id = ? AND s.notification_type = ?",
        (seller_id, notification_type),
    )


def _marketplace_filtered(directive: str | None, marketplace_id: str) -> bool:
    """processingDirective.eventFilter.marketplaceIds: only those marketplaces' events."""
    if not directive:
        return False
    wanted = ((json.loads(directive).get("eventFilter") or {}).get("marketplaceIds")) or []
    return bool(wanted) and marketplace_id not in wanted


def _envelope(notification_type: str, payload: dict, *, event_time: float, target) -> dict:
    return {
        "NotificationVersion": "1.0",
        "NotificationType": notification_type,
        "PayloadVersion": "1.0",
        "EventTime": iso(event_time, millis=True),
        "Payload": payload,
        "NotificationMetadata": {
            "ApplicationId": target["client_id"]
            if target["client_id"].startswith(APPLICATION_PREFIX)
            else APPLICATION_PREFIX + target["client_id"],
            "SubscriptionId": target["subscription_id"],
            "PublishTime": iso(time.time(), millis=True),
            "NotificationId": str(uuid.uuid4()),
        },
    }


def order_changed(amazon, order_id: str, *, change_type: str = "OrderStatusChange", reason: str = "") -> int:
    """Queue ORDER_CHANGE for the order's current state (after a create or a status change)."""
    if not amazon.notifier.has_subscriptions(amazon.state):
        return 0
    row = amazon.state.one("SELECT * FROM orders WHERE order_id = ?", (order_id,))
    if row is None:
        return 0
    targets = _targets(amazon, row["seller_id"], ORDER_CHANGE)
    if not targets:
        return 0
    doc = json.loads(row["doc"])
    summary = {
        "MarketplaceId": row["marketplace_id"],
        "OrderStatus": row["status"],
        "PurchaseDate": iso(row["purchased"], millis=True),
        "DestinationPostalCode": doc["address"]["postal"],
        "FulfillmentType": row["channel"],
        "OrderType": "StandardOrder",
        "NumberOfItemsShipped": sum(item["shipped"] for item in doc["items"]),
        "NumberOfItemsUnshipped": sum(item["quantity"] - item["shipped"] for item in doc["items"]),
        "EarliestDeliveryDate": iso(doc["earliest_delivery"], millis=True),
        "LatestDeliveryDate": iso(doc["latest_delivery"], millis=True),
        "EarliestShipDate": iso(doc["earliest_ship"], millis=True),
        "LatestShipDate": iso(doc["latest_ship"], millis=True),
        "OrderPrograms": ["Prime"] if doc["is_prime"] else [],
        "ShippingPrograms": [],
        "OrderItems": [
            {
                "OrderItemId": item["order_item_id"],
                "SellerSKU": item["sku"],
                "SupplySourceId": str(
                    uuid.uuid5(uuid.NAMESPACE_URL, f"supply:{row['seller_id']}:{row['marketplace_id']}")
                ),
                "Quantity": item["quantity"],
                "QuantityShipped": item["shipped"],
                "IsBuyerRequestedCancel": row["status"] == "Canceled" and doc.get("cancel_reason") == "BuyerCanceled",
                "ItemEarliestDeliveryDate": iso(doc["earliest_delivery"], millis=True),
                "ItemLatestDeliveryDate": iso(doc["latest_delivery"], millis=True),
            }
            for item in doc["items"]
        ],
    }
    if row["status"] == "PartiallyShipped":  # item statuses are given when they differ
        for entry, item in zip(summary["OrderItems"], doc["items"], strict=True):
            entry["OrderItemStatus"] = "Shipped" if item["shipped"] >= item["quantity"] else "Unshipped"
    payload = {
        "OrderChangeNotification": {
            "NotificationLevel": "OrderLevel",
            "SellerId": row["seller_id"],
            "AmazonOrderId": order_id,
            "OrderChangeType": change_type,
            "OrderChangeTrigger": {
                "TimeOfOrderChange": iso(row["updated"], millis=True),
                "ChangeReason": reason or f"Order status is {row['status']}",
            },
            "Summary": summary,
        }
    }
    sent = 0
    for target in targets:
        if _marketplace_filtered(target["processing_directive"], row["marketplace_id"]):
            continue
        envelope = _envelope(ORDER_CHANGE, payload, event_time=row["updated"], target=target)
        amazon.notifier.publish(target["arn"], envelope)
        sent += 1
    return sent


def fulfillment_order_changed(amazon, seller_id: str, order_id: str) -> int:
    """Queue FULFILLMENT_ORDER_STATUS for an MCF order's current state."""
    row = amazon.state.one("SELECT * FROM mcf_orders WHERE seller_id = ? AND order_id = ?", (seller_id, order_id))
    if row is None:
        return 0
    targets = _targets(amazon, seller_id, FULFILLMENT_ORDER_STATUS)
    if not targets:
        return 0
    doc = json.loads(row["doc"])
    body: dict = {
        "SellerId": seller_id,
        "EventType": "Order",
        "StatusUpdatedDateTime": iso(row["status_updated"], millis=True),
        "SellerFulfillmentOrderId": order_id,
        "FulfillmentOrderStatus": row["status"],
    }
    if doc.get("shipments"):
        shipment = doc["shipments"][-1]
        package = amazon.state.one(
            "SELECT * FROM mcf_packages WHERE package_number = ?", (shipment.get("packageNumber"),)
        )
        packages = []
        if package is not None:
            packages.append(
                {
                    "PackageNumber": package["package_number"],
                    "CarrierCode": package["carrier"],
                    "TrackingNumber": package["tracking_number"],
                }
            )
        body["EventType"] = "Shipment"
        body["FulfillmentShipment"] = {
            "FulfillmentShipmentStatus": "SHIPPED",
            "AmazonShipmentId": shipment["amazonShipmentId"],
            "EstimatedArrivalDateTime": iso(shipment["estimatedArrivalDate"], millis=True),
            "FulfillmentShipmentPackages": packages,
        }
        if packages:
            body["FulfillmentShipment"]["info"] = packages[0]
    sent = 0
    for target in targets:
        if _marketplace_filtered(target["processing_directive"], row["marketplace_id"]):
            continue
        envelope = _envelope(
            FULFILLMENT_ORDER_STATUS,
            {"FulfillmentOrderStatusNotification": body},
            event_time=row["status_updated"],
            target=target,
        )
        amazon.notifier.publish(target["arn"], envelope)
        sent += 1
    return sent


class Notifier:
    """Sends queued notifications to SQS from one background thread (operations never wait for
    SQS). Counts what it sent and failed; keeps the last REPLAY_KEEP for replay."""

    def __init__(self, options: dict) -> None:
        self.endpoint = options.get("sqs_endpoint") or os.environ.get("SANDBOX_AMAZON_SQS_ENDPOINT") or None
        self._queue: queue.Queue = queue.Queue()
        self._lock = threading.Lock()
        self._clients: dict[tuple[str, str | None], object] = {}
        self._urls: dict[tuple[str, str | None], str] = {}
        self.sent = self.failed = 0
        self.last_error = ""
        self.recent: collections.deque = collections.deque(maxlen=REPLAY_KEEP)
        self._thread: threading.Thread | None = None
        self._subscribed: bool | None = None  # cached "any subscription at all"

    def has_subscriptions(self, state) -> bool:  # type: ignore[no-untyped-def]
        if self._subscribed is None:
            self._subscribed = state.one("SELECT 1 FROM notification_subscriptions LIMIT 1") is not None
        return self._subscribed

    def subscriptions_changed(self) -> None:
        self._subscribed = None

    def configure(self, endpoint: str | None) -> None:
        with self._lock:
            self.endpoint = endpoint or None
            self._clients.clear()
            self._urls.clear()

    def reset(self) -> None:
        self._subscribed = None
        with self._lock:
            self.sent = self.failed = 0
            self.last_error = ""
            self.recent.clear()

    def status(self) -> dict:
        return {
            "sqs_endpoint": self.endpoint,
            "sent": self.sent,
            "failed": self.failed,
            "pending": self._queue.qsize(),
            "last_error": self.last_error,
        }

    def publish(self, arn: str, envelope: dict, *, attempt: int = 1) -> None:
        self._queue.put((arn, json.dumps(envelope, ensure_ascii=False), attempt))
        self._ensure_thread()

    def replay(self, count: int, *, reverse: bool) -> int:
        with self._lock:
            items = list(self.recent)[-count:]
        if reverse:
            items.reverse()
        for arn, body in items:
            self._queue.put((arn, body, 1))
        self._ensure_thread()
        return len(items)

    def _ensure_thread(self) -> None:
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="amazon-sandbox-sqs", daemon=True)
                self._thread.start()

    def _queue_url(self, arn: str):  # type: ignore[no-untyped-def]
        import boto3

        match = SQS_ARN.match(arn)
        region, account, name = match["region"], match["account"], match["name"]
        with self._lock:
            endpoint = self.endpoint
            key = (region, endpoint)
            client = self._clients.get(key)
            if client is None:
                client = boto3.client(
                    "sqs",
                    region_name=region,
                    endpoint_url=endpoint,
                    aws_access_key_id=os.environ.get("AWS_ACCESS_KEY_ID", "sandbox"),
                    aws_secret_access_key=os.environ.get("AWS_SECRET_ACCESS_KEY", "sandbox"),
                )
                self._clients[key] = client
            url = self._urls.get((arn, endpoint))
        if url is None:
            url = client.get_queue_url(QueueName=name, QueueOwnerAWSAccountId=account)["QueueUrl"]
            with self._lock:
                self._urls[(arn, endpoint)] = url
        return client, url

    def _run(self) -> None:
        while True:
            try:
                first = self._queue.get(timeout=30)
            except queue.Empty:
                return  # idle: the next publish starts a new thread
            batch = [first]
            while len(batch) < 10:
                try:
                    batch.append(self._queue.get_nowait())
                except queue.Empty:
                    break
            by_arn: dict[str, list] = collections.defaultdict(list)
            for item in batch:
                by_arn[item[0]].append(item)
            for arn, items in by_arn.items():
                self._send(arn, items)

    def _send(self, arn: str, items: list) -> None:
        try:
            client, url = self._queue_url(arn)
            entries = [{"Id": str(index), "MessageBody": body} for index, (_arn, body, _n) in enumerate(items)]
            answer = client.send_message_batch(QueueUrl=url, Entries=entries)
            failed = {int(entry["Id"]) for entry in answer.get("Failed") or []}
        except Exception as error:  # SQS down, queue missing: try again a few times, then count it lost
            logger.warning("SQS send to %s failed: %s", arn, error)
            self.last_error = str(error)[:500]
            failed = set(range(len(items)))
        with self._lock:
            for index, (_arn, body, attempt) in enumerate(items):
                if index not in failed:
                    self.sent += 1
                    self.recent.append((arn, body))
                elif attempt >= SEND_ATTEMPTS:
                    self.failed += 1
        retry = [item for index, item in enumerate(items) if index in failed and item[2] < SEND_ATTEMPTS]
        if retry:
            time.sleep(0.5)
            for arn_, body, attempt in retry:
                self._queue.put((arn_, body, attempt + 1))


def register_control(bp: Blueprint, amazon, control_error: type[Exception]) -> None:
    @bp.get("/notifications")
    def notifications_status():
        return amazon.notifier.status()

    @bp.post("/notifications")
    def notifications_configure():
        body = request.get_json(force=True, silent=True) or {}
        endpoint = body.get("sqs_endpoint")
        if endpoint is not None and (not isinstance(endpoint, str) or not endpoint.startswith(("http://", "https://"))):
            raise control_error("sqs_endpoint: an http(s) URL, or null for boto3's default")
        amazon.notifier.configure(endpoint)
        return amazon.notifier.status()

    @bp.post("/notifications/replay")
    def notifications_replay():
        body = request.get_json(force=True, silent=True) or {}
        count = body.get("count", REPLAY_KEEP)
        if not isinstance(count, int) or not 1 <= count <= REPLAY_KEEP:
            raise control_error(f"count: a whole number from 1 to {REPLAY_KEEP}")
        return {"replayed": amazon.notifier.replay(count, reverse=bool(body.get("reverse")))}
