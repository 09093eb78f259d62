"""Orders API 2026-01-01 (the replacement for v0): searchOrders and getOrder, over the same
orders as v0, in the new shape (camelCase, `includedData` datasets, Money as {amount, currencyCode})."""

from __future__ import annotations

import json
from decimal import Decimal

from flask import Blueprint, current_app, request

from infra.sandboxes.amazon.generator import money
from infra.sandboxes.amazon.orders import SETTLING_SECONDS, order_total, page, restricted, seller_order
from infra.sandboxes.amazon.store import MARKETPLACES
from infra.sandboxes.amazon.wire import decode_token, invalid_input, iso, list_param, operation, parse_time

blueprint = Blueprint("amazon_orders_2026", __name__)
DATASETS = (
    "BUYER",
    "RECIPIENT",
    "PROCEEDS",
    "EXPENSE",
    "PROMOTION",
    "CANCELLATION",
    "FULFILLMENT",
    "PACKAGES",
    "TAX",
    "PAYMENT",
    "FULFILLMENT_ORDERS",
)
STATUS = {
    "Pending": "PENDING",
    "Unshipped": "UNSHIPPED",
    "PartiallyShipped": "PARTIALLY_SHIPPED",
    "Shipped": "SHIPPED",
    "Canceled": "CANCELLED",
    "Unfulfillable": "UNFULFILLABLE",
    "PendingAvailability": "PENDING_AVAILABILITY",
}
V0_STATUS = {new: old for old, new in STATUS.items()}
BY = {"AFN": "AMAZON", "MFN": "MERCHANT"}


def _money(amount: Decimal, currency: str) -> dict:
    return {"amount": str(money(amount, currency)), "currencyCode": currency}


def included() -> set[str]:
    datasets = list_param("includedData")
    unknown = [d for d in datasets if d not in DATASETS]
    if unknown:
        raise invalid_input(f"Invalid 'includedData' value(s): {', '.join(unknown)}.")
    return set(datasets)


def render(row, datasets: set[str], *, unlocked: frozenset[str]) -> dict:
    doc = json.loads(row["doc"])
    market, currency = MARKETPLACES[row["marketplace_id"]], doc["currency"]
    order = {
        "orderId": row["order_id"],
        "createdTime": iso(row["purchased"]),
        "lastUpdatedTime": iso(row["updated"]),
        "salesChannel": {"channelName": "AMAZON", "marketplaceId": market.id, "marketplaceName": market.name},
        "orderItems": [],
    }
    if doc["is_prime"]:
        order["programs"] = ["PRIME"]
    if "BUYER" in datasets and "buyerInfo" in unlocked:
        order["buyer"] = {"buyerName": doc["buyer"]["name"], "buyerEmail": doc["buyer"]["email"]}
    if "RECIPIENT" in datasets:
        address = doc["address"]
        shown = {
            "city": address["city"],
            "stateOrRegion": address["state"],
            "postalCode": address["postal"],
            "countryCode": address["country"],
        }
        if "shippingAddress" in unlocked:
            shown = {
                "name": address["name"],
                "addressLine1": address["line1"],
                **shown,
                "phone": address["phone"],
                "addressType": address["type"].upper(),
            }
        order["recipient"] = {"deliveryAddress": shown}
    if "PROCEEDS" in datasets and row["status"] not in ("Pending", "Canceled"):
        order["proceeds"] = {"grandTotal": _money(order_total(doc), currency)}
    if "FULFILLMENT" in datasets:
        order["fulfillment"] = {
            "fulfillmentStatus": STATUS[row["status"]],
            "fulfilledBy": BY[row["channel"]],
            "fulfillmentServiceLevel": doc["ship_level"].upper(),
            "shipByWindow": {"earliestDateTime": iso(doc["earliest_ship"]), "latestDateTime": iso(doc["latest_ship"])},
            "deliverByWindow": {
                "earliestDateTime": iso(doc["earliest_delivery"]),
                "latestDateTime": iso(doc["latest_delivery"]),
            },
        }
    for item in doc["items"]:
        line = {
            "orderItemId": item["order_item_id"],
            "quantityOrdered": item["quantity"],
            "product": {
                "asin": item["asin"],
                "title": item["title"],
                "sellerSku": item["sku"],
                "condition": {"conditionType": "NEW"},
            },
        }
        if row["status"] != "Pending":
            line["product"]["price"] = {"unitPrice": _money(Decimal(item["unit_price"]), currency)}
        if "PROCEEDS" in datasets and row["status"] not in ("Pending", "Canceled"):
            total = Decimal(item["unit_price"]) * item["quantity"] + Decimal(item["tax"]) + Decimal(item["shipping"])
            line["proceeds"] = {"proceedsTotal": _money(total, currency)}
        if "FULFILLMENT" in datasets:
            line["fulfillment"] = {
                "quantityFulfilled": item["shipped"],
                "quantityUnfulfilled": item["quantity"] - item["shipped"],
            }
        order["orderItems"].append(line)
    if "PACKAGES" in datasets and doc["shipments"]:
        order["packages"] = [
            {
                "packageReferenceId": str(number),
                "createdTime": iso(shipment["shipped"]),
                "packageStatus": {"status": "SHIPPED"},
                "carrier": shipment["carrier"],
                "shipTime": iso(shipment["shipped"]),
                "trackingNumber": shipment["tracking"],
                "packageItems": [
                    {"orderItemId": item_id, "quantity": quantity} for item_id, quantity in shipment["items"].items()
                ],
            }
            for number, shipment in enumerate(doc["shipments"], start=1)
        ]
    return order


