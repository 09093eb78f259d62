"""How an AliExpress order moves on by itself after it is placed, in AliExpress's own terms.

    PLACE_ORDER_SUCCESS --pay--> RISK_CONTROL --risk_cleared--> WAIT_SELLER_SEND_GOODS
        --(seller fulfils, send_type=part)--> SELLER_PART_SEND_GOODS
        --(seller fulfils, send_type=all)--> WAIT_BUYER_ACCEPT_GOODS --deliver--> FINISH (buyer_accept_goods)
    unpaid:              --pay_timeout--> FINISH (buyer_cancel_notpay_order)
    buyer cancels:       WAIT_SELLER_SEND_GOODS --request_cancel--> IN_CANCEL --cancel_done--> FINISH + refund
    seller never ships:  --ship_timeout--> FINISH (seller_send_goods_timeout) + refund
    dispute:             WAIT_BUYER_ACCEPT_GOODS --open_issue--> IN_ISSUE --issue_refund--> FINISH + refund

Events wait in order_events with a real due time (simulated delay / speedup) and are applied by the
background thread and at the start of every API call; each change moves gmt_update. Delays are
far shorter than real AliExpress (risk control is 24 h there) so a session sees orders move.
"""

from __future__ import annotations

import sqlite3
from decimal import Decimal

from infra.sandboxes.aliexpress import store
from infra.sandboxes.aliexpress.order_views import totals
from infra.sandboxes.aliexpress.runtime import Runtime

DAY = 86400
LIFECYCLE = {
    "pay_after": 60,
    "pay_share": 0.93,
    "pay_window": 1800,
    "risk_control": 120,
    "ship_window": 5 * DAY,
    "cancel_share": 0.05,
    "cancel_after": 600,
    "cancel_review": 900,
    "delivery_after": 3600,
    "issue_share": 0.05,
    "issue_after": 1800,
    "issue_review": 3600,
}


def settings(rt: Runtime) -> dict:
    return {**LIFECYCLE, **(rt.option("lifecycle") or {})}


def schedule(rt: Runtime, db: sqlite3.Connection, order: dict, kind: str, after: float) -> None:
    store.event_add(db, order["order_id"], rt.now() + rt.delay(after), kind)


def draw(rt: Runtime) -> float:
    with rt.rng_lock:
        return rt.rng.random()


def log(rt: Runtime, order: dict, action: str, by: str, memo: str | None = None) -> None:
    order.setdefault("log", []).append({"action": action, "by": by, "at": rt.now(), "memo": memo})


def stock(db: sqlite3.Connection, order: dict, sign: int) -> None:
    """Take (sign=-1) or give back (+1) the ordered quantities from the seller's listed SKUs."""
    for line in order["lines"]:
        product = store.product_load(db, line["product_id"], order["seller_id"])
        if product is None:
            continue
        for sku in product["skus"]:
            if sku["sku_code"] == line["sku_code"]:
                sku["inventory"] = max(0, sku["inventory"] + sign * line["quantity"])
        store.product_save(db, product)
    order["stock_taken"] = sign < 0


def _refund(rt: Runtime, order: dict, amount: Decimal, reason: str, kind: str) -> None:
    order["refund"] = {"reason": reason, "status": "refund_ok", "type": kind, "at": rt.now(), "amount": str(amount)}


def _finish(rt: Runtime, order: dict, reason: str) -> None:
    order.update(status="FINISH", end_reason=reason, finished=rt.now())


def became_payable(rt: Runtime, db: sqlite3.Connection, order: dict) -> None:
    """Payment cleared risk control: the seller may ship now."""
    conf = settings(rt)
    order.update(
        status="WAIT_SELLER_SEND_GOODS",
        logistics_status="WAIT_SELLER_SEND_GOODS",
        ship_deadline=rt.now() + rt.delay(conf["ship_window"]),
    )
    schedule(rt, db, order, "ship_timeout", conf["ship_window"])
    if draw(rt) < conf["cancel_share"]:
        schedule(rt, db, order, "request_cancel", conf["cancel_after"] * (0.5 + draw(rt)))


def shipped_all(rt: Runtime, db: sqlite3.Connection, order: dict) -> None:
    conf = settings(rt)
    if draw(rt) < conf["issue_share"]:
        schedule(rt, db, order, "open_issue", conf["issue_after"])
    else:
        schedule(rt, db, order, "deliver", conf["delivery_after"])


def _pay(rt, db, order) -> bool:
    if order["status"] != "PLACE_ORDER_SUCCESS":
        return False
    order.update(status="RISK_CONTROL", fund_status="PAY_SUCCESS", paid=rt.now())
    if not order.get("stock_taken"):
        stock(db, order, -1)
    log(rt, order, "pay", "buyer")
    schedule(rt, db, order, "risk_cleared", settings(rt)["risk_control"])
    return True


