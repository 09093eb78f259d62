"""Shipping and refunds: PUT /orders/{id}/tracking and PUT /orders/{id}/refund (both asynchronous:
the answer is the order with processing_status IN_PROGRESS), the refund reasons an order accepts,
and the accepted carriers."""

from __future__ import annotations

import re

from infra.sandboxes.wish import lifecycle, store
from infra.sandboxes.wish.envelope import WishError
from infra.sandboxes.wish.product_rules import Shape, country, text
from infra.sandboxes.wish.runtime import Runtime


def _processing(rt: Runtime) -> float:
    return float(rt.option("processing_seconds", 30))


def _load(db, merchant_id: str, order_id: str) -> dict:
    order = store.order_load(db, order_id, merchant_id)
    if order is None:
        raise WishError("no_order")
    return order


def ship(rt: Runtime, merchant_id: str, order_id: str, body: dict) -> dict:
    shape = Shape()
    number = text(shape, "tracking_number", body.get("tracking_number"), required=True)
    if number is not None and not re.fullmatch(r"[A-Za-z0-9]+", number):
        shape.add("tracking_number", "must contain only letters and digits, without spaces")
    provider = text(shape, "shipping_provider", body.get("shipping_provider"), required=True)
    country(shape, "origin_country", body.get("origin_country"), required=True)
    note = body.get("ship_note")
    if note is not None:
        text(shape, "ship_note", note, required=False, maximum=rt.limits["ship_note_max"])
    shape.raise_if_any()
    if provider.lower() not in rt.carriers:
        raise WishError("invalid_carrier", name=provider)
    with rt.state.transaction() as db:
        order = _load(db, merchant_id, order_id)
        if order["state"] not in ("APPROVED", "SHIPPED"):
            raise WishError("order_not_shippable", state=order["state"])
        if order["processing_status"] == "IN_PROGRESS":
            raise WishError("order_busy")
        order.update(processing_source="UPDATE_TRACKING", processing_status="IN_PROGRESS")
        payload = {
            "tracking_number": number,
            "shipping_provider": provider,
            "origin_country": body["origin_country"],
            "ship_note": note,
        }
        lifecycle.schedule(rt, db, order, "tracking_done", _processing(rt), payload)
        lifecycle.touch(rt, order)
        store.order_save(db, order)
    return store.public(order)


def reasons_for(rt: Runtime, order: dict) -> list[str]:
    if order["state"] == "APPROVED":
        return list(rt.limits["refund_reasons_before_shipping"])
    if order["state"] == "SHIPPED":
        return list(rt.limits["refund_reasons"])
    return []


def refund_reasons(rt: Runtime, merchant_id: str, order_id: str) -> list[str]:
    return reasons_for(rt, _load(rt.state.connection, merchant_id, order_id))


def refund(rt: Runtime, merchant_id: str, order_id: str, body: dict) -> dict:
    shape = Shape()
    reason = body.get("refund_reason")
    if reason not in rt.limits["refund_reasons"]:
        shape.add("refund_reason", "must be one of the RefundReason values")
    note = body.get("refund_reason_note")
    if note is not None:
        text(shape, "refund_reason_note", note, required=False)
    shape.raise_if_any()
    with rt.state.transaction() as db:
        order = _load(db, merchant_id, order_id)
        if order["state"] not in ("APPROVED", "SHIPPED"):
            raise WishError("order_not_refundable", state=order["state"])
        if reason not in reasons_for(rt, order):
            raise WishError("refund_reason", reason=reason)
        if order["processing_status"] == "IN_PROGRESS":
            raise WishError("order_busy")
        order.update(processing_source="REFUND", processing_status="IN_PROGRESS")
        lifecycle.schedule(
            rt, db, order, "refund_done", _processing(rt), {"refund_reason": reason, "refund_reason_note": note}
        )
        lifecycle.touch(rt, order)
        store.order_save(db, order)
    return store.public(order)


def carriers(rt: Runtime, args) -> list[dict]:
    order_type = args.get("order_type")
    if order_type not in ("GENERAL", "CONFIRMED_DELIVERY"):
        raise WishError("invalid_param", detail="order_type must be GENERAL or CONFIRMED_DELIVERY")
    chosen = [item for item in rt.carriers.values() if order_type == "GENERAL" or item["confirmed_delivery"]]
    return [{"name": item["name"]} for item in chosen]
