"""Every figure equals the Decimal sum over the orders behind it, for every grouping and filter
(generated data: four currencies, unconverted money, cancelled and refunded orders, order dates
in the seller's time zone (UTC+8) across week and month edges)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from decimal import ROUND_HALF_EVEN, Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fulfilment.models import MoneyState, OrderStatus
from fulfilment.reports.selectors import (
    GROUPS,
    SUMMED,
    RevenueFilters,
    RevenueQuery,
    revenue_report,
    revenue_top_skus,
)
from fulfilment.reports.services import revenue_facts_rebuild
from tests.fulfilment.reports.data import create_orders, month_of, order_strategy, week_of

pytestmark = pytest.mark.django_db(transaction=False)

FIRST_DAY = date(2026, 2, 20)
LAST_DAY = date(2026, 3, 10)


def _reported(order) -> bool:
    return order.status != OrderStatus.CANCELLED and order.money_state == MoneyState.CONVERTED


def _line_category(line):
    return line.variant.product.category_id if line.variant_id else None


def _expected(orders, setup, query: RevenueQuery) -> tuple[dict, dict]:
    """(rows by key, totals) computed from the orders themselves."""
    f = query.filters
    categories = None
    if f.category is not None:
        root = next(c for c in setup.categories if c.pk == f.category)
        categories = {c.pk for c in setup.categories if c.pk == root.pk or c.path.startswith(root.path + " > ")}
    line_grain = query.line_grain
    rows: dict[tuple, dict] = defaultdict(lambda: defaultdict(Decimal))
    row_orders: dict[tuple, set] = defaultdict(set)
    totals: dict = defaultdict(Decimal)
    total_orders: set = set()
    for order in orders:
        if not _reported(order):
            continue
        if f.channel and order.family != f.channel:
            continue
        if f.marketplace and order.marketplace_id != f.marketplace:
            continue
        if f.warehouse is not None and order.warehouse_id != f.warehouse:
            continue
        if f.network is not None and order.network != f.network:
            continue
        keys = {
            "channel": order.family,
            "channel_account": order.channel_account_id,
            "marketplace": order.marketplace_id,
            "day": order.order_date,
            "week": week_of(order.order_date),
            "month": month_of(order.order_date),
        }
        lines = list(order.lines.all())
        # dated refunds: on their own day, whatever the order's day
        for refund in order.refunds.all():
            if refund.base_amount is None or not (query.date_from <= refund.refund_date <= query.date_to):
                continue
            day = refund.refund_date
            dated = {**keys, "day": day, "week": week_of(day), "month": month_of(day)}
            if not line_grain:
                key = tuple(dated[name] for name in query.group_by)
                for target in (rows[key], totals):
                    target["refunds"] += refund.base_amount
                    target["fees_returned"] += _fees_returned(refund)
                continue
            for line in lines or [None]:
                sku = line.sku if line else ""
                category = _line_category(line) if line else None
                if (f.sku and sku != f.sku) or (categories is not None and category not in categories):
                    continue
                key = tuple({**dated, "sku": sku, "category": category}[name] for name in query.group_by)
                rows[key]["units"] += 0
        if not (query.date_from <= order.order_date <= query.date_to):
            continue
        if not line_grain:
            key = tuple(keys[name] for name in query.group_by)
            values = _order_values(order, lines)
            for target in (rows[key], totals):
                for name, value in values.items():
                    target[name] += value
            row_orders[key].add(order.pk)
            total_orders.add(order.pk)
            continue
        # Per line: only units, orders and cost of goods are checked line by line here; the
        # allocated money is checked against the order totals below.
        for line in lines or [None]:  # an order without lines is one row without a SKU
            sku, category = (line.sku, _line_category(line)) if line else ("", None)
            if f.sku and sku != f.sku:
                continue
            if categories is not None and category not in categories:
                continue
            key = tuple({**keys, "sku": sku, "category": category}[name] for name in query.group_by)
            for target in (rows[key], totals):
                target["units"] += line.quantity if line else 0
                target["cost_of_goods"] += _cost(order, line) if line else Decimal(0)
            row_orders[key].add(order.pk)
            total_orders.add(order.pk)
    for key in rows:
        rows[key]["orders"] = len(row_orders[key])
    totals["orders"] = len(total_orders)
    return rows, totals


CENT = Decimal("0.01")  # EUR, the base currency of the generated data


def _cost(order, line) -> Decimal:
    """A line's cost of goods, booked in whole cents of the base currency."""
    variant = line.variant
    if variant is None or variant.cost is None or variant.currency != order.base_currency:
        return Decimal(0)
    return (variant.cost * line.quantity).quantize(CENT, rounding=ROUND_HALF_EVEN)


