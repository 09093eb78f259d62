"""The simulated side of Multi-Channel Fulfillment: how an MCF order moves on over simulated time
(RECEIVED -> PLANNING after 10 minutes -> PROCESSING after an hour -> COMPLETE once shipped, 2-20
hours later depending on the shipping speed), the packages it ships in with carrier and tracking
number, and the getFulfillmentOrder view of it. Statuses are upper-case, as Amazon sends them
(the model's enum spells them in mixed case)."""

from __future__ import annotations

import json

from infra.sandboxes.amazon import notifications
from infra.sandboxes.amazon.inventory import change_stock
from infra.sandboxes.amazon.store import dumps
from infra.sandboxes.amazon.wire import iso, parse_time

SHIP_HOURS = {"Standard": 20, "Expedited": 6, "Priority": 2, "ScheduledDelivery": 20}
TRANSIT_DAYS = {"Standard": 4, "Expedited": 2, "Priority": 1, "ScheduledDelivery": 3}
CARRIERS = {
    "US": ["UPS", "USPS", "AMZL_US"],
    "CA": ["CANADA_POST", "AMZL_CA"],
    "GB": ["ROYAL_MAIL", "AMZL_UK"],
    "DE": ["DHL", "AMZL_DE"],
    "FR": ["COLISSIMO", "AMZL_FR"],
    "IT": ["POSTE_ITALIANE", "AMZL_IT"],
    "ES": ["CORREOS", "AMZL_ES"],
    "JP": ["YAMATO", "JAPAN_POST"],
    "AU": ["AUSTRALIA_POST"],
}
HOUR, DAY = 3600, 86400


