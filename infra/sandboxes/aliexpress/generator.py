"""Realistic AliExpress orders: buyers in many countries paying in their own currency, one to three
lines picked from SKUs the seller has on sale (made-up SKUs when the seller has listed nothing),
shipping fee, payment method, and a lifecycle of later updates (see lifecycle.py).

`Scheduler` places one order per seller every `config.order_interval` simulated seconds on the
common ticker, which runs while the sandbox is served."""

from __future__ import annotations

import json
import time
from decimal import Decimal

from infra.sandboxes.aliexpress import lifecycle, money, store
from infra.sandboxes.aliexpress.runtime import Runtime
from infra.sandboxes.common.ticker import Ticker

START_STATUSES = ("PLACE_ORDER_SUCCESS", "WAIT_SELLER_SEND_GOODS")
PAYMENT_TYPES = {"BR": "ebanx101", "RU": "yandex101", "KR": "migs101"}
SHIPPING_FEES_USD = ("0", "0", "1.99", "2.99", "4.50")


def _buyer(rt: Runtime) -> tuple[str, dict, dict]:
    countries = list(rt.buyers)
    with rt.rng_lock:
        rng = rt.rng
        code = rng.choices(countries, weights=[rt.buyers[c]["weight"] for c in countries])[0]
        info = rt.buyers[code]
        pick = rng.randrange(3)
        first, last = rng.choice(info["first"]), rng.choice(info["last"])
        city, province, zip_code = info["cities"][pick]
        street = rng.choice(info["streets"])
        phone = "".join(str(rng.randrange(10)) for _ in range(9))
        login = f"{code.lower()}{rng.randrange(10**9, 10**10)}"
        cpf = f"{rng.randrange(10**10, 10**11)}" if info.get("cpf") else None
    buyer = {"login_id": login, "first_name": first, "last_name": last, "country": code}
    address = {
        "contact_person": f"{first} {last}",
        "country": code,
        "province": province,
        "city": city,
        "zip": zip_code,
        "address": street,
        "address2": "",
        "detail_address": street,
        "mobile_no": phone,
        "phone_country": info["phone_country"],
        "phone_area": "",
        "phone_number": phone,
    }
    localized = info.get("localized")
    if localized:  # Russia: the address also comes in Cyrillic
        address["localized_address"] = (
            f"{localized['last'][pick]} {localized['first'][pick]}, {localized['cities'][pick]}, {street}"
        )
    return code, {"buyer": buyer, "address": address, "cpf": cpf}, info


def _unit_price(product: dict, sku: dict, country: str) -> str:
    for entry in (product.get("country_prices") or {}).get("countries", []):
        if entry["ship_to_country"] == country:
            for price in entry["skus"]:
                if price["sku_code"] == sku["sku_code"]:
                    return price.get("discount_price") or price["price"]
    return sku.get("discount_price") or sku["price"]


def _buyable(rt: Runtime, db, seller_id: str) -> list[tuple[dict, dict]]:
    """(product, SKU) pairs a buyer can order now: on sale and in stock."""
    store.products_settle(db, rt.now())
    rows = db.execute("SELECT body FROM products WHERE seller_id = ? AND status = 'onSelling'", (seller_id,)).fetchall()
    candidates = []
    for row in rows:
        product = json.loads(row["body"])
        candidates += [(product, sku) for sku in product["skus"] if sku["inventory"] > 0]
    return candidates


def _lines(rt: Runtime, db, seller_id: str, country: str) -> tuple[list[dict], str | None]:
    candidates = _buyable(rt, db, seller_id)
    with rt.rng_lock:
        rng = rt.rng
        count = rng.choice((1, 1, 1, 2, 2, 3))
        lines, strategy = [], None
        if candidates:
            for product, sku in rng.sample(candidates, min(count, len(candidates))):
                strategy = strategy or product["inventory_deduction_strategy"]
                lines.append(
                    {
                        "product_id": product["product_id"],
                        "sku_code": sku["sku_code"],
                        "sku_id": sku["sku_id"],
                        "product_name": product["subjects"][product["language"]],
                        "image": product["images"][0],
                        "category_id": product.get("category_id"),
                        "quantity": rng.randint(1, min(3, sku["inventory"])),
                        "unit_price": _unit_price(product, sku, country),
                    }
                )
        else:
            for _ in range(count):
                usd = Decimal(rng.randrange(300, 8000)) / 100
                lines.append(
                    {
                        "product_id": int(f"1005{rng.randrange(10**11, 10**12)}"),
                        "sku_code": f"SBX-{rng.randrange(10**5, 10**6)}",
                        "sku_id": "<none>",
                        "product_name": "Sandbox generated item",
                        "image": "https://ae01.alicdn.com/kf/sandbox.jpg",
                        "quantity": rng.randint(1, 3),
                        "unit_price": money.text(money.convert(usd, "USD", rt.currency), rt.currency),
                    }
                )
        for line in lines:
            line["child_id"] = int(f"8{rng.randrange(10**14, 10**15)}")
    return lines, strategy


