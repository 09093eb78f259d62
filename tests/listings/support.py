"""A small catalog for listings tests: one bracelet family (two colours) and one mug, stock in an own
and an FBA warehouse, Wish and AliExpress connections, mappings, and exchange rates for today."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils import timezone

from channels.models import ChannelAccount
from channels.services import channel_account_create
from currency.models import ExchangeRate
from hub.accounts.models import SellerAccount
from hub.catalog.models import Attribute, AttributeOption, Category, Product, ProductStatus, Variant
from hub.catalog.services import product_image_add
from hub.inventory.models import StockLevel, Warehouse
from infra.demo.channels import SANDBOX_CREDENTIALS_FILE
from infra.demo.listings import AMAZON, COLOURS
from listings.models import AttributeMapping, CategoryMapping, ListingSettings
from tests.channels.factories import aliexpress_account, wish_account
from tests.factories.catalog import CategoryFactory, ProductFactory, VariantFactory
from tests.hub.support import png_upload


@dataclass
class Shop:
    account: SellerAccount
    category: Category
    colour: Attribute
    bracelet: Product
    variants: list[Variant]
    wish: ChannelAccount
    aliexpress: ChannelAccount
    own: Warehouse
    fba: Warehouse


def rate(base: str, quote: str, value: str, *, on: date | None = None) -> ExchangeRate:
    return ExchangeRate.objects.create(
        date=on or timezone.localdate(),
        base=base,
        quote=quote,
        rate=Decimal(value),
        source="manual",
        fetched_at=timezone.now(),
    )


def shop(account: SellerAccount, *, cny_usd: str = "0.14") -> Shop:
    from hub.catalog.models import CategoryAttribute, VariantAttributeValue

    account.base_currency = "CNY"
    account.save(update_fields=["base_currency"])
    rate("CNY", "USD", cny_usd)
    # Wish prices end in .95 (the tests' own rule, whatever rules the database was seeded with).
    from currency.models import PriceRoundingRule

    PriceRoundingRule.objects.update_or_create(
        marketplace_key="wish",
        currency="USD",
        defaults={"step": Decimal(1), "ending": Decimal("0.95"), "is_active": True},
    )
    ListingSettings.objects.create(account=account)
    category = CategoryFactory(account=account, name="Bracelets")
    colour = Attribute.objects.create(account=account, code="colour", name="Colour", kind="enum")
    options = {
        value: AttributeOption.objects.create(attribute=colour, value=value, position=index)
        for index, value in enumerate(["rose_gold", "silver"])
    }
    CategoryAttribute.objects.create(category=category, attribute=colour, is_required=True, is_variation=True)
    bracelet = ProductFactory(account=account, code="BR-1", category=category, status=ProductStatus.ACTIVE)
    product_image_add(product=bracelet, file=png_upload("br-1.png"), alt_text="", position=0)
    variants = []
    for index, value in enumerate(options):
        variant = VariantFactory(
            product=bracelet,
            sku=f"BR-1-{value.upper()}",
            base_price=Decimal("100"),
            cost=Decimal("20"),
            weight=Decimal("25"),
            weight_unit="g",
            length=Decimal("20"),
            width=Decimal("8"),
            height=Decimal("2"),
            dimension_unit="cm",
            currency="CNY",
            position=index,
        )
        VariantAttributeValue.objects.create(variant=variant, attribute=colour, value_option=options[value])
        variants.append(variant)
    own = Warehouse.objects.create(account=account, code="sz", name="SZ", kind="own", country="CN")
    fba = Warehouse.objects.create(account=account, code="fba-na", name="FBA", kind="fba", fba_region="NA")
    for variant, on_hand in zip(variants, (5, 3), strict=True):
        StockLevel.objects.create(account=account, variant=variant, warehouse=own, on_hand=on_hand)
        StockLevel.objects.create(account=account, variant=variant, warehouse=fba, on_hand=10)
    wish = wish_account(
        account,
        options={"warehouse_id": "5f1a00000000000000000001", "origin_country": "CN", "default_shipping_price": "2.00"},
    )
    aliexpress = aliexpress_account(
        account,
        options={"currency": "USD", "freight_template_id": 1001, "service_policy_id": 0, "shipping_lead_time": 3},
    )
    for family, target in (("wish", "6002"), ("aliexpress", "200000353")):
        CategoryMapping.objects.create(account=account, category=category, family=family, target=target)
        AttributeMapping.objects.create(
            account=account, family=family, attribute=colour, target="Color", value_map={"rose_gold": "Rose Gold"}
        )
    return Shop(account, category, colour, bracelet, variants, wish, aliexpress, own, fba)


def point_at_sandboxes(catalog: Shop, sandboxes: dict) -> None:
    """The shop's Wish and AliExpress connections, with the credentials the sandboxes accept."""
    import json

    from channels.services import channel_account_update
    from infra.demo.channels import SANDBOX_CREDENTIALS_FILE

    demo = json.loads(SANDBOX_CREDENTIALS_FILE.read_text(encoding="utf-8"))
    channel_account_update(
        channel_account=catalog.wish,
        base_urls={"api": sandboxes["wish"].url},
        credentials={key: demo["wish"][key] for key in ("client_id", "client_secret", "access_token", "refresh_token")},
    )
    channel_account_update(
        channel_account=catalog.aliexpress,
        base_urls={"gateway": sandboxes["aliexpress"].url},
        seller_reference=demo["aliexpress"]["seller_id"],
        credentials={
            key: demo["aliexpress"][key] for key in ("app_key", "app_secret", "access_token", "refresh_token")
        },
    )
    for channel_account in (catalog.wish, catalog.aliexpress):
        channel_account.refresh_from_db()