def search_query() -> dict:
    amazon = current_app.extensions["amazon"]
    token = request.args.get("paginationToken")
    if token:
        return decode_token(token, "paginationToken")
    created_after = parse_time(request.args.get("createdAfter"), "createdAfter")
    created_before = parse_time(request.args.get("createdBefore"), "createdBefore")
    updated_after = parse_time(request.args.get("lastUpdatedAfter"), "lastUpdatedAfter")
    updated_before = parse_time(request.args.get("lastUpdatedBefore"), "lastUpdatedBefore")
    if (created_after is None) == (updated_after is None):
        raise invalid_input("Exactly one of 'createdAfter' and 'lastUpdatedAfter' must be provided.")
    if created_after is not None and (updated_before is not None):
        raise invalid_input("'lastUpdatedBefore' cannot be combined with 'createdAfter'.")
    if updated_after is not None and created_before is not None:
        raise invalid_input("'createdBefore' cannot be combined with 'lastUpdatedAfter'.")
    latest = amazon.now() - SETTLING_SECONDS
    after = created_after if created_after is not None else updated_after
    before = created_before if created_after is not None else updated_before
    if before is not None and before > latest:
        raise invalid_input("'createdBefore'/'lastUpdatedBefore' must be at least two minutes before the current time.")
    if before is not None and before < after:
        raise invalid_input("The 'Before' date must be equal to or after the 'After' date.")
    size = request.args.get("maxResultsPerPage", "100")
    if not size.isdigit() or not 1 <= int(size) <= 100:
        raise invalid_input("'maxResultsPerPage' must be between 1 and 100.")
    marketplaces = list_param("marketplaceIds")
    if any(m not in MARKETPLACES for m in marketplaces):
        raise invalid_input("Invalid 'marketplaceIds' provided.")
    statuses = list_param("fulfillmentStatuses")
    if any(s not in V0_STATUS for s in statuses):
        raise invalid_input("Invalid 'fulfillmentStatuses' provided.")
    fulfilled_by = list_param("fulfilledBy")
    if any(b not in ("AMAZON", "MERCHANT") for b in fulfilled_by):
        raise invalid_input("Invalid 'fulfilledBy' provided.")
    return {
        "mode": "created" if created_after is not None else "updated",
        "after": after,
        "before": before if before is not None else latest,
        "marketplaces": marketplaces,
        "statuses": [V0_STATUS[s] for s in statuses],
        "channels": ["AFN" if b == "AMAZON" else "MFN" for b in fulfilled_by],
        "ids": [],
        "size": int(size),
        "cursor": None,
        "datasets": sorted(included()),
    }


@blueprint.get("/orders/2026-01-01/orders")
@operation("searchOrders")
def search_orders(caller):
    amazon = current_app.extensions["amazon"]
    query = search_query()
    rows, token, bound = page(amazon, caller.seller_id, query, operation_name="searchOrders")
    unlocked = restricted(caller, request.path)
    body = {"orders": [render(row, set(query.get("datasets", [])), unlocked=unlocked) for row in rows]}
    if token:
        body["pagination"] = {"nextToken": token}
    body["createdBefore" if query["mode"] == "created" else "lastUpdatedBefore"] = iso(bound)
    return body


@blueprint.get("/orders/2026-01-01/orders/<order_id>")
@operation("getOrder_2026")
def get_order(caller, order_id: str):
    amazon = current_app.extensions["amazon"]
    row = seller_order(amazon, caller, order_id)
    return {"order": render(row, included(), unlocked=restricted(caller, request.path))}
