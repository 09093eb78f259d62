"""Finances API v0: listFinancialEventsByOrderId. Shipping an order posts a ShipmentEvent,
a refund a RefundEvent (generator.py); this returns them, oldest first, 100 per page."""

from __future__ import annotations

import json

from flask import Blueprint, current_app, request

from infra.sandboxes.amazon.wire import decode_token, encode_token, invalid_input, iso, operation

blueprint = Blueprint("amazon_finances", __name__)


@blueprint.get("/finances/v0/orders/<order_id>/financialEvents")
@operation("listFinancialEventsByOrderId")
def list_financial_events_by_order_id(caller, order_id: str):
    amazon = current_app.extensions["amazon"]
    size = request.args.get("MaxResultsPerPage", "100")
    if not size.isdigit() or not 1 <= int(size) <= 100:
        raise invalid_input("MaxResultsPerPage must be between 1 and 100.")
    offset = int(decode_token(request.args["NextToken"])["offset"]) if request.args.get("NextToken") else 0
    rows = amazon.state.query(
        "SELECT * FROM financial_events WHERE seller_id = ? AND order_id = ? AND posted <= ? "
        "ORDER BY posted, id LIMIT ? OFFSET ?",
        (caller.seller_id, order_id, amazon.now(), int(size) + 1, offset),
    )
    events: dict[str, list] = {"ShipmentEventList": [], "RefundEventList": []}
    for row in rows[: int(size)]:
        event = json.loads(row["doc"])
        event["PostedDate"] = iso(event["PostedDate"])
        events["ShipmentEventList" if row["kind"] == "shipment" else "RefundEventList"].append(event)
    payload = {"FinancialEvents": events}
    if len(rows) > int(size):
        payload["NextToken"] = encode_token({"offset": offset + int(size)})
    return {"payload": payload}