def publish_now(account: SellerAccount, selection, family: str = "amazon", **build):
    """A publish job for the selection run here, in this process, for one family; refreshed."""
    from listings.services.apply import publish_job_create, publish_job_run

    job = publish_job_create(account=account, selection=selection, enqueue=False, **build)
    publish_job_run(job.pk, family)
    job.refresh_from_db()
    return job


def listing_calls(sandbox) -> list[dict]:
    """The Listings Items writes the Amazon sandbox counted."""
    return [c for c in sandbox.calls() if c.get("operation") in ("putListingsItem", "patchListingsItem")]


AMAZON_US = "ATVPDKIKX0DER"


def amazon_shop(account: SellerAccount, sandboxes: dict) -> tuple[Shop, ChannelAccount]:
    """The small shop with GTINs, brand and texts Amazon requires, connected to the Amazon sandbox's
    US marketplace with its product type and colour mappings."""
    catalog = shop(account)
    for variant, gtin in zip(catalog.variants, ("4006381333931", "5901234123457"), strict=True):
        variant.gtin = gtin
        variant.save()
    catalog.bracelet.brand = "Lumora"
    catalog.bracelet.description = "A light bracelet. Adjustable. Gift boxed."
    catalog.bracelet.save()
    demo = json.loads(SANDBOX_CREDENTIALS_FILE.read_text(encoding="utf-8"))["amazon"]
    amazon = channel_account_create(
        account=account,
        name="Amazon (sandbox)",
        family="amazon",
        marketplaces=[AMAZON_US],
        base_urls={"sp_api": sandboxes["amazon"].url, "lwa": sandboxes["amazon"].url},
        seller_reference=demo["seller_id"],
        credentials={key: demo[key] for key in ("lwa_app_id", "lwa_client_secret", "refresh_token")},
    )
    product_type, theme, constants = AMAZON["Bags > Backpacks"]
    CategoryMapping.objects.create(
        account=account,
        category=catalog.category,
        family="amazon",
        target=product_type,
        variation_theme=theme,
        constants={**constants, "material": "Polyester"},
    )
    AttributeMapping.objects.create(
        account=account, family="amazon", attribute=catalog.colour, target="color", value_map=COLOURS
    )
    return catalog, amazon


def reserve_units(catalog: Shop, variant: Variant, units: int, reference: str) -> None:
    """An order elsewhere reserves `units` of `variant` in the shop's own warehouse (through the ledger)."""
    from hub.inventory.services import stock_apply
    from hub.inventory.types import StockChange

    stock_apply(
        account=catalog.account,
        changes=[
            StockChange(
                variant_id=variant.pk,
                warehouse_id=catalog.own.pk,
                reserved_change=units,
                reason="reservation",
                reference=reference,
            )
        ],
    )
