"""The revenue figures, read from the revenue facts (models.py) in the seller's base currency.

Every money figure is a SUM over facts whose per-order parts add up to the order's own amounts,
so each total equals the Decimal sum over the orders behind it for any grouping and filter.
Cancelled orders have no figures (counted in `cancelled_orders`); orders whose money is not
converted are never summed: `revenue_unconverted` counts and names them, with their amounts per
original currency.

Refunds with Refund records fall on their own day at their own rate, with the fees the
marketplace gave back (`fees_returned`); net revenue counts refunds net of those fees. Orders
without Refund records keep their refunds at the order date's rate, in the order's period.

Every money figure is quantized to the base currency's decimals; the facts are whole minor units
(services.py), so this never rounds and rows still add up to the totals exactly.

Order-level groupings read the daily sums; SKU and category ones the month × SKU sums for the
whole months of the range and the facts for the days at its edges (and the facts alone under
order-level filters, which the monthly sums do not keep).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import BigIntegerField, Case, Count, F, Max, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Cast, TruncMonth, TruncWeek

from fulfilment.models import MoneyState, Order, OrderStatus
from fulfilment.reports.models import RevenueDaily, RevenueFact, RevenueSkuMonthly, RevenueSkuRunning
from fulfilment.reports.services import month_end, month_start, quantum_of

GROUPS = ("channel", "channel_account", "marketplace", "sku", "category", "day", "week", "month")
TIME_GROUPS = ("day", "week", "month")
LINE_GROUPS = ("sku", "category")
MONEY_FIGURES = (
    "gross_sales",
    "discounts",
    "refunds",
    "fees_returned",
    "marketplace_fees",
    "fulfilment_costs",
    "net_revenue",
    "cost_of_goods",
    "margin",
)
SUMMED = (
    "gross_sales",
    "discounts",
    "refunds",
    "fees_returned",
    "marketplace_fees",
    "fulfilment_costs",
    "cost_of_goods",
)
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
    currency: str = ""  # the account's base currency (looked up when empty)

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


def query_quantum(query: RevenueQuery) -> Decimal:
    """The base currency's minor unit (0.01 for EUR, 1 for JPY)."""
    currency = query.currency
    if not currency:
        from hub.accounts.models import SellerAccount

        currency = (
            SellerAccount.objects.filter(pk=query.account_id).values_list("base_currency", flat=True).first() or ""
        )
    return quantum_of(currency)


def _figures(values: dict, quantum: Decimal) -> dict:
    """Summed columns → every figure (net revenue and margin computed from the exact sums), at
    the base currency's decimals."""
    out = {name: Decimal(values.get(name) or 0).quantize(quantum) for name in SUMMED}
    out["orders"] = int(values.get("orders") or 0)
    out["units"] = int(values.get("units") or 0)
    net_sales = out["gross_sales"] - out["discounts"] - out["refunds"]
    # refunds net of the fees given back with them
    out["net_revenue"] = net_sales + out["fees_returned"] - out["marketplace_fees"] - out["fulfilment_costs"]
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


MONTHLY_GROUPS = frozenset({"channel", "sku", "category", "month"})
_MONTHLY_COLUMNS = {**_COLUMNS, "month": F("month")}


def _monthly_eligible(query: RevenueQuery) -> bool:
    """SKU and category questions the month × SKU sums can answer: no order-level filter, no
    grouping finer than a month, and orders counted by a per-SKU or per-category mark."""
    f = query.filters
    return (
        query.line_grain
        and set(query.group_by) <= MONTHLY_GROUPS
        and f.channel_account is None
        and not f.marketplace
        and f.warehouse is None
        and f.network is None
        and not (
            f.category is not None and not f.sku and "sku" not in query.group_by and "category" not in query.group_by
        )
    )


def _monthly_parts(query: RevenueQuery) -> tuple[tuple[date, date] | None, list[tuple[date, date]]]:
    """(the whole months of the range, the edge day ranges outside them)."""
    first = query.date_from if query.date_from.day == 1 else month_end(query.date_from) + timedelta(days=1)
    last = (
        query.date_to if query.date_to == month_end(query.date_to) else month_start(query.date_to) - timedelta(days=1)
    )
    if first > last:
        return None, [(query.date_from, query.date_to)]
    edges = []
    if query.date_from < first:
        edges.append((query.date_from, first - timedelta(days=1)))
    if last < query.date_to:
        edges.append((last + timedelta(days=1), query.date_to))
    return (first, month_start(last)), edges


def _monthly_source(query: RevenueQuery, months: tuple[date, date]) -> QuerySet:
    f = query.filters
    rows = RevenueSkuMonthly.objects.filter(account_id=query.account_id, month__gte=months[0], month__lte=months[1])
    if f.channel:
        rows = rows.filter(family=f.channel)
    if f.sku:
        rows = rows.filter(sku=f.sku)
    if f.category is not None:
        rows = rows.filter(category_id__in=_category_ids(query.account_id, f.category))
    return rows


