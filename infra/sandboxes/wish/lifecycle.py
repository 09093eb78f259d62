"""How a Wish order moves on after release, in Wish's own terms (state, fulfillment_records,
refunds, processing_source / processing_status):

    REQUIRE_REVIEW --review_done--> APPROVED (a few orders start under review)
    APPROVED --(PUT tracking)--> processing UPDATE_TRACKING IN_PROGRESS --tracking_done--> SUCCEEDED, SHIPPED
             (or FAILED when the number does not fit the carrier's pattern; the order stays APPROVED)
    SHIPPED --confirm_fulfilled--> CONFIRM_FULFILLED record --delivered--> CONFIRMED_DELIVERED record
    APPROVED --customer_cancel--> REFUNDED (refund_source CUSTOMER)
    APPROVED --ship_deadline--> REFUNDED (refund_source WISH; expected_ship_time missed)
    SHIPPED --customer_refund--> REFUNDED (refund_source CUSTOMER, after delivery)
    APPROVED|SHIPPED --(PUT refund)--> processing REFUND IN_PROGRESS --refund_done--> REFUNDED (MERCHANT)

Every change moves updated_at. Delays are simulated seconds; events apply from the background
thread and at the start of every API call.
"""

from __future__ import annotations

import json
import re
import sqlite3
from decimal import ROUND_HALF_UP, Decimal

from infra.sandboxes.wish import store, timefmt
from infra.sandboxes.wish.products import stock_change
from infra.sandboxes.wish.runtime import Runtime

DAY = 86400
LIFECYCLE = {
    "review_after": 600,
    "ship_window": 5 * DAY,
    "delivery_window": 20 * DAY,
    "cancel_share": 0.04,
    "cancel_after": 1800,
    "review_share": 0.05,
    "confirm_after": DAY,
    "deliver_after": 6 * DAY,
    "refund_share": 0.03,
    "refund_after": 2 * DAY,
}


def settings(rt: Runtime) -> dict:
    return {**LIFECYCLE, **(rt.option("lifecycle") or {})}


def draw(rt: Runtime) -> float:
    with rt.rng_lock:
        return rt.rng.random()


def schedule(rt: Runtime, db, order: dict, kind: str, after: float, payload: dict | None = None) -> None:
    store.event_add(db, order["id"], rt.now() + rt.delay(after), kind, payload)


def touch(rt: Runtime, order: dict) -> None:
    order["_updated_ms"] = rt.now_ms()
    order["updated_at"] = timefmt.to_text(order["_updated_ms"])


def record(rt: Runtime, order: dict, event_type: str) -> None:
    order["fulfillment_records"].append({"event_type": event_type, "event_time": timefmt.to_text(rt.now_ms())})


def _money(amount: Decimal) -> dict:
    return {"amount": float(amount.quantize(Decimal("0.01"), ROUND_HALF_UP)), "currency_code": "USD"}


def refund(rt: Runtime, db, order: dict, *, reason: str, source: str, note: str | None = None) -> None:
    details = order["order_payment"]["general_payment_details"]
    total = Decimal(str(details["payment_total"]["amount"]))
    responsible = total if source == "MERCHANT" or order["state"] == "APPROVED" else total / 2
    order["refunds"].append(
        {
            "refund_reason": reason,
            "refund_reason_note": note,
            "refund_source": source,
            "refund_amount": _money(total),
            "merchant_responsible_amount": _money(responsible),
            "refund_time": timefmt.to_text(rt.now_ms()),
        }
    )
    if order["state"] == "APPROVED" and order.get("_stock_taken"):
        info = order["product_information"]
        stock_change(rt, db, order["_merchant_id"], info["id"], info["variation_id"], details["product_quantity"])
        order["_stock_taken"] = False
    order["state"] = "REFUNDED"


def released(rt: Runtime, db, order: dict) -> None:
    """The order is now APPROVED: the merchant must ship by expected_ship_time."""
    conf = settings(rt)
    schedule(rt, db, order, "ship_deadline", conf["ship_window"])
    if draw(rt) < conf["cancel_share"]:
        schedule(rt, db, order, "customer_cancel", conf["cancel_after"] * (0.5 + draw(rt)))


def _review_done(rt, db, order, payload) -> bool:
    if order["state"] != "REQUIRE_REVIEW":
        return False
    order["state"] = "APPROVED"
    released(rt, db, order)
    return True


