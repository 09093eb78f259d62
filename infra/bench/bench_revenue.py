"""The revenue dashboard at 1,000,000 orders (3 channels, 25 marketplaces, 5,000 SKUs, 2 years;
BENCH_REVENUE_ORDERS to change the size). Orders, lines and their revenue facts go in with
PostgreSQL COPY (the facts' money allocated by the production `allocate`, in integer thousandths
as the rollup fields store them); the daily and month × SKU sums are built by the production
`revenue_daily_rebuild` and `revenue_sku_monthly_rebuild`. Then p50/p95 of every dashboard query over the
last 30 days, the last year and the whole two years, the API grouped by channel × month, the
whole dashboard page, and the sync of 1,000 changed orders (reports current within a minute)."""

from __future__ import annotations

import io
import os
import random
import statistics
import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from infra.bench.figures import Figure

ORDERS = int(os.environ.get("BENCH_REVENUE_ORDERS", "1000000"))
SKUS = 5_000
DAYS = 730
ROUNDS = int(os.environ.get("BENCH_REVENUE_ROUNDS", "5"))
TARGET_MS = 500.0
CHUNK = 50_000
MARKETPLACES = {
    "amazon": [
        (f"AMZ{n:02d}", cur)
        for n, cur in enumerate(["USD", "EUR", "GBP", "JPY", "CAD", "EUR", "EUR", "EUR", "AUD", "MXN", "EUR", "SEK"])
    ],
    "aliexpress": [
        (f"AE-{c}", cur)
        for c, cur in [
            ("US", "USD"),
            ("FR", "EUR"),
            ("ES", "EUR"),
            ("RU", "RUB"),
            ("BR", "BRL"),
            ("PL", "PLN"),
            ("KR", "KRW"),
            ("NL", "EUR"),
        ]
    ],
    "wish": [
        (f"WISH-{c}", cur) for c, cur in [("US", "USD"), ("DE", "EUR"), ("FR", "EUR"), ("GB", "GBP"), ("CA", "CAD")]
    ],
}
RATES = {
    "USD": "1",
    "EUR": "0.92",
    "GBP": "0.79",
    "JPY": "151.2",
    "CAD": "1.36",
    "AUD": "1.52",
    "MXN": "17.1",
    "SEK": "10.6",
    "RUB": "92.5",
    "BRL": "5.05",
    "PLN": "3.98",
    "KRW": "1350",
}
END = date(2026, 11, 30)
Q = Decimal("0.001")
CENT = Decimal("0.01")  # USD, the bench seller's base currency


def _copy(cursor, table: str, columns: list[str], rows: list[tuple]) -> None:
    buffer = io.StringIO()
    for row in rows:
        buffer.write("\t".join("\\N" if value is None else str(value) for value in row))
        buffer.write("\n")
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        copy.write(buffer.getvalue())


ORDER_COLUMNS = [
    "id",
    "account_id",
    "channel_account_id",
    "source",
    "family",
    "marketplace_id",
    "external_id",
    "status",
    "marketplace_status",
    "fulfilled_by",
    "purchased_at",
    "order_date",
    "marketplace_updated_at",
    "version",
    "buyer_name",
    "ship_to",
    "ship_country",
    "note",
    "currency",
    "items_total",
    "shipping_total",
    "tax_total",
    "discount_total",
    "total",
    "fees_total",
    "fee_source",
    "refunds_total",
    "fulfilment_cost",
    "base_currency",
    "base_items_total",
    "base_shipping_total",
    "base_tax_total",
    "base_discount_total",
    "base_total",
    "base_fees_total",
    "base_refunds_total",
    "base_fulfilment_cost",
    "rate",
    "rate_date",
    "rate_source",
    "money_state",
    "money_reason",
    "hold_reason",
    "hold_detail",
    "reservation_state",
    "network",
    "warehouse_id",
    "created_at",
    "updated_at",
]
LINE_COLUMNS = [
    "id",
    "order_id",
    "external_id",
    "sku",
    "variant_id",
    "title",
    "quantity",
    "quantity_shipped",
    "unit_price",
    "line_total",
    "tax",
    "shipping",
    "discount",
    "fee",
    "base_line_total",
    "base_fee",
    "reserved_quantity",
    "reservation_state",
    "reserved_warehouse_id",
    "ledger_seq",
]
FACT_COLUMNS = [
    "account_id",
    "order_id",
    "line_id",
    "order_date",
    "family",
    "channel_account_id",
    "marketplace_id",
    "warehouse_id",
    "network",
    "sku",
    "category_id",
    "currency",
    "order_count",
    "sku_order_count",
    "category_order_count",
    "units",
    "gross_sales",
    "discounts",
    "refunds",
    "fees_returned",
    "marketplace_fees",
    "fulfilment_costs",
    "cost_of_goods",
    "lines_without_cost",
]


