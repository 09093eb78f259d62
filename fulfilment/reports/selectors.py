"""The revenue figures, read from the revenue facts (models.py) in the seller's base currency.

Every money figure is a SUM over facts whose per-order parts add up to the order's own amounts,
so each total equals the Decimal sum over the orders behind it for any grouping and filter.
Cancelled orders have no figures (counted in `cancelled_orders`); orders whose money is not
converted are never summed: `revenue_unconverted` counts and names them, with their amounts per
original currency.

Refunds are those on the order (`Order.base_refunds_total`, at the order date's rate) and fall in
the order's period: the orders work has no dated refund records yet.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth, TruncWeek

from fulfilment.models import MoneyState, Order, OrderStatus
from fulfilment.reports.models import RevenueDaily, RevenueFact

GROUPS = ("channel", "channel_account", "marketplace", "sku", "category", "day", "week", "month")
TIME_GROUPS = ("day", "week", "month")
LINE_GROUPS = ("sku", "category")
MONEY_FIGURES = (
    "gross_sales",
    "discounts",
    "refunds",
    "marketplace_fees",
    "fulfilment_costs",
    "net_revenue",
    "cost_of_goods",
    "margin",
)
SUMMED = ("gross_sales", "discounts", "refunds", "marketplace_fees", "fulfilment_costs", "cost_of_goods")
FIGURES = ("orders", "units", *MONEY_FIGURES, "margin_percent")
UNCONVERTED_NAMED = 100

_COLUMNS = {
    "channel": F("family"),
    "channel_account": F("channel_account_id"),
    "marketplace": F("marketplace_id"),
    "sku": F("sku"),
    "category": F("category_id"),
    "day": F("order_date"),
    "week": TruncWeek("order_date"),
    "month": TruncMonth("order_date"),
}


@dataclass(frozen=True)
class RevenueFilters:
    channel: str = ""
    channel_account: int | None = None
    marketplace: str = ""
    sku: str = ""
    category: int | None = None  # with its sub-categories
    warehouse: int | None = None
    network: str | None = None  # "" = not routed

    def as_dict(self) -> dict:
        return {key: value for key, value in self.__dict__.items() if value not in (None, "")}


@dataclass(frozen=True)
class RevenueQuery:
    account_id: int
    date_from: date
    date_to: date
    group_by: tuple[str, ...] = ()
    filters: RevenueFilters = field(default_factory=RevenueFilters)

    @property
    def line_grain(self) -> bool:
        """Sku and category figures are per line: an order is counted once in each of its rows."""
        return any(key in LINE_GROUPS for key in self.group_by) or bool(self.filters.sku) or self.filters.category

    def previous(self) -> RevenueQuery:
        """The period of the same length just before."""
        days = (self.date_to - self.date_from).days + 1
        return replace(
            self, date_from=self.date_from - timedelta(days=days), date_to=self.date_from - timedelta(days=1)
        )


@dataclass
class RevenueReport:
    currency: str
    query: RevenueQuery
    rows: list[dict]
    totals: dict
    previous: dict
    change: dict
    unconverted: dict
    cancelled_orders: int
    names: dict = field(default_factory=dict)  # group → {key: label}


def _category_ids(account_id: int, category_id: int) -> list[int]:
    from hub.catalog.models import Category

    root = Category.objects.filter(account_id=account_id, pk=category_id).first()
    if root is None:
        return []
    return list(
        Category.objects.filter(account_id=account_id)
        .filter(Q(pk=root.pk) | Q(path__startswith=f"{root.path} > "))
        .values_list("pk", flat=True)
    )


def revenue_facts(query: RevenueQuery, *, model=RevenueFact) -> QuerySet:  # type: ignore[no-untyped-def]
    f = query.filters
    facts = model.objects.filter(
        account_id=query.account_id, order_date__gte=query.date_from, order_date__lte=query.date_to
    )
    if f.channel:
        facts = facts.filter(family=f.channel)
    if f.channel_account is not None:
        facts = facts.filter(channel_account_id=f.channel_account)
    if f.marketplace:
        facts = facts.filter(marketplace_id=f.marketplace)
    if f.sku:
        facts = facts.filter(sku=f.sku)
    if f.category is not None:
        facts = facts.filter(category_id__in=_category_ids(query.account_id, f.category))
    if f.warehouse is not None:
        facts = facts.filter(warehouse_id=f.warehouse)
    if f.network is not None:
        facts = facts.filter(network=f.network)
    return facts


def _source(query: RevenueQuery) -> QuerySet:
    """Order-level questions read the daily sums; SKU and category ones the line facts."""
    return revenue_facts(query, model=RevenueFact if query.line_grain else RevenueDaily)


def _orders_count(query: RevenueQuery):  # type: ignore[no-untyped-def]
    """Orders as a sum wherever each order is marked once per row; COUNT DISTINCT otherwise
    (several categories under a category filter, summed into one row)."""
    if not query.line_grain:
        return Sum("order_count")
    if "sku" in query.group_by or query.filters.sku:
        return Sum("sku_order_count")  # one SKU → one variant → one category
    if "category" in query.group_by:
        return Sum("category_order_count")
    if query.filters.category is None:
        return Sum("order_count")
    # refund facts (no line, no order count) do not make an order count in their period
    return Count("order_id", distinct=True, filter=Q(line__isnull=False) | Q(order_count=1))


def _aggregates(query: RevenueQuery) -> dict:
    sums = {name: Sum(name) for name in SUMMED}
    sums["units"] = Sum("units")
    sums["orders"] = _orders_count(query)
    return sums


def _figures(values: dict) -> dict:
    """Summed columns → every figure (net revenue and margin computed from the exact sums)."""
    out = {name: values.get(name) or Decimal(0) for name in SUMMED}
    out["orders"] = int(values.get("orders") or 0)
    out["units"] = int(values.get("units") or 0)
    net_sales = out["gross_sales"] - out["discounts"] - out["refunds"]
    out["net_revenue"] = net_sales - out["marketplace_fees"] - out["fulfilment_costs"]
    out["margin"] = out["net_revenue"] - out["cost_of_goods"]
    out["margin_percent"] = (out["margin"] * 100 / net_sales).quantize(Decimal("0.1")) if net_sales else None
    return out


def _change(current: dict, previous: dict) -> dict:
    change = {}
    for name in ("orders", "units", *MONEY_FIGURES):
        delta = current[name] - previous[name]
        percent = (
            (Decimal(delta) * 100 / abs(Decimal(previous[name]))).quantize(Decimal("0.1")) if previous[name] else None
        )
        change[name] = {"delta": delta, "percent": percent}
    return change


def revenue_totals(query: RevenueQuery) -> dict:
    """The figures over the whole query (an order in several SKU rows counts once here)."""
    whole = replace(query, group_by=())
    return _figures(_source(whole).aggregate(**_aggregates(whole)))


def revenue_rows(query: RevenueQuery) -> list[dict]:
    if not query.group_by:
        return []
    keys = {f"k_{name}": _COLUMNS[name] for name in query.group_by}
    grouped = _source(query).annotate(**keys).values(*keys).annotate(**_aggregates(query)).order_by(*keys)
    rows = []
    for values in grouped:
        row = {name: values[f"k_{name}"] for name in query.group_by}
        row.update(_figures(values))
        rows.append(row)
    return rows


def _row_key(row: dict, group_by: tuple[str, ...]) -> tuple:
    return tuple(row[name] for name in group_by)


def _orders_filtered(query: RevenueQuery, orders: QuerySet[Order]) -> QuerySet[Order]:
    f = query.filters
    orders = orders.filter(account_id=query.account_id, order_date__gte=query.date_from, order_date__lte=query.date_to)
    if f.channel:
        orders = orders.filter(family=f.channel)
    if f.channel_account is not None:
        orders = orders.filter(channel_account_id=f.channel_account)
    if f.marketplace:
        orders = orders.filter(marketplace_id=f.marketplace)
    if f.warehouse is not None:
        orders = orders.filter(warehouse_id=f.warehouse)
    if f.network is not None:
        orders = orders.filter(network=f.network)
    if f.sku:
        orders = orders.filter(lines__sku=f.sku)
    if f.category is not None:
        orders = orders.filter(lines__variant__product__category_id__in=_category_ids(query.account_id, f.category))
    return orders.distinct()


def unconverted_orders(query: RevenueQuery) -> QuerySet[Order]:
    orders = Order.objects.exclude(status=OrderStatus.CANCELLED).filter(
        ~Q(money_state=MoneyState.CONVERTED) | Q(base_total__isnull=True)
    )
    return _orders_filtered(query, orders)


def revenue_unconverted(query: RevenueQuery) -> dict:
    """Orders whose money is not in the base currency: counted and named, amounts per currency."""
    orders = unconverted_orders(query)
    by_currency: dict[str, Decimal] = {}
    count = 0
    for currency, total in orders.order_by().values_list("currency", "total"):
        count += 1
        by_currency[currency] = by_currency.get(currency, Decimal(0)) + (total or Decimal(0))
    named = [
        {
            "id": order.pk,
            "external_id": order.external_id,
            "channel": order.family,
            "marketplace": order.marketplace_id,
            "order_date": order.order_date,
            "currency": order.currency,
            "total": order.total,
            "money_state": order.money_state,
            "reason": order.money_reason,
        }
        for order in orders.order_by("order_date", "pk")[:UNCONVERTED_NAMED]
    ]
    return {
        "count": count,
        "totals_by_currency": dict(sorted(by_currency.items())),
        "orders": named,
        "refunds": unconverted_refunds(query),
    }


def unconverted_refunds(query: RevenueQuery) -> dict:
    """Refunds (of reported orders) whose money has no base amount: named, never summed."""
    from fulfilment.models import Refund

    orders = _orders_filtered(
        replace(query, date_from=date.min, date_to=date.max),
        Order.objects.exclude(status=OrderStatus.CANCELLED).filter(money_state=MoneyState.CONVERTED),
    )
    refunds = Refund.objects.filter(
        order__in=orders.values("pk"),
        refund_date__gte=query.date_from,
        refund_date__lte=query.date_to,
        base_amount__isnull=True,
    ).select_related("order")
    by_currency: dict[str, Decimal] = {}
    count = 0
    for currency, amount in refunds.order_by().values_list("currency", "amount"):
        count += 1
        by_currency[currency] = by_currency.get(currency, Decimal(0)) + amount
    named = [
        {
            "order_id": refund.order_id,
            "external_id": refund.order.external_id,
            "reference": refund.reference,
            "refund_date": refund.refund_date,
            "currency": refund.currency,
            "amount": refund.amount,
            "reason": refund.money_reason,
        }
        for refund in refunds.order_by("refund_date", "pk")[:UNCONVERTED_NAMED]
    ]
    return {"count": count, "totals_by_currency": dict(sorted(by_currency.items())), "items": named}


def cancelled_count(query: RevenueQuery) -> int:
    return _orders_filtered(query, Order.objects.filter(status=OrderStatus.CANCELLED)).count()


def group_names(account_id: int, rows: list[dict], group_by: tuple[str, ...]) -> dict:
    """Labels for ids in the rows: channel accounts by name, categories by path."""
    names: dict = {}
    if "channel_account" in group_by:
        from channels.models import ChannelAccount

        ids = {row["channel_account"] for row in rows if row["channel_account"] is not None}
        names["channel_account"] = dict(
            ChannelAccount.objects.filter(account_id=account_id, pk__in=ids).values_list("pk", "name")
        )
    if "category" in group_by:
        from hub.catalog.models import Category

        ids = {row["category"] for row in rows if row["category"] is not None}
        names["category"] = dict(Category.objects.filter(account_id=account_id, pk__in=ids).values_list("pk", "path"))
    return names


def revenue_rows_compared(query: RevenueQuery) -> list[dict]:
    """The rows, each with `previous` and `change` unless grouped by time."""
    rows = revenue_rows(query)
    if rows and not any(name in TIME_GROUPS for name in query.group_by):
        before = {_row_key(row, query.group_by): row for row in revenue_rows(query.previous())}
        empty = _figures({})
        for row in rows:
            prior = before.get(_row_key(row, query.group_by), empty)
            row["previous"] = {name: prior[name] for name in FIGURES}
            row["change"] = _change(row, prior)
    return rows


def revenue_report(query: RevenueQuery, *, currency: str) -> RevenueReport:
    """Rows, totals, the previous period (totals; and per row when no time grouping) and the change."""
    rows = revenue_rows_compared(query)
    totals = revenue_totals(query)
    previous = revenue_totals(query.previous())
    return RevenueReport(
        currency=currency,
        query=query,
        rows=rows,
        totals=totals,
        previous=previous,
        change=_change(totals, previous),
        unconverted=revenue_unconverted(query),
        cancelled_orders=cancelled_count(query),
        names=group_names(query.account_id, rows, query.group_by),
    )


def revenue_top_skus(query: RevenueQuery, *, count: int = 5) -> dict[str, dict[str, list[dict]]]:
    """Per channel family: the `count` SKUs with the highest and the lowest net revenue."""
    return rank_skus(revenue_rows(replace(query, group_by=("channel", "sku"))), count=count)


def rank_skus(rows: list[dict], *, count: int) -> dict[str, dict[str, list[dict]]]:
    """Top and bottom `count` of channel × sku rows, per channel."""
    per_channel: dict[str, list[dict]] = {}
    for row in rows:
        per_channel.setdefault(row["channel"], []).append(row)
    ranked = {}
    for channel, channel_rows in sorted(per_channel.items()):
        ordered = sorted(channel_rows, key=lambda row: (-row["net_revenue"], row["sku"]))
        bottom = sorted(channel_rows, key=lambda row: (row["net_revenue"], row["sku"]))[:count]
        ranked[channel] = {"top": ordered[:count], "bottom": bottom}
    return ranked


def revenue_orders(query: RevenueQuery) -> QuerySet[Order]:
    """The orders behind a figure (drill-down): those with facts under the query's filters."""
    ids = revenue_facts(query).values("order_id")
    return Order.objects.filter(account_id=query.account_id, pk__in=ids).order_by("-order_date", "-pk")
