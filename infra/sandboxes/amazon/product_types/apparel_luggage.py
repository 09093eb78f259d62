"""SHIRT and LUGGAGE, the other everyday product types of a cross-border seller, and PRODUCT,
Amazon's catch-all type used to put an offer on an existing ASIN. Built from the same blocks as
BRACELET; their attribute lists and requirements follow what Amazon publishes for them in outline
(the sandbox does not claim them attribute for attribute)."""

from __future__ import annotations

from infra.sandboxes.amazon.product_types import common
from infra.sandboxes.amazon.product_types import offer as offers
from infra.sandboxes.amazon.product_types.builder import (
    MP,
    NOT_A_PARENT,
    ProductType,
    _enum,
    _leaf,
    attribute,
    choice,
    dimensions,
    requires,
    text,
    variation_child_with,
)
from infra.sandboxes.amazon.store import Marketplace

SIZE_SYSTEMS = {"US": "as1", "CA": "as2", "MX": "as3", "BR": "as4", "GB": "as5", "JP": "as6", "AU": "as7", "IN": "as8"}
SHIRT_THEMES = [
    "COLOR",
    "COLOR_NAME",
    "COLOR_NAME/SIZE_NAME",
    "SIZE",
    "SIZE/COLOR",
    "SIZE_NAME",
    "SIZE_NAME/COLOR_NAME",
    "STYLE_NAME/COLOR_NAME/SIZE_NAME",
]
LUGGAGE_THEMES = ["COLOR", "COLOR_NAME", "SIZE", "SIZE/COLOR", "SIZE_NAME", "SIZE_NAME/COLOR_NAME"]
SHARED_GROUPS = {
    "offer": ("Offer", sorted(common.OFFER_ATTRIBUTES)),
    "variations": ("Variations", list(common.VARIATION_ATTRIBUTES)),
    "images": ("Images", ["main_product_image_locator", *[f"other_product_image_locator_{n}" for n in range(1, 9)]]),
}


def size_system(marketplace: Marketplace) -> str:
    return SIZE_SYSTEMS.get(marketplace.country, "as9")


def shirt_attributes(marketplace: Marketplace) -> dict[str, dict]:
    system = size_system(marketplace)
    sizes = ["xx_s", "x_s", "s", "m", "l", "x_l", "xx_l", "3x_l", "4x_l", "5x_l"]
    shirt_size = attribute(
        "Shirt Size",
        "The size on the marketplace's size system: system, class (alpha or numeric), size, body and height type.",
        {
            "size_system": {**_leaf("string", editable=False, hidden=True), **_enum([system])},
            "size_class": {**_leaf("string"), **_enum(["alpha", "numeric"], ["Alpha", "Numeric"])},
            "size": {**_leaf("string"), **_enum(sizes, [s.replace("_", "").upper() for s in sizes])},
            "size_to": {**_leaf("string"), **_enum(sizes, [s.replace("_", "").upper() for s in sizes])},
            "body_type": {**_leaf("string"), **_enum(["regular", "big", "tall", "plus", "petite"])},
            "height_type": {**_leaf("string"), **_enum(["regular", "short", "tall"])},
            "marketplace_id": MP,
        },
        selectors=["marketplace_id"],
        required_fields=["size_system", "size_class", "size"],
    )
    return {
        **common.descriptive(),
        "item_type_keyword": text(
            "Item Type Keyword",
            "The browse keyword.",
            localized=False,
            max_length=200,
            suggestions=["casual-button-down-shirts", "dress-shirts", "henley-shirts", "polo-shirts", "t-shirts"],
        ),
        "department": text(
            "Department",
            "Who the shirt is made for.",
            min_length=1,
            max_length=50,
            suggestions=["boys", "girls", "mens", "unisex-adult", "womens"],
        ),
        "target_gender": choice("Target Gender", "The gender the item is meant for.", ["female", "male", "unisex"]),
        "age_range_description": text(
            "Age Range Description",
            "Adult, big kid, toddler...",
            max_length=50,
            suggestions=["Adult", "Big Kid", "Little Kid", "Toddler", "Infant"],
        ),
        "color": text("Color", "The colour as the buyer sees it.", max_length=1000),
        "shirt_size": shirt_size,
        "fabric_type": text(
            "Fabric Type", "Fibres and their shares, such as 60% cotton, 40% polyester.", max_length=700
        ),
        "care_instructions": text(
            "Care Instructions",
            "How to wash the shirt.",
            max_length=100,
            max_values=3,
            suggestions=["Dry Clean Only", "Hand Wash Only", "Machine Wash"],
        ),
        "sleeve_type": text(
            "Sleeve Type",
            "Short, long, three-quarter or none.",
            max_length=50,
            suggestions=["Long Sleeve", "Short Sleeve", "Sleeveless", "3/4 Sleeve"],
        ),
        "style": text("Style", "The style name.", max_length=100),
        **common.identity(),
        **common.variation(SHIRT_THEMES),
        **common.package(),
        **offers.offer(marketplace),
    }


