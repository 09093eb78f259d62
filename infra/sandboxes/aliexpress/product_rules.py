"""The rules aliexpress.solution.product.post / .edit apply to `post_product_request`, restated from
the API description (limits in data/limits.json). `product_from_dto` checks a whole DTO and returns
the sandbox's own product record, or raises with every problem found."""

from __future__ import annotations

import re
from decimal import Decimal

from infra.sandboxes.aliexpress.errors import Problems
from infra.sandboxes.aliexpress.runtime import Runtime
from infra.sandboxes.aliexpress.sku_rules import country_prices, decimal_in_range, int_in_range, int_or_none, skus_check

URL = re.compile(r"^https?://\S+$")
REQUIRED = (
    "language",
    "main_image_urls_list",
    "sku_info_list",
    "inventory_deduction_strategy",
    "weight",
    "package_length",
    "package_width",
    "package_height",
    "freight_template_id",
    "shipping_lead_time",
    "service_policy_id",
)


def _texts(problems: Problems, dto: dict, language: str, limits: dict) -> tuple[dict, dict]:
    subjects: dict[str, str] = {}
    items = dto.get("multi_language_subject_list")
    if items is None and dto.get("subject"):
        items = [{"language": language, "subject": dto["subject"]}]  # the deprecated single-language field
    if not isinstance(items, list) or not items:
        problems.add("multi_language_subject_list", "is required")
        items = []
    for index, item in enumerate(items):
        path = f"multi_language_subject_list[{index}]"
        lang, subject = (item or {}).get("language"), (item or {}).get("subject")
        if lang not in limits["languages"]:
            problems.add(f"{path}.language", "is not a supported language")
        if not isinstance(subject, str) or not subject.strip():
            problems.add(f"{path}.subject", "is required")
        elif len(subject) > limits["subject_max"]:
            problems.add(f"{path}.subject", f"must be at most {limits['subject_max']} characters")
        subjects[lang] = subject
    if items and language not in subjects:
        problems.add("multi_language_subject_list", f"must contain the product language '{language}'")

    descriptions: dict[str, dict] = {}
    items = dto.get("multi_language_description_list")
    if items is None and dto.get("description"):
        items = [{"language": language, "web_detail": dto["description"]}]
    for index, item in enumerate(items or []):
        lang = (item or {}).get("language")
        if lang not in limits["languages"]:
            problems.add(f"multi_language_description_list[{index}].language", "is not a supported language")
        descriptions[lang] = {"web_detail": item.get("web_detail"), "mobile_detail": item.get("mobile_detail")}
    if items and language not in descriptions:
        problems.add("multi_language_description_list", f"must contain the product language '{language}'")
    return subjects, descriptions


