"""Fulfillment Outbound API 2020-07-01 (Multi-Channel Fulfillment): preview, create, get, list,
cancel and package tracking.

An MCF order reserves FBA stock when created and then moves on over simulated time:
RECEIVED -> PLANNING (10 min) -> PROCESSING (1 h) -> COMPLETE (shipped, 2-20 h depending on the
shipping speed), when its packages get a carrier and tracking number and the reserved units leave
inventory; packages are delivered 1-4 days later. It can be cancelled until it is PROCESSING.
Unknown SKUs are refused (400, as Amazon words it); too little stock makes a FillOrKill order
UNFULFILLABLE and a FillAllAvailable one ship what there is. The simulation itself is in mcf.py.
"""

from __future__ import annotations

import json

from flask import Blueprint, current_app, request

from infra.sandboxes.amazon import notifications
from infra.sandboxes.amazon.inventory import change_stock
from infra.sandboxes.amazon.mcf import SHIP_HOURS, TRANSIT_DAYS, render
from infra.sandboxes.amazon.store import MARKETPLACES, dumps
from infra.sandboxes.amazon.wire import (
    decode_token,
    encode_token,
    invalid_input,
    iso,
    json_body,
    not_found,
    operation,
    parse_time,
    strip_library_keys,
)

blueprint = Blueprint("amazon_outbound", __name__)
BASE = "/fba/outbound/2020-07-01"
SPEEDS = ("Standard", "Expedited", "Priority", "ScheduledDelivery")
CANCELLABLE = ("RECEIVED", "PLANNING")
PAGE_SIZE = 50
HOUR, DAY = 3600, 86400


def marketplace_for(body: dict) -> str:
    if body.get("marketplaceId"):
        if body["marketplaceId"] not in MARKETPLACES:
            raise invalid_input("Invalid 'marketplaceId' provided.")
        return body["marketplaceId"]
    country = (body.get("destinationAddress") or body.get("address") or {}).get("countryCode")
    return next((m.id for m in MARKETPLACES.values() if m.country == country), "ATVPDKIKX0DER")


def check_address(address: object, field: str) -> dict:
    if not isinstance(address, dict):
        raise invalid_input(f"Missing required '{field}'.")
    missing = [key for key in ("name", "addressLine1", "countryCode", "postalCode") if not address.get(key)]
    if missing:
        raise invalid_input(f"Missing required field(s) in {field}: {', '.join(missing)}.")
    return address


def check_items(amazon, seller_id: str, marketplace_id: str, items: object) -> list[dict]:
    """Each item needs sellerSku, sellerFulfillmentOrderItemId and a positive quantity, and the
    SKU must be known to FBA in that marketplace."""
    if not isinstance(items, list) or not items:
        raise invalid_input("Missing required 'items'.")
    checked = []
    for item in items:
        if not isinstance(item, dict) or not item.get("sellerSku") or not item.get("sellerFulfillmentOrderItemId"):
            raise invalid_input("Each item needs 'sellerSku' and 'sellerFulfillmentOrderItemId'.")
        if not isinstance(item.get("quantity"), int) or item["quantity"] < 1:
            raise invalid_input(f"Invalid quantity for Item Id: {item['sellerFulfillmentOrderItemId']}.")
        stock = amazon.state.one(
            "SELECT * FROM inventory WHERE seller_id = ? AND marketplace_id = ? AND sku = ?",
            (seller_id, marketplace_id, item["sellerSku"]),
        )
        checked.append({**item, "_stock": stock})
    return checked


def unknown_skus(items: list[dict]) -> list[dict]:
    return [item for item in items if item["_stock"] is None]


