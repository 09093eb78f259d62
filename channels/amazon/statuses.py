"""Amazon order statuses (Orders 2026-01-01 fulfillmentStatus and v0 OrderStatus) in the hub's
canonical words: pending, unshipped, partially_shipped, shipped, delivered, cancelled, refunded."""

STATUSES = {
    "PENDING": "pending",
    "PENDING_AVAILABILITY": "pending",
    "UNSHIPPED": "unshipped",
    "PARTIALLY_SHIPPED": "partially_shipped",
    "SHIPPED": "shipped",
    "CANCELLED": "cancelled",
    "CANCELED": "cancelled",
    # Amazon could not fulfil an AFN order: nothing left to ship, money never taken.
    "UNFULFILLABLE": "cancelled",
    "INVOICEUNCONFIRMED": "shipped",
    "DELIVERED": "delivered",
}


def canonical_status(status: str) -> str:
    key = status.strip().upper().replace(" ", "_")
    key = {"PARTIALLYSHIPPED": "PARTIALLY_SHIPPED", "PENDINGAVAILABILITY": "PENDING_AVAILABILITY"}.get(key, key)
    return STATUSES.get(key, "pending")