def product_from_dto(rt: Runtime, dto: dict, *, skus_given: bool = True) -> dict:
    """Validate a whole post_product_request (for an edit: the stored product with the edit applied).
    Posted SKUs need stock >= 1; SKUs an edit leaves alone keep whatever stock updates set (>= 0)."""
    limits = rt.limits
    inventory_min = limits["inventory_min_on_post"] if skus_given else limits["inventory_min_on_update"]
    problems = Problems()
    for name in REQUIRED:
        if dto.get(name) in (None, "", []):
            problems.add(name, "is required")
    language = dto.get("language")
    if language is not None and language not in limits["languages"]:
        problems.add("language", "is not a supported language")
    subjects, descriptions = _texts(problems, dto, language or "en", limits)

    category = dto.get("aliexpress_category_id", dto.get("category_id"))
    if category not in (None, "") and int_or_none(category) not in rt.categories:
        problems.add("aliexpress_category_id", "is not a leaf category")
    images = dto.get("main_image_urls_list")
    if images is not None:
        if not isinstance(images, list) or not 1 <= len(images) <= limits["main_images_max"]:
            problems.add("main_image_urls_list", f"must hold 1 to {limits['main_images_max']} image URLs")
        elif not all(isinstance(url, str) and URL.match(url) for url in images):
            problems.add("main_image_urls_list", "must hold http(s) URLs")
    given = dto.get("sku_info_list")
    skus = skus_check(problems, given, limits, inventory_min) if given is not None else []

    strategy = dto.get("inventory_deduction_strategy")
    if strategy is not None and strategy not in limits["inventory_deduction_strategies"]:
        problems.add("inventory_deduction_strategy", "must be place_order_withhold or payment_success_deduct")
    weight = (
        decimal_in_range(problems, "weight", dto["weight"], limits["weight_min"], limits["weight_max"], 3)
        if dto.get("weight") is not None
        else None
    )
    package = {}
    for name in ("package_length", "package_width", "package_height"):
        if dto.get(name) is not None:
            package[name] = int_in_range(problems, name, dto[name], limits["package_min_cm"], limits["package_max_cm"])
    freight = (
        int_in_range(problems, "freight_template_id", dto["freight_template_id"], 1)
        if dto.get("freight_template_id") is not None
        else None
    )
    if freight == limits["forbidden_freight_template_id"]:
        problems.add("freight_template_id", "the default template 1000 is not available to overseas sellers")
    lead = (
        int_in_range(
            problems,
            "shipping_lead_time",
            dto["shipping_lead_time"],
            limits["shipping_lead_time_min"],
            limits["shipping_lead_time_max"],
        )
        if dto.get("shipping_lead_time") is not None
        else None
    )
    policy = (
        int_in_range(problems, "service_policy_id", dto["service_policy_id"], 0)
        if dto.get("service_policy_id") is not None
        else None
    )
    for index, attribute in enumerate(dto.get("attribute_list") or []):
        attribute = attribute if isinstance(attribute, dict) else {}
        if attribute.get("aliexpress_attribute_name_id") is None and not attribute.get("attribute_name"):
            problems.add(f"attribute_list[{index}]", "needs aliexpress_attribute_name_id or attribute_name")
        if attribute.get("aliexpress_attribute_value_id") is None and not attribute.get("attribute_value"):
            problems.add(f"attribute_list[{index}]", "needs aliexpress_attribute_value_id or attribute_value")
    prices = {sku["sku_code"]: Decimal(sku["price"]) for sku in skus if sku["price"] is not None}
    country = country_prices(
        problems, dto.get("multi_country_price_configuration"), prices, limits, "multi_country_price_configuration"
    )
    problems.raise_if_any()
    return {
        "language": language,
        "subjects": subjects,
        "descriptions": descriptions,
        "category_id": int_or_none(category),
        "brand_name": dto.get("brand_name"),
        "product_unit": int_or_none(dto.get("product_unit")) or 100000015,
        "images": images,
        "attributes": dto.get("attribute_list") or [],
        "skus": skus,
        "inventory_deduction_strategy": strategy,
        "weight": str(weight),
        **package,
        "freight_template_id": freight,
        "shipping_lead_time": lead,
        "service_policy_id": policy,
        "size_chart_id": int_or_none(dto.get("size_chart_id")),
        "group_id": int_or_none(dto.get("group_id")),
        "country_prices": country,
        "currency": rt.currency,
    }


def product_to_dto(product: dict) -> dict:
    """The stored product as a post_product_request, so an edit can be applied and re-checked."""
    return {
        "language": product["language"],
        "multi_language_subject_list": [
            {"language": lang, "subject": text} for lang, text in product["subjects"].items()
        ],
        "multi_language_description_list": [
            {"language": lang, **detail} for lang, detail in product["descriptions"].items()
        ]
        or None,
        "aliexpress_category_id": product.get("category_id"),
        "brand_name": product.get("brand_name"),
        "product_unit": product.get("product_unit"),
        "main_image_urls_list": product["images"],
        "attribute_list": product.get("attributes"),
        "sku_info_list": [
            {
                "sku_code": sku["sku_code"],
                "price": sku["price"],
                "discount_price": sku["discount_price"],
                "inventory": sku["inventory"],
                "ean_code": sku.get("ean_code"),
                "sku_attributes_list": sku["attributes"],
            }
            for sku in product["skus"]
        ],
        "inventory_deduction_strategy": product["inventory_deduction_strategy"],
        "weight": product["weight"],
        "package_length": product["package_length"],
        "package_width": product["package_width"],
        "package_height": product["package_height"],
        "freight_template_id": product["freight_template_id"],
        "shipping_lead_time": product["shipping_lead_time"],
        "service_policy_id": product["service_policy_id"],
        "size_chart_id": product.get("size_chart_id"),
        "group_id": product.get("group_id"),
        "multi_country_price_configuration": _country_dto(product.get("country_prices")),
    }


def _country_dto(config: dict | None) -> dict | None:
    if not config:
        return None
    return {
        "price_type": "absolute",
        "country_price_list": [
            {"ship_to_country": c["ship_to_country"], "sku_price_by_country_list": c["skus"]}
            for c in config["countries"]
        ],
    }