def _fees_returned(refund) -> Decimal:
    """The refunded fees at the refund's own rate, in cents."""
    return (refund.fees_returned * refund.rate).quantize(CENT, rounding=ROUND_HALF_EVEN)


def _order_values(order, lines) -> dict:
    return {
        "units": sum(line.quantity for line in lines),
        "gross_sales": order.base_items_total + order.base_shipping_total,
        "discounts": order.base_discount_total,
        "refunds": Decimal(0) if list(order.refunds.all()) else order.base_refunds_total,
        "fees_returned": Decimal(0),
        "marketplace_fees": order.base_fees_total,
        "fulfilment_costs": order.base_fulfilment_cost,
        "cost_of_goods": sum((_cost(order, line) for line in lines), Decimal(0)),
    }


def _check_figures(actual: dict, expected: dict, *, money: bool) -> None:
    assert actual["orders"] == expected["orders"]
    assert actual["units"] == expected["units"]
    assert actual["cost_of_goods"] == expected["cost_of_goods"]
    if money:
        for name in SUMMED:
            assert actual[name] == expected[name], name
    net = (
        actual["gross_sales"]
        - actual["discounts"]
        - (actual["refunds"] - actual["fees_returned"])
        - actual["marketplace_fees"]
        - actual["fulfilment_costs"]
    )
    assert actual["net_revenue"] == net
    assert actual["margin"] == net - actual["cost_of_goods"]
    for name in ("net_revenue", "margin", *SUMMED):
        assert isinstance(actual[name], Decimal)
        # at the base currency's decimals (EUR: 2), never more
        assert actual[name].as_tuple().exponent == -2, (name, actual[name])


filters_strategy = st.fixed_dictionaries(
    {
        "channel": st.sampled_from(["", "amazon", "aliexpress", "wish", "manual"]),
        "marketplace": st.sampled_from(["", "M-US", "M-DE"]),
        "warehouse": st.integers(min_value=-1, max_value=1),
        "network": st.sampled_from([None, "", "own", "fba"]),
        "sku": st.sampled_from(["", "", "V-1", "UNKNOWN-0"]),
        "category": st.integers(min_value=-1, max_value=2),
    }
)
query_strategy = st.fixed_dictionaries(
    {
        "group_by": st.lists(st.sampled_from(GROUPS), unique=True, max_size=3),
        "filters": filters_strategy,
        # from 1 Feb: whole months (read from the month × SKU sums) with edge days (from the facts)
        "start": st.integers(min_value=-19, max_value=12),
        "days": st.integers(min_value=1, max_value=60),
    }
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    specs=st.lists(order_strategy, min_size=3, max_size=25), queries=st.lists(query_strategy, min_size=1, max_size=4)
)
def test_every_figure_is_the_exact_sum_over_its_orders(revenue_setup, specs, queries):
    setup = revenue_setup
    with transaction.atomic():
        orders = create_orders(setup, specs)
        revenue_facts_rebuild(order_ids=[order.pk for order in orders])
        orders = list(
            type(orders[0]).objects.filter(account=setup.account).prefetch_related("lines__variant__product", "refunds")
        )
        for spec in queries:
            chosen = spec["filters"]
            filters = RevenueFilters(
                channel=chosen["channel"],
                marketplace=chosen["marketplace"],
                warehouse=setup.warehouses[chosen["warehouse"]].pk if chosen["warehouse"] >= 0 else None,
                network=chosen["network"],
                sku=chosen["sku"],
                category=setup.categories[chosen["category"]].pk if chosen["category"] >= 0 else None,
            )
            date_from = FIRST_DAY + timedelta(days=spec["start"])
            query = RevenueQuery(
                account_id=setup.account.pk,
                date_from=date_from,
                date_to=date_from + timedelta(days=spec["days"] - 1),
                group_by=tuple(spec["group_by"]),
                filters=filters,
            )
            _check_query(orders, setup, query)
        # SKU and category figures over whole months (the month × SKU sums) and edge days (the facts)
        for group_by, first, last, filters in MONTHLY_QUERIES:
            query = RevenueQuery(
                account_id=setup.account.pk,
                date_from=first,
                date_to=last,
                group_by=group_by,
                filters=RevenueFilters(**filters),
            )
            _check_query(orders, setup, query)
        transaction.set_rollback(True)


