"""Orders API v0: getOrders, getOrder, getOrderItems, getOrderAddress, getOrderBuyerInfo and
confirmShipment. Orders come from generator.py; both Orders APIs read them through `page()`.

Paging is keyset-based (stable while orders change between pages); the NextToken carries the
original filters, so a caller may send it with or without repeating them. The `duplicate_page`
fault makes the next page start with the last order of the page before. Buyer name, e-mail and
street address are restricted data: without a restricted data token (RDT) only city, region,
postal code and country are shown, as on the real API.
"""

from __future__ import annotations

import json
from decimal import Decimal

from flask import Blueprint, current_app, request

from infra.sandboxes.amazon import notifications
from infra.sandboxes.amazon.generator import money, refund_schedule, ship_items
from infra.sandboxes.amazon.store import MARKETPLACES, dumps
from infra.sandboxes.amazon.wire import (
    AmazonError,
    decode_token,
    encode_token,
    invalid_input,
    iso,
    json_body,
    list_param,
    not_found,
    operation,
    parse_time,
    query_marketplace_ids,
    strip_library_keys,
)

blueprint = Blueprint("amazon_orders_v0", __name__)
STATUSES = (
    "Pending",
    "Unshipped",
    "PartiallyShipped",
    "Shipped",
    "Canceled",
    "Unfulfillable",
    "InvoiceUnconfirmed",
    "PendingAvailability",
)
SETTLING_SECONDS = 120  # the API only lists orders at least two minutes old


def page(amazon, seller_id: str, query: dict, *, operation_name: str) -> tuple[list, str | None, float]:
    """One page of orders for `query` = {mode: created|updated, after, before, marketplaces,
    statuses, channels, ids, size, cursor}. Returns (rows, next token or None, upper bound)."""
    column = "purchased" if query["mode"] == "created" else "updated"
    sql = [f"SELECT * FROM orders WHERE seller_id = ? AND {column} >= ? AND {column} <= ?"]
    params: list = [seller_id, query["after"], query["before"]]
    for key, field in (
        ("marketplaces", "marketplace_id"),
        ("statuses", "status"),
        ("channels", "channel"),
        ("ids", "order_id"),
    ):
        if query.get(key):
            sql.append(f"AND {field} IN ({', '.join('?' * len(query[key]))})")
            params.extend(query[key])
    if query.get("cursor"):
        sql.append(f"AND ({column} > ? OR ({column} = ? AND order_id > ?))")
        params.extend([query["cursor"][0], query["cursor"][0], query["cursor"][1]])
    sql.append(f"ORDER BY {column}, order_id LIMIT ?")
    params.append(query["size"] + 1)
    rows = amazon.state.query(" ".join(sql), params)
    more, rows = len(rows) > query["size"], rows[: query["size"]]
    token = None
    if more:
        last = rows[-1]
        if len(rows) > 1 and amazon.sandbox.wants_duplicate_page(operation_name):
            last = rows[-2]  # the next page repeats this page's last order
        token = encode_token({**query, "cursor": [last[column], last["order_id"]]})
    return rows, token, query["before"]


# Operations that are themselves the restricted resource (no dataElements needed).
WHOLLY_RESTRICTED = ("/address", "/buyerInfo")


def restricted(caller, path: str) -> frozenset[str]:
    """The personal data (Tokens API dataElements) the caller's RDT opens on `path`: none without
    an RDT for the path; for getOrder / getOrders / searchOrders, the elements the RDT was created
    with (shippingAddress: name, street, phone; buyerInfo: buyer name and e-mail); getOrderAddress
    and getOrderBuyerInfo need no elements."""
    if caller.kind != "rdt":
        return frozenset()
    elements = current_app.extensions["amazon"].auth.rdt_elements(caller, "GET", path)
    if elements is None:
        return frozenset()
    if path.rstrip("/").endswith(WHOLLY_RESTRICTED):
        return frozenset({"shippingAddress", "buyerInfo"})
    return elements


