"""SKU-level rules of the AliExpress solution APIs: prices (0.01-999999, two decimals, discount
below price), sku_code (at most 20 characters, no spaces or angle brackets), SKU attributes,
stock, and per-country prices (multi_country_price_configuration). Used by product post/edit and
the batch updates."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from infra.sandboxes.aliexpress.errors import Problems

DUPLICATE_SKU = "F00-00-10007-007"  # the platform's code for "duplicate sku_code"
EAN = re.compile(r"^[0-9]{8,14}$")


def decimal_or_none(value: Any) -> Decimal | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def int_or_none(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and re.fullmatch(r"-?[0-9]+", value.strip()):
        return int(value)
    return None


def decimal_in_range(problems: Problems, path: str, value: Any, low: str, high: str, places: int) -> Decimal | None:
    number = decimal_or_none(value)
    if number is None:
        problems.add(path, "must be a decimal number")
    elif not Decimal(low) <= number <= Decimal(high):
        problems.add(path, f"must be between {low} and {high}")
    elif -number.as_tuple().exponent > places:
        problems.add(path, f"must have at most {places} decimal places")
    else:
        return number
    return None


def int_in_range(problems: Problems, path: str, value: Any, low: int | None = None, high: int | None = None) -> Any:
    number = int_or_none(value)
    if number is None:
        problems.add(path, "must be an integer")
    elif (low is not None and number < low) or (high is not None and number > high):
        problems.add(path, f"must be between {low} and {high}" if high is not None else f"must be at least {low}")
    else:
        return number
    return None


def check_price(problems: Problems, path: str, price: Any, discount: Any, limits: dict) -> tuple:
    value = decimal_in_range(problems, f"{path}.price", price, limits["price_min"], limits["price_max"], 2)
    sale = None
    if discount not in (None, ""):
        low, high = limits["price_min"], limits["price_max"]
        sale = decimal_in_range(problems, f"{path}.discount_price", discount, low, high, 2)
        if value is not None and sale is not None and sale >= value:
            problems.add(f"{path}.discount_price", "must be lower than price")
    return value, sale


def check_sku_code(problems: Problems, path: str, code: Any, limits: dict) -> str | None:
    if not isinstance(code, str) or not code:
        problems.add(path, "is required")
        return None
    if len(code) > limits["sku_code_max"]:
        problems.add(path, f"must be at most {limits['sku_code_max']} characters")
    if re.search(r"[\s<>]", code):
        problems.add(path, "must not contain spaces, '<' or '>'")
    return code


def _sku_attributes(problems: Problems, path: str, items: Any, limits: dict) -> list[dict]:
    attributes = []
    for index, item in enumerate(items or []):
        where = f"{path}.sku_attributes_list[{index}]"
        item = item if isinstance(item, dict) else {}
        name_id, value = item.get("sku_attribute_name_id"), item.get("sku_attribute_value")
        if name_id is None and not item.get("sku_attribute_name"):
            problems.add(f"{where}.sku_attribute_name_id", "is required")
        if item.get("sku_attribute_value_id") is None and not value:
            problems.add(f"{where}.sku_attribute_value", "needs sku_attribute_value_id or sku_attribute_value")
        if isinstance(value, str):
            if len(value) > limits["sku_attribute_value_max"]:
                problems.add(
                    f"{where}.sku_attribute_value", f"must be at most {limits['sku_attribute_value_max']} characters"
                )
            if any(char in value for char in limits["sku_attribute_value_forbidden"]):
                problems.add(f"{where}.sku_attribute_value", "must not contain { # : = ,")
        attributes.append(
            {
                key: item.get(key)
                for key in (
                    "sku_attribute_name_id",
                    "sku_attribute_name",
                    "sku_attribute_value_id",
                    "sku_attribute_value",
                    "sku_image_url",
                )
            }
        )
    return attributes


def sku_id(attributes: list[dict]) -> str:
    """AliExpress's SKU id is its property pairs ("14:193;5:361386"), "<none>" without properties."""
    if not attributes:
        return "<none>"
    parts = []
    for attribute in attributes:
        name = attribute.get("sku_attribute_name_id") or attribute.get("sku_attribute_name")
        value = attribute.get("sku_attribute_value_id") or attribute.get("sku_attribute_value")
        parts.append(f"{name}:{value}")
    return ";".join(parts)


