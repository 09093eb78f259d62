"""Run by test_sqlite.py in a child process on the embedded SQLite database of `make run`
(hub.config.settings.local, DATABASE_URL=sqlite:///...): migrates, makes orders whose base
amounts are decimals floats cannot hold (0.10, 0.20, 0.70, 19.99 ...), builds their revenue
facts through the production code, and prints as JSON what the API and the CSV export answer
plus the Decimal sums computed here from the orders' own columns."""

from __future__ import annotations

import json
import os
import sys
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import django


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hub.config.settings.local")
    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    assert connection.vendor == "sqlite", connection.vendor
    call_command("migrate", verbosity=0)

    from channels.models import ChannelAccount
    from fulfilment.models import MoneyState, Order, OrderLine, OrderStatus, Refund
    from fulfilment.reports.services import revenue_facts_rebuild
    from hub.accounts.models import Membership, SellerAccount, User
    from hub.catalog.models import Product, Variant

    account = SellerAccount.objects.create(name="SQLite seller", base_currency="EUR", timezone="UTC")
    user = User.objects.create_user(email="sqlite-manager@example.com", password="sqlite-password-1")
    Membership.objects.create(account=account, user=user, role="manager")
    channels = [
        ChannelAccount.objects.create(account=account, name=f"{family} sqlite", family=family)
        for family in ("amazon", "aliexpress", "wish")
    ]
    variants = [
        Variant.objects.create(
            account=account,
            product=Product.objects.create(account=account, code=f"P{n}", title=f"Product {n}"),
            sku=f"S-{n}",
            currency="EUR",
            base_price=Decimal("9.99"),
            cost=Decimal("1.115") * (n + 1),
        )
        for n in range(3)
    ]
    cents = [Decimal(text) for text in ("0.10", "0.20", "0.70", "19.99", "33.33", "0.01", "1234.57", "0.30")]
    expected = {"gross_sales": Decimal(0), "refunds": Decimal(0), "fees_returned": Decimal(0), "orders": 0}
    start = datetime(2026, 1, 1, 12, tzinfo=UTC)
    for n in range(240):
        channel = channels[n % 3]
        amount = cents[n % len(cents)] + cents[(n // 3) % len(cents)]
        shipping = cents[(n + 1) % len(cents)]
        day = start + timedelta(days=n % 59)
        lines = [(variants[n % 3], 1 + n % 2), (variants[(n + 1) % 3], 1)][: 1 + n % 2]
        order = Order.objects.create(
            account=account,
            channel_account=channel,
            family=channel.family,
            marketplace_id=f"{channel.family.upper()}-1",
            external_id=f"SQL-{n}",
            status=OrderStatus.SHIPPED,
            purchased_at=day,
            order_date=day.date(),
            marketplace_updated_at=day,
            currency="EUR",
            items_total=amount,
            shipping_total=shipping,
            discount_total=cents[n % 3] if n % 4 == 0 else Decimal(0),
            total=amount + shipping,
            fees_total=cents[(n + 2) % len(cents)],
            fulfilment_cost=cents[(n + 3) % len(cents)],
            base_currency="EUR",
            base_items_total=amount,
            base_shipping_total=shipping,
            base_discount_total=cents[n % 3] if n % 4 == 0 else Decimal(0),
            base_total=amount + shipping,
            base_fees_total=cents[(n + 2) % len(cents)],
            base_refunds_total=Decimal(0),
            base_fulfilment_cost=cents[(n + 3) % len(cents)],
            rate=Decimal(1),
            money_state=MoneyState.CONVERTED,
        )
        weights = [Decimal(q) for _, q in lines]
        for index, (variant, quantity) in enumerate(lines):
            line_total = (amount * weights[index] / sum(weights)).quantize(Decimal("0.01"))
            OrderLine.objects.create(
                order=order,
                external_id=f"L{index}",
                sku=variant.sku,
                variant=variant,
                quantity=quantity,
                unit_price=line_total / quantity,
                line_total=line_total,
            )
        expected["gross_sales"] += amount + shipping
        expected["orders"] += 1
        if n % 7 == 0:
            refund = Refund.objects.create(
                order=order,
                reference=f"R-{n}",
                refunded_at=day + timedelta(days=3),
                refund_date=(day + timedelta(days=3)).date(),
                currency="EUR",
                amount=cents[n % len(cents)],
                fees_returned=cents[(n + 5) % len(cents)],
                base_currency="EUR",
                base_amount=cents[n % len(cents)],
                rate=Decimal(1),
            )
            if refund.refund_date <= date(2026, 2, 28):
                expected["refunds"] += refund.amount
                expected["fees_returned"] += refund.fees_returned
    revenue_facts_rebuild(order_ids=list(Order.objects.values_list("pk", flat=True)))

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    period = {"date_from": "2026-01-01", "date_to": "2026-02-28"}
    answers = {}
    for group_by in ("channel", "channel,sku", "sku,month", "category"):
        response = client.get(f"/api/accounts/{account.pk}/reports/revenue/", {**period, "group_by": group_by})
        assert response.status_code == 200, response.content[:500]
        answers[group_by] = response.json()
    export = client.get(
        f"/fulfilment/{account.pk}/revenue/export/", {**period, "table": "sku", "format": "csv"}
    ).content.decode("utf-8-sig")
    page = client.get(f"/fulfilment/{account.pk}/revenue/", period)
    assert page.status_code == 200
    with connection.cursor() as cursor:  # what SQLite itself holds and sums
        cursor.execute(
            "SELECT DISTINCT typeof(gross_sales) FROM fulfilment_revenuefact "
            "UNION SELECT DISTINCT typeof(gross_sales) FROM fulfilment_revenuedaily"
        )
        storage = sorted(row[0] for row in cursor.fetchall())
        cursor.execute("SELECT SUM(gross_sales) FROM fulfilment_revenuefact")
        (raw_sum,) = cursor.fetchone()
    json.dump(
        {
            "vendor": connection.vendor,
            "storage": storage,
            "raw_gross_sum": repr(raw_sum),
            "answers": answers,
            "export_csv": export,
            "expected": {key: str(value) for key, value in expected.items()},
        },
        sys.stdout,
    )


if __name__ == "__main__":
    main()
