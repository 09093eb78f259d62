"""The canonical words of the fulfilment app: one set of order statuses for every marketplace."""

from django.db import models


class OrderStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    UNSHIPPED = "unshipped", "Unshipped"
    PARTIALLY_SHIPPED = "partially_shipped", "Partially shipped"
    SHIPPED = "shipped", "Shipped"
    DELIVERED = "delivered", "Delivered"
    CANCELLED = "cancelled", "Cancelled"
    REFUNDED = "refunded", "Refunded"


OPEN_STATUSES = (OrderStatus.PENDING, OrderStatus.UNSHIPPED, OrderStatus.PARTIALLY_SHIPPED)
CLOSED_STATUSES = (OrderStatus.CANCELLED, OrderStatus.REFUNDED)


class OrderSource(models.TextChoices):
    MARKETPLACE = "marketplace", "Marketplace"
    MANUAL = "manual", "Manual order"


class FulfilledBy(models.TextChoices):
    MERCHANT = "merchant", "Seller (MFN)"
    MARKETPLACE = "marketplace", "Marketplace (AFN)"


class MoneyState(models.TextChoices):
    CONVERTED = "converted", "Converted"
    UNCONVERTED = "unconverted", "Unconverted"
    NO_AMOUNT = "no_amount", "No amount reported yet"


class FeeSource(models.TextChoices):
    ACTUAL = "actual", "Reported by the marketplace"
    ESTIMATED = "estimated", "Estimated from fee rules"
    NONE = "none", "No fee"


class HoldReason(models.TextChoices):
    NONE = "", "Not held"
    UNKNOWN_SKU = "unknown_sku", "Unknown SKU"
    UNCONVERTED = "unconverted", "Money not converted"


class ReservationState(models.TextChoices):
    NONE = "none", "Not reserved"
    RESERVED = "reserved", "Reserved"
    BACKORDERED = "backordered", "Backordered"
    UNFULFILLABLE = "unfulfillable", "Unfulfillable"
    RELEASED = "released", "Released"
    SHIPPED = "shipped", "Shipped"
    MARKETPLACE = "marketplace", "Fulfilled by the marketplace"


class ShortageRule(models.TextChoices):
    BACKORDER = "backorder", "Backorder (wait for stock)"
    UNFULFILLABLE = "unfulfillable", "Mark unfulfillable"


class Network(models.TextChoices):
    OWN = "own", "Own warehouse"
    FBA = "fba", "Amazon FBA (Multi-Channel Fulfillment)"
    MARKETPLACE = "marketplace", "Fulfilled by the marketplace"
    NONE = "", "Not routed"


class ShipmentStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    REQUESTED = "requested", "Requested at FBA"
    PICKING = "picking", "Picking"
    SHIPPED = "shipped", "Shipped"
    CANCELLED = "cancelled", "Cancelled"
    FAILED = "failed", "Failed"


class PushState(models.TextChoices):
    PENDING = "pending", "Waiting to be sent"
    ACCEPTED = "accepted", "Accepted by the marketplace"
    REJECTED = "rejected", "Rejected by the marketplace"


CLOSED_STATUSES_VALUES = frozenset(status.value for status in CLOSED_STATUSES)
