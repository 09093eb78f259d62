"""Order ingest end to end: the Amazon sandbox (limits effectively off: documented rates x10,000)
holds ORDERS orders in two marketplaces; two worker processes pull one marketplace each, every
page, through canonical status, SKU matching, conversion, reservation (one shared stock level per
SKU, row locks) and routing, on PostgreSQL. Figures: orders per second over the wall time of
both, and each worker's peak RSS."""

from __future__ import annotations

import multiprocessing
import os
import re
import resource
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from infra.bench.figures import Figure
from infra.run.sandbox_process import start_sandbox

SPEEDUP = 10000
ORDERS = int(os.environ.get("BENCH_ORDERS", "4000"))
MARKETPLACES = ["ATVPDKIKX0DER", "A2EUQ1WTGCTBG2"]  # US, CA
CURRENCIES = {"ATVPDKIKX0DER": "USD", "A2EUQ1WTGCTBG2": "CAD"}
SKUS = 20


def _setup(sandbox_url: str):  # type: ignore[no-untyped-def]
    from django.conf import settings

    from channels.registry import adapter_for
    from currency.models import ExchangeRate
    from hub.accounts.models import SellerAccount
    from hub.catalog.models import Product, Variant
    from hub.inventory.models import Warehouse
    from hub.inventory.services import stock_adjust
    from infra.demo.channels import channel_accounts_connect_sandboxes

    settings.CHANNELS_SANDBOX_URLS = {
        "amazon": sandbox_url,
        "aliexpress": "http://127.0.0.1:9",
        "wish": "http://127.0.0.1:9",
    }
    settings.CHANNELS_RATE_SPEEDUP = SPEEDUP
    account = SellerAccount.objects.create(name="Bench orders", base_currency="USD", source_locale="en_US")
    today = datetime.now(UTC).date()
    for day in (today - timedelta(days=1), today, today + timedelta(days=1)):
        for quote, rate in (("USD", "1.08"), ("CAD", "1.49")):
            ExchangeRate.objects.create(
                date=day, base="EUR", quote=quote, rate=Decimal(rate), source="ecb", fetched_at=datetime.now(UTC)
            )
    amazon = next(
        ca for ca in channel_accounts_connect_sandboxes(account=account, verify=False) if ca.family == "amazon"
    )
    amazon.marketplaces = MARKETPLACES
    amazon.save()
    warehouse = Warehouse.objects.create(account=account, code="own", name="Own", country="CN")
    product = Product.objects.create(account=account, code="BENCH", title="Bench product")
    adapter = adapter_for(amazon, wait_seconds=30)
    from infra.bench.orders_payloads import luggage

    for number in range(SKUS):
        variant = Variant.objects.create(
            account=account, product=product, sku=f"BENCH-{number:03d}", currency="USD", base_price=Decimal("10")
        )
        stock_adjust(account=account, variant=variant, warehouse=warehouse, on_hand_change=10**6, reason="receipt")
        for marketplace_id in MARKETPLACES:
            adapter.listing_put(luggage(variant.sku, marketplace_id, CURRENCIES[marketplace_id]))
    adapter.close()
    return account, amazon


class QueryCounter:
    """A database execute wrapper counting every statement (DEBUG stays off), by its shape."""

    def __init__(self) -> None:
        self.total = 0
        self.shapes: Counter[str] = Counter()

    def __call__(self, execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        self.total += 1
        if os.environ.get("BENCH_PROFILE"):
            self.shapes[re.sub(r"\s+", " ", sql)[:110]] += 1
        return execute(sql, params, many, context)

    def print_top(self, label: str, orders: int) -> None:
        print(f"{label}: {self.total} queries for {orders} orders", flush=True)
        for shape, count in self.shapes.most_common(40):
            print(f"  {count / max(orders, 1):6.2f}/order  {shape}", flush=True)


def _worker(channel_account_pk: int, marketplace_id: str, sandbox_url: str, results) -> None:  # type: ignore[no-untyped-def]
    from django.conf import settings
    from django.db import connections

    connections.close_all()
    settings.CHANNELS_SANDBOX_URLS = {
        "amazon": sandbox_url,
        "aliexpress": "http://127.0.0.1:9",
        "wish": "http://127.0.0.1:9",
    }
    settings.CHANNELS_RATE_SPEEDUP = SPEEDUP
    from channels.models import ChannelAccount
    from fulfilment.services.pull import orders_pull

    channel_account = ChannelAccount.objects.select_related("account").get(pk=channel_account_pk)
    counter = QueryCounter()
    profiler = None
    if os.environ.get("BENCH_CPROFILE"):
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    started = time.monotonic()
    with connections["default"].execute_wrapper(counter):
        summary = orders_pull(
            channel_account=channel_account,
            marketplace_ids=[marketplace_id],
            wait_seconds=30,
            since=datetime.now(UTC) - timedelta(days=3),
        )
    elapsed = time.monotonic() - started
    if profiler is not None:
        import pstats

        profiler.disable()
        profiler.dump_stats(f"/tmp/bench-{marketplace_id}.prof")
        pstats.Stats(profiler).sort_stats(os.environ["BENCH_CPROFILE"]).print_stats(45)
    if os.environ.get("BENCH_PROFILE"):
        counter.print_top(marketplace_id, summary.seen)
    results.put(
        (
            marketplace_id,
            summary.seen,
            elapsed,
            resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            counter.total,
        )
    )
    connections.close_all()


def run() -> list[Figure]:
    from django.db import connections

    from fulfilment.models import Order, ReservationState

    with tempfile.TemporaryDirectory(prefix="bench-orders-") as state_dir:
        sandbox = start_sandbox("amazon", Path(state_dir), speedup=SPEEDUP)
        try:
            account, amazon = _setup(sandbox.url)
            per_market = ORDERS // len(MARKETPLACES)
            for marketplace_id in MARKETPLACES:
                for _ in range(per_market // 500):
                    sandbox.control(
                        "POST",
                        "orders/generate",
                        {"count": 500, "marketplaceId": marketplace_id, "fulfillmentChannel": "MFN"},
                    )
            sandbox.control("POST", "clock/advance", {"seconds": 30 * 60})
            connections.close_all()
            context = multiprocessing.get_context("fork")
            results = context.Queue()
            started = time.monotonic()
            workers = [
                context.Process(target=_worker, args=(amazon.pk, marketplace_id, sandbox.url, results))
                for marketplace_id in MARKETPLACES
            ]
            for worker in workers:
                worker.start()
            outcomes = [results.get(timeout=1800) for _ in workers]
            for worker in workers:
                worker.join(timeout=60)
            wall = time.monotonic() - started
        finally:
            sandbox.stop()
    ingested = Order.objects.filter(account=account).count()
    reserved = Order.objects.filter(account=account, reservation_state=ReservationState.RESERVED).count()
    seen = sum(outcome[1] for outcome in outcomes)
    queries = sum(outcome[4] for outcome in outcomes)
    note = (
        f"{ingested} orders ({reserved} reserved) in {wall:.1f} s by 2 processes (one per marketplace), "
        f"sandbox x{SPEEDUP}; {seen} seen"
    )
    figures = [Figure("orders.ingest_throughput", ingested / wall, "orders/s", 200, "higher", note)]
    figures.append(Figure("orders.ingest_queries_per_order", queries / max(seen, 1), "queries", note="reported"))
    for marketplace_id, _seen, _seconds, rss, _queries in outcomes:
        figures.append(Figure(f"orders.ingest_worker_peak_rss_{marketplace_id}", rss, "MB", note="reported"))
    return figures