MONTHLY_QUERIES = [
    (("channel", "sku"), date(2026, 2, 1), date(2026, 3, 31), {}),
    (("category", "month"), date(2026, 2, 1), date(2026, 3, 15), {}),
    (("sku",), date(2026, 2, 24), date(2026, 3, 31), {"channel": "amazon"}),
    ((), date(2026, 2, 1), date(2026, 2, 28), {"sku": "V-1"}),
]


def _check_query(orders, setup, query: RevenueQuery) -> None:
    report = revenue_report(query, currency="EUR")
    expected_rows, expected_totals = _expected(orders, setup, query)
    line_grain = query.line_grain

    # totals and rows against the orders
    _check_figures(report.totals, expected_totals, money=not line_grain)
    actual_rows = {tuple(row[name] for name in query.group_by): row for row in report.rows}
    if query.group_by:
        assert set(actual_rows) == set(expected_rows)
        for key, row in actual_rows.items():
            _check_figures(row, expected_rows[key], money=not line_grain)
        # rows add up to the totals (orders too, unless an order can sit in several rows)
        for name in (*SUMMED, "units", "net_revenue", "margin"):
            assert sum((row[name] for row in report.rows), Decimal(0)) == report.totals[name]
        if not line_grain:
            assert sum(row["orders"] for row in report.rows) == report.totals["orders"]

    # Line figures (sku/category) without line filters: the allocated money adds up exactly to
    # the orders' money.
    if line_grain and not query.filters.sku and query.filters.category is None:
        order_level = RevenueQuery(
            account_id=query.account_id, date_from=query.date_from, date_to=query.date_to, filters=query.filters
        )
        _, order_totals = _expected(orders, setup, order_level)
        _check_figures(report.totals, order_totals, money=True)

    # previous period: same length, just before
    previous = query.previous()
    assert (previous.date_to - previous.date_from) == (query.date_to - query.date_from)
    _, expected_previous = _expected(orders, setup, previous)
    _check_figures(report.previous, expected_previous, money=not line_grain)
    assert report.change["net_revenue"]["delta"] == report.totals["net_revenue"] - report.previous["net_revenue"]

    # unconverted orders: counted and named apart, amounts per currency, never in the figures
    f = query.filters
    unconverted = [
        order
        for order in orders
        if order.status != OrderStatus.CANCELLED
        and order.money_state != MoneyState.CONVERTED
        and query.date_from <= order.order_date <= query.date_to
        and (not f.channel or order.family == f.channel)
        and (not f.marketplace or order.marketplace_id == f.marketplace)
        and (f.warehouse is None or order.warehouse_id == f.warehouse)
        and (f.network is None or order.network == f.network)
        and (not f.sku or any(line.sku == f.sku for line in order.lines.all()))
        and (
            f.category is None
            or any(
                _line_category(line) in {c.pk for c in setup.categories if c.path.startswith(_path(setup, f.category))}
                for line in order.lines.all()
            )
        )
    ]
    assert report.unconverted["count"] == len(unconverted)
    assert {o["external_id"] for o in report.unconverted["orders"]} == {o.external_id for o in unconverted}
    by_currency = defaultdict(Decimal)
    for order in unconverted:
        by_currency[order.currency] += order.total
    assert report.unconverted["totals_by_currency"] == dict(by_currency)

    # refunds without a base amount: named apart, never summed
    refunds = [
        refund
        for order in orders
        if _reported(order)
        and (not f.channel or order.family == f.channel)
        and (not f.marketplace or order.marketplace_id == f.marketplace)
        and (f.warehouse is None or order.warehouse_id == f.warehouse)
        and (f.network is None or order.network == f.network)
        for refund in order.refunds.all()
        if refund.base_amount is None and query.date_from <= refund.refund_date <= query.date_to
    ]
    if not f.sku and f.category is None:
        assert report.unconverted["refunds"]["count"] == len(refunds)
        assert {item["reference"] for item in report.unconverted["refunds"]["items"]} == {r.reference for r in refunds}

    # top / bottom SKUs per channel come from the same exact rows
    ranked = revenue_top_skus(query, count=2)
    for channel, lists in ranked.items():
        nets = [row["net_revenue"] for row in lists["top"]]
        assert nets == sorted(nets, reverse=True)
        assert all(row["channel"] == channel for row in lists["top"] + lists["bottom"])


