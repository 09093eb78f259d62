"""aliexpress.solution.batch.product.price.update / .inventory.update: up to 20 products per call,
each product applied whole or not at all; the call succeeds and lists per-product failures in
update_failed_list (update_success is true only when every product was updated)."""

from __future__ import annotations

from decimal import Decimal

from infra.sandboxes.aliexpress import store
from infra.sandboxes.aliexpress.call import Call
from infra.sandboxes.aliexpress.envelope import DtoList
from infra.sandboxes.aliexpress.errors import Problems, invalid_parameter
from infra.sandboxes.aliexpress.sku_rules import check_price, country_prices, int_or_none

DTO = "synchronize_product_response_dto"


def _sku_updates(problems: Problems, product: dict, entries, limits: dict, kind: str) -> dict[str, dict]:
    if not isinstance(entries, list) or not 1 <= len(entries) <= limits["batch_skus_per_product_max"]:
        problems.add("multiple_sku_update_list", f"must hold 1 to {limits['batch_skus_per_product_max']} SKUs")
        return {}
    codes = {sku["sku_code"] for sku in product["skus"]}
    updates = {}
    for index, entry in enumerate(entries):
        path = f"multiple_sku_update_list[{index}]"
        entry = entry if isinstance(entry, dict) else {}
        code = entry.get("sku_code")
        if code not in codes:
            problems.add(f"{path}.sku_code", f"{code!r} is not a SKU of this product", "isv.sku-not-found")
            continue
        if kind == "price":
            price, sale = check_price(problems, path, entry.get("price"), entry.get("discount_price"), limits)
            updates[code] = {
                "price": str(price) if price is not None else None,
                "discount_price": str(sale) if sale is not None else None,
            }
        else:
            inventory = int_or_none(entry.get("inventory"))
            if inventory is None or not limits["inventory_min_on_update"] <= inventory <= limits["inventory_max"]:
                problems.add(f"{path}.inventory", f"must be an integer between 0 and {limits['inventory_max']}")
            updates[code] = {"inventory": inventory}
    return updates


def update_one(call: Call, db, item, kind: str) -> tuple[int | None, tuple[str, str] | None]:
    rt = call.rt
    item = item if isinstance(item, dict) else {}
    product_id = int_or_none(item.get("product_id"))
    product = store.product_load(db, product_id, call.seller_id) if product_id is not None else None
    if product is None:
        return product_id, ("isv.product-not-found", "no such product for this seller")
    problems = Problems()
    updates = _sku_updates(problems, product, item.get("multiple_sku_update_list"), rt.limits, kind)
    country = None
    if kind == "price" and item.get("multi_country_price_configuration") is not None:
        config = item["multi_country_price_configuration"]
        if isinstance(config, dict) and config.get("price_type") != "absolute":
            problems.add("multi_country_price_configuration.price_type", "only absolute is supported")
        prices = {code: Decimal(update["price"]) for code, update in updates.items() if update.get("price")}
        country = country_prices(problems, config, prices, rt.limits, "multi_country_price_configuration")
    if problems:
        code, _message = problems.items[0]
        return product_id, (code, "; ".join(message for _code, message in problems.items))
    for sku in product["skus"]:
        sku.update(updates.get(sku["sku_code"], {}))
    if country is not None:
        product["country_prices"] = country
    product["modified_at"] = rt.now()
    store.product_save(db, product)
    return product_id, None


def _batch(call: Call, kind: str) -> dict:
    rt = call.rt
    items = call.json_param("mutiple_product_update_list", list, required=True)
    if not 1 <= len(items) <= rt.limits["batch_products_max"]:
        raise invalid_parameter(
            f"mutiple_product_update_list must hold 1 to {rt.limits['batch_products_max']} products"
        )
    successes, failures = [], []
    with rt.state.transaction() as db:
        store.products_settle(db, rt.now())
        for item in items:
            product_id, failure = update_one(call, db, item, kind)
            if failure is None:
                successes.append({"product_id": product_id})
            else:
                failures.append({"product_id": product_id, "error_code": failure[0], "error_message": failure[1]})
    body = {
        "update_success": not failures,
        "update_successful_list": DtoList(DTO, successes),
        "update_failed_list": DtoList(DTO, failures),
    }
    if failures:
        body.update(update_error_code=failures[0]["error_code"], update_error_message=failures[0]["error_message"])
    return body


def batch_price_update(call: Call) -> dict:
    return _batch(call, "price")


def batch_inventory_update(call: Call) -> dict:
    return _batch(call, "inventory")
