"""The dashboard's tables: each a grouping of the same query, shown, charted and exported."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from django.utils.translation import gettext_lazy as _

from fulfilment.reports import selectors
from fulfilment.reports.selectors import RevenueQuery

FIGURE_LABELS = {
    "orders": _("Orders"),
    "units": _("Units"),
    "gross_sales": _("Gross sales"),
    "discounts": _("Discounts"),
    "refunds": _("Refunds"),
    "fees_returned": _("Refunded fees"),
    "marketplace_fees": _("Marketplace fees"),
    "fulfilment_costs": _("Fulfilment costs"),
    "net_revenue": _("Net revenue"),
    "cost_of_goods": _("Cost of goods"),
    "margin": _("Margin over cost"),
    "margin_percent": _("Margin %"),
}
KEY_LABELS = {
    "channel": _("Channel"),
    "channel_account": _("Channel account"),
    "marketplace": _("Marketplace"),
    "sku": _("SKU"),
    "category": _("Category"),
    "day": _("Day"),
    "week": _("Week"),
    "month": _("Month"),
}


@dataclass
class Table:
    name: str
    title: object
    group_by: tuple[str, ...]
    rows: list[dict]
    names: dict
    compare: bool  # rows carry the previous period
    hidden: int = 0  # rows left out of the page (the export has them all)
    all_rows: list[dict] | None = None


def period_for(query: RevenueQuery) -> str:
    """The chart's time step: day up to 31 days, week up to 26 weeks, else month."""
    days = (query.date_to - query.date_from).days + 1
    return "day" if days <= 31 else "week" if days <= 182 else "month"


def table_specs(query: RevenueQuery) -> list[tuple[str, object, tuple[str, ...]]]:
    period = period_for(query)
    return [
        ("channel", _("By channel"), ("channel",)),
        ("channel_period", _("By channel and period"), ("channel", period)),
        ("marketplace", _("By marketplace"), ("channel", "marketplace")),
        ("channel_account", _("By channel account"), ("channel", "channel_account")),
        ("category", _("By category"), ("category",)),
        ("sku", _("By SKU"), ("channel", "sku")),
    ]


PAGE_SKUS_PER_CHANNEL = 20


def table_build(query: RevenueQuery, name: str, *, for_page: bool = False) -> Table:
    for spec_name, title, group_by in table_specs(query):
        if spec_name == name:
            grouped = replace(query, group_by=group_by)
            if name == "sku":
                rows = selectors.revenue_rows(grouped)
                rows.sort(key=lambda row: (row["channel"], -row["net_revenue"], row["sku"]))
                compare = False
            else:
                rows = selectors.revenue_rows_compared(grouped)
                compare = not any(key in selectors.TIME_GROUPS for key in group_by)
            names = selectors.group_names(query.account_id, rows, group_by)
            table = Table(name, title, group_by, rows, names, compare, all_rows=rows)
            if for_page and name == "sku":
                shown, per_channel = [], {}
                for row in rows:
                    per_channel[row["channel"]] = per_channel.get(row["channel"], 0) + 1
                    if per_channel[row["channel"]] <= PAGE_SKUS_PER_CHANNEL:
                        shown.append(row)
                table.rows, table.hidden = shown, len(rows) - len(shown)
            return table
    raise KeyError(name)


def key_label(table: Table, name: str, value) -> str:  # type: ignore[no-untyped-def]
    if value is None:
        return str(_("(none)"))
    if name in table.names:
        return str(table.names[name].get(value, value))
    if name == "month":
        return value.strftime("%Y-%m")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def period_range(name: str, value: date, query: RevenueQuery) -> tuple[date, date]:
    """The days of one period row, clipped to the query's range (drill-down)."""
    if name == "day":
        start = end = value
    elif name == "week":
        start, end = value, value + timedelta(days=6)
    else:
        start = value
        end = (value.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    return max(start, query.date_from), min(end, query.date_to)