def shirt_rules(marketplace: Marketplace) -> list[dict]:
    return [
        *common.variation_rules(),
        *common.identity_rules(),
        requires(
            NOT_A_PARENT,
            "color",
            "shirt_size",
            "department",
            "fabric_type",
            "care_instructions",
            "target_gender",
            "age_range_description",
        ),
        requires(variation_child_with(["STYLE_NAME/COLOR_NAME/SIZE_NAME"]), "style"),
        *offers.offer_rules(marketplace),
        *common.package_rules(),
    ]


def luggage_attributes(marketplace: Marketplace) -> dict[str, dict]:
    return {
        **common.descriptive(),
        "item_type_keyword": text(
            "Item Type Keyword",
            "The browse keyword.",
            localized=False,
            max_length=200,
            suggestions=["carry-on-luggage", "checked-luggage", "garment-bags", "luggage-sets"],
        ),
        "color": text("Color", "The colour as the buyer sees it.", max_length=1000),
        "size": text(
            "Size",
            "Carry-on, medium, large...",
            max_length=50,
            suggestions=["Carry-On", "Medium", "Large", "3-Piece Set"],
        ),
        "material": text(
            "Material",
            "The shell material.",
            max_bytes=2000,
            max_values=3,
            suggestions=["Aluminum", "Nylon", "Polycarbonate", "Polyester", "Polypropylene"],
        ),
        "number_of_wheels": choice("Number of Wheels", "How many wheels the case rolls on.", ["0", "2", "4", "8"]),
        "recommended_browse_nodes": text(
            "Recommended Browse Nodes",
            "Browse node ids the item belongs in.",
            localized=False,
            max_length=20,
            max_values=2,
        ),
        "supplier_declared_material_regulation": choice(
            "Material Regulations",
            "Regulations on materials that apply (fur, leather, bamboo...).",
            ["bamboo", "fur", "leather", "not_applicable", "wool"],
            max_values=5,
        ),
        "item_dimensions": dimensions("Item Dimensions", "The case's own size.", common.LENGTH_UNITS),
        **common.identity(),
        **common.variation(LUGGAGE_THEMES),
        **common.package(),
        **offers.offer(marketplace),
    }


def luggage_rules(marketplace: Marketplace) -> list[dict]:
    return [
        *common.variation_rules(),
        *common.identity_rules(),
        requires(NOT_A_PARENT, "size", "material", "item_dimensions"),
        *offers.offer_rules(marketplace),
        *common.package_rules(),
    ]


def product_attributes(marketplace: Marketplace) -> dict[str, dict]:
    return {
        "item_name": common.descriptive()["item_name"],
        "brand": common.descriptive()["brand"],
        **common.identity(),
        **common.package(),
        **offers.offer(marketplace),
    }


def product_rules(marketplace: Marketplace) -> list[dict]:
    return [*common.identity_rules(), *offers.offer_rules(marketplace), *common.package_rules()]


SHIRT = ProductType(
    name="SHIRT",
    display_name="Shirt",
    keywords=["shirt", "t-shirt", "tee", "polo", "blouse", "apparel"],
    attributes=shirt_attributes,
    rules=shirt_rules,
    required=[
        "brand",
        "bullet_point",
        "country_of_origin",
        "item_name",
        "item_type_keyword",
        "product_description",
        "supplier_declared_dg_hz_regulation",
    ],
    groups={
        **SHARED_GROUPS,
        "product_details": (
            "Product Details",
            [
                "item_name",
                "brand",
                "product_description",
                "bullet_point",
                "department",
                "target_gender",
                "age_range_description",
                "color",
                "shirt_size",
                "fabric_type",
                "care_instructions",
                "sleeve_type",
                "style",
            ],
        ),
    },
    offer_attributes=set(common.OFFER_ATTRIBUTES),
    identity_attributes=set(common.IDENTITY_ATTRIBUTES),
)
LUGGAGE = ProductType(
    name="LUGGAGE",
    display_name="Luggage",
    keywords=["luggage", "suitcase", "carry-on", "trolley", "travel"],
    attributes=luggage_attributes,
    rules=luggage_rules,
    required=[
        "brand",
        "bullet_point",
        "color",
        "country_of_origin",
        "item_name",
        "product_description",
        "recommended_browse_nodes",
        "supplier_declared_dg_hz_regulation",
        "supplier_declared_material_regulation",
    ],
    groups={
        **SHARED_GROUPS,
        "product_details": (
            "Product Details",
            [
                "item_name",
                "brand",
                "product_description",
                "bullet_point",
                "color",
                "size",
                "material",
                "number_of_wheels",
                "item_dimensions",
                "recommended_browse_nodes",
            ],
        ),
    },
    offer_attributes=set(common.OFFER_ATTRIBUTES),
    identity_attributes=set(common.IDENTITY_ATTRIBUTES),
)
PRODUCT = ProductType(
    name="PRODUCT",
    display_name="Product",
    keywords=["product", "offer", "asin"],
    attributes=product_attributes,
    rules=product_rules,
    required=[],
    groups={
        "offer": SHARED_GROUPS["offer"],
        "product_identity": ("Product Identity", ["item_name", "brand", *sorted(common.IDENTITY_ATTRIBUTES)]),
    },
    offer_attributes=set(common.OFFER_ATTRIBUTES),
    identity_attributes=set(common.IDENTITY_ATTRIBUTES),
)
