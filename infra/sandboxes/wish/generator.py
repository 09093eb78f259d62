"""Realistic Wish orders. A customer's checkout is a transaction of one to three orders (Wish has
one variation per order, grouped by transaction_id), for enabled variations of the merchant's
ACTIVE products with stock (made-up SKUs when nothing is listed), shipped to customers in many
countries; Wish pays the merchant in USD minus its revenue share.

`Scheduler` releases one checkout for the demo merchant every `config.order_interval` simulated seconds
on the common ticker, which runs while the sandbox is served."""

from __future__ import annotations

import json
import time
from decimal import ROUND_HALF_UP, Decimal

from infra.sandboxes.common.ticker import Ticker
from infra.sandboxes.wish import lifecycle, store, timefmt
from infra.sandboxes.wish.products import settle, stock_change
from infra.sandboxes.wish.runtime import Runtime

START_STATES = ("APPROVED", "REQUIRE_REVIEW")


def _money(amount: Decimal) -> dict:
    return {"amount": float(amount.quantize(Decimal("0.01"), ROUND_HALF_UP)), "currency_code": "USD"}


def _customer(rt: Runtime) -> tuple[str, dict, dict]:
    countries = list(rt.buyers)
    with rt.rng_lock:
        rng = rt.rng
        code = rng.choices(countries, weights=[rt.buyers[c]["weight"] for c in countries])[0]
        info = rt.buyers[code]
        pick = rng.randrange(3)
        name = f"{rng.choice(info['first'])} {rng.choice(info['last'])}"
        phone = "".join(str(rng.randrange(10)) for _ in range(9))
        identity = f"{rng.randrange(10**10, 10**11)}" if info.get("identity") else None
    city, state, zipcode = info["cities"][pick]
    address = {
        "name": name,
        "street_address1": info["streets"][pick],
        "city": city,
        "state": state,
        "zipcode": zipcode,
        "country": info["name"],
        "country_code": code,
        "phone_number": {"country_code": info["phone"], "number": phone},
    }
    if info.get("regions"):
        address["region"] = info["regions"][pick]
    if info.get("neighborhoods"):
        address["neighborhood"] = info["neighborhoods"][pick]
    tax = {"customer_identity_number_type": info["identity"], "customer_identity_number": identity} if identity else {}
    return code, address, tax


def _candidates(rt: Runtime, db, merchant_id: str) -> list[tuple[dict, dict, int]]:
    settle(rt, db, merchant_id)
    rows = db.execute("SELECT body FROM products WHERE merchant_id = ? AND state = 'ACTIVE'", (merchant_id,)).fetchall()
    standard = rt.standard_warehouse["id"]
    found = []
    for product in (json.loads(row["body"]) for row in rows):
        for item in product["variations"]:
            stock = sum(
                entry["inventory"] for entry in item.get("inventories", []) if entry["warehouse_id"] == standard
            )
            if item["status"] == "ENABLED" and stock > 0:
                found.append((product, item, stock))
    return found


def _line(rt: Runtime, product: dict | None, item: dict | None, stock: int) -> tuple[dict, Decimal, Decimal, int]:
    with rt.rng_lock:
        quantity = rt.rng.randint(1, max(1, min(3, stock)))
        made_up = Decimal(rt.rng.randrange(300, 6000)) / 100
        sku_number = rt.rng.randrange(10**5, 10**6)
    if product is None:
        info = {
            "id": rt.new_id(),
            "variation_id": rt.new_id(),
            "sku": f"SBX-{sku_number}",
            "name": "Sandbox generated item",
            "variation_image_url": "https://img.example.com/sandbox.jpg",
        }
        return info, made_up, Decimal("2.00"), quantity
    options = {option["name"].upper(): option["value"] for option in item.get("options", [])}
    info = {
        "id": product["id"],
        "variation_id": item["id"],
        "sku": item["sku"],
        "name": product["name"],
        "color": options.get("COLOR"),
        "size": options.get("SIZE"),
        "variation_image_url": item.get("image") or product["main_image"]["url"],
        "manufactured_country": (item.get("logistics_details") or {}).get("origin_country"),
    }
    shipping = next(
        (
            entry["default_shipping_price"]["amount"]
            for entry in product["default_shipping_prices"]
            if entry["warehouse_id"] == rt.standard_warehouse["id"]
        ),
        0,
    )
    return info, Decimal(str(item["price"]["amount"])), Decimal(str(shipping)), quantity


