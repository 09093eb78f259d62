"""AliExpress order_status values in the hub's canonical words."""

STATUSES = {
    "PLACE_ORDER_SUCCESS": "pending",  # waiting for the buyer's payment
    "RISK_CONTROL": "pending",
    "WAIT_SELLER_EXAMINE_MONEY": "pending",
    "WAIT_SELLER_SEND_GOODS": "unshipped",
    "IN_CANCEL": "unshipped",  # the buyer asked to cancel; still ours to ship until it is done
    "SELLER_PART_SEND_GOODS": "partially_shipped",
    "WAIT_BUYER_ACCEPT_GOODS": "shipped",
    "FUND_PROCESSING": "shipped",
    "IN_ISSUE": "shipped",
    "IN_FROZEN": "shipped",
}


def canonical_status(status: str, *, shipped: bool = False) -> str:
    """FINISH closes both delivered and never-shipped (cancelled, timed out) orders: `shipped`
    tells them apart."""
    key = status.strip().upper()
    if key == "FINISH":
        return "delivered" if shipped else "cancelled"
    return STATUSES.get(key, "pending")
