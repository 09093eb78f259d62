"""The canonical words of the fulfilment app: one set of order statuses for every marketplace."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrderStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    UNSHIPPED = "unshipped", _("Unshipped")
    PARTIALLY_SHIPPED = "partially_shipped", _("Partially shipped")
    SHIPPED = "shipped", _("Shipped")
    DELIVERED = "delivered", _("Delivered")
    CANCELLED = "cancelled", _("Cancelled")
    REFUNDED = "refunded", _("Refunded")


OPEN_STATUSES = (OrderStatus.PENDING, OrderStatus.UNSHIPPED, OrderStatus.PARTIALLY_SHIPPED)
CLOSED_STATUSES = (OrderStatus.CANCELLED, OrderStatus.REFUNDED)


class OrderSource(models.TextChoices):
    MARKETPLACE = "marketplace", _("Marketplace")
    MANUAL = "manual", _("Manual order")


class FulfilledBy(models.TextChoices):
    MERCHANT = "merchant", _("Seller (MFN)")
    MARKETPLACE = "marketplace", _("Marketplace (AFN)")


class MoneyState(models.TextChoices):
    CONVERTED = "converted", _("Converted")
    UNCONVERTED = "unconverted", _("Unconverted")
    NO_AMOUNT = "no_amount", _("No amount reported yet")


class FeeSource(models.TextChoices):
    ACTUAL = "actual", _("Reported by the marketplace")
    ESTIMATED = "estimated", _("Estimated from fee rules")
    NONE = "none", _("No fee")


class HoldReason(models.TextChoices):
    NONE = "", _("Not held")
    UNKNOWN_SKU = "unknown_sku", _("Unknown SKU")
    UNCONVERTED = "unconverted", _("Money not converted")


class ReservationState(models.TextChoices):
    NONE = "none", _("Not reserved")
    RESERVED = "reserved", _("Reserved")
    BACKORDERED = "backordered", _("Backordered")
    UNFULFILLABLE = "unfulfillable", _("Unfulfillable")
    RELEASED = "released", _("Released")
    SHIPPED = "shipped", _("Shipped")
    MARKETPLACE = "marketplace", _("Fulfilled by the marketplace")


class ShortageRule(models.TextChoices):
    BACKORDER = "backorder", _("Backorder (wait for stock)")
    UNFULFILLABLE = "unfulfillable", _("Mark unfulfillable")


class Network(models.TextChoices):
    OWN = "own", _("Own warehouse")
    FBA = "fba", _("Amazon FBA (Multi-Channel Fulfillment)")
    MARKETPLACE = "marketplace", _("Fulfilled by the marketplace")
    NONE = "", _("Not routed")


class ShipmentStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    REQUESTED = "requested", _("Requested at FBA")
    PICKING = "picking", _("Picking")
    SHIPPED = "shipped", _("Shipped")
    CANCELLED = "cancelled", _("Cancelled")
    FAILED = "failed", _("Failed")


class PushState(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    ACCEPTED = "accepted", _("Accepted by the marketplace")
    REJECTED = "rejected", _("Rejected by the marketplace")


CLOSED_STATUSES_VALUES = frozenset(status.value for status in CLOSED_STATUSES)
