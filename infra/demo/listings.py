"""The demo seller's listing setup: category and attribute mappings for the three sandbox
marketplaces, price rules, and a rate maximum age that lets `make run` price offline from the
bundled ECB file. Publishing itself goes through the real apply path (a publish job)."""

from __future__ import annotations

from decimal import Decimal
from typing import TextIO

from channels.models import ChannelAccount
from currency.services.policy import rate_policy_set
from hub.accounts.models import SellerAccount
from hub.catalog.models import Attribute, Category

# The bundled ECB history ends 2026-10-30: ten years of age covers any demo date offline.
DEMO_MAX_RATE_AGE_DAYS = 3650

# What every Amazon listing of the demo seller declares (no dangerous goods, made in China, shipped
# with the default shipping template, no batteries).
AMAZON_COMMON = {
    "merchant_shipping_group": "legacy-template-id",
    "supplier_declared_dg_hz_regulation": "not_applicable",
    "country_of_origin": "CN",
    "batteries_required": False,
}
# Fashion jewellery without stones (the demo's bracelets, necklaces and earrings).
JEWELLERY = {
    **AMAZON_COMMON,
    "department": "Womens",
    "target_gender": "female",
    "cpsia_cautionary_statement": "no_warning_applicable",
    "jewelry_material_categorization": "fashion",
    "gem_type": "No Gemstone",
    "size": "One Size",
}
APPAREL = {
    **AMAZON_COMMON,
    "department": "unisex-adult",
    "target_gender": "unisex",
    "age_range_description": "Adult",
    "shirt_size": {"size_class": "alpha"},  # the size comes from the variant (value map below)
}
BAGS = {
    **AMAZON_COMMON,
    "recommended_browse_nodes": "15743251",
    "supplier_declared_material_regulation": "not_applicable",
}

# hub category path -> (product type, variation theme, constants). The product types and their
# requirements are the ones the Amazon sandbox serves (Product Type Definitions API).
AMAZON = {
    "Jewellery > Bracelets": (
        "BRACELET",
        "COLOR",
        {**JEWELLERY, "item_type_keyword": "link-bracelets", "clasp_type": "Lobster Claw"},
    ),
    "Jewellery > Necklaces": (
        "NECKLACE",
        "COLOR",
        {**JEWELLERY, "item_type_keyword": "pendant-necklaces", "clasp_type": "Spring Ring"},
    ),
    "Jewellery > Earrings": ("EARRING", "COLOR", {**JEWELLERY, "item_type_keyword": "stud-earrings"}),
    "Apparel > T-Shirts": (
        "SHIRT",
        "SIZE/COLOR",
        {**APPAREL, "item_type_keyword": "t-shirts", "sleeve_type": "Short Sleeve"},
    ),
    "Apparel > Hoodies": (
        "SWEATSHIRT",
        "SIZE/COLOR",
        {**APPAREL, "item_type_keyword": "sweatshirts", "sleeve_type": "Long Sleeve"},
    ),
    "Home & Kitchen > Mugs": ("DRINKING_CUP", "COLOR", {**AMAZON_COMMON, "item_type_keyword": "coffee-mugs"}),
    "Home & Kitchen > Storage": (
        "STORAGE_BOX",
        "COLOR",
        {**AMAZON_COMMON, "item_type_keyword": "kitchen-canisters"},
    ),
    "Electronics > Phone Cases": (
        "CELLULAR_PHONE_CASE",
        "COMPATIBLE_PHONE_MODELS/COLOR",
        {**AMAZON_COMMON, "item_type_keyword": "basic-cases", "form_factor": "Back Case"},
    ),
    "Electronics > Chargers": (
        "CHARGING_ADAPTER",
        "COLOR",
        {
            **AMAZON_COMMON,
            "item_type_keyword": "wall-chargers",
            "connector_type": "USB Type C",
            "power_source_type": "ac",
        },
    ),
    "Bags > Luggage": ("LUGGAGE", "SIZE/COLOR", BAGS),
    "Bags > Backpacks": ("LUGGAGE", "COLOR", {**BAGS, "size": "One Size"}),
}
# AliExpress and Wish category ids the sandboxes accept (sandbox-made ids; see infra/sandboxes).
ALIEXPRESS = {
    "Jewellery > Bracelets": "200000354",
    "Jewellery > Necklaces": "200000355",
    "Jewellery > Earrings": "200000356",
    "Apparel": "200000346",
    "Home & Kitchen > Mugs": "200000357",
    "Home & Kitchen > Storage": "200000358",
    "Electronics > Phone Cases": "200000345",
    "Electronics > Chargers": "200000359",
    "Bags": "200000352",
}
WISH = {
    "Jewellery": "6002",
    "Apparel": "3101",
    "Home & Kitchen": "4210",
    "Electronics > Phone Cases": "2451",
    "Electronics > Chargers": "2453",
    "Bags": "5121",
}
COLOURS = {
    "silver": "Silver",
    "gold": "Gold",
    "rose_gold": "Rose Gold",
    "black": "Black",
    "white": "White",
    "navy": "Navy",
    "sage": "Green",
    "terracotta": "Orange",
    "grey": "Grey",
    "sand": "Beige",
    "red": "Red",
    "clear": "Clear",
}
MATERIALS = {
    "sterling_silver": "Sterling Silver",
    "stainless_steel": "Stainless Steel",
    "gold_plated": "Gold Plated",
    "polyester": "Polyester",
    "nylon": "Nylon",
    "canvas": "Canvas",
    "polycarbonate": "Polycarbonate",
    "abs": "ABS",
    "cotton": "Cotton",
    "organic_cotton": "Organic Cotton",
    "ceramic": "Ceramic",
    "porcelain": "Porcelain",
    "bamboo": "Bamboo",
}
FABRICS = {"cotton": "100% Cotton", "organic_cotton": "100% Organic Cotton", "polyester": "100% Recycled Polyester"}
SIZES = {"xs": "XS", "s": "S", "m": "M", "l": "L", "xl": "XL", "xxl": "XXL"}
SHIRT_SIZES = {"xs": "x_s", "s": "s", "m": "m", "l": "l", "xl": "x_l", "xxl": "xx_l"}  # Amazon's shirt_size enum
PHONE_MODELS = {
    "iphone_16": "iPhone 16",
    "iphone_16_pro": "iPhone 16 Pro",
    "iphone_17": "iPhone 17",
    "galaxy_s25": "Galaxy S25",
    "pixel_10": "Pixel 10",
}