def seller_order(amazon, caller, order_id: str):
    row = amazon.state.one("SELECT * FROM orders WHERE order_id = ? AND seller_id = ?", (order_id, caller.seller_id))
    if row is None:
        raise not_found(f"Order {order_id} not found.", "The order does not exist or does not belong to this seller.")
    return row


def _money(amount: Decimal, currency: str) -> dict:
    return {"CurrencyCode": currency, "Amount": str(money(amount, currency))}


def order_total(doc: dict) -> Decimal:
    return sum(
        (Decimal(i["unit_price"]) * i["quantity"] + Decimal(i["tax"]) + Decimal(i["shipping"]) for i in doc["items"]),
        Decimal(0),
    )


def address_v0(doc: dict, *, full: bool) -> dict:
    address = doc["address"]
    shown = {
        "City": address["city"],
        "StateOrRegion": address["state"],
        "PostalCode": address["postal"],
        "CountryCode": address["country"],
    }
    if full:
        shown = {
            "Name": address["name"],
            "AddressLine1": address["line1"],
            **shown,
            "Phone": address["phone"],
            "AddressType": address["type"],
        }
    return shown


def render_order(row, *, unlocked: frozenset[str]) -> dict:
    doc = json.loads(row["doc"])
    market = MARKETPLACES[row["marketplace_id"]]
    shipped = sum(i["shipped"] for i in doc["items"])
    ordered = sum(i["quantity"] for i in doc["items"])
    order = {
        "AmazonOrderId": row["order_id"],
        "PurchaseDate": iso(row["purchased"]),
        "LastUpdateDate": iso(row["updated"]),
        "OrderStatus": row["status"],
        "FulfillmentChannel": row["channel"],
        "SalesChannel": market.name,
        "ShipServiceLevel": f"{doc['ship_level']}",
        "NumberOfItemsShipped": shipped,
        "NumberOfItemsUnshipped": 0 if row["status"] == "Canceled" else ordered - shipped,
        "PaymentMethod": doc["payment_method"],
        "PaymentMethodDetails": ["Standard"],
        "MarketplaceId": row["marketplace_id"],
        "ShipmentServiceLevelCategory": doc["ship_level"],
        "OrderType": "StandardOrder",
        "EarliestShipDate": iso(doc["earliest_ship"]),
        "LatestShipDate": iso(doc["latest_ship"]),
        "EarliestDeliveryDate": iso(doc["earliest_delivery"]),
        "LatestDeliveryDate": iso(doc["latest_delivery"]),
        "IsBusinessOrder": doc["is_business"],
        "IsPrime": doc["is_prime"],
        "IsPremiumOrder": False,
        "IsGlobalExpressEnabled": False,
        "IsReplacementOrder": False,
        "IsSoldByAB": False,
        "IsISPU": False,
        "IsAccessPointOrder": False,
        "HasRegulatedItems": False,
        "ShippingAddress": address_v0(doc, full="shippingAddress" in unlocked),
    }
    if row["status"] not in ("Pending", "Canceled"):
        order["OrderTotal"] = _money(order_total(doc), doc["currency"])
    if "buyerInfo" in unlocked:
        order["BuyerInfo"] = {"BuyerEmail": doc["buyer"]["email"], "BuyerName": doc["buyer"]["name"]}
    return order


