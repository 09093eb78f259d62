"""The demo's order flow.

`load_demo_fulfilment` (a demo extension, run by `load_demo`) gives the demo seller routing rules,
a rate card and bin locations. `python -m infra.demo.orders` (a process of `make run`) waits for
the sandboxes, lists a few demo SKUs on each (through the hub's own adapters, as the listings app
would) and stocks them at FBA, so the orders the sandboxes generate on their own are for SKUs
the hub knows; beat then pulls them, and they are reserved, routed, shippable and their tracking
goes back. It stays up (honcho stops everything when one process ends)."""

from __future__ import annotations

import os
import sys
import time
from decimal import Decimal
from typing import TextIO

DEMO_SKU_COUNT = 6


def load_demo_fulfilment(*, account, stdout: TextIO) -> None:  # type: ignore[no-untyped-def]
    from fulfilment.models import BinLocation, FeeRule, RateCard, RoutingRule
    from hub.catalog.models import Variant
    from hub.inventory.models import Warehouse

    own = Warehouse.objects.get(account=account, code="sz")
    fba_na = Warehouse.objects.get(account=account, code="fba-na")
    RateCard.objects.get_or_create(
        warehouse=own,
        country="",
        defaults={"currency": "CNY", "base": Decimal("38"), "per_unit": Decimal("6"), "delivery_days": 9},
    )
    RateCard.objects.get_or_create(
        warehouse=fba_na,
        country="US",
        defaults={"currency": "USD", "base": Decimal("6.99"), "per_unit": Decimal("0.90"), "delivery_days": 4},
    )
    RoutingRule.objects.get_or_create(
        account=account,
        name="Wish and AliExpress from Shenzhen",
        defaults={"position": 10, "families": ["wish", "aliexpress"], "warehouse": own, "allow_split": False},
    )
    RoutingRule.objects.get_or_create(
        account=account,
        name="Amazon US: cheapest of Shenzhen and FBA",
        defaults={"position": 20, "families": ["amazon"], "countries": ["US"], "prefer_cheapest": True},
    )
    FeeRule.objects.get_or_create(account=account, family="amazon", marketplace_id="", defaults={"percent": 15})
    for index, variant in enumerate(Variant.objects.filter(account=account).order_by("sku")[:200]):
        BinLocation.objects.get_or_create(
            warehouse=own, variant=variant, defaults={"location": f"A{index // 40 + 1:02d}-{index % 40 + 1:02d}"}
        )
    stdout.write("Demo fulfilment: 2 routing rules, rate cards for Shenzhen and FBA NA, bin locations.\n")


def _amazon_payload(variant, marketplace_id: str):  # type: ignore[no-untyped-def]
    from channels.types import ListingPayload, Money

    def text(value: str) -> list[dict]:
        return [{"value": value, "language_tag": "en_US", "marketplace_id": marketplace_id}]

    one = [{"value": "not_applicable", "marketplace_id": marketplace_id}]
    attributes = {
        "color": text("Black"),
        "size": text("Carry-On"),
        "material": text("Polycarbonate"),
        "country_of_origin": [{"value": "CN", "marketplace_id": marketplace_id}],
        "recommended_browse_nodes": [{"value": "15743251", "marketplace_id": marketplace_id}],
        "supplier_declared_dg_hz_regulation": one,
        "supplier_declared_material_regulation": one,
        "externally_assigned_product_identifier": [
            {"type": "ean", "value": "4006381333931", "marketplace_id": marketplace_id}
        ],
        "list_price": [{"value": 39.99, "currency": "USD", "marketplace_id": marketplace_id}],
        "merchant_shipping_group": [{"value": "legacy-template-id", "marketplace_id": marketplace_id}],
        "item_dimensions": [
            {
                "length": {"value": 55, "unit": "centimeters"},
                "width": {"value": 35, "unit": "centimeters"},
                "height": {"value": 20, "unit": "centimeters"},
                "marketplace_id": marketplace_id,
            }
        ],
    }
    return ListingPayload(
        sku=variant.sku,
        marketplace_id=marketplace_id,
        title=variant.product.title[:150],
        price=Money(Decimal("29.99"), "USD"),
        quantity=50,
        locale="en_US",
        brand="Lumora",
        product_type="LUGGAGE",
        bullet_points=("Demo listing",),
        description="Demo listing for the sandbox.",
        images=("https://img.example/demo.jpg",),
        attributes=attributes,
    )


