"""Listing payloads shared by the Amazon sandbox tests: a complete, valid BRACELET for the US
marketplace (merchant-fulfilled), and helpers to vary it."""

from __future__ import annotations

import copy

US = "ATVPDKIKX0DER"


def text(value: str, marketplace: str = US, language: str = "en_US") -> list[dict]:
    return [{"value": value, "language_tag": language, "marketplace_id": marketplace}]


def plain(value: object, marketplace: str = US) -> list[dict]:
    return [{"value": value, "marketplace_id": marketplace}]


BRACELET = {
    "brand": text("Lumen & Co"),
    "bullet_point": text("925 sterling silver links") + text("Lobster clasp, 7.5 inches"),
    "country_of_origin": plain("CN"),
    "item_name": text("Lumen & Co sterling silver link bracelet"),
    "item_type_keyword": plain("link-bracelets"),
    "product_description": text("A light silver link bracelet for everyday wear."),
    "supplier_declared_dg_hz_regulation": plain("not_applicable"),
    "externally_assigned_product_identifier": [{"type": "ean", "value": "4006381333931", "marketplace_id": US}],
    "department": text("Womens"),
    "cpsia_cautionary_statement": plain("no_warning_applicable"),
    "jewelry_material_categorization": plain("fashion"),
    "material": text("Metal"),
    "color": text("Silver"),
    "size": text("Medium"),
    "gem_type": text("No Gemstone"),
    "part_number": plain("LUM-BR-001"),
    "clasp_type": text("Lobster Claw"),
    "item_length": [{"value": 7.5, "unit": "inches", "marketplace_id": US}],
    "fulfillment_availability": [{"fulfillment_channel_code": "DEFAULT", "quantity": 12}],
    "merchant_shipping_group": plain("legacy-template-id"),
    "condition_type": plain("new_new"),
    "list_price": [{"value": 39.99, "currency": "USD", "marketplace_id": US}],
    "purchasable_offer": [
        {"currency": "USD", "marketplace_id": US, "our_price": [{"schedule": [{"value_with_tax": 29.99}]}]}
    ],
    "main_product_image_locator": [
        {"media_location": "https://images.example.com/lumen/br-001.jpg", "marketplace_id": US}
    ],
}


def bracelet(**changes: object) -> dict:
    """The valid bracelet with attributes replaced (or removed, with None)."""
    payload = copy.deepcopy(BRACELET)
    for name, value in changes.items():
        if value is None:
            payload.pop(name, None)
        else:
            payload[name] = value
    return payload