def tracking_number(rng, carrier: str) -> str:
    if carrier == "UPS":
        # 1Z + shipper (6) + service (2) + package (8): 18 characters, as UPS numbers are.
        return "1Z" + "".join(rng.choice("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(16))
    if carrier == "USPS":
        return f"9400{rng.randint(10**17, 10**18 - 1)}"
    if carrier.startswith("AMZL"):
        return f"TBA{rng.randint(10**11, 10**12 - 1)}"
    return f"{carrier[:2]}{rng.randint(10**9, 10**10 - 1)}{carrier[-2:]}"


def progress(amazon, now: float) -> int:
    """Move MCF orders whose next step is due: PLANNING, PROCESSING, then COMPLETE with packages."""
    due = amazon.state.query(
        "SELECT * FROM mcf_orders WHERE next_at IS NOT NULL AND next_at <= ? ORDER BY next_at", (now,)
    )
    for row in due:
        doc, at, status, next_at = json.loads(row["doc"]), row["next_at"], row["status"], None
        speed = doc.get("shippingSpeedCategory", "Standard")
        if status == "RECEIVED":
            status, next_at = "PLANNING", (None if doc["fulfillmentAction"] == "Hold" else at + HOUR - 10 * 60)
        elif status == "PLANNING":
            status, next_at = "PROCESSING", at + amazon.random.uniform(0.5, 1.0) * SHIP_HOURS[speed] * HOUR
        elif status == "PROCESSING":
            status = ship(amazon, row, doc, at)
        amazon.state.execute(
            "UPDATE mcf_orders SET status = ?, status_updated = ?, next_at = ?, doc = ? "
            "WHERE seller_id = ? AND order_id = ?",
            (status, at, next_at, dumps(doc), row["seller_id"], row["order_id"]),
        )
        if status != row["status"]:
            notifications.fulfillment_order_changed(amazon, row["seller_id"], row["order_id"])
    return len(due)


def ship(amazon, row, doc: dict, at: float) -> str:
    rng = amazon.random
    country = doc["destinationAddress"]["countryCode"]
    carriers = CARRIERS.get(country, ["DHL"])
    blocked = any(
        feature.get("featureName") == "BLOCK_AMZL" and feature.get("featureFulfillmentPolicy") == "Required"
        for feature in doc.get("featureConstraints") or []
    )
    if blocked:  # the seller asked for no Amazon Logistics
        carriers = [name for name in carriers if not name.startswith("AMZL")] or ["DHL"]
    carrier = rng.choice(carriers)
    shipping = [item for item in doc["items"] if item["ships"]]
    shipment_id = f"D{rng.randint(10**7, 10**8 - 1)}"
    arrival = at + rng.uniform(1, TRANSIT_DAYS[doc.get("shippingSpeedCategory", "Standard")]) * DAY
    package = amazon.state.execute(
        "INSERT INTO mcf_packages (seller_id, order_id, shipment_id, carrier, tracking_number, shipped, doc) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            row["seller_id"],
            row["order_id"],
            shipment_id,
            carrier,
            tracking_number(rng, carrier),
            at,
            dumps(
                {
                    "arrival": arrival,
                    "city": doc["destinationAddress"].get("city", ""),
                    "state": doc["destinationAddress"].get("stateOrRegion", ""),
                    "country": country,
                }
            ),
        ),
    ).lastrowid
    doc["shipments"].append(
        {
            "amazonShipmentId": shipment_id,
            "fulfillmentCenterId": rng.choice(["SEA8", "PHX6", "MKC6", "LEJ1", "NRT1"]),
            "shippingDate": at,
            "estimatedArrivalDate": arrival,
            "packageNumber": package,
        }
    )
    for item in shipping:
        change_stock(
            amazon,
            seller_id=row["seller_id"],
            marketplace_id=row["marketplace_id"],
            sku=item["sellerSku"],
            at=at,
            reserved=-item["ships"],
        )
    partial = any(item["unfulfillable"] for item in doc["items"])
    return "COMPLETEPARTIALLED" if partial else "COMPLETE"


def render(amazon, row) -> dict:
    doc = json.loads(row["doc"])
    order = {
        key: doc[key]
        for key in (
            "sellerFulfillmentOrderId",
            "displayableOrderId",
            "displayableOrderComment",
            "shippingSpeedCategory",
            "destinationAddress",
            "notificationEmails",
        )
        if key in doc
    }
    order.update(
        marketplaceId=row["marketplace_id"],
        displayableOrderDate=iso(parse_time(str(doc["displayableOrderDate"]), "date")),
        fulfillmentAction=doc["fulfillmentAction"],
        fulfillmentPolicy=doc["fulfillmentPolicy"],
        receivedDate=iso(row["received"]),
        fulfillmentOrderStatus=row["status"],
        statusUpdatedDate=iso(row["status_updated"]),
    )
    items = [
        {
            "sellerSku": i["sellerSku"],
            "sellerFulfillmentOrderItemId": i["sellerFulfillmentOrderItemId"],
            "quantity": i["quantity"],
            "fulfillmentNetworkSku": i["fnsku"],
            "orderItemDisposition": "Sellable",
            "cancelledQuantity": i["cancelled"],
            "unfulfillableQuantity": i["unfulfillable"],
        }
        for i in doc["items"]
    ]
    shipments = []
    if row["status"] == "PROCESSING":
        shipments.append(
            {
                "amazonShipmentId": f"P{row['order_id'][:20]}",
                "fulfillmentCenterId": "SEA8",
                "fulfillmentShipmentStatus": "PENDING",
                "fulfillmentShipmentItem": [
                    {
                        "sellerSku": i["sellerSku"],
                        "sellerFulfillmentOrderItemId": i["sellerFulfillmentOrderItemId"],
                        "quantity": i["ships"],
                    }
                    for i in doc["items"]
                    if i["ships"]
                ],
            }
        )
    for shipment in doc["shipments"]:
        package = amazon.state.one("SELECT * FROM mcf_packages WHERE package_number = ?", (shipment["packageNumber"],))
        shipments.append(
            {
                "amazonShipmentId": shipment["amazonShipmentId"],
                "fulfillmentCenterId": shipment["fulfillmentCenterId"],
                "fulfillmentShipmentStatus": "SHIPPED",
                "shippingDate": iso(shipment["shippingDate"]),
                "estimatedArrivalDate": iso(shipment["estimatedArrivalDate"]),
                "fulfillmentShipmentItem": [
                    {
                        "sellerSku": i["sellerSku"],
                        "sellerFulfillmentOrderItemId": i["sellerFulfillmentOrderItemId"],
                        "quantity": i["ships"],
                        "packageNumber": package["package_number"],
                    }
                    for i in doc["items"]
                    if i["ships"]
                ],
                "fulfillmentShipmentPackage": [
                    {
                        "packageNumber": package["package_number"],
                        "carrierCode": package["carrier"],
                        "trackingNumber": package["tracking_number"],
                        "estimatedArrivalDate": iso(shipment["estimatedArrivalDate"]),
                    }
                ],
            }
        )
    return {
        "fulfillmentOrder": order,
        "fulfillmentOrderItems": items,
        "fulfillmentShipments": shipments,
        "returnItems": [],
        "returnAuthorizations": [],
    }
