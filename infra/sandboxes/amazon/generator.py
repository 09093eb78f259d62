"""Marketplace orders that happen on their own: buyers in the marketplace's country paying in
its currency for SKUs the seller has listed (made-up SKUs when none are), fulfilled by Amazon
(AFN) or by the seller (MFN); and what happens to them over simulated time:

    Pending --(payment authorized, 1-15 min)--> Unshipped --AFN: Amazon ships (2-20 h)--> Shipped
        \\--(6 %: buyer cancels)--> Canceled      \\--MFN: seller's confirmShipment--> Shipped
                                                 \\--MFN, 4 %: buyer cancels (1-12 h)--> Canceled
    Shipped --(8 %, 1-10 days later)--> refund of one unit (a RefundEvent in Finances)

Shipping posts a ShipmentEvent (principal, tax, shipping, Amazon's fees) to Finances; Amazon
shipping an AFN order takes the units out of FBA inventory. Randomness comes from the sandbox's
seeded generator, so a seed gives the same orders.
"""

from __future__ import annotations

import json
from decimal import ROUND_HALF_UP, Decimal

from infra.sandboxes.amazon import notifications
from infra.sandboxes.amazon.store import DATA, MARKETPLACES, dumps

BUYERS = json.loads((DATA / "buyers.json").read_text())["countries"]
DEFAULT_MARKETPLACES = [
    "ATVPDKIKX0DER",
    "A2EUQ1WTGCTBG2",
    "A1F83G8C2ARO7P",
    "A1PA6795UKMFR9",
    "A13V1IB3VIYZZH",
    "APJ6JRA9NG5V4",
    "A1RKKUPIHCS9HS",
    "A1VC38T7YXB528",
    "A39IBJ37TRP1C6",
    "A1AM78C64UM0Y8",
]
ORDER_PREFIX = {"NA": "11", "EU": "30", "FE": "50"}
SALES_TAX = {"US": Decimal("0.0725"), "CA": Decimal("0.13")}  # elsewhere VAT/GST is inside the price
MINUTE, HOUR, DAY = 60, 3600, 86400
FALLBACK_TITLES = [
    "Sterling silver link bracelet",
    "Organic cotton crew T-shirt",
    "Hardside carry-on spinner",
    "Braided leather wrap bracelet",
    "Linen button-down shirt",
    "Packing cube set (4 pieces)",
]


def money(amount: Decimal, currency: str) -> Decimal:
    places = Decimal("1") if currency in ("JPY", "KRW") else Decimal("0.01")
    return amount.quantize(places, rounding=ROUND_HALF_UP)


def _order_id(rng, region: str) -> str:
    prefix = f"{ORDER_PREFIX.get(region, '40')}{rng.randint(1, 9)}"
    return f"{prefix}-{rng.randint(0, 9999999):07d}-{rng.randint(0, 9999999):07d}"


def _listed(amazon, seller_id: str, marketplace_id: str) -> list[dict]:
    rows = amazon.state.query(
        "SELECT sku, asin, attributes FROM listings WHERE seller_id = ? AND marketplace_id = ? ORDER BY sku",
        (seller_id, marketplace_id),
    )
    listed = []
    for row in rows:
        attributes = json.loads(row["attributes"])
        if any(v.get("value") == "parent" for v in attributes.get("parentage_level", [])):
            continue  # a variation parent groups its children; it cannot be bought
        title = next((v.get("value") for v in attributes.get("item_name", []) if v.get("value")), row["sku"])
        price = None
        for offer in attributes.get("purchasable_offer", []):
            for plan in offer.get("our_price", []):
                for entry in plan.get("schedule", []):
                    if "value_with_tax" in entry:
                        price = Decimal(str(entry["value_with_tax"]))
        listed.append({"sku": row["sku"], "asin": row["asin"], "title": title, "price": price})
    return listed


