"""Checks on CreateProduct / UpdateProduct / AddVariation bodies, restated from the V3 schemas
(limits in data/limits.json). Shape problems (missing, too long, wrong type) are collected and
answered together as code 1001; rules about the merchant's data (currency, warehouses, category,
SKUs already taken) answer 90001 with Wish's own messages."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from babel import Locale

from infra.sandboxes.wish.envelope import WishError
from infra.sandboxes.wish.runtime import Runtime

COUNTRIES = frozenset(code for code in Locale("en").territories if len(code) == 2 and code.isalpha())
URL = re.compile(r"^https?://\S+$")
HTML = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>")


class Shape:
    """Collects shape problems as `path: message`."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def add(self, path: str, message: str) -> None:
        self.problems.append(f"{path} {message}")

    def raise_if_any(self) -> None:
        if self.problems:
            raise WishError("invalid_param", detail="; ".join(self.problems))


def is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def text(shape: Shape, path: str, value: Any, *, required: bool, maximum: int | None = None) -> str | None:
    if value is None:
        if required:
            shape.add(path, "is required")
        return None
    if not isinstance(value, str) or not value.strip():
        shape.add(path, "must be a non-empty string")
        return None
    if maximum is not None and len(value) > maximum:
        shape.add(path, f"must be at most {maximum} characters")
    return value


def price(rt: Runtime, shape: Shape, path: str, value: Any, *, required: bool) -> Decimal | None:
    if value is None:
        if required:
            shape.add(path, "is required")
        return None
    if not isinstance(value, dict):
        shape.add(path, "must be an object {amount, currency_code}")
        return None
    amount, currency = value.get("amount"), value.get("currency_code")
    if not is_number(amount) or amount < 0:
        shape.add(f"{path}.amount", "must be a number >= 0")
        return None
    if not isinstance(currency, str) or not re.fullmatch(r"[A-Z]{3}", currency):
        shape.add(f"{path}.currency_code", "must be an ISO 4217 code")
        return None
    if currency != rt.currency:
        raise WishError("currency", currency=rt.currency)
    return Decimal(str(amount))


def country(shape: Shape, path: str, value: Any, *, required: bool) -> None:
    if value is None:
        if required:
            shape.add(path, "is required")
    elif value not in COUNTRIES:
        shape.add(path, "must be an ISO 3166 alpha-2 country code")


def inventories(rt: Runtime, shape: Shape, path: str, value: Any, *, required: bool) -> list[dict] | None:
    if value is None:
        if required:
            shape.add(path, "is required")
        return None
    if not isinstance(value, list) or not value:
        shape.add(path, "must be a non-empty list")
        return None
    items = []
    for index, item in enumerate(value):
        where = f"{path}[{index}]"
        item = item if isinstance(item, dict) else {}
        amount = item.get("inventory")
        if not isinstance(amount, int) or isinstance(amount, bool) or not 0 <= amount <= rt.limits["inventory_max"]:
            shape.add(f"{where}.inventory", f"must be an integer from 0 to {rt.limits['inventory_max']}")
        warehouse_id = item.get("warehouse_id")
        if not isinstance(warehouse_id, str):
            shape.add(f"{where}.warehouse_id", "is required")
        elif rt.warehouse(warehouse_id) is None:
            raise WishError("no_warehouse", warehouse_id=warehouse_id)
        items.append({"warehouse_id": warehouse_id, "inventory": amount})
    return items


def logistics(rt: Runtime, shape: Shape, path: str, value: Any, *, creating: bool) -> dict | None:
    if value is None:
        if creating:
            shape.add(f"{path}.origin_country", "is required")
        return None
    if not isinstance(value, dict):
        shape.add(path, "must be an object")
        return None
    country(shape, f"{path}.origin_country", value.get("origin_country"), required=creating)
    for name in ("weight", "length", "width", "height"):
        if value.get(name) is not None and (not is_number(value[name]) or value[name] < 0):
            shape.add(f"{path}.{name}", "must be a number >= 0")
    flags = value.get("restricted_flags") or []
    if not isinstance(flags, list) or any(flag not in rt.limits["restricted_flags"] for flag in flags):
        shape.add(f"{path}.restricted_flags", f"must hold values of {', '.join(rt.limits['restricted_flags'])}")
    price(rt, shape, f"{path}.customs_declared_value", value.get("customs_declared_value"), required=False)
    return value


def variation(rt: Runtime, shape: Shape, path: str, item: Any, *, creating: bool, images: set[str]) -> dict:
    """One AddProductVariation (creating) or the editable part of an UpdateProductVariation."""
    limits = rt.limits
    item = item if isinstance(item, dict) else {}
    clean = {}
    sku = text(shape, f"{path}.sku", item.get("sku"), required=creating, maximum=limits["sku_max"])
    if sku is not None:
        clean["sku"] = sku
    amount = price(rt, shape, f"{path}.price", item.get("price"), required=creating)
    if amount is not None:
        clean["price"] = {"amount": float(amount), "currency_code": rt.currency}
    stock = inventories(rt, shape, f"{path}.inventories", item.get("inventories"), required=creating)
    if stock is not None:
        clean["inventories"] = stock
    options = item.get("options")
    if options is not None:
        if not isinstance(options, list) or any(
            not isinstance(o, dict) or not o.get("name") or not o.get("value") for o in options
        ):
            shape.add(f"{path}.options", "must be a list of {name, value} with non-empty values")
        else:
            clean["options"] = [{"name": o["name"], "value": o["value"]} for o in options]
    gtin = item.get("gtin")
    if gtin is not None and not (isinstance(gtin, str) and re.fullmatch(limits["gtin_pattern"], gtin)):
        shape.add(f"{path}.gtin", "must be 8 to 14 digits")
    image = item.get("image")
    if image is not None and (not isinstance(image, str) or image not in images):
        shape.add(f"{path}.image", "must be one of the product's extra_images")
    details = logistics(rt, shape, f"{path}.logistics_details", item.get("logistics_details"), creating=creating)
    for name, value in (("gtin", gtin), ("image", image), ("logistics_details", details)):
        if value is not None:
            clean[name] = value
    for name in ("attributes", "quantity_value", "merchant_set_cost"):
        if item.get(name) is not None:
            clean[name] = item[name]
    return clean


