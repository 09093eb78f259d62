"""Wish order states in the hub's canonical words."""

STATUSES = {
    "REQUIRE_REVIEW": "pending",
    "APPROVED": "unshipped",
    "SHIPPED": "shipped",
    "CONFIRM_FULFILLED": "shipped",
    "CONFIRMED_DELIVERED": "delivered",
    "DELIVERED": "delivered",
}


def canonical_status(status: str, *, shipped: bool = False) -> str:
    """REFUNDED is a cancellation before shipping and a refund after it."""
    key = status.strip().upper()
    if key == "REFUNDED":
        return "refunded" if shipped else "cancelled"
    return STATUSES.get(key, "pending")