def _wait_for(urls: list[str], seconds: float = 90) -> bool:
    import httpx

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if all(httpx.get(f"{url}/_control/health", timeout=2).status_code == 200 for url in urls):
                return True
        except httpx.HTTPError:
            pass
        time.sleep(1)
    return False


def sandbox_listings_put(account, stdout: TextIO) -> None:  # type: ignore[no-untyped-def]
    import httpx
    from django.conf import settings

    from channels.models import ChannelAccount
    from channels.registry import adapter_for
    from channels.services import channel_account_verify
    from channels.types import ListingPayload, Money
    from hub.catalog.models import Variant

    variants = list(
        Variant.objects.filter(account=account, stock_levels__warehouse__code="sz", stock_levels__on_hand__gt=5)
        .select_related("product")
        .order_by("sku")[:DEMO_SKU_COUNT]
    )
    urls = settings.CHANNELS_SANDBOX_URLS
    for channel_account in ChannelAccount.objects.filter(account=account):
        try:
            channel_account = channel_account_verify(channel_account=channel_account)
            adapter = adapter_for(channel_account, wait_seconds=30)
            for variant in variants:
                if channel_account.family == "amazon":
                    for marketplace_id in ["ATVPDKIKX0DER"]:
                        adapter.listing_put(_amazon_payload(variant, marketplace_id))
                    httpx.post(
                        f"{urls['amazon']}/_control/inventory",
                        timeout=10,
                        json={
                            "marketplaceId": "ATVPDKIKX0DER",
                            "items": [{"sku": variant.sku, "quantity": 40, "productName": variant.product.title[:100]}],
                        },
                    )
                elif channel_account.family == "aliexpress":
                    adapter.listing_put(
                        ListingPayload(
                            sku=variant.sku,
                            marketplace_id="aliexpress",
                            title=variant.product.title[:128],
                            description="Demo listing.",
                            price=Money(Decimal("19.99"), "USD"),
                            quantity=50,
                            locale="en_US",
                            images=("https://img.example/demo.jpg",),
                            category_id="5090301",
                            attributes={
                                "weight": "0.5",
                                "package_length": 10,
                                "package_width": 10,
                                "package_height": 5,
                            },
                        )
                    )
                elif channel_account.family == "wish":
                    adapter.listing_put(
                        ListingPayload(
                            sku=variant.sku,
                            marketplace_id="wish",
                            title=variant.product.title[:100],
                            description="Demo listing for the sandbox.",
                            price=Money(Decimal("24.99"), "USD"),
                            quantity=50,
                            images=("https://img.example/demo.jpg",),
                            category_id="6002",
                            attributes={
                                "origin_country": "CN",
                                "default_shipping_price": "2.50",
                                "parent_sku": variant.sku,
                            },
                        )
                    )
            stdout.write(f"demo orders: {len(variants)} SKUs listed on {channel_account.name}\n")
        except Exception as error:
            stdout.write(f"demo orders: could not list on {channel_account.name}: {error}\n")
        stdout.flush()


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hub.config.settings.local")
    import django

    django.setup()
    from django.conf import settings

    from hub.accounts.models import SellerAccount
    from infra.demo.loader import DEMO_ACCOUNT_NAME

    account = SellerAccount.objects.filter(name=DEMO_ACCOUNT_NAME).first()
    if account is None:
        sys.stdout.write("demo orders: no demo seller loaded; nothing to do.\n")
    elif _wait_for(list(settings.CHANNELS_SANDBOX_URLS.values())):
        sandbox_listings_put(account, sys.stdout)
    else:
        sys.stdout.write("demo orders: the sandboxes did not answer; their orders will use made-up SKUs.\n")
    sys.stdout.flush()
    while True:  # honcho ends every process when one exits
        time.sleep(3600)


if __name__ == "__main__":
    main()
