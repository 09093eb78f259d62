"""Offer attributes (sales terms) shared by every product type, and the rules that tie them to
fulfilment: who ships (the seller, DEFAULT, or FBA under the region's Amazon code), stock for
merchant-fulfilled offers, prices in the marketplace's currency (whole units for JPY), and what an
offer or an FBA item additionally needs."""

from __future__ import annotations

from infra.sandboxes.amazon.product_types.builder import (
    MP,
    NO_OFFER_SKIPPED,
    NOT_A_PARENT,
    _enum,
    _leaf,
    attribute,
    choice,
    has_value,
    integer,
    is_set,
    money,
    requires,
    text,
    yes_no,
)
from infra.sandboxes.amazon.store import Marketplace

AFN_CODES = {
    "NA": "AMAZON_NA",
    "EU": "AMAZON_EU",
    "JP": "AMAZON_JP",
    "AU": "AMAZON_AU",
    "SG": "AMAZON_SG",
    "IN": "AMAZON_IN",
}


def afn_code(marketplace: Marketplace) -> str:
    if marketplace.region == "NA":
        return "AMAZON_NA"
    return AFN_CODES.get(marketplace.country, "AMAZON_EU" if marketplace.region == "EU" else "AMAZON_JP")


def offer(marketplace: Marketplace, *, shipping_groups: list[str] | None = None) -> dict[str, dict]:
    afn = afn_code(marketplace)
    whole = marketplace.currency == "JPY"

    def schedule(*, priced: bool = False, dated: bool = False) -> dict:
        """A price list: [{schedule: [{value_with_tax, start_at?, end_at?}]}]."""
        moment = {
            "type": "string",
            "oneOf": [{"type": "string", "format": "date"}, {"type": "string", "format": "date-time"}],
        }
        properties = {"value_with_tax": _leaf("number", multipleOf=1 if whole else None)}
        entry_required = ["value_with_tax"] if priced else []
        if dated:
            properties.update(start_at=moment, end_at=moment)
            entry_required = ["end_at", "start_at", "value_with_tax"]
        entry = {"type": "object", "required": entry_required, "properties": properties, "additionalProperties": False}
        return {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["schedule"] if priced or dated else [],
                "additionalProperties": False,
                "properties": {"schedule": {"type": "array", "minItems": 1, "items": entry}},
            },
        }

    price_item = {
        "currency": {
            "default": marketplace.currency,
            "editable": False,
            "hidden": True,
            "type": "string",
            "anyOf": [{"type": "string"}, {"type": "string", **_enum([marketplace.currency])}],
        },
        "marketplace_id": MP,
        "audience": {
            **_leaf("string", editable=False, hidden=True),
            **_enum(["ALL", "B2B"], ["Sell on Amazon", "Amazon Business (B2B)"]),
        },
        "our_price": schedule(priced=True),
        "discounted_price": schedule(dated=True),
        "minimum_seller_allowed_price": schedule(),
        "maximum_seller_allowed_price": schedule(),
        "map_price": schedule(),
        "start_at": {
            "type": "object",
            "required": [],
            "additionalProperties": False,
            "properties": {
                "value": {
                    "type": "string",
                    "oneOf": [{"type": "string", "format": "date"}, {"type": "string", "format": "date-time"}],
                }
            },
        },
        "end_at": {
            "type": "object",
            "required": [],
            "additionalProperties": False,
            "properties": {
                "value": {
                    "type": "string",
                    "oneOf": [{"type": "string", "format": "date"}, {"type": "string", "format": "date-time"}],
                }
            },
        },
    }
    channel = {**_leaf("string"), **_enum(["DEFAULT", afn], ["Fulfilled by merchant", "Fulfilled by Amazon"])}
    return {
        "condition_type": choice(
            "Item Condition",
            "The condition the item is sold in.",
            ["new_new", "used_like_new", "used_very_good", "used_good", "used_acceptable"],
            ["New", "Used - Like New", "Used - Very Good", "Used - Good", "Used - Acceptable"],
            editable=False,
        ),
        "condition_note": text("Offer Condition Note", "Notes on a used item's condition.", max_length=1000),
        "list_price": money("List Price", "The manufacturer's suggested retail price.", marketplace),
        "purchasable_offer": attribute(
            "Purchasable Offer",
            "The price buyers pay, by audience.",
            price_item,
            selectors=["marketplace_id", "currency", "audience"],
        ),
        "fulfillment_availability": attribute(
            "Fulfillment Availability",
            "Who ships the item (DEFAULT: the seller; the Amazon code: FBA) and how many the seller has in stock.",
            {
                "fulfillment_channel_code": channel,
                "quantity": _leaf("integer", minimum=0),
                "lead_time_to_ship_max_days": _leaf("integer", minimum=0, maximum=30),
                "restock_date": {
                    "type": "string",
                    "oneOf": [{"type": "string", "format": "date"}, {"type": "string", "format": "date-time"}],
                },
                "is_inventory_available": _leaf("boolean"),
            },
            selectors=["fulfillment_channel_code"],
            required_fields=["fulfillment_channel_code"],
        ),
        "merchant_shipping_group": choice(
            "Shipping Template",
            "The seller's shipping template for merchant-fulfilled offers.",
            shipping_groups or ["legacy-template-id"],
        ),
        "skip_offer": yes_no("Skip Offer", "Create the product without an offer."),
        "max_order_quantity": integer("Max Order Quantity", "Most units one buyer may order.", minimum=1),
    }