def _grouped_values(query: RevenueQuery) -> list[dict]:
    """The summed columns per group (keys under k_<name>), from the daily sums or the facts."""
    keys = {f"k_{name}": _COLUMNS[name] for name in query.group_by}
    aggregates = _aggregates(query)
    source = _source(query)
    if not keys:
        return [source.aggregate(**aggregates)]
    return list(source.annotate(**keys).values(*keys).annotate(**aggregates).order_by(*keys))


def _monthly_rows(query: RevenueQuery, quantum: Decimal) -> list[dict]:
    """SKU and category rows from the month × SKU sums of the range's whole months plus the
    facts of its edge days, added up in integer thousandths and made figures once."""
    keys = {f"k_{name}": _COLUMNS[name] for name in query.group_by}
    # bigint sums: ints from the driver (PostgreSQL's SUM(bigint) is numeric: a Decimal each)
    aggregates = {name: Cast(value, BigIntegerField()) for name, value in _aggregates(query).items()}
    months, edges = _monthly_parts(query)
    names = list(aggregates)
    monthly_keys = {f"k_{name}": _MONTHLY_COLUMNS[name] for name in query.group_by}
    grouped_sources = []
    if months is not None and "month" not in query.group_by:
        running = _running_grouped(query, months, monthly_keys, aggregates)
        if running is not None:
            grouped_sources.append(running)
    elif months is not None:
        grouped_sources.append(_group(_monthly_source(query, months), monthly_keys).annotate(**aggregates))
    for start, end in edges:
        facts = revenue_facts(replace(query, date_from=start, date_to=end))
        grouped_sources.append(_group(facts, keys).annotate(**aggregates))
    merged: dict[tuple, list[int]] = {}
    for grouped in grouped_sources:
        for key, sums in _raw_sums(grouped.order_by(), list(keys), names):
            into = merged.get(key)
            merged[key] = sums if into is None else [a + b for a, b in zip(into, sums, strict=True)]
    if not keys and not merged:
        merged[()] = [0] * len(names)
    ordered = sorted(merged, key=_none_first) if any(None in key for key in merged) else sorted(merged)
    return _milli_rows(((key, merged[key]) for key in ordered), query.group_by, names, quantum)


def _group(source: QuerySet, keys: dict) -> QuerySet:
    if keys:
        return source.annotate(**keys).values(*keys)
    return source.annotate(_all=Value(1)).values("_all")


def _running_grouped(query: RevenueQuery, months: tuple[date, date], keys: dict, aggregates: dict):  # type: ignore[no-untyped-def]
    """The whole months from the running totals: through the last month minus through the month
    before the first, per key; keys without facts in the months left out. None: no data."""
    f = query.filters
    running = RevenueSkuRunning.objects.filter(account_id=query.account_id)
    horizon = running.aggregate(month=Max("month"))["month"]
    if horizon is None or horizon < months[0]:
        return None
    last = min(months[1], horizon)
    before = month_start(months[0] - timedelta(days=1))
    rows = running.filter(month__in=[before, last])
    if f.channel:
        rows = rows.filter(family=f.channel)
    if f.sku:
        rows = rows.filter(sku=f.sku)
    if f.category is not None:
        rows = rows.filter(category_id__in=_category_ids(query.account_id, f.category))
    sign = Case(When(month=last, then=Value(1)), default=Value(-1), output_field=BigIntegerField())
    signed = {}
    for name, aggregate in aggregates.items():
        # Cast(Sum(field)) → Cast(Sum(sign × field))
        field_name = aggregate.source_expressions[0].source_expressions[0].name
        signed[name] = Cast(Sum(sign * F(field_name)), BigIntegerField())
    grouped = _group(rows, keys).annotate(**signed, _facts=Sum(sign * F("fact_count")))
    return grouped.filter(_facts__gt=0) if keys else grouped


def _none_first(key: tuple) -> tuple:
    # PostgreSQL's order: NULLs last
    return tuple((part is None, part) for part in key)


_TENTH = Decimal("0.1")
_MILLI_FIGURES = (*SUMMED, "net_revenue", "margin")
_HUNDRED = Decimal(100)


