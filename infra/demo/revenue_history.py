"""Six months of order history for the demo seller, so the revenue dashboard of `make run` shows
several months of three channels (the sandboxes' live orders add to it).

The history orders go in as the orders work stores them (delivered, base money at a stored
order-date rate, marked `rate_source="demo history"`), a few refunded, cancelled and one
unconverted; then the revenue facts are built for them.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, time, timedelta
from decimal import Decimal
from typing import TextIO
from zoneinfo import ZoneInfo

from channels.models import ChannelAccount
from fulfilment.models import FeeSource, MoneyState, Network, Order, OrderLine, OrderStatus
from fulfilment.reports.services import revenue_facts_rebuild
from hub.accounts.models import SellerAccount
from hub.catalog.models import Variant

HISTORY_DAYS = 180
ORDERS = 900
# order currency per family and CNY per unit of it (the demo seller's base currency is CNY)
CURRENCIES = {
    "amazon": ("USD", Decimal("7.10")),
    "aliexpress": ("EUR", Decimal("7.75")),
    "wish": ("USD", Decimal("7.10")),
}
FEE_PERCENT = {"amazon": Decimal("0.15"), "aliexpress": Decimal("0.08"), "wish": Decimal("0.15")}
Q = Decimal("0.001")


def load_demo_revenue_history(*, account: SellerAccount, stdout: TextIO) -> None:
    channel_accounts = list(ChannelAccount.objects.filter(account=account).order_by("family"))
    variants = list(Variant.objects.filter(account=account).order_by("sku")[:60])
    if not channel_accounts or not variants:
        stdout.write("Demo revenue history: skipped (no channel accounts or variants).\n")
        return
    rng = random.Random(13)
    zone = ZoneInfo(account.timezone or "UTC")
    today = datetime.now(zone).date()
    created = []
    for number in range(ORDERS):
        channel_account = rng.choices(channel_accounts, [5 if c.family == "amazon" else 3 for c in channel_accounts])[0]
        family = channel_account.family
        currency, rate = CURRENCIES.get(family, ("USD", Decimal("7.10")))
        day = today - timedelta(days=rng.randrange(1, HISTORY_DAYS))
        purchased = datetime.combine(day, time(rng.randrange(24)), zone).astimezone(UTC)
        chosen = rng.sample(variants, rng.choice([1, 1, 1, 2]))
        lines = [
            (variant, rng.randint(1, 3), (variant.base_price / rate).quantize(Decimal("0.01"))) for variant in chosen
        ]
        items = sum((price * quantity for _, quantity, price in lines), Decimal(0))
        shipping = Decimal(rng.choice(["0", "3.99", "4.99"]))
        roll = rng.random()
        status = (
            OrderStatus.CANCELLED if roll < 0.03 else OrderStatus.REFUNDED if roll < 0.07 else OrderStatus.DELIVERED
        )
        amounts = {
            "items_total": items,
            "shipping_total": shipping,
            "tax_total": Decimal(0),
            "discount_total": (items * Decimal("0.1")).quantize(Decimal("0.01")) if rng.random() < 0.15 else Decimal(0),
            "fees_total": (items * FEE_PERCENT.get(family, Decimal("0.1"))).quantize(Decimal("0.01")),
            "refunds_total": items if status == OrderStatus.REFUNDED else Decimal(0),
            "fulfilment_cost": Decimal(rng.choice(["2.50", "3.20", "4.10"])),
        }
        amounts["total"] = items + shipping - amounts["discount_total"]
        converted = number != 7  # one order whose rate is missing: the dashboard names it apart
        network = Network.FBA if family == "amazon" and rng.random() < 0.5 else Network.OWN
        order = Order.objects.create(
            account=account,
            channel_account=channel_account,
            family=family,
            marketplace_id=(channel_account.marketplaces or [family])[0],
            external_id=f"HIST-{family[:3].upper()}-{number:05d}",
            status=status,
            purchased_at=purchased,
            order_date=day,
            marketplace_updated_at=purchased,
            currency=currency,
            base_currency=account.base_currency,
            fee_source=FeeSource.ESTIMATED,
            network=network,
            money_state=MoneyState.CONVERTED if converted else MoneyState.UNCONVERTED,
            money_reason="" if converted else f"No {currency} rate for {day.isoformat()} (demo)",
            rate=rate if converted else None,
            rate_date=day if converted else None,
            rate_source="demo history" if converted else "",
            **amounts,
            **{f"base_{name}": ((value * rate).quantize(Q) if converted else None) for name, value in amounts.items()},
        )
        for index, (variant, quantity, price) in enumerate(lines):
            OrderLine.objects.create(
                order=order,
                external_id=f"{order.external_id}-{index}",
                sku=variant.sku,
                variant=variant,
                title=variant.sku,
                quantity=quantity,
                quantity_shipped=quantity,
                unit_price=price,
                line_total=price * quantity,
                base_line_total=(price * quantity * rate).quantize(Q) if converted else None,
            )
        created.append(order.pk)
    facts = revenue_facts_rebuild(order_ids=created)
    stdout.write(f"Demo revenue history: {len(created)} orders over {HISTORY_DAYS} days ({facts} revenue facts).\n")