def order_query_v0() -> dict:
    """Read and check getOrders' query parameters (or the NextToken's)."""
    amazon = current_app.extensions["amazon"]
    marketplaces = query_marketplace_ids("MarketplaceIds")
    if not marketplaces:
        raise invalid_input("Missing required parameter 'MarketplaceIds'.")
    if len(marketplaces) > 50 or any(m not in MARKETPLACES for m in marketplaces):
        raise invalid_input(
            "Invalid 'MarketplaceIds' provided.", ", ".join(m for m in marketplaces if m not in MARKETPLACES)
        )
    token = request.args.get("NextToken")
    if token:
        return decode_token(token)
    size = request.args.get("MaxResultsPerPage", "100")
    if not size.isdigit() or not 1 <= int(size) <= 100:
        raise invalid_input("MaxResultsPerPage must be a number between 1 and 100.")
    created_after, created_before = (
        parse_time(request.args.get("CreatedAfter"), "CreatedAfter"),
        parse_time(request.args.get("CreatedBefore"), "CreatedBefore"),
    )
    updated_after, updated_before = (
        parse_time(request.args.get("LastUpdatedAfter"), "LastUpdatedAfter"),
        parse_time(request.args.get("LastUpdatedBefore"), "LastUpdatedBefore"),
    )
    ids = list_param("AmazonOrderIds")
    if created_after is None and updated_after is None and not ids:
        raise invalid_input("Either CreatedAfter or LastUpdatedAfter must be specified.")
    if created_after is not None and (updated_after is not None or updated_before is not None):
        raise invalid_input("LastUpdatedAfter and LastUpdatedBefore cannot be set when CreatedAfter is set.")
    if updated_after is not None and created_before is not None:
        raise invalid_input("CreatedBefore cannot be set when LastUpdatedAfter is set.")
    latest = amazon.now() - SETTLING_SECONDS
    before = created_before if created_after is not None else updated_before
    if before is not None and before > latest:
        raise invalid_input("CreatedBefore/LastUpdatedBefore must be at least two minutes before the current time.")
    after = created_after if created_after is not None else updated_after
    if before is not None and after is not None and before < after:
        raise invalid_input("The 'Before' date must be equal to or after the 'After' date.")
    statuses, channels = list_param("OrderStatuses"), list_param("FulfillmentChannels")
    if any(s not in STATUSES for s in statuses):
        raise invalid_input("Invalid 'OrderStatuses' provided.", ", ".join(s for s in statuses if s not in STATUSES))
    if any(c not in ("AFN", "MFN") for c in channels):
        raise invalid_input("Invalid 'FulfillmentChannels' provided.")
    return {
        "mode": "created" if created_after is not None or updated_after is None else "updated",
        "after": after if after is not None else 0.0,
        "before": before if before is not None else latest,
        "marketplaces": marketplaces,
        "statuses": statuses,
        "channels": channels,
        "ids": ids,
        "size": int(size),
        "cursor": None,
    }


@blueprint.get("/orders/v0/orders")
@operation("getOrders")
def get_orders(caller):
    amazon = current_app.extensions["amazon"]
    query = order_query_v0()
    rows, token, bound = page(amazon, caller.seller_id, query, operation_name="getOrders")
    unlocked = restricted(caller, request.path)
    payload = {"Orders": [render_order(row, unlocked=unlocked) for row in rows]}
    payload["CreatedBefore" if query["mode"] == "created" else "LastUpdatedBefore"] = iso(bound)
    if token:
        payload["NextToken"] = token
    return {"payload": payload}


@blueprint.get("/orders/v0/orders/<order_id>")
@operation("getOrder")
def get_order(caller, order_id: str):
    amazon = current_app.extensions["amazon"]
    row = seller_order(amazon, caller, order_id)
    return {"payload": render_order(row, unlocked=restricted(caller, request.path))}


@blueprint.get("/orders/v0/orders/<order_id>/orderItems")
@operation("getOrderItems")
def get_order_items(caller, order_id: str):
    amazon = current_app.extensions["amazon"]
    row = seller_order(amazon, caller, order_id)
    doc = json.loads(row["doc"])
    items = []
    for item in doc["items"]:
        line = {
            "ASIN": item["asin"],
            "OrderItemId": item["order_item_id"],
            "SellerSKU": item["sku"],
            "Title": item["title"],
            "QuantityOrdered": item["quantity"],
            "QuantityShipped": item["shipped"],
            "ProductInfo": {"NumberOfItems": "1"},
            "ConditionId": "New",
            "ConditionSubtypeId": "New",
            "IsGift": "false",
            "IsTransparency": False,
            "SerialNumberRequired": False,
        }
        if row["status"] != "Pending":  # pricing only once payment is authorized
            currency = doc["currency"]
            line.update(
                ItemPrice=_money(Decimal(item["unit_price"]) * item["quantity"], currency),
                ItemTax=_money(Decimal(item["tax"]), currency),
                ShippingPrice=_money(Decimal(item["shipping"]), currency),
                PromotionDiscount=_money(Decimal(0), currency),
            )
        items.append(line)
    return {"payload": {"AmazonOrderId": order_id, "OrderItems": items}}