def skus_check(problems: Problems, items: Any, limits: dict, inventory_min: int) -> list[dict]:
    if not isinstance(items, list) or not items:
        problems.add("sku_info_list", "must hold at least one SKU")
        return []
    if len(items) > limits["batch_skus_per_product_max"]:
        problems.add("sku_info_list", f"must hold at most {limits['batch_skus_per_product_max']} SKUs")
    skus, seen_codes, seen_combos = [], set(), set()
    for index, item in enumerate(items):
        path = f"sku_info_list[{index}]"
        item = item if isinstance(item, dict) else {}
        code = check_sku_code(problems, f"{path}.sku_code", item.get("sku_code"), limits)
        if code in seen_codes:
            problems.add(f"{path}.sku_code", f"duplicate sku_code, please check your input ({code})", DUPLICATE_SKU)
        seen_codes.add(code)
        price, sale = check_price(problems, path, item.get("price"), item.get("discount_price"), limits)
        stock = item.get("inventory")
        inventory = int_in_range(problems, f"{path}.inventory", stock, inventory_min, limits["inventory_max"])
        if item.get("ean_code") and not EAN.match(str(item["ean_code"])):
            problems.add(f"{path}.ean_code", "must be 8 to 14 digits")
        attributes = _sku_attributes(problems, path, item.get("sku_attributes_list"), limits)
        if len(items) > 1 and not attributes:
            problems.add(f"{path}.sku_attributes_list", "is required when the product has more than one SKU")
        combo = sku_id(attributes)
        if attributes and combo in seen_combos:
            problems.add(f"{path}.sku_attributes_list", "repeats another SKU's attribute combination")
        seen_combos.add(combo)
        skus.append(
            {
                "sku_code": code,
                "price": str(price) if price is not None else None,
                "discount_price": str(sale) if sale is not None else None,
                "inventory": inventory,
                "ean_code": item.get("ean_code"),
                "attributes": attributes,
                "sku_id": combo,
            }
        )
    return skus


def country_prices(problems: Problems, config: Any, skus: dict[str, Decimal], limits: dict, path: str) -> dict | None:
    """multi_country_price_configuration: a country price is at least 70% of the SKU's price, its
    discount below the country price and at least 10% of it."""
    if config is None:
        return None
    if not isinstance(config, dict) or config.get("price_type") not in ("absolute", "delete"):
        problems.add(f"{path}.price_type", "must be absolute or delete")
        return None
    if config["price_type"] == "delete":
        return None
    countries = []
    for c_index, country in enumerate(config.get("country_price_list") or []):
        where = f"{path}.country_price_list[{c_index}]"
        if country.get("ship_to_country") not in limits["ship_to_countries"]:
            problems.add(f"{where}.ship_to_country", "is not a supported country")
        entries = []
        for s_index, entry in enumerate(country.get("sku_price_by_country_list") or []):
            at = f"{where}.sku_price_by_country_list[{s_index}]"
            base = skus.get(entry.get("sku_code"))
            if base is None:
                problems.add(f"{at}.sku_code", "is not one of the product's SKUs")
                continue
            price, sale = check_price(problems, at, entry.get("price"), entry.get("discount_price"), limits)
            if price is not None and price < base * Decimal(limits["country_price_min_share"]):
                problems.add(f"{at}.price", "must be at least 70% of the SKU price")
            if price is not None and sale is not None and sale < price * Decimal(limits["country_discount_min_share"]):
                problems.add(f"{at}.discount_price", "must be at least 10% of the country price")
            entries.append(
                {
                    "sku_code": entry["sku_code"],
                    "price": str(price) if price is not None else None,
                    "discount_price": str(sale) if sale is not None else None,
                }
            )
        countries.append({"ship_to_country": country.get("ship_to_country"), "skus": entries})
    return {"price_type": "absolute", "countries": countries}