def product_fields(rt: Runtime, shape: Shape, body: dict, *, creating: bool) -> dict:
    """EditableProductParams plus images; `creating` adds CreateProduct's required fields."""
    limits = rt.limits
    clean: dict[str, Any] = {}
    for name, maximum in (
        ("name", limits["name_max"]),
        ("parent_sku", limits["parent_sku_max"]),
        ("description", limits["description_max"]),
    ):
        value = text(shape, name, body.get(name), required=creating, maximum=maximum)
        if value is not None:
            clean[name] = value
    if "description" in clean and HTML.search(clean["description"]):
        shape.add("description", "must not contain HTML")
    tags = body.get("tags")
    if tags is not None:
        if (
            not isinstance(tags, list)
            or len(tags) > limits["tags_max"]
            or any(not isinstance(tag, str) or not 1 <= len(tag) <= limits["tag_max"] for tag in tags)
        ):
            shape.add("tags", f"must be at most {limits['tags_max']} strings of 1 to {limits['tag_max']} characters")
        else:
            clean["tags"] = tags
    category = body.get("category_id")
    if category is None and creating:
        shape.add("category_id", "is required")
    elif category is not None:
        if not isinstance(category, int) or isinstance(category, bool):
            shape.add("category_id", "must be an integer")
        else:
            clean["category_id"] = category
    if body.get("condition") is not None:
        if body["condition"] not in limits["conditions"]:
            shape.add("condition", f"must be one of {', '.join(limits['conditions'])}")
        else:
            clean["condition"] = body["condition"]
    quantity = body.get("max_quantity")
    if quantity is not None:
        if not isinstance(quantity, int) or quantity < limits["max_quantity_min"]:
            shape.add("max_quantity", "must be an integer >= 1")
        else:
            clean["max_quantity"] = quantity
    _images(shape, body, clean, creating=creating, limits=limits)
    shipping = body.get("default_shipping_prices")
    if shipping is None and creating:
        shape.add("default_shipping_prices", "is required")
    elif shipping is not None:
        clean["default_shipping_prices"] = _shipping(rt, shape, shipping)
    for name in (
        "brand_id",
        "attributes",
        "warehouse_to_shippings",
        "unit",
        "reference_value",
        "video",
        "msrp",
        "consignment",
        "gpsr_manufacturer",
        "gpsr_warnings",
        "gpsr_safety_instructions",
    ):
        if body.get(name) is not None:
            clean[name] = body[name]
    return clean


def _images(shape: Shape, body: dict, clean: dict, *, creating: bool, limits: dict) -> None:
    main = body.get("main_image")
    if main is None and creating:
        shape.add("main_image", "is required")
    elif main is not None:
        if not isinstance(main, dict) or not isinstance(main.get("url"), str) or not URL.match(main["url"]):
            shape.add("main_image.url", "must be an http(s) URL")
        elif creating and not isinstance(main.get("is_clean_image"), bool):
            shape.add("main_image.is_clean_image", "is required when creating a product")
        else:
            clean["main_image"] = {"url": main["url"], "is_clean_image": bool(main.get("is_clean_image"))}
    extra = body.get("extra_images")
    if extra is not None:
        if not isinstance(extra, list) or len(extra) > limits["extra_images_max"]:
            shape.add("extra_images", f"must be a list of at most {limits['extra_images_max']} images")
        elif any(not isinstance(item, dict) or not URL.match(str(item.get("url"))) for item in extra):
            shape.add("extra_images", "must hold objects with an http(s) url")
        else:
            clean["extra_images"] = [
                {"url": item["url"], "is_clean_image": bool(item.get("is_clean_image"))} for item in extra
            ]


def _shipping(rt: Runtime, shape: Shape, value: Any) -> list[dict]:
    if not isinstance(value, list) or not value:
        shape.add("default_shipping_prices", "must be a non-empty list")
        return []
    items = []
    for index, item in enumerate(value):
        item = item if isinstance(item, dict) else {}
        warehouse_id = item.get("warehouse_id")
        if not isinstance(warehouse_id, str):
            shape.add(f"default_shipping_prices[{index}].warehouse_id", "is required")
            continue
        if rt.warehouse(warehouse_id) is None:
            raise WishError("no_warehouse", warehouse_id=warehouse_id)
        amount = price(
            rt,
            shape,
            f"default_shipping_prices[{index}].default_shipping_price",
            item.get("default_shipping_price"),
            required=True,
        )
        if amount is not None:
            items.append(
                {
                    "warehouse_id": warehouse_id,
                    "default_shipping_price": {"amount": float(amount), "currency_code": rt.currency},
                }
            )
    if items and rt.standard_warehouse["id"] not in {item["warehouse_id"] for item in items}:
        shape.add("default_shipping_prices", "must include the STANDARD warehouse")
    return items
