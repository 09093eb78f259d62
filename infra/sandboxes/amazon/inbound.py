"""Fulfillment Inbound: v0 getShipments / getShipmentItemsByShipmentId and 2024-03-20
listInboundPlans / getShipment, over inbound shipments created with `POST /_control/inbound`.

A shipment moves on over simulated time: WORKING -> SHIPPED (12 h) -> IN_TRANSIT (12 h) ->
DELIVERED (2-5 days) -> CHECKED_IN (2 h) -> RECEIVING (6 h) -> CLOSED (1-3 days). FBA inventory
follows (inbound working -> shipped -> receiving -> fulfillable). About a quarter of the lines
are received short or over by a few units (seeded), as happens at real fulfilment centres.
"""

from __future__ import annotations

import json
import uuid

from flask import Blueprint, current_app, request

from infra.sandboxes.amazon.inventory import change_stock
from infra.sandboxes.amazon.listings import identifiers
from infra.sandboxes.amazon.store import MARKETPLACES, dumps
from infra.sandboxes.amazon.wire import (
    decode_token,
    encode_token,
    invalid_input,
    iso,
    list_param,
    not_found,
    operation,
    parse_time,
)

blueprint = Blueprint("amazon_inbound", __name__)
HOUR, DAY = 3600, 86400
STEPS = {  # status -> (next status, (min, max) simulated seconds until it)
    "WORKING": ("SHIPPED", (12 * HOUR, 12 * HOUR)),
    "SHIPPED": ("IN_TRANSIT", (12 * HOUR, 12 * HOUR)),
    "IN_TRANSIT": ("DELIVERED", (2 * DAY, 5 * DAY)),
    "DELIVERED": ("CHECKED_IN", (2 * HOUR, 2 * HOUR)),
    "CHECKED_IN": ("RECEIVING", (6 * HOUR, 6 * HOUR)),
    "RECEIVING": ("CLOSED", (DAY, 3 * DAY)),
}
# The getShipments ShipmentStatusList parameter enum; READY_TO_SHIP is a valid filter although
# the ShipmentStatus response enum never reports it, so it simply matches nothing here.
V0_STATUSES = (
    "WORKING",
    "READY_TO_SHIP",
    "SHIPPED",
    "RECEIVING",
    "CANCELLED",
    "DELETED",
    "CLOSED",
    "ERROR",
    "IN_TRANSIT",
    "DELIVERED",
    "CHECKED_IN",
)
CENTERS = {
    "NA": ["MKC6", "PHX6", "SEA8", "ONT8"],
    "EU": ["LEJ1", "BHX4", "MXP5", "MAD4"],
    "FE": ["NRT1", "KIX2", "SYD8"],
}
PAGE_SIZE = 50
DEFAULT_SHIP_FROM = {
    "name": "Hub Seller Warehouse",
    "addressLine1": "88 Gaoxin Road",
    "city": "Shenzhen",
    "stateOrProvinceCode": "GD",
    "countryCode": "CN",
    "postalCode": "518057",
}


def create_shipment(
    amazon,
    *,
    seller_id: str,
    marketplace_id: str,
    items: list[dict],
    name: str | None = None,
    ship_from: dict | None = None,
) -> dict:
    """Create an inbound plan with one shipment in WORKING (the control route's job)."""
    rng, now = amazon.random, amazon.now()
    market = MARKETPLACES[marketplace_id]
    shipment_id = "FBA" + "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRSTUVWXYZ") for _ in range(9))
    lines = []
    for item in items:
        shipped = int(item["quantity"])
        received = shipped
        if rng.random() < 0.25:  # damaged, miscounted or mislabelled units
            received = max(0, shipped + rng.choice([-3, -2, -1, -1, 1]))
        lines.append(
            {
                "sku": item["sku"],
                "fnsku": identifiers(item["sku"])[1],
                "shipped": shipped,
                "final_received": received,
                "received": 0,
            }
        )
        change_stock(
            amazon, seller_id=seller_id, marketplace_id=marketplace_id, sku=item["sku"], at=now, inbound_working=shipped
        )
    doc = {
        "name": name or f"FBA ({iso(now)[:10]}) - {len(lines)} SKUs",
        "items": lines,
        "ship_from": ship_from or DEFAULT_SHIP_FROM,
        "center": rng.choice(CENTERS[market.region]),
        "shipment_uuid": "sh" + str(uuid.UUID(int=rng.getrandbits(128))),
        "placement": "pl" + str(uuid.UUID(int=rng.getrandbits(128))),
    }
    plan_id = "wf" + str(uuid.UUID(int=rng.getrandbits(128)))
    low, high = STEPS["WORKING"][1]
    amazon.state.execute(
        "INSERT INTO inbound_shipments (seller_id, shipment_id, plan_id, marketplace_id, status, created, updated, "
        "next_at, doc) "
        "VALUES (?, ?, ?, ?, 'WORKING', ?, ?, ?, ?)",
        (seller_id, shipment_id, plan_id, marketplace_id, now, now, now + rng.uniform(low, high), dumps(doc)),
    )
    return {
        "shipmentId": shipment_id,
        "inboundPlanId": plan_id,
        "shipmentUuid": doc["shipment_uuid"],
        "status": "WORKING",
    }


