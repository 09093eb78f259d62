"""The facts follow the orders: the beat sync re-reads orders changed since its watermark."""

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from fulfilment.models import Order, OrderStatus
from fulfilment.reports.models import RevenueFact, RevenueSyncState
from fulfilment.reports.selectors import RevenueQuery, revenue_totals
from fulfilment.reports.services import revenue_facts_sync
from fulfilment.reports.tasks import revenue_facts_sync_task
from tests.fulfilment.reports.data import create_orders

SPEC = {
    "channel": 0,
    "marketplace": "M-DE",
    "hour": 100,
    "minute": 0,
    "status": OrderStatus.SHIPPED,
    "converted": True,
    "currency": "USD",
    "rate": Decimal("1.0800"),
    "shipping": Decimal("5.000"),
    "discount": Decimal("0"),
    "refund": Decimal("0"),
    "fees": Decimal("3.000"),
    "fulfilment": Decimal("4.000"),
    "warehouse": 0,
    "lines": [{"variant": 0, "quantity": 2, "unit_price": Decimal("10.000")}],
}


def _net(account):
    query = RevenueQuery(account_id=account.pk, date_from=date(2026, 2, 1), date_to=date(2026, 3, 31))
    return revenue_totals(query)


def test_sync_picks_up_new_changed_and_cancelled_orders(revenue_setup, settings):
    account = revenue_setup.account
    (order,) = create_orders(revenue_setup, [SPEC])
    assert revenue_facts_sync_task() == 1
    first = _net(account)
    assert first["orders"] == 1 and first["gross_sales"] == order.base_items_total + order.base_shipping_total

    # a refund arrives: the next sync (within the beat interval) shows it
    order.refunds_total, order.base_refunds_total = Decimal("10.80"), Decimal("10.000")
    order.save()
    revenue_facts_sync()
    assert _net(account)["refunds"] == Decimal("10.000")

    # cancelled: its facts go, and an untouched order is not re-read
    state = RevenueSyncState.objects.get()
    Order.objects.filter(pk=order.pk).update(status=OrderStatus.CANCELLED, updated_at=timezone.now())
    assert revenue_facts_sync() == 0
    assert not RevenueFact.objects.exists()
    assert RevenueSyncState.objects.get().orders_updated_before > state.orders_updated_before
    old = timezone.now() - timedelta(hours=1)
    Order.objects.filter(pk=order.pk).update(status=OrderStatus.SHIPPED, updated_at=old)
    revenue_facts_sync()
    assert not RevenueFact.objects.exists()  # updated_at before the watermark: not re-read


def test_the_beat_schedule_runs_the_sync_every_thirty_seconds(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["reports-revenue-facts-sync"]
    assert entry["task"] == "fulfilment.reports.tasks.revenue_facts_sync_task"
    assert entry["schedule"] <= 60


def test_bulk_changes_without_updated_at_still_reach_the_reports(revenue_setup):
    """Queryset update()/bulk_update()/delete() skip auto_now: the order querysets move
    updated_at themselves (lines and refunds move their order's), so the sync sees the change."""
    from fulfilment.models import OrderLine, Refund

    account = revenue_setup.account
    (order,) = create_orders(revenue_setup, [{**SPEC, "refunds": [(1, Decimal("2.000"), True)]}])
    revenue_facts_sync()
    assert _net(account)["units"] == 2

    def age() -> None:
        # the order last changed an hour ago and the reports are synced: only a moved
        # updated_at brings it back into the next sync
        Order.objects.filter(pk=order.pk).update(updated_at=timezone.now() - timedelta(hours=1))
        RevenueSyncState.objects.update(orders_updated_before=timezone.now())

    def resynced() -> dict:
        revenue_facts_sync()
        return _net(account)

    age()
    order.lines.update(quantity=5)
    assert resynced()["units"] == 5

    age()
    line = order.lines.get()
    line.quantity = 7
    OrderLine.objects.bulk_update([line], ["quantity"])
    assert resynced()["units"] == 7

    age()
    Refund.objects.filter(order=order).update(base_amount=Decimal("3.00"))
    assert resynced()["refunds"] == Decimal("3.00")
    age()
    Refund.objects.filter(order=order).delete()
    assert resynced()["refunds"] == order.base_refunds_total

    age()
    Order.objects.filter(pk=order.pk).update(status=OrderStatus.CANCELLED)
    assert resynced()["orders"] == 0

    age()
    order.refresh_from_db()
    order.status = OrderStatus.SHIPPED
    Order.objects.bulk_update([order], ["status"])
    assert resynced()["orders"] == 1


def test_the_month_by_sku_sums_follow_a_changed_sku(revenue_setup):
    from fulfilment.reports.models import RevenueSkuMonthly
    from fulfilment.reports.selectors import revenue_rows

    account = revenue_setup.account
    (order,) = create_orders(revenue_setup, [SPEC])
    revenue_facts_sync()
    # February and March whole: the month × SKU sums answer
    query = RevenueQuery(
        account_id=account.pk, date_from=date(2026, 2, 1), date_to=date(2026, 3, 31), group_by=("channel", "sku")
    )
    assert [(row["sku"], row["units"]) for row in revenue_rows(query)] == [("V-0", 2)]

    line = order.lines.get()
    line.sku, line.variant = "V-3", revenue_setup.variants[3]
    line.save()
    order.save()
    revenue_facts_sync()
    assert [(row["sku"], row["units"], row["cost_of_goods"]) for row in revenue_rows(query)] == [
        ("V-3", 2, Decimal("8.50"))
    ]
    assert set(RevenueSkuMonthly.objects.values_list("sku", flat=True)) == {"V-3"}


def test_running_sku_totals_carry_forward_when_a_new_month_starts(revenue_setup):
    from fulfilment.reports.models import RevenueSkuRunning
    from fulfilment.reports.selectors import revenue_rows

    account = revenue_setup.account
    create_orders(revenue_setup, [SPEC])  # 24 Feb, V-0 × 2
    revenue_facts_sync()
    # a month later, another SKU: V-0's running totals reach April too
    Order.objects.filter(external_id="G-0").update(  # the generator's ids restart; not re-read
        external_id="G-first", updated_at=timezone.now() - timedelta(hours=1)
    )
    RevenueSyncState.objects.update(orders_updated_before=timezone.now())
    create_orders(
        revenue_setup,
        [{**SPEC, "hour": 24 * 45, "lines": [{"variant": 1, "quantity": 3, "unit_price": Decimal("4.000")}]}],
    )
    revenue_facts_sync()
    assert set(RevenueSkuRunning.objects.filter(sku="V-0").values_list("month", flat=True)) == {
        date(2026, 2, 1),
        date(2026, 3, 1),
        date(2026, 4, 1),
    }

    def units(first, last):
        query = RevenueQuery(account_id=account.pk, date_from=first, date_to=last, group_by=("sku",))
        return [(row["sku"], row["units"]) for row in revenue_rows(query)]

    assert units(date(2026, 2, 1), date(2026, 4, 30)) == [("V-0", 2), ("V-1", 3)]
    assert units(date(2026, 3, 1), date(2026, 4, 30)) == [("V-1", 3)]  # V-0's facts are all before
    assert units(date(2026, 2, 1), date(2026, 2, 28)) == [("V-0", 2)]
    assert units(date(2026, 1, 1), date(2026, 12, 31)) == [("V-0", 2), ("V-1", 3)]
