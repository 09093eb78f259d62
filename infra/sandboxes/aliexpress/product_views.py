"""Stored products rendered as AliExpress answers them: GlobalAeopFindProductResultDto for
product.info.get and ItemDisplayDto for product.list.get (list item DTO names as the platform
wraps them when simplify=false)."""

from __future__ import annotations

from decimal import Decimal

from infra.sandboxes.aliexpress.envelope import DtoList
from infra.sandboxes.aliexpress.runtime import Runtime


def member_seq(seller_id: str) -> int:
    """A numeric member sequence derived from the seller id (sandbox sellers need not be numeric)."""
    digits = "".join(char for char in seller_id if char.isdigit())
    return int(digits[-9:] or 0)


def _sku(product: dict, sku: dict) -> dict:
    properties = [
        {
            "sku_property_id": attribute.get("sku_attribute_name_id"),
            "property_value_id": attribute.get("sku_attribute_value_id"),
            "property_value_definition_name": attribute.get("sku_attribute_value"),
            "sku_image": attribute.get("sku_image_url"),
        }
        for attribute in sku["attributes"]
    ]
    return {
        "id": sku["sku_id"],
        "sku_code": sku["sku_code"],
        "sku_price": sku["price"],
        "sku_discount_price": sku.get("discount_price"),
        "ipm_sku_stock": sku["inventory"],
        "sku_stock": sku["inventory"] > 0,
        "currency_code": product["currency"],
        "ean_code": sku.get("ean_code"),
        "barcode": sku.get("ean_code"),
        "aeop_s_k_u_property_list": DtoList("global_aeop_sku_property", properties),
    }


def _country_prices(config: dict | None) -> dict | None:
    if not config:
        return None
    countries = [
        {
            "ship_to_country": country["ship_to_country"],
            "sku_price_by_country_list": DtoList("single_sku_price_by_country_dto", country["skus"]),
        }
        for country in config["countries"]
    ]
    return {"price_type": "absolute", "country_price_list": DtoList("single_country_price_dto", countries)}


def product_detail(rt: Runtime, product: dict) -> dict:
    locales = rt.limits["locales"]
    language = product["language"]
    main_description = product["descriptions"].get(language) or {}
    prices = [Decimal(sku["price"]) for sku in product["skus"]]
    return {
        "product_id": product["product_id"],
        "subject": product["subjects"].get(language),
        "multi_language_subject_list": DtoList(
            "global_subject", [{"locale": locales[lang], "subject": text} for lang, text in product["subjects"].items()]
        ),
        "multi_language_description_list": DtoList(
            "global_description",
            [{"locale": locales[lang], **detail} for lang, detail in product["descriptions"].items()],
        ),
        "detail": main_description.get("web_detail"),
        "mobile_detail": main_description.get("mobile_detail"),
        "category_id": product.get("category_id"),
        "currency_code": product["currency"],
        "product_price": str(min(prices)),
        "gross_weight": product["weight"],
        "package_length": product["package_length"],
        "package_width": product["package_width"],
        "package_height": product["package_height"],
        "package_type": False,
        "lot_num": 1,
        "product_unit": product["product_unit"],
        "delivery_time": product["shipping_lead_time"],
        "freight_template_id": product["freight_template_id"],
        "promise_template_id": product["service_policy_id"],
        "reduce_strategy": product["inventory_deduction_strategy"],
        "sizechart_id": product.get("size_chart_id"),
        "group_id": product.get("group_id"),
        "image_u_r_ls": ";".join(product["images"]),
        "aeop_ae_product_s_k_us": DtoList(
            "global_aeop_ae_product_sku", [_sku(product, sku) for sku in product["skus"]]
        ),
        "aeop_ae_product_propertys": DtoList(
            "global_aeop_ae_product_property",
            [
                {
                    "attr_name_id": item.get("aliexpress_attribute_name_id"),
                    "attr_name": item.get("attribute_name"),
                    "attr_value_id": item.get("aliexpress_attribute_value_id"),
                    "attr_value": item.get("attribute_value"),
                }
                for item in product.get("attributes") or []
            ],
        ),
        "multi_country_price_configuration": _country_prices(product.get("country_prices")),
        "product_status_type": product["status"],
        "ws_display": product.get("ws_display"),
        "ws_offline_date": rt.pacific(product.get("offline_at")),
        "gmt_create": rt.pacific(product["created_at"]),
        "gmt_modified": rt.pacific(product["modified_at"]),
        "owner_member_id": f"seller{product['seller_id'][-4:]}",
        "owner_member_seq": member_seq(product["seller_id"]),
    }


def product_display(rt: Runtime, product: dict) -> dict:
    prices = [Decimal(sku["price"]) for sku in product["skus"]]
    return {
        "product_id": product["product_id"],
        "subject": product["subjects"].get(product["language"]),
        "product_min_price": str(min(prices)),
        "product_max_price": str(max(prices)),
        "currency_code": product["currency"],
        "image_u_r_ls": ";".join(product["images"]),
        "freight_template_id": product["freight_template_id"],
        "group_id": product.get("group_id"),
        "ws_display": product.get("ws_display"),
        "ws_offline_date": rt.pacific(product.get("offline_at")),
        "gmt_create": rt.pacific(product["created_at"]),
        "gmt_modified": rt.pacific(product["modified_at"]),
        "owner_member_id": f"seller{product['seller_id'][-4:]}",
        "owner_member_seq": member_seq(product["seller_id"]),
        "src": "isv",
    }