def _tracking_done(rt, db, order, payload) -> bool:
    if order["processing_source"] != "UPDATE_TRACKING" or order["processing_status"] != "IN_PROGRESS":
        return False
    carrier = rt.carriers[payload["shipping_provider"].lower()]
    if not re.fullmatch(carrier["pattern"], payload["tracking_number"]) or order["state"] not in (
        "APPROVED",
        "SHIPPED",
    ):
        order["processing_status"] = "FAILED"
        return True
    order["processing_status"] = "SUCCEEDED"
    info = {
        "tracking_number": payload["tracking_number"],
        "shipping_provider": {"name": carrier["name"]},
        "origin_country": payload["origin_country"],
        "ship_note": payload.get("ship_note"),
    }
    order["tracking_information"] = [info, *order["tracking_information"]][:2]
    if order["state"] == "APPROVED":
        order["state"] = "SHIPPED"
        record(rt, order, "MARK_SHIPPED")
        conf = settings(rt)
        schedule(rt, db, order, "confirm_fulfilled", conf["confirm_after"])
        schedule(rt, db, order, "delivered", conf["deliver_after"])
    return True


def _refund_done(rt, db, order, payload) -> bool:
    if order["processing_source"] != "REFUND" or order["processing_status"] != "IN_PROGRESS":
        return False
    order["processing_status"] = "SUCCEEDED"
    if order["state"] in ("APPROVED", "SHIPPED"):
        refund(
            rt, db, order, reason=payload["refund_reason"], source="MERCHANT", note=payload.get("refund_reason_note")
        )
    return True


def _customer_cancel(rt, db, order, payload) -> bool:
    if order["state"] != "APPROVED" or order["processing_status"] == "IN_PROGRESS":
        return False
    refund(rt, db, order, reason="Customer cancelled the order before it shipped", source="CUSTOMER")
    return True


def _ship_deadline(rt, db, order, payload) -> bool:
    if order["state"] != "APPROVED":
        return False
    refund(rt, db, order, reason="UNABLE_TO_SHIP", source="WISH", note="expected_ship_time passed without tracking")
    return True


def _confirm_fulfilled(rt, db, order, payload) -> bool:
    if order["state"] != "SHIPPED":
        return False
    record(rt, order, "CONFIRM_FULFILLED")
    return True


def _delivered(rt, db, order, payload) -> bool:
    if order["state"] != "SHIPPED":
        return False
    record(rt, order, "CONFIRMED_DELIVERED")
    conf = settings(rt)
    if draw(rt) < conf["refund_share"]:
        schedule(rt, db, order, "customer_refund", conf["refund_after"])
    return True


def _customer_refund(rt, db, order, payload) -> bool:
    if order["state"] != "SHIPPED":
        return False
    refund(rt, db, order, reason="ITEM_IS_DAMAGED", source="CUSTOMER")
    return True


TRANSITIONS = {
    "review_done": _review_done,
    "tracking_done": _tracking_done,
    "refund_done": _refund_done,
    "customer_cancel": _customer_cancel,
    "ship_deadline": _ship_deadline,
    "confirm_fulfilled": _confirm_fulfilled,
    "delivered": _delivered,
    "customer_refund": _customer_refund,
}


def apply(rt: Runtime, db: sqlite3.Connection, order: dict, kind: str, payload: dict | None = None) -> bool:
    changed = TRANSITIONS[kind](rt, db, order, payload or {})
    if changed:
        touch(rt, order)
        store.order_save(db, order)
    return changed


def run_due(rt: Runtime, limit: int = 500) -> int:
    now = rt.now()
    if rt.state.one("SELECT 1 FROM order_events WHERE due_at <= ? LIMIT 1", (now,)) is None:
        return 0
    applied = 0
    with rt.state.transaction() as db:
        events = db.execute(
            "SELECT * FROM order_events WHERE due_at <= ? ORDER BY due_at, id LIMIT ?", (now, limit)
        ).fetchall()
        for event in events:
            db.execute("DELETE FROM order_events WHERE id = ?", (event["id"],))
            order = store.order_load(db, event["order_id"])
            payload = json.loads(event["payload"]) if event["payload"] else None
            if order is not None and apply(rt, db, order, event["kind"], payload):
                applied += 1
    return applied


def advance(rt: Runtime, simulated_seconds: float) -> int:
    """Let simulated time pass for pending events, follow-up events included while the budget lasts."""
    budget, applied = rt.delay(simulated_seconds), 0
    for _ in range(100000):
        row = rt.state.one("SELECT MIN(due_at) AS due FROM order_events")
        if row is None or row["due"] is None:
            break
        wait = max(0.0, row["due"] - rt.now())
        step = min(wait, budget)
        rt.state.execute("UPDATE order_events SET due_at = due_at - ?", (step,))
        budget -= step
        if wait > step:
            break
        applied += run_due(rt, limit=100000)
    return applied
