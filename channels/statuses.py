"""Each marketplace's order status words in one canonical set (see fulfilment.models.OrderStatus).
The words themselves live in channels/<family>/statuses.py, beside the rest of the wire format."""

from __future__ import annotations

from channels.aliexpress import statuses as aliexpress
from channels.amazon import statuses as amazon
from channels.types import Order
from channels.wish import statuses as wish


def canonical_order_status(family: str, order: Order) -> str:
    shipped = any(line.quantity_shipped for line in order.lines)
    if family == "amazon":
        return amazon.canonical_status(order.status)
    if family == "aliexpress":
        return aliexpress.canonical_status(order.status, shipped=shipped)
    if family == "wish":
        return wish.canonical_status(order.status, shipped=shipped)
    raise ValueError(f"Unknown marketplace family '{family}'.")
