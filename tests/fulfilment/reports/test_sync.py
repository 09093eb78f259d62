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
