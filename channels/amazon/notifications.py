"""SP-API notifications (Notifications API v1, payload version 1.0) as the hub reads them from
SQS: ORDER_CHANGE and FULFILLMENT_ORDER_STATUS message bodies -> MarketplaceNotification. Other
types, and bodies that are not notifications, parse to None (the consumer drops them)."""

from __future__ import annotations

import json
from typing import Any

from channels.mapping import parse_time
from channels.types import MarketplaceNotification, NotificationKind

ORDER_CHANGE = "ORDER_CHANGE"
FULFILLMENT_ORDER_STATUS = "FULFILLMENT_ORDER_STATUS"
NOTIFICATION_TYPES = (ORDER_CHANGE, FULFILLMENT_ORDER_STATUS)
PAYLOAD_VERSION = "1.0"


def _loads(body: str | bytes | dict) -> dict[str, Any] | None:
    if isinstance(body, dict):
        return body
    try:
        data = json.loads(body)
    except (TypeError, ValueError):
        return None
    # An SNS-wrapped delivery (a queue fed through a topic) carries the notification in "Message".
    if isinstance(data, dict) and data.get("Type") == "Notification" and isinstance(data.get("Message"), str):
        return _loads(data["Message"])
    return data if isinstance(data, dict) else None


def notification_parse(body: str | bytes | dict) -> MarketplaceNotification | None:
    data = _loads(body)
    if not data:
        return None
    kind = data.get("NotificationType")
    payload = data.get("Payload") or {}
    notification_id = str((data.get("NotificationMetadata") or {}).get("NotificationId") or "")
    if not notification_id or not isinstance(payload, dict):
        return None
    if kind == ORDER_CHANGE:
        change = payload.get("OrderChangeNotification") or {}
        summary = change.get("Summary") or {}
        trigger = change.get("OrderChangeTrigger") or {}
        if not change.get("AmazonOrderId") or not change.get("SellerId"):
            return None
        return MarketplaceNotification(
            notification_id=notification_id,
            notification_type=kind,
            kind=NotificationKind.ORDER,
            seller_reference=str(change["SellerId"]),
            reference=str(change["AmazonOrderId"]),
            marketplace_id=str(summary.get("MarketplaceId") or ""),
            changed_at=parse_time(trigger.get("TimeOfOrderChange") or data.get("EventTime")),
            status=str(summary.get("OrderStatus") or ""),
        )
    if kind == FULFILLMENT_ORDER_STATUS:
        status = payload.get("FulfillmentOrderStatusNotification") or {}
        if not status.get("SellerFulfillmentOrderId") or not status.get("SellerId"):
            return None
        return MarketplaceNotification(
            notification_id=notification_id,
            notification_type=kind,
            kind=NotificationKind.FULFILLMENT_ORDER,
            seller_reference=str(status["SellerId"]),
            reference=str(status["SellerFulfillmentOrderId"]),
            changed_at=parse_time(status.get("StatusUpdatedDateTime") or data.get("EventTime")),
            status=str(status.get("FulfillmentOrderStatus") or ""),
        )
    return None
