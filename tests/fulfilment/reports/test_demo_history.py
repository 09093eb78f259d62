"""The demo seller's order history: several months of three channels on the dashboard."""

import io
from datetime import timedelta

from fulfilment.reports.selectors import RevenueQuery, revenue_report
from infra.demo.revenue_history import load_demo_revenue_history
from tests.factories.catalog import VariantFactory


def test_demo_history_fills_several_months_of_three_channels(account, amazon, aliexpress, wish):
    from django.utils import timezone

    for n in range(5):
        VariantFactory(account=account, product__account=account, sku=f"DEMO-{n}")
    out = io.StringIO()
    load_demo_revenue_history(account=account, stdout=out)
    assert "900 orders" in out.getvalue()
    today = timezone.now().date()
    query = RevenueQuery(
        account_id=account.pk, date_from=today - timedelta(days=200), date_to=today, group_by=("channel", "month")
    )
    report = revenue_report(query, currency=account.base_currency)
    assert {row["channel"] for row in report.rows} == {"amazon", "aliexpress", "wish"}
    assert len({row["month"] for row in report.rows}) >= 6
    assert report.unconverted["count"] == 1
    assert report.cancelled_orders > 0