@blueprint.post(f"{BASE}/fulfillmentOrders/preview")
@operation("getFulfillmentPreview")
def get_fulfillment_preview(caller):
    amazon = current_app.extensions["amazon"]
    body = strip_library_keys(json_body(), keep=("marketplaceId",))
    check_address(body.get("address"), "address")
    marketplace_id = marketplace_for(body)
    items = check_items(amazon, caller.seller_id, marketplace_id, body.get("items"))
    speeds = body.get("shippingSpeedCategories") or ["Standard", "Expedited", "Priority"]
    if any(speed not in SPEEDS for speed in speeds):
        raise invalid_input("Invalid 'shippingSpeedCategories' provided.")
    now, currency = amazon.now(), MARKETPLACES[marketplace_id].currency
    previews = []
    for speed in speeds:
        short = []
        for item in items:
            if item["_stock"] is None:
                short.append((item, ["InvalidSKU"]))
            elif item["_stock"]["fulfillable"] < item["quantity"]:
                short.append((item, ["InventoryUnavailable"]))
        units = sum(item["quantity"] for item in items)
        preview = {
            "shippingSpeedCategory": speed,
            "isFulfillable": not short,
            "isCODCapable": False,
            "marketplaceId": marketplace_id,
            "estimatedShippingWeight": {"unit": "POUNDS", "value": f"{0.4 * units:.2f}"},
            "estimatedFees": [
                {
                    "name": "FBAPerUnitFulfillmentFee",
                    "amount": {"currencyCode": currency, "value": f"{3.22 * units:.2f}"},
                }
            ],
            "fulfillmentPreviewShipments": []
            if short
            else [
                {
                    "earliestShipDate": iso(now + HOUR),
                    "latestShipDate": iso(now + SHIP_HOURS[speed] * HOUR),
                    "earliestArrivalDate": iso(now + TRANSIT_DAYS[speed] * DAY),
                    "latestArrivalDate": iso(now + (TRANSIT_DAYS[speed] + 2) * DAY),
                    "fulfillmentPreviewItems": [
                        {
                            "sellerSku": i["sellerSku"],
                            "quantity": i["quantity"],
                            "sellerFulfillmentOrderItemId": i["sellerFulfillmentOrderItemId"],
                        }
                        for i in items
                    ],
                }
            ],
            "unfulfillablePreviewItems": [
                {
                    "sellerSku": i["sellerSku"],
                    "quantity": i["quantity"],
                    "sellerFulfillmentOrderItemId": i["sellerFulfillmentOrderItemId"],
                    "itemUnfulfillableReasons": reasons,
                }
                for i, reasons in short
            ],
        }
        if short:
            preview["orderUnfulfillableReasons"] = ["NotEnoughInventory"]
        previews.append(preview)
    return {"payload": {"fulfillmentPreviews": previews}}


@blueprint.post(f"{BASE}/fulfillmentOrders")
@operation("createFulfillmentOrder")
def create_fulfillment_order(caller):
    amazon = current_app.extensions["amazon"]
    body = strip_library_keys(json_body(), keep=("marketplaceId",))
    required = (
        "sellerFulfillmentOrderId",
        "displayableOrderId",
        "displayableOrderDate",
        "displayableOrderComment",
        "shippingSpeedCategory",
        "destinationAddress",
        "items",
    )
    missing = [key for key in required if body.get(key) in (None, "", [])]
    if missing:
        raise invalid_input(f"Missing required field(s): {', '.join(missing)}.")
    order_id = str(body["sellerFulfillmentOrderId"])
    if len(order_id) > 40:
        raise invalid_input("'sellerFulfillmentOrderId' must be 40 characters or fewer.")
    if body["shippingSpeedCategory"] not in SPEEDS:
        raise invalid_input("Invalid 'shippingSpeedCategory' provided.")
    policy = body.get("fulfillmentPolicy", "FillOrKill")
    if policy not in ("FillOrKill", "FillAll", "FillAllAvailable"):
        raise invalid_input("Invalid 'fulfillmentPolicy' provided.")
    action = body.get("fulfillmentAction", "Ship")
    if action not in ("Ship", "Hold"):
        raise invalid_input("Invalid 'fulfillmentAction' provided.")
    parse_time(str(body["displayableOrderDate"]), "displayableOrderDate")
    check_address(body["destinationAddress"], "destinationAddress")
    marketplace_id = marketplace_for(body)
    items = check_items(amazon, caller.seller_id, marketplace_id, body["items"])
    for item in unknown_skus(items):
        raise invalid_input(
            f"The SellerSKU for Item Id: {item['sellerFulfillmentOrderItemId']} is invalid.",
            f"SKU '{item['sellerSku']}' is not in FBA inventory for {marketplace_id}.",
        )
    if amazon.state.one("SELECT 1 FROM mcf_orders WHERE seller_id = ? AND order_id = ?", (caller.seller_id, order_id)):
        raise invalid_input(f"A fulfillment order with sellerFulfillmentOrderId '{order_id}' already exists.")
    now = amazon.now()
    short = any(item["_stock"]["fulfillable"] < item["quantity"] for item in items)
    status = "UNFULFILLABLE" if short and policy == "FillOrKill" else "RECEIVED"
    lines = []
    for item in items:
        ships = 0 if status == "UNFULFILLABLE" else min(item["quantity"], item["_stock"]["fulfillable"])
        lines.append(
            {key: value for key, value in item.items() if not key.startswith("_")}
            | {
                "fnsku": item["_stock"]["fnsku"],
                "ships": ships,
                "unfulfillable": item["quantity"] - ships,
                "cancelled": 0,
            }
        )
        if ships:
            change_stock(
                amazon,
                seller_id=caller.seller_id,
                marketplace_id=marketplace_id,
                sku=item["sellerSku"],
                at=now,
                fulfillable=-ships,
                reserved=ships,
            )
    doc = {key: body[key] for key in body if key != "items"} | {
        "items": lines,
        "fulfillmentPolicy": policy,
        "fulfillmentAction": action,
        "shipments": [],
    }
    next_at = None if status == "UNFULFILLABLE" else now + 10 * 60
    amazon.state.execute(
        "INSERT INTO mcf_orders (seller_id, order_id, marketplace_id, status, received, status_updated, next_at, doc) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (caller.seller_id, order_id, marketplace_id, status, now, now, next_at, dumps(doc)),
    )
    notifications.fulfillment_order_changed(amazon, caller.seller_id, order_id)
    return {}


