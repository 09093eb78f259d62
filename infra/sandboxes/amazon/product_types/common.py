"""Attributes most product types share: identity, descriptive text, images,
variation family and package facts, with the rules that tie them together. Limits follow
what Amazon's published product type schemas declare for these attributes."""

from __future__ import annotations

from babel import Locale

from infra.sandboxes.amazon.product_types.builder import (
    MP,
    NOT_A_PARENT,
    _enum,
    _leaf,
    attribute,
    choice,
    dimensions,
    has_value,
    image,
    integer,
    is_set,
    measure,
    requires,
    text,
    yes_no,
)

NOT_COUNTRIES = {"EU", "EZ", "UN", "QO", "ZZ"}
COUNTRIES = sorted(
    code for code in Locale("en").territories if len(code) == 2 and code.isalpha() and code not in NOT_COUNTRIES
)
WEIGHT_UNITS = ["grams", "kilograms", "milligrams", "ounces", "pounds"]
LENGTH_UNITS = ["centimeters", "feet", "inches", "meters", "millimeters", "yards"]
OFFER_ATTRIBUTES = {
    "condition_type",
    "condition_note",
    "fulfillment_availability",
    "purchasable_offer",
    "list_price",
    "merchant_shipping_group",
    "skip_offer",
    "max_order_quantity",
}
IDENTITY_ATTRIBUTES = {
    "merchant_suggested_asin",
    "externally_assigned_product_identifier",
    "supplier_declared_has_product_identifier_exemption",
}
VARIATION_ATTRIBUTES = ["parentage_level", "child_parent_sku_relationship", "variation_theme"]


def country_of_origin() -> dict:
    names = Locale("en").territories
    values = [*COUNTRIES, "unknown"]
    return choice(
        "Country of Origin",
        "Where the product was made or assembled.",
        values,
        [names.get(code, "Unknown") for code in values],
    )


def identity() -> dict[str, dict]:
    return {
        "merchant_suggested_asin": text(
            "Merchant Suggested ASIN",
            "An existing ASIN the offer should attach to.",
            min_length=10,
            max_length=10,
            max_bytes=40,
            localized=False,
        ),
        "externally_assigned_product_identifier": attribute(
            "External Product ID",
            "A GTIN (EAN, UPC or GTIN-14) that identifies the product worldwide.",
            {
                "type": {**_leaf("string", editable=False), **_enum(["ean", "gtin", "upc"], ["EAN", "GTIN", "UPC"])},
                "value": _leaf("string", editable=False),
                "marketplace_id": MP,
            },
            selectors=["marketplace_id", "type"],
            required_fields=["type", "value"],
        ),
        "supplier_declared_has_product_identifier_exemption": yes_no(
            "Product ID Exemption", "Whether Amazon granted this brand an exemption from product identifiers."
        ),
    }


def identity_rules() -> list[dict]:
    """Without an exemption, a non-parent item needs an ASIN or an external id (either will do)."""
    no_exemption = {"not": has_value("supplier_declared_has_product_identifier_exemption", [True])}
    return [
        requires(
            {"allOf": [{"not": is_set("merchant_suggested_asin")}, NOT_A_PARENT, no_exemption]},
            "externally_assigned_product_identifier",
        ),
        requires(
            {"allOf": [{"not": is_set("externally_assigned_product_identifier")}, NOT_A_PARENT, no_exemption]},
            "merchant_suggested_asin",
        ),
    ]


def descriptive(*, item_name_max: int = 200, bullet_max: int = 700, bullets: int = 10) -> dict[str, dict]:
    return {
        "item_name": text(
            "Title",
            "The product name buyers see, in the marketplace's language.",
            min_length=0,
            max_length=item_name_max,
        ),
        "brand": text(
            "Brand Name", "The brand the product is sold under.", min_length=1, max_length=100, editable=False
        ),
        "manufacturer": text("Manufacturer", "Who made the product.", min_length=0, max_length=100),
        "bullet_point": text(
            "Bullet Point",
            "Short sentences about the key features.",
            min_length=0,
            max_length=bullet_max,
            max_values=bullets,
        ),
        "product_description": text("Product Description", "A longer description of the product.", max_bytes=20000),
        "generic_keyword": text(
            "Generic Keywords",
            "Search terms that are not in the title or bullets.",
            min_length=0,
            max_length=500,
            max_bytes=2000,
        ),
        "part_number": text("Part Number", "The manufacturer's part number.", max_length=40, localized=False),
        "model_number": text(
            "Model Number", "The manufacturer's model number.", max_length=40, max_bytes=40, localized=False
        ),
        "model_name": text("Model Name", "The model's name.", max_length=120),
        "main_product_image_locator": image("Main Image Location", "URL of the main product image."),
        **{
            f"other_product_image_locator_{n}": image(f"Other Image Location {n}", "URL of another product image.")
            for n in range(1, 9)
        },
    }