def _risk_cleared(rt, db, order) -> bool:
    if order["status"] != "RISK_CONTROL":
        return False
    became_payable(rt, db, order)
    return True


def _pay_timeout(rt, db, order) -> bool:
    if order["status"] != "PLACE_ORDER_SUCCESS":
        return False
    if order.get("stock_taken"):
        stock(db, order, +1)
    _finish(rt, order, "buyer_cancel_notpay_order")
    log(rt, order, "close", "system", "not paid in time")
    return True


def _request_cancel(rt, db, order) -> bool:
    if order["status"] != "WAIT_SELLER_SEND_GOODS":
        return False
    order["status"] = "IN_CANCEL"
    log(rt, order, "request_cancel", "buyer")
    schedule(rt, db, order, "cancel_done", settings(rt)["cancel_review"])
    return True


def _cancel_done(rt, db, order) -> bool:
    if order["status"] != "IN_CANCEL":
        return False
    stock(db, order, +1)
    _refund(rt, order, totals(order)[2], "buyer requested cancellation", "cancel_order")
    order["logistics_status"] = "NO_LOGISTICS"
    _finish(rt, order, "buyer_cancel_order")
    log(rt, order, "cancel", "system")
    return True


def _ship_timeout(rt, db, order) -> bool:
    if order["status"] not in ("WAIT_SELLER_SEND_GOODS", "SELLER_PART_SEND_GOODS"):
        return False
    if order["status"] == "WAIT_SELLER_SEND_GOODS":
        stock(db, order, +1)
    _refund(rt, order, totals(order)[2], "seller did not ship in time", "cancel_order")
    _finish(rt, order, "seller_send_goods_timeout")
    log(rt, order, "close", "system", "shipping deadline passed")
    return True


def _deliver(rt, db, order) -> bool:
    if order["status"] != "WAIT_BUYER_ACCEPT_GOODS":
        return False
    for shipment in order.get("shipments") or []:
        shipment.setdefault("received", rt.now())
    order["logistics_status"] = "BUYER_ACCEPT_GOODS"
    _finish(rt, order, "buyer_accept_goods")
    log(rt, order, "confirm_receipt", "buyer")
    return True


def _open_issue(rt, db, order) -> bool:
    if order["status"] != "WAIT_BUYER_ACCEPT_GOODS":
        return False
    order.update(status="IN_ISSUE", issue_status="IN_ISSUE")
    order["issue"] = {"model": "refund_only", "status": "processing", "at": rt.now()}
    log(rt, order, "open_issue", "buyer", "item not as described")
    schedule(rt, db, order, "issue_refund", settings(rt)["issue_review"])
    return True


def _issue_refund(rt, db, order) -> bool:
    if order["status"] != "IN_ISSUE":
        return False
    order["issue_status"] = "END_ISSUE"
    order["issue"]["status"] = "finish"
    _refund(rt, order, totals(order)[0], "item not as described", "issue_refund")
    _finish(rt, order, "issue_refund")
    log(rt, order, "refund", "system")
    return True


TRANSITIONS = {
    "pay": _pay,
    "risk_cleared": _risk_cleared,
    "pay_timeout": _pay_timeout,
    "request_cancel": _request_cancel,
    "cancel_done": _cancel_done,
    "ship_timeout": _ship_timeout,
    "deliver": _deliver,
    "open_issue": _open_issue,
    "issue_refund": _issue_refund,
}


def apply(rt: Runtime, db: sqlite3.Connection, order: dict, kind: str) -> bool:
    changed = TRANSITIONS[kind](rt, db, order)
    if changed:
        order["modified"] = rt.now()
        store.order_save(db, order)
    return changed


def run_due(rt: Runtime, limit: int = 500) -> int:
    now = rt.now()
    if rt.state.one("SELECT 1 FROM order_events WHERE due_at <= ? LIMIT 1", (now,)) is None:
        return 0
    applied = 0
    with rt.state.transaction() as db:
        events = db.execute(
            "SELECT id, order_id, kind FROM order_events WHERE due_at <= ? ORDER BY due_at, id LIMIT ?", (now, limit)
        ).fetchall()
        for event in events:
            db.execute("DELETE FROM order_events WHERE id = ?", (event["id"],))
            order = store.order_load(db, event["order_id"])
            if order is not None and apply(rt, db, order, event["kind"]):
                applied += 1
    return applied


def advance(rt: Runtime, simulated_seconds: float) -> int:
    """Let `simulated_seconds` pass for pending events, chains included: an event applied on the
    way schedules its follow-ups from that moment, so they fire only if the budget still covers
    them. Changes are stamped with the real current time."""
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