def seller_mcf_order(amazon, caller, order_id: str):
    row = amazon.state.one(
        "SELECT * FROM mcf_orders WHERE seller_id = ? AND order_id = ?", (caller.seller_id, order_id)
    )
    if row is None:
        raise not_found(f"Fulfillment order '{order_id}' not found.")
    return row


@blueprint.get(f"{BASE}/fulfillmentOrders/<order_id>")
@operation("getFulfillmentOrder")
def get_fulfillment_order(caller, order_id: str):
    amazon = current_app.extensions["amazon"]
    return {"payload": render(amazon, seller_mcf_order(amazon, caller, order_id))}


@blueprint.get(f"{BASE}/fulfillmentOrders")
@operation("listAllFulfillmentOrders")
def list_all_fulfillment_orders(caller):
    amazon = current_app.extensions["amazon"]
    if request.args.get("nextToken"):
        query = decode_token(request.args["nextToken"], "nextToken")
    else:
        start = parse_time(request.args.get("queryStartDate"), "queryStartDate")
        query = {"start": start if start is not None else 0.0, "offset": 0}
    rows = amazon.state.query(
        "SELECT * FROM mcf_orders WHERE seller_id = ? AND status_updated >= ? "
        "ORDER BY received, order_id LIMIT ? OFFSET ?",
        (caller.seller_id, query["start"], PAGE_SIZE + 1, query["offset"]),
    )
    payload = {"fulfillmentOrders": [render(amazon, row)["fulfillmentOrder"] for row in rows[:PAGE_SIZE]]}
    if len(rows) > PAGE_SIZE:
        payload["nextToken"] = encode_token({**query, "offset": query["offset"] + PAGE_SIZE})
    return {"payload": payload}


@blueprint.put(f"{BASE}/fulfillmentOrders/<order_id>/cancel")
@operation("cancelFulfillmentOrder")
def cancel_fulfillment_order(caller, order_id: str):
    amazon = current_app.extensions["amazon"]
    row = seller_mcf_order(amazon, caller, order_id)
    if row["status"] not in CANCELLABLE:
        raise invalid_input(f"Fulfillment order '{order_id}' is {row['status']} and can no longer be cancelled.")
    doc, now = json.loads(row["doc"]), amazon.now()
    for item in doc["items"]:
        if item["ships"]:
            change_stock(
                amazon,
                seller_id=caller.seller_id,
                marketplace_id=row["marketplace_id"],
                sku=item["sellerSku"],
                at=now,
                fulfillable=item["ships"],
                reserved=-item["ships"],
            )
        item["cancelled"], item["ships"] = item["quantity"] - item["unfulfillable"], 0
    amazon.state.execute(
        "UPDATE mcf_orders SET status = 'CANCELLED', status_updated = ?, next_at = NULL, doc = ? "
        "WHERE seller_id = ? AND order_id = ?",
        (now, dumps(doc), caller.seller_id, order_id),
    )
    notifications.fulfillment_order_changed(amazon, caller.seller_id, order_id)
    return {}


@blueprint.get(f"{BASE}/tracking")
@operation("getPackageTrackingDetails")
def get_package_tracking_details(caller):
    amazon = current_app.extensions["amazon"]
    number = request.args.get("packageNumber", "")
    if not number.isdigit():
        raise invalid_input("Missing or invalid required parameter 'packageNumber'.")
    package = amazon.state.one(
        "SELECT * FROM mcf_packages WHERE package_number = ? AND seller_id = ?", (int(number), caller.seller_id)
    )
    if package is None:
        raise not_found(f"Package {number} not found.")
    info, now = json.loads(package["doc"]), amazon.now()
    place = {"city": info["city"] or "-", "state": info["state"] or "-", "country": info["country"]}
    shipped, arrival = package["shipped"], info["arrival"]
    events = [
        {
            "eventDate": iso(shipped),
            "eventAddress": place,
            "eventCode": "EVENT_101",
            "eventDescription": "Carrier picked up the package.",
        }
    ]
    if now >= shipped + (arrival - shipped) / 2:
        events.append(
            {
                "eventDate": iso(shipped + (arrival - shipped) / 2),
                "eventAddress": place,
                "eventCode": "EVENT_201",
                "eventDescription": "Arrival scan.",
            }
        )
    delivered = now >= arrival
    if delivered:
        events.append(
            {
                "eventDate": iso(arrival),
                "eventAddress": place,
                "eventCode": "EVENT_301",
                "eventDescription": "Delivered.",
            }
        )
    return {
        "payload": {
            "packageNumber": package["package_number"],
            "trackingNumber": package["tracking_number"],
            "carrierCode": package["carrier"],
            "shipDate": iso(shipped),
            "estimatedArrivalDate": iso(arrival),
            "shipToAddress": place,
            "currentStatus": "DELIVERED" if delivered else "IN_TRANSIT",
            "trackingEvents": list(reversed(events)),
        }
    }