def variation(themes: list[str]) -> dict[str, dict]:
    return {
        "parentage_level": choice(
            "Parentage Level",
            "Whether the SKU is the parent or a child of a variation family.",
            ["child", "parent"],
            ["Child", "Parent"],
        ),
        "child_parent_sku_relationship": attribute(
            "Child Parent SKU Relationship",
            "For a child: the SKU of its parent.",
            {
                "child_relationship_type": {
                    **_leaf("string", editable=False, hidden=True),
                    **_enum(["variation"], ["Variation"]),
                },
                "marketplace_id": MP,
                "parent_sku": _leaf("string", minLength=1, maxLength=40, minUtf8ByteLength=1, maxUtf8ByteLength=40),
            },
            selectors=["marketplace_id"],
            required_fields=["child_relationship_type"],
        ),
        "variation_theme": {
            "title": "Variation Theme",
            "description": "The attributes in which the children of a family differ.",
            "type": "array",
            "minItems": 1,
            "maxItems": 1,
            "items": {
                "type": "object",
                "required": ["name"],
                "additionalProperties": False,
                "properties": {"name": {**_leaf("string"), **_enum(themes)}},
            },
        },
    }


def variation_rules() -> list[dict]:
    child = has_value("parentage_level", ["child"])
    return [
        {
            "if": {"not": child},
            "then": {"properties": {"child_parent_sku_relationship": {"items": {"not": {"required": ["parent_sku"]}}}}},
        },
        {
            "if": child,
            "then": {"properties": {"child_parent_sku_relationship": {"items": {"required": ["parent_sku"]}}}},
        },
        requires(is_set("parentage_level"), "child_parent_sku_relationship", "variation_theme"),
    ]


def package() -> dict[str, dict]:
    return {
        "item_package_dimensions": dimensions(
            "Item Package Dimensions", "The size of the package as shipped.", LENGTH_UNITS
        ),
        "item_package_weight": measure(
            "Package Weight",
            "The weight of the package as shipped.",
            WEIGHT_UNITS,
            exclusive_minimum=0,
            maximum=1_000_000_000,
        ),
        "item_package_quantity": integer("Item Package Quantity", "How many units come in one package.", minimum=1),
        "number_of_items": integer("Number of Items", "How many items the product consists of.", minimum=0),
        "item_weight": measure("Item Weight", "The weight of the item itself.", WEIGHT_UNITS),
        "batteries_required": yes_no("Batteries Required", "Whether the product needs batteries."),
        "batteries_included": yes_no("Batteries Included", "Whether batteries come with the product."),
        "supplier_declared_dg_hz_regulation": choice(
            "Dangerous Goods Regulations",
            "Which dangerous-goods regulations apply to the product.",
            ["ghs", "not_applicable", "other", "storage", "transportation", "unknown", "waste"],
            ["GHS", "Not Applicable", "Other", "Storage", "Transportation", "Unknown", "Waste"],
            max_values=1000,
        ),
        "country_of_origin": country_of_origin(),
    }


def package_rules() -> list[dict]:
    return [
        {
            "if": has_value("supplier_declared_dg_hz_regulation", ["not_applicable"]),
            "then": {
                "properties": {
                    "supplier_declared_dg_hz_regulation": {
                        "items": {
                            "properties": {"value": {"not": {"enum": ["other", "storage", "transportation", "waste"]}}}
                        }
                    }
                }
            },
        },
        requires(has_value("batteries_required", [True]), "batteries_included"),
    ]