@blueprint.get("/orders/v0/orders/<order_id>/address")
@operation("getOrderAddress")
def get_order_address(caller, order_id: str):
    amazon = current_app.extensions["amazon"]
    row = seller_order(amazon, caller, order_id)
    doc = json.loads(row["doc"])
    return {
        "payload": {
            "AmazonOrderId": order_id,
            "ShippingAddress": address_v0(doc, full="shippingAddress" in restricted(caller, request.path)),
        }
    }


@blueprint.get("/orders/v0/orders/<order_id>/buyerInfo")
@operation("getOrderBuyerInfo")
def get_order_buyer_info(caller, order_id: str):
    amazon = current_app.extensions["amazon"]
    row = seller_order(amazon, caller, order_id)
    payload = {"AmazonOrderId": order_id}
    if "buyerInfo" in restricted(caller, request.path):
        doc = json.loads(row["doc"])
        payload.update(BuyerEmail=doc["buyer"]["email"], BuyerName=doc["buyer"]["name"])
    return {"payload": payload}


@blueprint.post("/orders/v0/orders/<order_id>/shipmentConfirmation")
@operation("confirmShipment")
def confirm_shipment(caller, order_id: str):
    amazon = current_app.extensions["amazon"]
    body = strip_library_keys(json_body(), keep=("marketplaceId",))
    row = seller_order(amazon, caller, order_id)
    if body.get("marketplaceId") != row["marketplace_id"]:
        raise invalid_input(
            "Invalid 'marketplaceId' provided.", f"Order {order_id} belongs to {row['marketplace_id']}."
        )
    detail = body.get("packageDetail")
    if not isinstance(detail, dict):
        raise invalid_input("Missing required 'packageDetail'.")
    missing = [
        key
        for key in ("packageReferenceId", "carrierCode", "trackingNumber", "shipDate", "orderItems")
        if not detail.get(key)
    ]
    if missing:
        raise invalid_input(f"Missing required field(s) in packageDetail: {', '.join(missing)}.")
    ship_date = parse_time(detail["shipDate"], "shipDate")
    if row["channel"] != "MFN":
        raise invalid_input("Shipment confirmation is only for seller-fulfilled (MFN) orders.")
    if row["status"] not in ("Unshipped", "PartiallyShipped"):
        raise AmazonError(
            400, "InvalidInput", f"Order {order_id} is {row['status']} and cannot be confirmed as shipped."
        )
    doc = json.loads(row["doc"])
    by_id = {item["order_item_id"]: item for item in doc["items"]}
    quantities: dict[str, int] = {}
    for entry in detail["orderItems"]:
        item = by_id.get(str(entry.get("orderItemId")))
        quantity = entry.get("quantity", item["quantity"] - item["shipped"] if item else 0)
        if item is None:
            raise invalid_input(f"Invalid orderItemId: {entry.get('orderItemId')}.")
        if not isinstance(quantity, int) or quantity < 1 or item["shipped"] + quantity > item["quantity"]:
            raise invalid_input(f"Invalid quantity for orderItemId {item['order_item_id']}.")
        quantities[item["order_item_id"]] = quantities.get(item["order_item_id"], 0) + quantity
    now = amazon.now()
    ship_items(
        amazon,
        row,
        doc,
        quantities,
        ship_date or now,
        carrier=detail["carrierCode"],
        tracking=detail["trackingNumber"],
        method=detail.get("shippingMethod", ""),
    )
    done = all(item["shipped"] == item["quantity"] for item in doc["items"])
    next_at, next_step = refund_schedule(amazon.random, now) if done else (None, None)
    amazon.state.execute(
        "UPDATE orders SET status = ?, updated = ?, next_at = ?, next_step = ?, doc = ? WHERE order_id = ?",
        ("Shipped" if done else "PartiallyShipped", now, next_at, next_step, dumps(doc), order_id),
    )
    notifications.order_changed(amazon, order_id, reason="Shipment confirmed")
    return None, 204