def order_create(rt: Runtime, db, seller_id: str, *, status: str = "PLACE_ORDER_SUCCESS") -> dict:
    country, people, info = _buyer(rt)
    lines, strategy = _lines(rt, db, seller_id, country)
    now = rt.now()
    with rt.rng_lock:
        fee_usd = Decimal(rt.rng.choice(SHIPPING_FEES_USD))
        service = rt.rng.choice(["CAINIAO_STANDARD", "CAINIAO_STANDARD", "CAINIAO_PREMIUM", "CAINIAO_ECONOMY"])
        payment = PAYMENT_TYPES.get(country) or rt.rng.choice(("pp101", "migs101", "migs102"))
        memo = rt.rng.choice((None, None, "Please pack carefully", "No invoice in the parcel"))
    order = {
        "order_id": rt.new_number("8", 16),
        "seller_id": seller_id,
        "status": "PLACE_ORDER_SUCCESS",
        "fund_status": "NOT_PAY",
        "logistics_status": "NO_LOGISTICS",
        "frozen_status": "NO_FROZEN",
        "issue_status": "NO_ISSUE",
        "created": now,
        "modified": now,
        **people,
        "lines": lines,
        "currency": rt.currency,
        "pay_currency": info["pay_currency"],
        "logistics_type": service,
        "shipping_fee": money.text(money.convert(fee_usd, "USD", rt.currency), rt.currency),
        "payment_type": payment,
        "memo": memo,
        "prepare_days": 3,
        "shipments": [],
        "log": [],
    }
    lifecycle.log(rt, order, "place_order", "buyer")
    if strategy != "payment_success_deduct":
        lifecycle.stock(db, order, -1)
    conf = lifecycle.settings(rt)
    if status == "WAIT_SELLER_SEND_GOODS":
        order.update(fund_status="PAY_SUCCESS", paid=now)
        if not order.get("stock_taken"):
            lifecycle.stock(db, order, -1)
        lifecycle.became_payable(rt, db, order)
    elif lifecycle.draw(rt) < conf["pay_share"]:
        lifecycle.schedule(rt, db, order, "pay", conf["pay_after"] * (0.5 + lifecycle.draw(rt)))
    else:
        lifecycle.schedule(rt, db, order, "pay_timeout", conf["pay_window"])
    store.order_save(db, order)
    return order


def orders_generate(rt: Runtime, seller_id: str, count: int, status: str = "PLACE_ORDER_SUCCESS") -> list[dict]:
    with rt.state.transaction() as db:
        return [order_create(rt, db, seller_id, status=status) for _ in range(count)]


def sellers(rt: Runtime) -> list[str]:
    rows = rt.state.query("SELECT DISTINCT seller_id FROM products")
    return sorted({rt.demo["seller_id"], *(row["seller_id"] for row in rows)})


class Scheduler:
    """Places one order per seller every `config.order_interval` simulated seconds and applies due
    lifecycle steps, on the common ticker (it runs while the sandbox is served)."""

    def __init__(self, rt: Runtime) -> None:
        self.rt = rt
        self.next_order = time.monotonic() + rt.delay(rt.config.order_interval)
        self.ticker = (
            Ticker(rt.sandbox, self.tick, period=self.period, name="aliexpress-orders")
            if rt.config.order_interval > 0
            else None
        )

    def period(self) -> float:
        return min(1.0, max(0.05, self.rt.delay(self.rt.config.order_interval)))

    def tick(self) -> None:
        lifecycle.run_due(self.rt)
        if time.monotonic() >= self.next_order:
            for seller_id in sellers(self.rt):
                if self.rt.config.scheduled_orders_need_listings:
                    with self.rt.state.transaction() as db:
                        if not _buyable(self.rt, db, seller_id):
                            continue
                orders_generate(self.rt, seller_id, 1)
            self.next_order = time.monotonic() + self.rt.delay(self.rt.config.order_interval)

    def stop(self) -> None:
        if self.ticker is not None:
            self.ticker.stop()

    @property
    def _thread(self):
        return self.ticker._thread if self.ticker else None