def _buyer(rng, country: str) -> tuple[dict, dict]:
    data = BUYERS.get(country) or BUYERS["US"]
    name = f"{rng.choice(data['first'])} {rng.choice(data['last'])}"
    city, region, postal = rng.choice(data["places"])
    email = f"{rng.randint(10**9, 10**10 - 1)}@marketplace.amazon.example"
    address = {
        "name": name,
        "line1": f"{rng.randint(1, 240)} {rng.choice(data['streets'])}",
        "city": city,
        "state": region,
        "postal": postal,
        "country": country,
        "phone": f"{data['phone']}{rng.randint(10, 99)}",
        "type": "Residential",
    }
    return {"name": name, "email": email}, address


def generate_orders(
    amazon,
    *,
    count: int = 1,
    at: float | None = None,
    marketplace_id: str | None = None,
    channel: str | None = None,
    seller_id: str | None = None,
    listed_only: bool = False,
) -> list[str]:
    rng, created = amazon.random, []
    seller_id = seller_id or amazon.default_seller
    at = amazon.now() if at is None else at
    listed_in = [
        row["marketplace_id"]
        for row in amazon.state.query(
            "SELECT DISTINCT marketplace_id FROM listings WHERE seller_id = ? ORDER BY marketplace_id", (seller_id,)
        )
    ]
    if listed_only and not listed_in:
        return created
    for number in range(count):
        market_id = marketplace_id or rng.choice(listed_in or DEFAULT_MARKETPLACES)
        market = MARKETPLACES[market_id]
        data = BUYERS.get(market.country) or BUYERS["US"]
        fulfilment = channel or ("AFN" if rng.random() < 0.4 else "MFN")
        catalogue = _listed(amazon, seller_id, market_id)
        if fulfilment == "AFN":
            stocked = {
                r["sku"]
                for r in amazon.state.query(
                    "SELECT sku FROM inventory WHERE seller_id = ? AND marketplace_id = ? AND fulfillable > 0",
                    (seller_id, market_id),
                )
            }
            catalogue = [item for item in catalogue if item["sku"] in stocked] or catalogue
        if not catalogue and listed_only:
            continue
        if not catalogue:
            catalogue = [
                {"sku": f"SBX-{market.code}-{n:03d}", "asin": f"B0SBX{n:05d}", "title": title, "price": None}
                for n, title in enumerate(FALLBACK_TITLES, start=1)
            ]
        lines = rng.sample(catalogue, k=min(len(catalogue), rng.choice([1, 1, 1, 2, 2, 3])))
        buyer, address = _buyer(rng, market.country)
        items = []
        for index, line in enumerate(lines):
            price = line["price"] or money(
                Decimal(str(rng.uniform(9, 79))) * Decimal(str(data["price_factor"])), market.currency
            )
            quantity = rng.choice([1, 1, 1, 2, 3])
            tax = money(price * quantity * SALES_TAX.get(market.country, Decimal(0)), market.currency)
            shipping = (
                Decimal(0)
                if fulfilment == "AFN" or rng.random() < 0.5
                else money(Decimal("4.99") * Decimal(str(data["price_factor"])), market.currency)
            )
            items.append(
                {
                    "order_item_id": f"{rng.randint(10**13, 10**14 - 1)}",
                    "sku": line["sku"],
                    "asin": line["asin"],
                    "title": line["title"],
                    "quantity": quantity,
                    "shipped": 0,
                    "unit_price": str(price),
                    "tax": str(tax),
                    "shipping": str(shipping),
                    "line": index,
                }
            )
        purchased = at + number * 0.001  # distinct, ordered timestamps within one batch
        expedited = rng.random() < 0.2
        doc = {
            "currency": market.currency,
            "buyer": buyer,
            "address": address,
            "items": items,
            "shipments": [],
            "refunds": [],
            "is_prime": fulfilment == "AFN" and rng.random() < 0.6,
            "is_business": rng.random() < 0.1,
            "ship_level": "Expedited" if expedited else "Standard",
            "payment_method": "Other",
            "earliest_ship": purchased + DAY,
            "latest_ship": purchased + 2 * DAY,
            "earliest_delivery": purchased + (2 if expedited else 4) * DAY,
            "latest_delivery": purchased + (4 if expedited else 8) * DAY,
        }
        order_id = _order_id(rng, market.region)
        amazon.state.execute(
            "INSERT INTO orders (order_id, seller_id, marketplace_id, status, channel, purchased, updated, next_at, "
            "next_step, doc) "
            "VALUES (?, ?, ?, 'Pending', ?, ?, ?, ?, 'authorize', ?)",
            (
                order_id,
                seller_id,
                market_id,
                fulfilment,
                purchased,
                purchased,
                purchased + rng.uniform(MINUTE, 15 * MINUTE),
                dumps(doc),
            ),
        )
        created.append(order_id)
        notifications.order_changed(amazon, order_id, reason="Order placed")
    return created