def progress(amazon, now: float) -> int:
    due = amazon.state.query(
        "SELECT * FROM inbound_shipments WHERE next_at IS NOT NULL AND next_at <= ? ORDER BY next_at", (now,)
    )
    for row in due:
        status, at, doc = row["status"], row["next_at"], json.loads(row["doc"])
        new_status = STEPS[status][0]
        for line in doc["items"]:
            moves = {}
            if new_status == "SHIPPED":
                moves = {"inbound_working": -line["shipped"], "inbound_shipped": line["shipped"]}
            elif new_status == "RECEIVING":
                line["received"] = line["final_received"] // 2
                moves = {"inbound_shipped": -line["shipped"], "inbound_receiving": line["shipped"]}
            elif new_status == "CLOSED":
                line["received"] = line["final_received"]
                moves = {"inbound_receiving": -line["shipped"], "fulfillable": line["final_received"]}
            if moves:
                change_stock(
                    amazon,
                    seller_id=row["seller_id"],
                    marketplace_id=row["marketplace_id"],
                    sku=line["sku"],
                    at=at,
                    **moves,
                )
        next_at = None
        if new_status in STEPS:
            low, high = STEPS[new_status][1]
            next_at = at + amazon.random.uniform(low, high)
        amazon.state.execute(
            "UPDATE inbound_shipments SET status = ?, updated = ?, next_at = ?, doc = ? "
            "WHERE seller_id = ? AND shipment_id = ?",
            (new_status, at, next_at, dumps(doc), row["seller_id"], row["shipment_id"]),
        )
    return len(due)


def v0_address(address: dict) -> dict:
    return {
        "Name": address["name"],
        "AddressLine1": address["addressLine1"],
        "City": address["city"],
        "StateOrProvinceCode": address.get("stateOrProvinceCode", ""),
        "CountryCode": address["countryCode"],
        "PostalCode": address["postalCode"],
    }


def render_v0(row) -> dict:
    doc = json.loads(row["doc"])
    return {
        "ShipmentId": row["shipment_id"],
        "ShipmentName": doc["name"],
        "ShipFromAddress": v0_address(doc["ship_from"]),
        "DestinationFulfillmentCenterId": doc["center"],
        "ShipmentStatus": row["status"],
        "LabelPrepType": "SELLER_LABEL",
        "AreCasesRequired": False,
        "BoxContentsSource": "INTERACTIVE",
    }


@blueprint.get("/fba/inbound/v0/shipments")
@operation("getShipments")
def get_shipments(caller):
    amazon = current_app.extensions["amazon"]
    marketplace_id, query_type = request.args.get("MarketplaceId"), request.args.get("QueryType")
    if not marketplace_id or marketplace_id not in MARKETPLACES:
        raise invalid_input("Missing or invalid required parameter 'MarketplaceId'.")
    if query_type not in ("SHIPMENT", "DATE_RANGE", "NEXT_TOKEN"):
        raise invalid_input("Invalid 'QueryType'; use SHIPMENT, DATE_RANGE or NEXT_TOKEN.")
    if query_type == "NEXT_TOKEN":
        if not request.args.get("NextToken"):
            raise invalid_input("'NextToken' is required when QueryType is NEXT_TOKEN.")
        query = decode_token(request.args["NextToken"])
    else:
        statuses, ids = list_param("ShipmentStatusList"), list_param("ShipmentIdList")
        if any(s not in V0_STATUSES for s in statuses):
            raise invalid_input("Invalid 'ShipmentStatusList' provided.")
        after, before = (
            parse_time(request.args.get("LastUpdatedAfter"), "LastUpdatedAfter"),
            parse_time(request.args.get("LastUpdatedBefore"), "LastUpdatedBefore"),
        )
        if query_type == "SHIPMENT" and not statuses and not ids:
            raise invalid_input("QueryType SHIPMENT needs ShipmentStatusList or ShipmentIdList.")
        if query_type == "DATE_RANGE" and (after is None or before is None):
            raise invalid_input("QueryType DATE_RANGE needs LastUpdatedAfter and LastUpdatedBefore.")
        query = {"statuses": statuses, "ids": ids, "after": after, "before": before, "offset": 0}
    sql, params = (
        ["SELECT * FROM inbound_shipments WHERE seller_id = ? AND marketplace_id = ?"],
        [caller.seller_id, marketplace_id],
    )
    for key, column in (("statuses", "status"), ("ids", "shipment_id")):
        if query[key]:
            sql.append(f"AND {column} IN ({', '.join('?' * len(query[key]))})")
            params.extend(query[key])
    if query["after"] is not None:
        sql.append("AND updated >= ? AND updated <= ?")
        params.extend([query["after"], query["before"]])
    sql.append("ORDER BY created, shipment_id LIMIT ? OFFSET ?")
    rows = amazon.state.query(" ".join(sql), [*params, PAGE_SIZE + 1, query["offset"]])
    payload = {"ShipmentData": [render_v0(row) for row in rows[:PAGE_SIZE]]}
    if len(rows) > PAGE_SIZE:
        payload["NextToken"] = encode_token({**query, "offset": query["offset"] + PAGE_SIZE})
    return {"payload": payload}