def _path(setup, category_id: int) -> str:
    return next(c.path for c in setup.categories if c.pk == category_id)


def test_an_order_split_over_three_skus_adds_up_to_the_cent(revenue_setup):
    setup = revenue_setup
    line = {"quantity": 1, "unit_price": Decimal("1.000")}
    spec = {
        "channel": 0,
        "marketplace": "M-DE",
        "hour": 100,
        "minute": 0,
        "status": OrderStatus.SHIPPED,
        "converted": True,
        "currency": "EUR",
        "rate": Decimal("1"),
        "shipping": Decimal("1.000"),
        "discount": Decimal("0.010"),
        "refund": Decimal("0.100"),
        "fees": Decimal("0.200"),
        "fulfilment": Decimal("2.000"),
        "warehouse": 0,
        "lines": [{**line, "variant": 0}, {**line, "variant": 1}, {**line, "variant": 3}],
    }
    (order,) = create_orders(setup, [spec])
    revenue_facts_rebuild(order_ids=[order.pk])
    query = RevenueQuery(account_id=setup.account.pk, date_from=FIRST_DAY, date_to=LAST_DAY, group_by=("sku",))
    report = revenue_report(query, currency="EUR")
    assert [row["sku"] for row in report.rows] == ["V-0", "V-1", "V-3"]
    assert sum(row["discounts"] for row in report.rows) == Decimal("0.010")
    assert sum(row["gross_sales"] for row in report.rows) == Decimal("4.000")
    assert [row["fulfilment_costs"] for row in report.rows] == [Decimal("0.66"), Decimal("0.67"), Decimal("0.67")]
    assert report.totals["orders"] == 1 and all(row["orders"] == 1 for row in report.rows)
    assert report.totals["cost_of_goods"] == Decimal("1.250") + Decimal("2.250") + Decimal("4.250")


def test_a_refund_falls_on_its_own_day_at_its_own_rate(revenue_setup):
    setup = revenue_setup
    line = {"variant": 0, "quantity": 1, "unit_price": Decimal("108.000")}
    spec = {
        "channel": 0,
        "marketplace": "M-US",
        "hour": 24 * 7,  # 27 Feb 08:00 in Shanghai
        "minute": 0,
        "status": OrderStatus.REFUNDED,
        "converted": True,
        "currency": "USD",
        "rate": Decimal("1.08"),
        "shipping": Decimal("0"),
        "discount": Decimal("0"),
        "refund": Decimal("0"),
        "fees": Decimal("0"),
        "fulfilment": Decimal("0"),
        "warehouse": 0,
        "lines": [line],
        # 5 days later (4 Mar), converted at that day's rate (1 + 1.08 in the generator); a second
        # refund without a rate
        # with 2.16 USD of marketplace fees given back (1.04 EUR at that day's rate)
        "refunds": [(5, Decimal("20.800"), True, Decimal("2.160")), (6, Decimal("1.000"), False)],
    }
    (order,) = create_orders(setup, [spec])
    revenue_facts_rebuild(order_ids=[order.pk])
    query = RevenueQuery(
        account_id=setup.account.pk, date_from=date(2026, 2, 1), date_to=date(2026, 3, 31), group_by=("month",)
    )
    report = revenue_report(query, currency="EUR")
    february, march = report.rows
    assert (february["month"], february["orders"], february["gross_sales"]) == (date(2026, 2, 1), 1, Decimal("100.000"))
    assert february["refunds"] == 0
    assert (march["month"], march["orders"], march["refunds"]) == (date(2026, 3, 1), 0, Decimal("10.000"))
    assert report.totals["refunds"] == Decimal("10.000")
    assert (march["fees_returned"], march["net_revenue"]) == (Decimal("1.04"), Decimal("-8.96"))
    assert report.totals["net_revenue"] == Decimal("100.00") - Decimal("10.00") + Decimal("1.04")
    assert report.unconverted["refunds"]["count"] == 1
    assert report.unconverted["refunds"]["totals_by_currency"] == {"USD": Decimal("1.000")}
    by_sku = revenue_report(replace_group(query, ("sku", "month")), currency="EUR")
    assert [(row["sku"], row["month"].month, row["refunds"]) for row in by_sku.rows] == [
        ("V-0", 2, Decimal("0.000")),
        ("V-0", 3, Decimal("10.000")),
    ]


def replace_group(query, group_by):
    from dataclasses import replace

    return replace(query, group_by=group_by)