def progress_orders(amazon, now: float) -> int:
    due = amazon.state.query("SELECT * FROM orders WHERE next_at IS NOT NULL AND next_at <= ? ORDER BY next_at", (now,))
    for row in due:
        step, at, rng = row["next_step"], row["next_at"], amazon.random
        doc = json.loads(row["doc"])
        status, updated, next_at, next_step = row["status"], row["updated"], None, None
        if step == "authorize" and status == "Pending":
            updated = at
            if rng.random() < 0.06:
                status, doc["cancel_reason"] = "Canceled", "BuyerCanceled"
            else:
                status = "Unshipped"
                if row["channel"] == "AFN":
                    next_at, next_step = at + rng.uniform(2 * HOUR, 20 * HOUR), "amazon_ship"
                elif rng.random() < 0.04:
                    next_at, next_step = at + rng.uniform(HOUR, 12 * HOUR), "buyer_cancel"
        elif step == "amazon_ship" and status == "Unshipped":
            status, updated = "Shipped", at
            carrier = "AMZN_" + MARKETPLACES[row["marketplace_id"]].country
            ship_items(
                amazon,
                row,
                doc,
                {i["order_item_id"]: i["quantity"] for i in doc["items"]},
                at,
                carrier=carrier,
                tracking=f"TBA{rng.randint(10**11, 10**12 - 1)}",
                method="Standard",
            )
            take_fba_stock(amazon, row, doc, at)
            next_at, next_step = refund_schedule(rng, at)
        elif step == "buyer_cancel" and status == "Unshipped":
            status, updated, doc["cancel_reason"] = "Canceled", at, "BuyerCanceled"
        elif step == "refund" and status in ("Shipped", "PartiallyShipped"):
            post_refund(amazon, row, doc, at)
        amazon.state.execute(
            "UPDATE orders SET status = ?, updated = ?, next_at = ?, next_step = ?, doc = ? WHERE order_id = ?",
            (status, updated, next_at, next_step, dumps(doc), row["order_id"]),
        )
        if status != row["status"]:
            reason = "Buyer Requested Cancel" if doc.get("cancel_reason") == "BuyerCanceled" else ""
            change = "BuyerRequestedChange" if reason else "OrderStatusChange"
            notifications.order_changed(amazon, row["order_id"], change_type=change, reason=reason)
    return len(due)


def refund_schedule(rng, at: float) -> tuple[float | None, str | None]:
    if rng.random() < 0.08:
        return at + rng.uniform(DAY, 10 * DAY), "refund"
    return None, None


