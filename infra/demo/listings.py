"""The demo seller's listing setup: category and attribute mappings for the three sandbox
marketplaces, price rules, and a rate maximum age that lets `make run` price offline from the
bundled ECB file. Publishing itself goes through the real apply path (a publish job)."""

from __future__ import annotations

from decimal import Decimal
from typing import TextIO

from channels.models import ChannelAccount
from hub.accounts.models import SellerAccount
from hub.catalog.models import Attribute, Category

# The bundled ECB history ends 2026-10-30: ten years of age covers any demo date offline.
DEMO_MAX_RATE_AGE_DAYS = 3650

# hub category path -> (product type, variation theme, constants)
AMAZON = {
    "Jewellery > Bracelets": (
        "BRACELET",
        "COLOR",
        {
            "item_type_keyword": "link-bracelets",
            "department": "Womens",
            "merchant_shipping_group": "legacy-template-id",
            "supplier_declared_dg_hz_regulation": "not_applicable",
            "country_of_origin": "CN",
        },
    ),
    "Bags > Luggage": (
        "LUGGAGE",
        "SIZE/COLOR",
        {
            "recommended_browse_nodes": "15743251",
            "merchant_shipping_group": "legacy-template-id",
            "supplier_declared_dg_hz_regulation": "not_applicable",
            "supplier_declared_material_regulation": "not_applicable",
            "country_of_origin": "CN",
            "batteries_required": False,
        },
    ),
    "Bags > Backpacks": (
        "LUGGAGE",
        "COLOR",
        {
            "recommended_browse_nodes": "15743251",
            "merchant_shipping_group": "legacy-template-id",
            "supplier_declared_dg_hz_regulation": "not_applicable",
            "supplier_declared_material_regulation": "not_applicable",
            "country_of_origin": "CN",
            "batteries_required": False,
            "size": "One Size",
        },
    ),
}
ALIEXPRESS = {
    "Electronics > Phone Cases": "200000345",
    "Apparel": "200000346",
    "Bags": "200000352",
}
WISH = {
    "Jewellery": "6002",
    "Apparel": "3101",
    "Home & Kitchen": "4210",
    "Electronics > Phone Cases": "2451",
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
    "cotton": "Cotton",
    "organic_cotton": "Organic Cotton",
}
SIZES = {"xs": "XS", "s": "S", "m": "M", "l": "L", "xl": "XL", "xxl": "XXL"}


def load_demo_listings(*, account: SellerAccount, stdout: TextIO) -> None:
    from listings.models import AttributeMapping, CategoryMapping, ListingSettings, PriceRule

    ListingSettings.objects.update_or_create(account=account, defaults={"max_rate_age_days": DEMO_MAX_RATE_AGE_DAYS})
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
        ("amazon", "LUGGAGE", "size", "size", SIZES),
        ("aliexpress", "", "colour", "Color", COLOURS),
        ("aliexpress", "", "size", "Size", SIZES),
        ("aliexpress", "", "compatible_model", "Compatible Model", {}),
        ("wish", "", "colour", "Color", COLOURS),
        ("wish", "", "size", "Size", SIZES),
        ("wish", "", "compatible_model", "Model", {}),
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