def load_demo_listings(*, account: SellerAccount, stdout: TextIO) -> None:
    from listings.models import AttributeMapping, CategoryMapping, ListingSettings, PriceRule

    ListingSettings.objects.get_or_create(account=account)
    # The account's rate-age policy (listings prices and order money): offline, the bundled ECB
    # rates end weeks before today, and the demo still prices and converts.
    rate_policy_set(account=account, max_rate_age_days=DEMO_MAX_RATE_AGE_DAYS)
    categories = {category.path: category for category in Category.objects.filter(account=account)}
    attributes = {attribute.code: attribute for attribute in Attribute.objects.filter(account=account)}
    for family, table in (("amazon", AMAZON), ("aliexpress", ALIEXPRESS), ("wish", WISH)):
        for path, target in table.items():
            product_type, theme, constants = target if isinstance(target, tuple) else (target, "", {})
            CategoryMapping.objects.update_or_create(
                account=account,
                category=categories[path],
                family=family,
                marketplace_id="",
                defaults={"target": product_type, "variation_theme": theme, "constants": constants},
            )
    mappings = [
        ("amazon", "", "colour", "color", COLOURS),
        ("amazon", "", "material", "material", MATERIALS),
        ("amazon", "", "compatible_model", "compatible_phone_models", PHONE_MODELS),
        ("amazon", "LUGGAGE", "size", "size", SIZES),
        *(("amazon", pt, "length_cm", "item_length", {}) for pt in ("BRACELET", "NECKLACE")),
        *(("amazon", pt, "material", "fabric_type", FABRICS) for pt in ("SHIRT", "SWEATSHIRT")),
        *(("amazon", pt, "size", "shirt_size", SHIRT_SIZES) for pt in ("SHIRT", "SWEATSHIRT")),
        *(("amazon", pt, "care_instructions", "care_instructions", {}) for pt in ("SHIRT", "SWEATSHIRT")),
        *(("amazon", pt, "capacity_ml", "capacity", {}) for pt in ("DRINKING_CUP", "STORAGE_BOX")),
        ("amazon", "DRINKING_CUP", "dishwasher_safe", "is_dishwasher_safe", {}),
        ("amazon", "CHARGING_ADAPTER", "wattage_w", "wattage", {}),
        ("aliexpress", "", "colour", "Color", COLOURS),
        ("aliexpress", "", "size", "Size", SIZES),
        ("aliexpress", "", "compatible_model", "Compatible Model", PHONE_MODELS),
        ("wish", "", "colour", "Color", COLOURS),
        ("wish", "", "size", "Size", SIZES),
        ("wish", "", "compatible_model", "Model", PHONE_MODELS),
    ]
    for family, product_type, code, target, values in mappings:
        AttributeMapping.objects.update_or_create(
            account=account,
            family=family,
            product_type=product_type,
            attribute=attributes[code],
            defaults={"target": target, "value_map": values},
        )
    for channel_account in ChannelAccount.objects.filter(account=account):
        # CNY catalog prices → marketplace prices: 40 % markup, at least 15 % over cost and fees.
        PriceRule.objects.update_or_create(
            account=account,
            channel_account=channel_account,
            marketplace_id="",
            defaults={
                "markup_pct": Decimal("40"),
                "min_margin_pct": Decimal("15"),
                "safety_buffer": 1,
                "mcf_fba_region": "NA" if channel_account.family == "wish" else "",
            },
        )
    stdout.write("Demo listings: mappings for Amazon, AliExpress and Wish; price rules; offline rate age.\n")


def publish_demo(*, account: SellerAccount, stdout: TextIO) -> None:
    """Queue the first publish of the demo catalog: the worker builds, plans and applies it through
    the real path once the sandboxes answer (the task waits for them)."""
    from django.db import transaction

    from listings.tasks import demo_publish_task

    transaction.on_commit(lambda: demo_publish_task.delay(account.pk))
    stdout.write("Demo publishing: queued; the worker lists the demo catalog on the three sandboxes.\n")
