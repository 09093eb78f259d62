"""FBA Inventory API v1: getInventorySummaries. Stock is per (seller, marketplace, SKU): seeded
with `POST /_control/inventory`, raised when inbound shipments are received, reserved by MCF
orders and taken out when Amazon ships (MCF or AFN marketplace orders)."""

from __future__ import annotations

from flask import Blueprint, current_app, request

from infra.sandboxes.amazon.listings import identifiers
from infra.sandboxes.amazon.store import MARKETPLACES
from infra.sandboxes.amazon.wire import (
    decode_token,
    encode_token,
    invalid_input,
    iso,
    list_param,
    operation,
    parse_time,
    query_marketplace_ids,
)

blueprint = Blueprint("amazon_inventory", __name__)
PAGE_SIZE = 50


def seed_inventory(
    amazon, *, seller_id: str, marketplace_id: str, sku: str, quantity: int, product_name: str | None = None
) -> dict:
    """Set a SKU's fulfillable FBA stock (creating the inventory record if needed)."""
    asin, fnsku = identifiers(sku)
    listing = amazon.state.one(
        "SELECT asin, fnsku FROM listings WHERE seller_id = ? AND sku = ? AND marketplace_id = ?",
        (seller_id, sku, marketplace_id),
    )
    if listing:
        asin, fnsku = listing["asin"], listing["fnsku"]
    now = amazon.now()
    amazon.state.execute(
        "INSERT INTO inventory (seller_id, marketplace_id, sku, asin, fnsku, product_name, fulfillable, updated) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (seller_id, marketplace_id, sku) DO UPDATE SET "
        "fulfillable = excluded.fulfillable, updated = excluded.updated",
        (seller_id, marketplace_id, sku, asin, fnsku, product_name or sku, quantity, now),
    )
    return {"sku": sku, "marketplaceId": marketplace_id, "fnSku": fnsku, "fulfillable": quantity}


def change_stock(amazon, *, seller_id: str, marketplace_id: str, sku: str, at: float, **deltas: int) -> None:
    """Add the deltas (column -> amount) to a SKU's counters, creating the record if needed."""
    if not amazon.state.one(
        "SELECT 1 FROM inventory WHERE seller_id = ? AND marketplace_id = ? AND sku = ?",
        (seller_id, marketplace_id, sku),
    ):
        seed_inventory(amazon, seller_id=seller_id, marketplace_id=marketplace_id, sku=sku, quantity=0)
    sets = ", ".join(f"{column} = MAX(0, {column} + ?)" for column in deltas)
    amazon.state.execute(
        f"UPDATE inventory SET {sets}, updated = ? WHERE seller_id = ? AND marketplace_id = ? AND sku = ?",
        (*deltas.values(), at, seller_id, marketplace_id, sku),
    )


def summary(row, details: bool) -> dict:
    total = (
        row["fulfillable"]
        + row["reserved"]
        + row["unfulfillable"]
        + row["inbound_working"]
        + row["inbound_shipped"]
        + row["inbound_receiving"]
    )
    body = {
        "asin": row["asin"],
        "fnSku": row["fnsku"],
        "sellerSku": row["sku"],
        "condition": "NewItem",
        "lastUpdatedTime": iso(row["updated"]),
        "productName": row["product_name"],
        "totalQuantity": total,
    }
    if details:
        body["inventoryDetails"] = {
            "fulfillableQuantity": row["fulfillable"],
            "inboundWorkingQuantity": row["inbound_working"],
            "inboundShippedQuantity": row["inbound_shipped"],
            "inboundReceivingQuantity": row["inbound_receiving"],
            "reservedQuantity": {
                "totalReservedQuantity": row["reserved"],
                "pendingCustomerOrderQuantity": row["reserved"],
                "pendingTransshipmentQuantity": 0,
                "fcProcessingQuantity": 0,
            },
            "researchingQuantity": {"totalResearchingQuantity": 0, "researchingQuantityBreakdown": []},
            "unfulfillableQuantity": {
                "totalUnfulfillableQuantity": row["unfulfillable"],
                "customerDamagedQuantity": 0,
                "warehouseDamagedQuantity": row["unfulfillable"],
                "distributorDamagedQuantity": 0,
                "carrierDamagedQuantity": 0,
                "defectiveQuantity": 0,
                "expiredQuantity": 0,
            },
        }
    return body


@blueprint.get("/fba/inventory/v1/summaries")
@operation("getInventorySummaries")
def get_inventory_summaries(caller):
    amazon = current_app.extensions["amazon"]
    if request.args.get("granularityType") != "Marketplace":
        raise invalid_input("Invalid 'granularityType' provided; only 'Marketplace' is supported.")
    granularity_id = request.args.get("granularityId")
    marketplaces = query_marketplace_ids()
    if not granularity_id or granularity_id not in MARKETPLACES:
        raise invalid_input("Invalid 'granularityId' provided.")
    if len(marketplaces) != 1 or marketplaces[0] not in MARKETPLACES:
        raise invalid_input("Exactly one valid 'marketplaceIds' value is required.")
    details = request.args.get("details", "false").lower() == "true"
    sql, params = (
        ["SELECT * FROM inventory WHERE seller_id = ? AND marketplace_id = ?"],
        [caller.seller_id, granularity_id],
    )
    start_time = parse_time(request.args.get("startDateTime"), "startDateTime")
    skus = list_param("sellerSkus")
    if len(skus) > 50:
        raise invalid_input("At most 50 'sellerSkus' may be requested.")
    if start_time is not None:
        sql.append("AND updated >= ?")
        params.append(start_time)
    elif skus:
        sql.append(f"AND sku IN ({', '.join('?' * len(skus))})")
        params.extend(skus)
    elif request.args.get("sellerSku"):
        sql.append("AND sku = ?")
        params.append(request.args["sellerSku"])
    offset = int(decode_token(request.args["nextToken"], "nextToken")["offset"]) if request.args.get("nextToken") else 0
    sql.append("ORDER BY sku LIMIT ? OFFSET ?")
    rows = amazon.state.query(" ".join(sql), [*params, PAGE_SIZE + 1, offset])
    body = {
        "payload": {
            "granularity": {"granularityType": "Marketplace", "granularityId": granularity_id},
            "inventorySummaries": [summary(row, details) for row in rows[:PAGE_SIZE]],
        }
    }
    if len(rows) > PAGE_SIZE:
        body["pagination"] = {"nextToken": encode_token({"offset": offset + PAGE_SIZE})}
    return body