def _seed() -> dict:
    from django.db import connection

    from channels.models import ChannelAccount
    from fulfilment.models import Order, OrderLine
    from fulfilment.reports.fields import to_milli
    from fulfilment.reports.models import RevenueFact
    from fulfilment.reports.services import (
        allocate,
        line_cost,
        revenue_daily_rebuild,
        revenue_sku_monthly_rebuild,
        revenue_sku_running_rebuild,
    )
    from hub.accounts.models import Membership, SellerAccount, User
    from hub.catalog.models import Category, Product, Variant
    from hub.inventory.models import Warehouse

    rng = random.Random(13)
    account = SellerAccount.objects.create(name="Revenue bench", base_currency="USD", timezone="Asia/Shanghai")
    user = User.objects.create_user(email=f"revenue-bench-{time.time_ns()}@example.com", password="bench-password-1")
    Membership.objects.create(account=account, user=user, role="manager")
    channel_accounts = {
        family: ChannelAccount.objects.create(account=account, name=f"{family} bench", family=family)
        for family in MARKETPLACES
    }
    own = Warehouse.objects.create(account=account, code="szx", name="Shenzhen", kind="own", country="CN")
    fba = Warehouse.objects.create(account=account, code="fba-us", name="FBA US", kind="fba", fba_region="NA")
    roots = [Category.objects.create(account=account, name=f"Root {n}", path=f"Root {n}") for n in range(5)]
    leaves = [
        Category.objects.create(account=account, parent=root, name=f"Leaf {n}", path=f"{root.path} > Leaf {n}", depth=1)
        for root in roots
        for n in range(8)
    ]
    products = Product.objects.bulk_create(
        [
            Product(account=account, code=f"P{n:05d}", title=f"Product {n}", category=leaves[n % len(leaves)])
            for n in range(SKUS)
        ],
        batch_size=2000,
    )
    variants = Variant.objects.bulk_create(
        [
            Variant(
                account=account,
                product=product,
                sku=f"SKU-{n:05d}",
                currency="USD",
                base_price=Decimal("19.99"),
                cost=None if n % 20 == 0 else Decimal(f"{2 + n % 30}.250"),
            )
            for n, product in enumerate(products)
        ],
        batch_size=2000,
    )
    skus = [(v.pk, v.sku, v.cost, leaves[n % len(leaves)].pk) for n, v in enumerate(variants)]
    markets = [(family, mp, cur) for family, mps in MARKETPLACES.items() for mp, cur in mps]
    weights = [5 if family == "amazon" else 3 if family == "aliexpress" else 2 for family, _, _ in markets]

    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence('fulfilment_order', 'id'))")
        order_id = cursor.fetchone()[0]
        cursor.execute("SELECT nextval(pg_get_serial_sequence('fulfilment_orderline', 'id'))")
        line_id = cursor.fetchone()[0]
    start = time.monotonic()
    now = datetime.now(UTC).isoformat()
    made = 0
    while made < ORDERS:
        orders, lines, facts = [], [], []
        for _ in range(min(CHUNK, ORDERS - made)):
            family, marketplace, currency = rng.choices(markets, weights)[0]
            day = END - timedelta(days=rng.randrange(DAYS))
            purchased = datetime(day.year, day.month, day.day, rng.randrange(24), tzinfo=UTC) - timedelta(hours=8)
            rate = Decimal(RATES[currency])
            roll = rng.random()
            status = "cancelled" if roll < 0.03 else "refunded" if roll < 0.06 else "shipped"
            converted = rng.random() >= 0.01
            count = 1 if rng.random() < 0.8 else 2 if rng.random() < 0.75 else 3
            chosen = [skus[rng.randrange(SKUS)] for _ in range(count)]
            quantities = [rng.randint(1, 3) for _ in chosen]
            prices = [(Decimal(rng.randrange(500, 10000)) / 100 * rate).quantize(Q) for _ in chosen]
            line_totals = [p * q for p, q in zip(prices, quantities, strict=True)]
            items = sum(line_totals, Decimal(0))
            shipping = (Decimal(rng.randrange(0, 800)) / 100 * rate).quantize(Q)
            discount = (items * Decimal("0.05")).quantize(Q) if rng.random() < 0.2 else Decimal(0)
            refund = items if status == "refunded" else Decimal(0)
            fees = (items * Decimal("0.15")).quantize(Q)
            fulfilment = (Decimal(rng.randrange(200, 900)) / 100 * rate).quantize(Q)
            total = items + shipping - discount
            amounts = [items, shipping, Decimal(0), discount, total, fees, refund, fulfilment]
            base = [(a / rate).quantize(CENT) for a in amounts] if converted else [None] * 8
            warehouse, network = (fba.pk, "fba") if family == "amazon" and rng.random() < 0.5 else (own.pk, "own")
            orders.append(
                (
                    order_id,
                    account.pk,
                    channel_accounts[family].pk,
                    "marketplace",
                    family,
                    marketplace,
                    f"B-{order_id}",
                    status,
                    "",
                    "merchant",
                    purchased.isoformat(),
                    day.isoformat(),
                    purchased.isoformat(),
                    1,
                    "",
                    "{}",
                    "US",
                    "",
                    currency,
                    *amounts[:5],
                    fees,
                    "estimated",
                    refund,
                    fulfilment,
                    "USD",
                    *base,
                    rate if converted else None,
                    day.isoformat() if converted else None,
                    "bench" if converted else "",
                    "converted" if converted else "unconverted",
                    "" if converted else f"No {currency} rate",
                    "",
                    "",
                    "none",
                    network,
                    warehouse,
                    now,
                    now,
                )
            )
            for index, ((variant_id, sku, _cost, _cat), quantity, price, line_total) in enumerate(
                zip(chosen, quantities, prices, line_totals, strict=True)
            ):
                lines.append(
                    (
                        line_id + index,
                        order_id,
                        f"L{index}",
                        sku,
                        variant_id,
                        "",
                        quantity,
                        0,
                        price,
                        line_total,
                        0,
                        0,
                        0,
                        0,
                        (line_total / rate).quantize(CENT) if converted else None,
                        None,
                        0,
                        "none",
                        None,
                        0,
                    )
                )
            if converted and status != "cancelled":
                parts = {
                    "gross": allocate(base[0] + base[1], line_totals, CENT),
                    "discount": allocate(base[3], line_totals, CENT),
                    "refund": allocate(base[6], line_totals, CENT),
                    "fees": allocate(base[5], line_totals, CENT),
                    "fulfilment": allocate(base[7], line_totals, CENT),
                }
                seen_skus, seen_categories = set(), set()
                for index, ((_variant, sku, cost, category), quantity) in enumerate(
                    zip(chosen, quantities, strict=True)
                ):
                    facts.append(
                        (
                            account.pk,
                            order_id,
                            line_id + index,
                            day.isoformat(),
                            family,
                            channel_accounts[family].pk,
                            marketplace,
                            warehouse,
                            network,
                            sku,
                            category,
                            "USD",
                            1 if index == 0 else 0,
                            0 if sku in seen_skus else 1,
                            0 if category in seen_categories else 1,
                            quantity,
                            to_milli(parts["gross"][index]),
                            to_milli(parts["discount"][index]),
                            to_milli(parts["refund"][index]),
                            0,
                            to_milli(parts["fees"][index]),
                            to_milli(parts["fulfilment"][index]),
                            to_milli(line_cost(cost, quantity, "USD")) if cost is not None else 0,
                            0 if cost is not None else 1,
                        )
                    )
                    seen_skus.add(sku)
                    seen_categories.add(category)
            line_id += count
            order_id += 1
        with connection.cursor() as cursor:
            _copy(cursor, Order._meta.db_table, ORDER_COLUMNS, orders)
            _copy(cursor, OrderLine._meta.db_table, LINE_COLUMNS, lines)
            _copy(cursor, RevenueFact._meta.db_table, FACT_COLUMNS, facts)
        made += len(orders)
        print(f"    seeded {made} orders ({time.monotonic() - start:.0f} s)", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT setval(pg_get_serial_sequence('fulfilment_order', 'id'), %s)", [order_id])
        cursor.execute("SELECT setval(pg_get_serial_sequence('fulfilment_orderline', 'id'), %s)", [line_id])
    seed_seconds = time.monotonic() - start
    started = time.monotonic()
    revenue_daily_rebuild(days=[(account.pk, END - timedelta(days=n)) for n in range(DAYS)])
    daily_seconds = time.monotonic() - started
    started = time.monotonic()
    months = sorted({(END - timedelta(days=n)).replace(day=1) for n in range(DAYS)})
    revenue_sku_monthly_rebuild(keys=[(account.pk, month, None, None) for month in months])
    revenue_sku_running_rebuild(account_id=account.pk)
    monthly_seconds = time.monotonic() - started
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {
        "account": account,
        "user": user,
        "seed_seconds": seed_seconds,
        "daily_seconds": daily_seconds,
        "monthly_seconds": monthly_seconds,
        "category": roots[0].pk,
    }


def _time(function, rounds: int = ROUNDS) -> list[float]:
    samples = []
    function()  # warm
    for _ in range(rounds):
        started = time.perf_counter()
        function()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def _explain_slowest(kind: str, function) -> None:  # type: ignore[no-untyped-def]
    """BENCH_REVENUE_EXPLAIN=1: the statement count and the EXPLAIN ANALYZE of the slowest one."""
    from django.db import connection, transaction

    statements: list[tuple[float, str, object]] = []

    def record(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            statements.append(((time.perf_counter() - started) * 1000, sql, params))

    with connection.execute_wrapper(record):
        function()
    selects = [entry for entry in statements if entry[1].lstrip().upper().startswith("SELECT")]
    if not selects:
        return
    took, sql, params = max(selects, key=lambda entry: entry[0])
    print(f"    EXPLAIN {kind}: {len(statements)} statements, slowest {took:.1f} ms", flush=True)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL work_mem = '64MB'")  # as the month x SKU selectors do
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
        for (line,) in cursor.fetchall():
            print(f"      {line}", flush=True)


def _p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def run() -> list[Figure]:
    from dataclasses import replace

    from django.test import Client
    from django.utils import timezone

    from fulfilment.models import Order
    from fulfilment.reports import selectors
    from fulfilment.reports.selectors import RevenueFilters, RevenueQuery
    from fulfilment.reports.services import revenue_facts_sync
    from fulfilment.reports.tables import period_for

    seeded = _seed()
    account = seeded["account"]
    figures = [
        Figure(f"revenue.seed_{ORDERS}_orders", seeded["seed_seconds"], "s", note="COPY of orders, lines and facts"),
        Figure("revenue.daily_sums_build", seeded["daily_seconds"], "s", note="revenue_daily_rebuild over 730 days"),
        Figure(
            "revenue.sku_monthly_sums_build",
            seeded["monthly_seconds"],
            "s",
            note="revenue_sku_monthly_rebuild over 25 months and revenue_sku_running_rebuild",
        ),
    ]
    ranges = {"30d": END - timedelta(days=29), "1y": END - timedelta(days=364), "2y": END - timedelta(days=DAYS - 1)}
    kinds = {
        "totals": lambda q: selectors.revenue_totals(q),
        "by_channel_report": lambda q: selectors.revenue_report(replace(q, group_by=("channel",)), currency="USD"),
        "channel_x_period": lambda q: selectors.revenue_rows(replace(q, group_by=("channel", period_for(q)))),
        "by_marketplace": lambda q: selectors.revenue_rows(replace(q, group_by=("channel", "marketplace"))),
        "by_channel_account": lambda q: selectors.revenue_rows(replace(q, group_by=("channel", "channel_account"))),
        "by_category": lambda q: selectors.revenue_rows(replace(q, group_by=("category",))),
        "by_sku": lambda q: selectors.revenue_rows(replace(q, group_by=("channel", "sku"))),
        "top_bottom_skus": lambda q: selectors.revenue_top_skus(q, count=5),
        "unconverted": lambda q: selectors.revenue_unconverted(q),
        "filtered_category_marketplace": lambda q: selectors.revenue_rows(
            replace(q, group_by=("month",), filters=RevenueFilters(category=seeded["category"], marketplace="AMZ00"))
        ),
        "drill_down_orders": lambda q: list(
            selectors.revenue_orders(replace(q, filters=RevenueFilters(channel="wish", marketplace="WISH-DE")))[:50]
        ),
    }
    for kind, function in kinds.items():
        samples: list[float] = []
        for label, start in ranges.items():
            query = RevenueQuery(account_id=account.pk, date_from=start, date_to=END)
            part = _time(lambda function=function, query=query: function(query))
            print(
                f"    {kind:<32} {label:>3}: p50 {statistics.median(part):7.1f} ms  max {max(part):7.1f} ms", flush=True
            )
            samples += part
            if os.environ.get("BENCH_REVENUE_EXPLAIN") and label == "2y":
                _explain_slowest(kind, lambda function=function, query=query: function(query))
        figures.append(Figure(f"revenue.{kind}_p50", statistics.median(samples), "ms"))
        figures.append(Figure(f"revenue.{kind}_p95", _p95(samples), "ms", target=TARGET_MS))

    client = Client(HTTP_HOST="127.0.0.1")  # an allowed host of the settings
    client.force_login(seeded["user"])
    api = f"/api/accounts/{account.pk}/reports/revenue/"
    for label, start in ranges.items():
        params = {"date_from": start.isoformat(), "date_to": END.isoformat(), "group_by": "channel,month"}
        samples = _time(lambda params=params: client.get(api, params))
        assert client.get(api, params).status_code == 200
        figures.append(Figure(f"revenue.api_channel_month_{label}_p50", statistics.median(samples), "ms"))
        figures.append(Figure(f"revenue.api_channel_month_{label}_p95", _p95(samples), "ms", target=TARGET_MS))
    page = f"/fulfilment/{account.pk}/revenue/"
    for label, start in ranges.items():
        params = {"date_from": start.isoformat(), "date_to": END.isoformat()}
        samples = _time(lambda params=params: client.get(page, params), rounds=3)
        figures.append(
            Figure(
                f"revenue.dashboard_page_{label}_p50",
                statistics.median(samples),
                "ms",
                note="whole page: 6 tables, 3 charts, top SKUs, unconverted (about 25 queries)",
            )
        )

    # an order change reaches the reports on the next sync (beat every 30 s)
    from fulfilment.reports.models import RevenueSyncState

    # the facts were seeded: the watermark starts now (a first sync would re-read every order)
    RevenueSyncState.objects.update_or_create(key="orders", defaults={"orders_updated_before": timezone.now()})
    ids = list(Order.objects.filter(account=account).values_list("pk", flat=True)[:1000])
    Order.objects.filter(pk__in=ids).update(updated_at=timezone.now())
    started = time.monotonic()
    revenue_facts_sync()
    figures.append(
        Figure(
            "revenue.sync_1000_changed_orders",
            time.monotonic() - started,
            "s",
            target=30.0,
            note="beat every 30 s: a change shows within a minute",
        )
    )
    return figures
