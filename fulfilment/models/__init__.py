from fulfilment.models.choices import (
    CLOSED_STATUSES_VALUES,
    FeeSource,
    FulfilledBy,
    HoldReason,
    MoneyState,
    Network,
    OrderSource,
    OrderStatus,
    PushState,
    ReservationState,
    ShipmentStatus,
    ShortageRule,
)
from fulfilment.models.inbound import InboundShipment, InboundShipmentItem
from fulfilment.models.notifications import NotificationReceipt, NotificationSubscription
from fulfilment.models.orders import Order, OrderEvent, OrderLine, OrderVersion
from fulfilment.models.outbound import RoutingDecision, RoutingRule, Shipment, ShipmentLine, TrackingPush
from fulfilment.models.returns import Refund, RestockRule
from fulfilment.models.setup import BinLocation, FeeRule, FulfilmentSettings, PullCursor, RateCard
from fulfilment.reports.models import RevenueFact, RevenueSyncState  # noqa: F401  (revenue reports)

__all__ = [
    "Refund",
    "RestockRule",
    "InboundShipment",
    "InboundShipmentItem",
    "BinLocation",
    "CLOSED_STATUSES_VALUES",
    "FeeRule",
    "FeeSource",
    "FulfilledBy",
    "FulfilmentSettings",
    "HoldReason",
    "MoneyState",
    "NotificationReceipt",
    "NotificationSubscription",
    "Network",
    "Order",
    "OrderEvent",
    "OrderLine",
    "OrderSource",
    "OrderStatus",
    "OrderVersion",
    "PullCursor",
    "PushState",
    "RateCard",
    "ReservationState",
    "RoutingDecision",
    "RoutingRule",
    "Shipment",
    "ShipmentLine",
    "ShipmentStatus",
    "ShortageRule",
    "TrackingPush",
]
