"""From an order created at the Amazon sandbox to that order reserved in the hub, with push on:
the sandbox (its own process, real time, documented usage plans) sends ORDER_CHANGE to a local
SQS (moto's server, its own process); the hub's consumer (`manage.py notifications consume`, its
own process, as in the Procfile) long-polls it, reads the order (getOrder with a restricted data
token) and takes it in through order_ingest, which reserves it. No pull runs. Orders are created
one every BENCH_NOTIFY_INTERVAL seconds (default 1 s: within getOrder's 0.5/s with burst 30 for
the BENCH_NOTIFY_ORDERS default of 40); latency is the time from before the create call to the
first time the bench sees the order reserved in PostgreSQL (polled every 50 ms).
Figures: p50, p95 (target ≤ 10 s), max, and the count reserved of those created."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from infra.bench.figures import Figure
from infra.run.sandbox_process import start_sandbox
from infra.run.sqs_process import LOCAL_CREDENTIALS, start_local_sqs

ORDERS = int(os.environ.get("BENCH_NOTIFY_ORDERS", "40"))
INTERVAL = float(os.environ.get("BENCH_NOTIFY_INTERVAL", "1.0"))
US = "ATVPDKIKX0DER"
SETTLE_SECONDS = 60  # after the last order, wait at most this long for the stragglers


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, int(round(share * len(ordered) + 0.5)) - 1))
    return ordered[index]


def _setup(sandbox_url: str, queue_url: str, sqs_url: str):  # type: ignore[no-untyped-def]
    from django.conf import settings

    from channels.registry import adapter_for
    from currency.models import ExchangeRate
    from hub.accounts.models import SellerAccount
    from hub.catalog.models import Product, Variant
    from hub.inventory.models import Warehouse
    from hub.inventory.services import stock_adjust
    from infra.bench.orders_payloads import luggage
    from infra.demo.channels import channel_accounts_connect_sandboxes

    settings.CHANNELS_SANDBOX_URLS = {
        "amazon": sandbox_url,
        "aliexpress": "http://127.0.0.1:9",
        "wish": "http://127.0.0.1:9",
    }
    settings.FULFILMENT_NOTIFICATIONS_QUEUE_URL = queue_url
    settings.AWS_SQS_ENDPOINT_URL = sqs_url
    account = SellerAccount.objects.create(name="Bench push", base_currency="USD", source_locale="en_US")
    today = datetime.now(UTC).date()
    for day in (today - timedelta(days=1), today, today + timedelta(days=1)):
        ExchangeRate.objects.create(
            date=day, base="EUR", quote="USD", rate=Decimal("1.08"), source="ecb", fetched_at=datetime.now(UTC)
        )
    amazon = next(
        ca for ca in channel_accounts_connect_sandboxes(account=account, verify=False) if ca.family == "amazon"
    )
    amazon.marketplaces = [US]
    amazon.save()
    warehouse = Warehouse.objects.create(account=account, code="own", name="Own", country="CN")
    product = Product.objects.create(account=account, code="PUSH", title="Bench product")
    adapter = adapter_for(amazon, wait_seconds=30)
    for number in range(3):
        variant = Variant.objects.create(
            account=account, product=product, sku=f"PUSH-{number:03d}", currency="USD", base_price=Decimal("10")
        )
        stock_adjust(account=account, variant=variant, warehouse=warehouse, on_hand_change=10**5, reason="receipt")
        adapter.listing_put(luggage(variant.sku, US, "USD"))
    adapter.close()
    return account, amazon


def _consumer_env(queue_url: str, sqs_url: str) -> dict:
    from django.db import connection

    database = connection.settings_dict
    url = (
        f"postgres://{database['USER']}:{database['PASSWORD']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
    )
    return {
        **os.environ,
        **LOCAL_CREDENTIALS,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "hub.config.settings.test",
        "FULFILMENT_NOTIFICATIONS_QUEUE_URL": queue_url,
        "AWS_SQS_ENDPOINT_URL": sqs_url,
        # A long poll returns the moment a message arrives whatever its length; 5 s (production:
        # 20) only lets the consumer stop sooner at the end.
        "FULFILMENT_NOTIFICATIONS_WAIT_SECONDS": "5",
        "PYTHONUNBUFFERED": "1",
    }


def run() -> list[Figure]:
    from django.conf import settings
    from django.db import connections

    from fulfilment.models import Order, ReservationState
    from fulfilment.services.notifications import notifications_subscribe

    os.environ.update(LOCAL_CREDENTIALS)
    root = Path(__file__).resolve().parents[2]
    with tempfile.TemporaryDirectory(prefix="bench-push-") as state_dir:
        sqs = start_local_sqs(Path(state_dir))
        sandbox = start_sandbox("amazon", Path(state_dir))
        consumer = None
        try:
            queue_url, _arn = sqs.queue(f"bench-{uuid.uuid4().hex[:8]}", visibility_timeout=60)
            sandbox.control("POST", "notifications", {"sqs_endpoint": sqs.url})
            previous = (settings.FULFILMENT_NOTIFICATIONS_QUEUE_URL, settings.AWS_SQS_ENDPOINT_URL)
            account, amazon = _setup(sandbox.url, queue_url, sqs.url)
            notifications_subscribe(channel_account=amazon)
            connections.close_all()
            log = (Path(state_dir) / "consumer.log").open("wb")
            consumer = subprocess.Popen(
                [sys.executable, "manage.py", "notifications", "consume"],
                cwd=root,
                env=_consumer_env(queue_url, sqs.url),
                stdout=log,
                stderr=subprocess.STDOUT,
            )
            time.sleep(3)  # the consumer's first long poll is open
            created: dict[str, float] = {}
            seen: dict[str, float] = {}

            def look() -> None:
                waiting = [order_id for order_id in created if order_id not in seen]
                if not waiting:
                    return
                reserved = Order.objects.filter(
                    account=account, external_id__in=waiting, reservation_state=ReservationState.RESERVED
                ).values_list("external_id", flat=True)
                now = time.time()
                for order_id in reserved:
                    seen[order_id] = now

            for _ in range(ORDERS):
                start = time.time()
                [order_id] = sandbox.control(
                    "POST", "orders/generate", {"count": 1, "marketplaceId": US, "fulfillmentChannel": "MFN"}
                )["orderIds"]
                created[order_id] = start
                while time.time() < start + INTERVAL:
                    look()
                    time.sleep(0.05)
            deadline = time.time() + SETTLE_SECONDS
            while len(seen) < len(created) and time.time() < deadline:
                look()
                time.sleep(0.05)
            search_calls = [c for c in sandbox.calls() if c["operation"] == "searchOrders"]
        finally:
            if consumer is not None:
                consumer.send_signal(signal.SIGTERM)
                try:
                    consumer.wait(timeout=15)  # the long poll in hand returns within 5 s
                except subprocess.TimeoutExpired:
                    consumer.kill()
                    consumer.wait(timeout=5)
            sandbox.stop()
            sqs.stop()
    settings.FULFILMENT_NOTIFICATIONS_QUEUE_URL, settings.AWS_SQS_ENDPOINT_URL = previous
    latencies = [seen[order_id] - created[order_id] for order_id in seen]
    note = (
        f"{len(seen)}/{len(created)} orders reserved from ORDER_CHANGE alone ({len(search_calls)} searchOrders "
        f"calls), one created every {INTERVAL:g} s; sandbox, moto SQS and consumer each a process"
    )
    return [
        Figure("orders.push_latency_p50", _percentile(latencies, 0.50), "s", note=note),
        Figure("orders.push_latency_p95", _percentile(latencies, 0.95), "s", 10, "lower", note),
        Figure("orders.push_latency_max", max(latencies) if latencies else float("nan"), "s", note=note),
        Figure("orders.push_reserved", len(seen), "orders", len(created), "higher", note),
    ]