def offer_rules(marketplace: Marketplace) -> list[dict]:
    afn = afn_code(marketplace)
    merchant = {
        "required": ["fulfillment_channel_code"],
        "properties": {"fulfillment_channel_code": {"enum": ["DEFAULT"]}},
    }
    seller_stock = {"allOf": [merchant, {"not": {"required": ["is_inventory_available"]}}]}
    item_rules = [
        {"if": seller_stock, "then": {"required": ["quantity"]}},
        {"if": {"not": seller_stock}, "then": {"not": {"required": ["quantity"]}}},
        {"if": {"not": merchant}, "then": {"not": {"required": ["lead_time_to_ship_max_days"]}}},
        {"if": {"not": merchant}, "then": {"not": {"required": ["restock_date"]}}},
        {
            "if": {"allOf": [merchant, {"not": {"required": ["quantity"]}}]},
            "then": {"required": ["is_inventory_available"]},
        },
        {
            "if": {"not": {"allOf": [merchant, {"not": {"required": ["quantity"]}}]}},
            "then": {"not": {"required": ["is_inventory_available"]}},
        },
    ]
    all_audience = {
        "anyOf": [
            {"required": ["audience"], "properties": {"audience": {"enum": ["ALL"]}}},
            {"not": {"required": ["audience"]}},
        ]
    }
    offer_items = [
        {
            "if": all_audience,
            "then": {"properties": {"discounted_price": {"maxItems": 1}}},
            "else": {"not": {"required": ["discounted_price"]}},
        },
        {"if": {"required": ["discounted_price"]}, "then": {"required": ["our_price"]}},
    ]
    sells = {"allOf": [NOT_A_PARENT, NO_OFFER_SKIPPED]}
    ships_from_amazon = {
        "anyOf": [
            has_value("fulfillment_availability", [afn], key="fulfillment_channel_code"),
            {"not": is_set("fulfillment_availability", "fulfillment_channel_code")},
        ]
    }
    return [
        *({"properties": {"fulfillment_availability": {"items": rule}}} for rule in item_rules),
        *({"properties": {"purchasable_offer": {"items": rule}}} for rule in offer_items),
        requires(sells, "fulfillment_availability"),
        requires(sells, "condition_type"),
        requires(sells, "list_price"),
        requires(
            {"allOf": [has_value("fulfillment_availability", ["DEFAULT"], key="fulfillment_channel_code"), sells]},
            "merchant_shipping_group",
        ),
        requires({"allOf": [ships_from_amazon, NOT_A_PARENT]}, "item_package_dimensions", "item_package_weight"),
        requires(ships_from_amazon, "batteries_required"),
    ]