def ship_items(
    amazon, row, doc: dict, quantities: dict[str, int], at: float, *, carrier: str, tracking: str, method: str
) -> None:
    """Mark units shipped and post the ShipmentEvent Amazon's Finances API reports for them."""
    currency, shipped_lines = doc["currency"], []
    for item in doc["items"]:
        quantity = quantities.get(item["order_item_id"], 0)
        if not quantity:
            continue
        item["shipped"] += quantity
        share = Decimal(quantity) / Decimal(item["quantity"])
        principal = Decimal(item["unit_price"]) * quantity
        charges = [
            ("Principal", principal),
            ("Tax", Decimal(item["tax"]) * share),
            ("ShippingCharge", Decimal(item["shipping"]) * share),
        ]
        fees = [("Commission", -principal * Decimal("0.15"))]
        if row["channel"] == "AFN":
            fees.append(("FBAPerUnitFulfillmentFee", Decimal("-3.22") * quantity))
        shipped_lines.append(
            {
                "SellerSKU": item["sku"],
                "OrderItemId": item["order_item_id"],
                "QuantityShipped": quantity,
                "ItemChargeList": [
                    {
                        "ChargeType": kind,
                        "ChargeAmount": {"CurrencyCode": currency, "CurrencyAmount": float(money(amount, currency))},
                    }
                    for kind, amount in charges
                ],
                "ItemFeeList": [
                    {
                        "FeeType": kind,
                        "FeeAmount": {"CurrencyCode": currency, "CurrencyAmount": float(money(amount, currency))},
                    }
                    for kind, amount in fees
                ],
            }
        )
    doc["shipments"].append(
        {
            "carrier": carrier,
            "tracking": tracking,
            "method": method,
            "shipped": at,
            "items": {k: v for k, v in quantities.items() if v},
        }
    )
    market = MARKETPLACES[row["marketplace_id"]]
    event = {
        "AmazonOrderId": row["order_id"],
        "MarketplaceName": market.name,
        "PostedDate": at,
        "ShipmentItemList": shipped_lines,
    }
    amazon.state.execute(
        "INSERT INTO financial_events (seller_id, order_id, kind, posted, doc) VALUES (?, ?, 'shipment', ?, ?)",
        (row["seller_id"], row["order_id"], at, dumps(event)),
    )


def post_refund(amazon, row, doc: dict, at: float) -> None:
    """Refund one unit of the first line: a RefundEvent with negative principal and returned fees."""
    item, currency = doc["items"][0], doc["currency"]
    price = Decimal(item["unit_price"])
    adjustment = {
        "SellerSKU": item["sku"],
        "OrderAdjustmentItemId": f"{amazon.random.randint(10**13, 10**14 - 1)}",
        "QuantityShipped": 1,
        "ItemChargeAdjustmentList": [
            {"ChargeType": "Principal", "ChargeAmount": {"CurrencyCode": currency, "CurrencyAmount": float(-price)}}
        ],
        "ItemFeeAdjustmentList": [
            {
                "FeeType": "Commission",
                "FeeAmount": {
                    "CurrencyCode": currency,
                    "CurrencyAmount": float(money(price * Decimal("0.12"), currency)),
                },
            }
        ],
    }
    doc["refunds"].append({"sku": item["sku"], "amount": str(price), "at": at})
    event = {
        "AmazonOrderId": row["order_id"],
        "MarketplaceName": MARKETPLACES[row["marketplace_id"]].name,
        "PostedDate": at,
        "ShipmentItemAdjustmentList": [adjustment],
    }
    amazon.state.execute(
        "INSERT INTO financial_events (seller_id, order_id, kind, posted, doc) VALUES (?, ?, 'refund', ?, ?)",
        (row["seller_id"], row["order_id"], at, dumps(event)),
    )


def take_fba_stock(amazon, row, doc: dict, at: float) -> None:
    for item in doc["items"]:
        amazon.state.execute(
            "UPDATE inventory SET fulfillable = MAX(0, fulfillable - ?), updated = ? "
            "WHERE seller_id = ? AND marketplace_id = ? AND sku = ?",
            (item["quantity"], at, row["seller_id"], row["marketplace_id"], item["sku"]),
        )
