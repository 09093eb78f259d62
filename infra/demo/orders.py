"""The demo's order flow: `load_demo_fulfilment` (a demo extension, run by `load_demo`) gives the
demo seller routing rules, rate cards and bin locations. The listings demo publishes the catalog
to the sandboxes, so the orders they generate on their own are for SKUs the hub knows; beat pulls
them, and they are reserved, routed, shippable, and their tracking goes back."""

from __future__ import annotations

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