def _milli_rows(keyed, group_by: tuple[str, ...], names: list[str], quantum: Decimal) -> list[dict]:  # type: ignore[no-untyped-def]
    """Rows of figures from integer-thousandth sums (as `_figures` computes them, without a
    Decimal per intermediate step: 15,000 SKU rows)."""
    exponent = quantum.as_tuple().exponent
    assert isinstance(exponent, int)
    # a sum in whole minor units is exact at the currency's decimals: no rounding
    divisor = 10 ** (3 + exponent) if exponent >= -3 else 0
    at = {name: names.index(name) for name in names}
    g, d, r, fr, mf, fc, cogs = (at[name] for name in SUMMED)
    units, orders = at["units"], at["orders"]

    rows = []
    for key, sums in keyed:
        net_sales = sums[g] - sums[d] - sums[r]
        net = net_sales + sums[fr] - sums[mf] - sums[fc]
        margin = net - sums[cogs]
        values = (sums[g], sums[d], sums[r], sums[fr], sums[mf], sums[fc], sums[cogs], net, margin)
        money = [
            Decimal(value // divisor).scaleb(exponent)
            if divisor and value % divisor == 0
            else Decimal(value).scaleb(-3).quantize(quantum)
            for value in values
        ]
        row = dict(zip(group_by, key, strict=True))
        row.update(zip(_MILLI_FIGURES, money, strict=True))
        row["orders"] = sums[orders]
        row["units"] = sums[units]
        row["margin_percent"] = (
            (Decimal(margin) * _HUNDRED / Decimal(net_sales)).quantize(_TENTH) if net_sales else None
        )
        rows.append(row)
    return rows


def _raw_sums(grouped: QuerySet, key_names: list[str], names: list[str]):  # type: ignore[no-untyped-def]
    """(key tuple, [int sums]) per row, read with the database cursor: 15,000 rows through the
    ORM's per-value converters cost more than the query (cProfile: 280 ms of 350)."""
    from datetime import datetime

    from django.db import connection

    sql, params = grouped.query.sql_with_params()
    with _roomy_sums(), connection.cursor() as cursor:
        cursor.execute(sql, params)
        columns = [column[0] for column in cursor.description]
        key_at = [columns.index(name) for name in key_names]
        sum_at = [columns.index(name) for name in names]
        rows = cursor.fetchall()
    month_at = key_names.index("k_month") if "k_month" in key_names else None
    for row in rows:
        key = tuple(row[index] for index in key_at)
        if month_at is not None:
            month = key[month_at]
            if isinstance(month, datetime):  # a truncated month on PostgreSQL
                month = month.date()
            elif isinstance(month, str):  # SQLite
                month = date.fromisoformat(month[:10])
            key = (*key[:month_at], month, *key[month_at + 1 :])
        # the sums are cast to bigint (_monthly_rows): ints from the driver
        yield key, [row[index] or 0 for index in sum_at]


class _roomy_sums:
    """On PostgreSQL, enough memory for the month × SKU groupings to hash in memory (15,000
    groups over two years): the default 4 MB spills them to a sort on disk (EXPLAIN ANALYZE:
    820 ms → 240 ms on 340,000 rows)."""

    def __enter__(self):  # type: ignore[no-untyped-def]
        from django.db import connection, transaction

        self._atomic = None
        if connection.vendor == "postgresql":
            self._atomic = transaction.atomic()
            self._atomic.__enter__()
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL work_mem = '64MB'")
        return self

    def __exit__(self, *exc):  # type: ignore[no-untyped-def]
        if self._atomic is not None:
            return self._atomic.__exit__(*exc)
        return False


def revenue_totals(query: RevenueQuery) -> dict:
    """The figures over the whole query (an order in several SKU rows counts once here)."""
    whole = replace(query, group_by=())
    quantum = query_quantum(query)
    if _monthly_eligible(whole):
        return _monthly_rows(whole, quantum)[0]
    return _figures(_grouped_values(whole)[0], quantum)


def revenue_rows(query: RevenueQuery) -> list[dict]:
    if not query.group_by:
        return []
    quantum = query_quantum(query)
    if _monthly_eligible(query):
        return _monthly_rows(query, quantum)
    rows = []
    for values in _grouped_values(query):
        row = {name: values[f"k_{name}"] for name in query.group_by}
        row.update(_figures(values, quantum))
        rows.append(row)
    return rows


def _row_key(row: dict, group_by: tuple[str, ...]) -> tuple:
    return tuple(row[name] for name in group_by)


def _order_keys_q(f: RevenueFilters, prefix: str = "") -> Q:
    """The filters on the order's own columns (channel, account, marketplace, warehouse, network),
    `prefix` naming the path to the order ("order__" from a refund)."""
    conditions = {
        "family": f.channel or None,
        "channel_account_id": f.channel_account,
        "marketplace_id": f.marketplace or None,
        "warehouse_id": f.warehouse,
        "network": f.network,
    }
    return Q(**{prefix + column: value for column, value in conditions.items() if value is not None})


def _sum_by_currency(pairs) -> tuple[int, dict[str, Decimal]]:  # type: ignore[no-untyped-def]
    """How many (currency, amount) pairs there are and their sum per currency (None counts as 0)."""
    by_currency: dict[str, Decimal] = {}
    count = 0
    for currency, amount in pairs:
        count += 1
        by_currency[currency] = by_currency.get(currency, Decimal(0)) + (amount or Decimal(0))
    return count, by_currency


def _orders_filtered(query: RevenueQuery, orders: QuerySet[Order]) -> QuerySet[Order]:
    f = query.filters
    orders = orders.filter(account_id=query.account_id, order_date__gte=query.date_from, order_date__lte=query.date_to)
    orders = orders.filter(_order_keys_q(f))
    # line filters as subqueries: no join, so no DISTINCT over whole order rows
    if f.sku:
        from fulfilment.models import OrderLine

        orders = orders.filter(pk__in=OrderLine.objects.filter(sku=f.sku).values("order_id"))
    if f.category is not None:
        from fulfilment.models import OrderLine

        in_category = OrderLine.objects.filter(
            variant__product__category_id__in=_category_ids(query.account_id, f.category)
        )
        orders = orders.filter(pk__in=in_category.values("order_id"))
    return orders


def _amount(value: Decimal | None, currency: str) -> Decimal:
    """An amount in an order's own currency at that currency's decimals ("17.00", not "17.000");
    never rounded: an amount the marketplace gave with more decimals keeps them."""
    from currency.codes import currency_quantum

    value = value if value is not None else Decimal(0)
    try:
        shown = value.quantize(currency_quantum(currency))
    except (ValueError, ArithmeticError):
        return value
    return shown if shown == value else value


def unconverted_orders(query: RevenueQuery) -> QuerySet[Order]:
    orders = Order.objects.exclude(status=OrderStatus.CANCELLED).filter(
        ~Q(money_state=MoneyState.CONVERTED) | Q(base_total__isnull=True)
    )
    return _orders_filtered(query, orders)


def revenue_unconverted(query: RevenueQuery) -> dict:
    """Orders whose money is not in the base currency: counted and named, amounts per currency."""
    orders = unconverted_orders(query)
    # pk in the row: a DISTINCT on the queryset must not fold two equal orders into one
    rows = orders.order_by().values_list("pk", "currency", "total")
    count, by_currency = _sum_by_currency((currency, total) for _pk, currency, total in rows)
    named = [
        {
            "id": order.pk,
            "external_id": order.external_id,
            "channel": order.family,
            "marketplace": order.marketplace_id,
            "order_date": order.order_date,
            "currency": order.currency,
            "total": _amount(order.total, order.currency),
            "money_state": order.money_state,
            "reason": order.money_reason,
        }
        for order in orders.order_by("order_date", "pk")[:UNCONVERTED_NAMED]
    ]
    return {
        "count": count,
        "totals_by_currency": {code: _amount(total, code) for code, total in sorted(by_currency.items())},
        "orders": named,
        "refunds": unconverted_refunds(query),
    }


def unconverted_refunds(query: RevenueQuery) -> dict:
    """Refunds (of reported orders) whose money has no base amount: named, never summed."""
    from fulfilment.models import Refund

    f = query.filters
    refunds = Refund.objects.filter(
        order__account_id=query.account_id,
        order__money_state=MoneyState.CONVERTED,
        refund_date__gte=query.date_from,
        refund_date__lte=query.date_to,
        base_amount__isnull=True,
    ).exclude(order__status=OrderStatus.CANCELLED)
    refunds = refunds.filter(_order_keys_q(f, prefix="order__"))
    if f.sku or f.category is not None:
        lined = _orders_filtered(replace(query, date_from=date.min, date_to=date.max), Order.objects.all())
        refunds = refunds.filter(order_id__in=lined.values("pk"))
    refunds = refunds.select_related("order")
    count, by_currency = _sum_by_currency(refunds.order_by().values_list("currency", "amount"))
    named = [
        {
            "order_id": refund.order_id,
            "external_id": refund.order.external_id,
            "reference": refund.reference,
            "refund_date": refund.refund_date,
            "currency": refund.currency,
            "amount": _amount(refund.amount, refund.currency),
            "reason": refund.money_reason,
        }
        for refund in refunds.order_by("refund_date", "pk")[:UNCONVERTED_NAMED]
    ]
    totals = {code: _amount(total, code) for code, total in sorted(by_currency.items())}
    return {"count": count, "totals_by_currency": totals, "items": named}


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
        empty = _figures({}, query_quantum(query))
        for row in rows:
            prior = before.get(_row_key(row, query.group_by), empty)
            row["previous"] = {name: prior[name] for name in FIGURES}
            row["change"] = _change(row, prior)
    return rows


def revenue_report(query: RevenueQuery, *, currency: str) -> RevenueReport:
    """Rows, totals, the previous period (totals; and per row when no time grouping) and the change."""
    if not query.currency:
        query = replace(query, currency=currency)
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