@blueprint.get("/fba/inbound/v0/shipments/<shipment_id>/items")
@operation("getShipmentItemsByShipmentId")
def get_shipment_items(caller, shipment_id: str):
    amazon = current_app.extensions["amazon"]
    row = amazon.state.one(
        "SELECT * FROM inbound_shipments WHERE seller_id = ? AND shipment_id = ?", (caller.seller_id, shipment_id)
    )
    if row is None:
        raise not_found(f"Shipment {shipment_id} not found.")
    doc = json.loads(row["doc"])
    items = [
        {
            "ShipmentId": shipment_id,
            "SellerSKU": line["sku"],
            "FulfillmentNetworkSKU": line["fnsku"],
            "QuantityShipped": line["shipped"],
            "QuantityReceived": line["received"],
            "QuantityInCase": 0,
            "PrepDetailsList": [{"PrepInstruction": "Labeling", "PrepOwner": "SELLER"}],
        }
        for line in doc["items"]
    ]
    return {"payload": {"ItemData": items}}


def plan_status(row) -> str:
    return "ACTIVE" if row["status"] == "WORKING" else "SHIPPED"


def address_2024(address: dict) -> dict:
    return {key: value for key, value in address.items() if value}


@blueprint.get("/inbound/fba/2024-03-20/inboundPlans")
@operation("listInboundPlans")
def list_inbound_plans(caller):
    amazon = current_app.extensions["amazon"]
    size = request.args.get("pageSize", "10")
    if not size.isdigit() or not 1 <= int(size) <= 30:
        raise invalid_input("'pageSize' must be between 1 and 30.")
    status = request.args.get("status")
    if status and status not in ("ACTIVE", "VOIDED", "SHIPPED"):
        raise invalid_input("Invalid 'status' provided.")
    column = "updated" if request.args.get("sortBy") == "LAST_UPDATED_TIME" else "created"
    order = "DESC" if request.args.get("sortOrder") == "DESC" else "ASC"
    rows = [
        row
        for row in amazon.state.query(
            f"SELECT * FROM inbound_shipments WHERE seller_id = ? ORDER BY {column} {order}, plan_id",
            (caller.seller_id,),
        )
        if not status or plan_status(row) == status
    ]
    offset = (
        int(decode_token(request.args["paginationToken"], "paginationToken")["offset"])
        if request.args.get("paginationToken")
        else 0
    )
    chosen = rows[offset : offset + int(size)]
    body = {
        "inboundPlans": [
            {
                "inboundPlanId": row["plan_id"],
                "name": json.loads(row["doc"])["name"],
                "status": plan_status(row),
                "createdAt": iso(row["created"]),
                "lastUpdatedAt": iso(row["updated"]),
                "marketplaceIds": [row["marketplace_id"]],
                "sourceAddress": address_2024(json.loads(row["doc"])["ship_from"]),
            }
            for row in chosen
        ]
    }
    if offset + int(size) < len(rows):
        body["pagination"] = {"nextToken": encode_token({"offset": offset + int(size)})}
    return body


@blueprint.get("/inbound/fba/2024-03-20/inboundPlans/<plan_id>/shipments/<shipment_id>")
@operation("getShipment")
def get_shipment(caller, plan_id: str, shipment_id: str):
    amazon = current_app.extensions["amazon"]
    rows = amazon.state.query(
        "SELECT * FROM inbound_shipments WHERE seller_id = ? AND plan_id = ?", (caller.seller_id, plan_id)
    )
    row = next((r for r in rows if json.loads(r["doc"])["shipment_uuid"] == shipment_id), None)
    if row is None:
        raise not_found(f"Shipment {shipment_id} of inbound plan {plan_id} not found.")
    doc = json.loads(row["doc"])
    return {
        "shipmentId": shipment_id,
        "shipmentConfirmationId": row["shipment_id"],
        "name": doc["name"],
        "placementOptionId": doc["placement"],
        "status": row["status"],
        "source": {"sourceType": "SELLER_FACILITY", "address": address_2024(doc["ship_from"])},
        "destination": {"destinationType": "AMAZON_OPTIMIZED", "warehouseId": doc["center"]},
    }
