"""Generated orders for the revenue tests: several currencies, converted and unconverted money,
cancelled and refunded orders, order dates in the seller's time zone around period edges."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from hypothesis import strategies as st

from fulfilment.models import MoneyState, Network, Order, OrderLine, OrderStatus, Refund

SELLER_TZ = ZoneInfo("Asia/Shanghai")
# 2026-02-23 .. 2026-03-08 in UTC: a month edge (Feb → Mar) and week edges (Mondays 23 Feb, 2 Mar).
WINDOW_START = datetime(2026, 2, 20, 0, 0, tzinfo=UTC)
WINDOW_HOURS = 24 * 18
CURRENCIES = ("EUR", "USD", "GBP", "CNY")
MARKETPLACES = ("M-US", "M-DE", "M-UK")
STATUSES = (OrderStatus.SHIPPED, OrderStatus.UNSHIPPED, OrderStatus.CANCELLED, OrderStatus.REFUNDED)

money = st.decimals(min_value=Decimal("0"), max_value=Decimal("500"), places=3, allow_nan=False, allow_infinity=False)


@dataclass
class Setup:
    account: object
    channel_accounts: list  # [amazon, aliexpress, wish]
    variants: list  # variants (last one without a cost)
    warehouses: list  # [own, fba]
    categories: list  # [root, child, other]


line_strategy = st.fixed_dictionaries(
    {
        "variant": st.integers(min_value=-1, max_value=4),  # -1: a SKU the catalog does not know
        "quantity": st.integers(min_value=1, max_value=5),
        "unit_price": money,
    }
)

order_strategy = st.fixed_dictionaries(
    {
        "channel": st.integers(min_value=0, max_value=3),  # 3 = manual order
        "marketplace": st.sampled_from(MARKETPLACES),
        "hour": st.integers(min_value=0, max_value=WINDOW_HOURS),
        "minute": st.sampled_from([0, 59]),
        "status": st.sampled_from(STATUSES),
        "converted": st.booleans() | st.just(True),
        "currency": st.sampled_from(CURRENCIES),
        "rate": st.decimals(min_value=Decimal("0.5"), max_value=Decimal("8"), places=4),
        "shipping": money,
        "discount": money,
        "refund": money,
        "fees": money,
        "fulfilment": money,
        "warehouse": st.integers(min_value=-1, max_value=1),
        "lines": st.lists(line_strategy, min_size=0, max_size=4),
        # Refund records: days after the order (crossing week and month edges), amount, converted
        "refunds": st.lists(
            st.tuples(st.integers(min_value=0, max_value=20), money, st.booleans() | st.just(True), money),
            max_size=2,
        ),
    }
)


def _base(amount: Decimal, rate: Decimal) -> Decimal:
    # as order_money_convert books them: rounded to the base currency's (EUR) cents
    return (amount / rate).quantize(Decimal("0.01"))


def create_orders(setup: Setup, specs: list[dict]) -> list[Order]:
    orders = []
    for index, spec in enumerate(specs):
        purchased = WINDOW_START + timedelta(hours=spec["hour"], minutes=spec["minute"])
        channel_account = setup.channel_accounts[spec["channel"]] if spec["channel"] < 3 else None
        family = channel_account.family if channel_account else "manual"
        line_rows = []
        for line_index, line in enumerate(spec["lines"]):
            variant = setup.variants[line["variant"]] if line["variant"] >= 0 else None
            line_rows.append((line_index, variant, line["quantity"], line["unit_price"]))
        items = sum((price * quantity for _, _, quantity, price in line_rows), Decimal(0))
        currency, rate = spec["currency"], spec["rate"]
        converted = spec["converted"]
        warehouse = setup.warehouses[spec["warehouse"]] if spec["warehouse"] >= 0 else None
        amounts = {
            "items_total": items,
            "shipping_total": spec["shipping"],
            "tax_total": Decimal(0),
            "discount_total": spec["discount"],
            "total": items + spec["shipping"] - spec["discount"],
            "fees_total": spec["fees"],
            "refunds_total": spec["refund"],
            "fulfilment_cost": spec["fulfilment"],
        }
        order = Order.objects.create(
            account=setup.account,
            channel_account=channel_account,
            source="manual" if channel_account is None else "marketplace",
            family=family,
            marketplace_id=spec["marketplace"],
            external_id=f"G-{index}",
            status=spec["status"],
            purchased_at=purchased,
            order_date=purchased.astimezone(SELLER_TZ).date(),
            marketplace_updated_at=purchased,
            currency=currency,
            base_currency="EUR",
            money_state=MoneyState.CONVERTED if converted else MoneyState.UNCONVERTED,
            money_reason="" if converted else f"No {currency} rate for that day",
            rate=rate if converted else None,
            warehouse=warehouse,
            network=(Network.OWN if warehouse is setup.warehouses[0] else Network.FBA) if warehouse else "",
            **amounts,
            **{f"base_{name}": (_base(value, rate) if converted else None) for name, value in amounts.items()},
        )
        for line_index, variant, quantity, price in line_rows:
            OrderLine.objects.create(
                order=order,
                external_id=f"L{line_index}",
                sku=variant.sku if variant else f"UNKNOWN-{line_index}",
                variant=variant,
                quantity=quantity,
                unit_price=price,
                line_total=price * quantity,
                base_line_total=_base(price * quantity, rate) if converted else None,
            )
        for number, (days, amount, refund_converted, *returned) in enumerate(spec.get("refunds", [])):
            Refund.objects.create(
                order=order,
                reference=f"R-{index}-{number}",
                refunded_at=purchased + timedelta(days=days),
                refund_date=order.order_date + timedelta(days=days),
                currency=currency,
                amount=amount,
                fees_returned=returned[0] if returned else Decimal(0),
                base_currency="EUR",
                # at the refund day's rate: any rate, not the order's
                base_amount=(amount / (rate + 1)).quantize(Decimal("0.01")) if refund_converted else None,
                rate=(1 / (rate + 1)).quantize(Decimal("0.0000000001")) if refund_converted else None,
                money_reason="" if refund_converted else f"No {currency} rate for the refund day",
                lines=[[line_rows[0][1].sku, 1]] if line_rows and line_rows[0][1] and number == 0 else [],
            )
        orders.append(order)
    return orders


def week_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def month_of(day: date) -> date:
    return day.replace(day=1)
