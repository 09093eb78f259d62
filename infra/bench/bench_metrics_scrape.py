"""`/metrics` scrape time with 100 channel accounts: 34 seller accounts with an Amazon, an
AliExpress and a Wish connection each (102), two marketplaces' pull cursors each, 20,000 orders'
worth of call-log counters in the store (every family × operation × status), a tracking outbox,
HTTP and task histograms. Timed: 30 scrapes through Django's test client (token auth, the whole
view), median and worst."""

import os
import statistics
import time
from datetime import UTC, datetime, timedelta

from django.test import Client, override_settings

from infra.bench.figures import Figure

ACCOUNTS = 34
SCRAPES = 30


def _populate() -> int:
    from channels.models import ChannelAccount
    from fulfilment.models import PullCursor
    from hub.accounts.models import SellerAccount
    from hub.core.observability import metrics, workers

    now = datetime.now(UTC)
    channel_accounts = []
    for number in range(ACCOUNTS):
        account = SellerAccount.objects.create(name=f"Scrape bench {number}", base_currency="USD")
        for family in ("amazon", "aliexpress", "wish"):
            channel_accounts.append(
                ChannelAccount(account=account, name=f"{family} {number}", family=family, status="connected")
            )
    ChannelAccount.objects.bulk_create(channel_accounts)
    PullCursor.objects.bulk_create(
        PullCursor(
            channel_account=ca,
            marketplace_id=marketplace,
            watermark=now - timedelta(minutes=5),
            last_finished_at=now - timedelta(minutes=1),
        )
        for ca in ChannelAccount.objects.filter(name__contains=" ")
        for marketplace in ("M1", "M2")
    )
    operations = {
        "amazon": ["searchOrders", "getOrder", "putListingsItem", "patchListingsItem", "createFeed", "lwaToken"],
        "aliexpress": ["aliexpress.solution.product.post", "aliexpress.trade.seller.orderlist.get"],
        "wish": ["createProduct", "updateProduct", "getOrders", "fulfillOrder"],
    }
    for family, names in operations.items():
        for operation in names:
            for status, kind in ((200, ""), (429, "throttled"), (503, "transient")):
                for _ in range(3):
                    metrics.marketplace_call(family=family, operation=operation, status=status, kind=kind, seconds=0.2)
            metrics.throttle_wait(operation=operation, source="hub", seconds=0.5)
    for route in ("/api/health/", "/catalog/", "/api/accounts/<int:account_pk>/catalog/products/", "/metrics"):
        for status in (200, 404, 500):
            metrics.http_request(route=route, method="GET", status=status, seconds=0.05)
    for task in ("listings.publish_job_run", "fulfilment.tasks.orders_pull_task", "listings.tick"):
        metrics.task_finished(task=task, state="success", seconds=1.5)
    for number in range(6):
        workers.beat_now(f"bench-{number}@host", workers.known_queues())
    return len(channel_accounts)


def run() -> list[Figure]:
    from hub.core.observability import metrics

    redis_url = os.environ.get("REDIS_URL", "")
    metrics_url = redis_url.rsplit("/", 1)[0] + "/13" if redis_url else ""
    with override_settings(METRICS_REDIS_URL=metrics_url, METRICS_TOKEN="bench-token", ALLOWED_HOSTS=["*"]):
        metrics.store().reset()
        count = _populate()
        client = Client()
        header = {"HTTP_AUTHORIZATION": "Bearer bench-token"}
        assert client.get("/metrics", **header).status_code == 200  # warm: connections, imports
        times = []
        for _ in range(SCRAPES):
            started = time.perf_counter()
            response = client.get("/metrics", **header)
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
        body = response.content.decode()
        series = sum(1 for line in body.splitlines() if line and not line.startswith("#"))
        metrics.store().reset()
    median, worst = statistics.median(times), max(times)
    note = f"{count} channel accounts, {series} series, {SCRAPES} scrapes, store {'Redis' if metrics_url else 'local'}"
    print(f"    {note}; median {median:.1f} ms, worst {worst:.1f} ms", flush=True)
    return [
        Figure("metrics.scrape_ms_median", median, "ms", 100, "lower", note),
        Figure("metrics.scrape_ms_worst", worst, "ms", note=note),
    ]