def _payment(rt: Runtime, price: Decimal, shipping: Decimal, quantity: int) -> dict:
    share = Decimal(rt.limits["rev_share"])
    product_payment, shipping_payment = price * (1 - share), shipping * (1 - share)
    return {
        "general_payment_details": {
            "product_quantity": quantity,
            "product_price": _money(price),
            "original_product_price": _money(price),
            "discounted_price": _money(price),
            "product_merchant_payment": _money(product_payment),
            "product_shipping_price": _money(shipping),
            "shipping_merchant_payment": _money(shipping_payment),
            "payment_total": _money((product_payment + shipping_payment) * quantity),
        },
        "rev_share": {
            "rev_share": float(share),
            "merchant_commission_fees": _money((price + shipping) * share * quantity),
        },
    }


def transaction_create(rt: Runtime, db, merchant_id: str, *, state: str = "APPROVED") -> list[dict]:
    _country, address, tax = _customer(rt)
    candidates = _candidates(rt, db, merchant_id)
    with rt.rng_lock:
        count = rt.rng.choice((1, 1, 1, 2, 2, 3))
        picked = rt.rng.sample(candidates, min(count, len(candidates))) if candidates else [(None, None, 3)] * count
    transaction_id, conf, orders = rt.new_id(), lifecycle.settings(rt), []
    warehouse = rt.standard_warehouse
    for product, item, stock in picked:
        info, price, shipping, quantity = _line(rt, product, item, stock)
        released_ms = rt.now_ms()
        order = {
            "id": rt.new_id(),
            "transaction_id": transaction_id,
            "state": state,
            "released_at": timefmt.to_text(released_ms),
            "updated_at": timefmt.to_text(released_ms),
            "product_information": {key: value for key, value in info.items() if value is not None},
            "order_payment": _payment(rt, price, shipping, quantity),
            "full_address": {"shipping_detail": address},
            "fulfillment_requirements": {
                "expected_ship_time": timefmt.to_text(int((rt.now() + rt.delay(conf["ship_window"])) * 1000)),
                "expected_delivery_time": timefmt.to_text(int((rt.now() + rt.delay(conf["delivery_window"])) * 1000)),
            },
            "tracking_information": [],
            "fulfillment_records": [],
            "refunds": [],
            "penalties": [],
            "special_programs": [],
            "processing_source": None,
            "processing_status": None,
            "fulfillment_order_types": [],
            "warehouse_information": {
                "warehouse_id": warehouse["id"],
                "warehouse_name": warehouse["name"],
                "warehouse_type": "PRIMARY",
            },
            "tax_information": tax,
            "total_frs_quantity": 0,
            "_merchant_id": merchant_id,
            "_released_ms": released_ms,
            "_updated_ms": released_ms,
            "_stock_taken": product is not None,
        }
        lifecycle.record(rt, order, "ORDER_RELEASED")
        if product is not None:
            stock_change(rt, db, merchant_id, product["id"], item["id"], -quantity)
        if state == "REQUIRE_REVIEW":
            lifecycle.schedule(rt, db, order, "review_done", conf["review_after"])
        else:
            lifecycle.released(rt, db, order)
        store.order_save(db, order)
        orders.append(order)
    return orders


def orders_generate(rt: Runtime, merchant_id: str, transactions: int, state: str | None = None) -> list[dict]:
    orders = []
    with rt.state.transaction() as db:
        for _ in range(transactions):
            chosen = state
            if chosen is None:
                chosen = "REQUIRE_REVIEW" if lifecycle.draw(rt) < lifecycle.settings(rt)["review_share"] else "APPROVED"
            orders += transaction_create(rt, db, merchant_id, state=chosen)
    return orders


class Scheduler:
    """Releases one checkout for the demo merchant every `config.order_interval` simulated seconds
    and applies due lifecycle steps, on the common ticker (it runs while the sandbox is served)."""

    def __init__(self, rt: Runtime) -> None:
        self.rt = rt
        self.next_release = time.monotonic() + rt.delay(rt.config.order_interval)
        self.ticker = (
            Ticker(rt.sandbox, self.tick, period=self.period, name="wish-orders")
            if rt.config.order_interval > 0
            else None
        )

    def period(self) -> float:
        return min(1.0, max(0.05, self.rt.delay(self.rt.config.order_interval)))

    def tick(self) -> None:
        lifecycle.run_due(self.rt)
        if time.monotonic() >= self.next_release:
            merchant_id = self.rt.demo["merchant_id"]
            if not self.rt.config.scheduled_orders_need_listings or self._buyable(merchant_id):
                orders_generate(self.rt, merchant_id, 1)
            self.next_release = time.monotonic() + self.rt.delay(self.rt.config.order_interval)

    def stop(self) -> None:
        if self.ticker is not None:
            self.ticker.stop()

    def _buyable(self, merchant_id: str) -> bool:
        with self.rt.state.transaction() as db:
            return bool(_candidates(self.rt, db, merchant_id))

    @property
    def _thread(self):
        return self.ticker._thread if self.ticker else None
