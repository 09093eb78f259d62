"""Scale-out on this machine: PostgreSQL + Redis (broker and shared rate limiter) + real Celery
worker processes, driven by the demo catalog's publish (the listings-apply workload of
bench_listings_apply, through the Celery queues this time) and by order ingest (bench_orders_ingest's
setup and sandbox orders, pulled by Celery tasks).

- listings apply, limits off (sandboxes and hub pacing x1000): one worker serving the three
  marketplace queues against three workers, one per queue (listings.amazon / .aliexpress / .wish),
  side by side in one run: listings/s and the ratio.
- order ingest, limits off (x10000): the pulls of three Amazon marketplaces (one task each, default
  queue) by one worker against three: orders/s and the ratio.
- listings apply with limits on (x20): three workers sharing the Redis limiter; the sandboxes count
  the requests they refused for being over the documented rate (HTTP 429): must be zero.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from django.db import connection
from django.test import override_settings

from infra.bench.demo_context import demo_on_sandboxes
from infra.bench.figures import Figure
from infra.run.sandbox_process import start_sandbox

ROOT = Path(__file__).resolve().parents[2]
FAMILIES = ("amazon", "aliexpress", "wish")
FAST = 1000.0
LIMITED = 20.0
ORDER_MARKETPLACES = {"ATVPDKIKX0DER": "USD", "A2EUQ1WTGCTBG2": "CAD", "A1AM78C64UM0Y8": "MXN"}
ORDERS_PER_MARKETPLACE = int(os.environ.get("BENCH_SCALEOUT_ORDERS", "600"))


def _redis_url() -> str:
    url = os.environ.get("REDIS_URL")
    if not url:
        raise RuntimeError("the scale-out benchmark needs Redis (make bench starts it and sets REDIS_URL)")
    return url.rsplit("/", 1)[0] + "/14"


def _database_url() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


class Workers:
    """Celery worker processes (prefork of one, so each is one process doing one task at a time)."""

    def __init__(self, queues_per_worker: list[list[str]], *, speedup: float, urls: dict, log_dir: Path) -> None:
        redis_url = _redis_url()
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "hub.config.settings.test",
            "DATABASE_URL": _database_url(),
            "CELERY_BROKER_URL": redis_url,
            "REDIS_URL": redis_url,
            "CHANNELS_RATE_SPEEDUP": str(speedup),
            "LISTINGS_AMAZON_FEED_THRESHOLD": "1000000",
            "LOG_LEVEL": "WARNING",
            **{f"SANDBOX_{name.upper()}_URL": url for name, url in urls.items()},
        }
        self.processes = []
        for number, queues in enumerate(queues_per_worker):
            log = (log_dir / f"worker-{number}.log").open("wb")
            self.processes.append(
                subprocess.Popen(
                    [sys.executable, "-m", "celery", "-A", "hub.config", "worker", "-P", "solo", "-Q", ",".join(queues),
                     "-n", f"bench{number}-{os.getpid()}@%h", "--without-gossip", "--without-mingle",
                     "--without-heartbeat", "--loglevel", "WARNING"],
                    cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                )
            )  # fmt: skip
        self.log_dir = log_dir

    def wait_ready(self, timeout: float = 60.0) -> None:
        from hub.config.celery import app

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with app.connection_for_write() as conn:
                replies = app.control.ping(timeout=1.0, connection=conn) or []
            if len(replies) >= len(self.processes):
                return
            for process in self.processes:
                if process.poll() is not None:
                    raise RuntimeError(f"a worker exited: {self.logs()}")
        raise RuntimeError(f"workers did not answer within {timeout} s: {self.logs()}")

    def logs(self) -> str:
        return "\n".join(p.read_text(errors="replace")[-1500:] for p in sorted(self.log_dir.glob("worker-*.log")))

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


def _wait_job(job, timeout: float = 900.0) -> float:
    from listings.models import JobStatus

    started = time.monotonic()
    while time.monotonic() - started < timeout:
        job.refresh_from_db()
        if job.status in (JobStatus.DONE, JobStatus.FAILED, JobStatus.CANCELLED):
            return time.monotonic() - started
        time.sleep(0.1)
    raise RuntimeError(f"publish job {job.pk} did not finish in {timeout} s ({job.done}/{job.total})")


def _forget_published(account, sandboxes) -> None:
    """Back to "nothing published": the marketplaces wiped, the acknowledged state cleared."""
    from listings.models import Listing, ListingParent, ListingStatus

    for sandbox in sandboxes.values():
        sandbox.reset()
    cleared = {"acked_payload": None, "acked_hash": "", "acked_content_hash": "", "external_id": ""}
    ListingParent.objects.filter(account=account).update(status=ListingStatus.DRAFT, **cleared)
    Listing.objects.filter(account=account).update(status=ListingStatus.DRAFT, **cleared)


def _publish(account, channel_accounts, shape: list[list[str]], *, speedup, sandboxes, log_dir):
    from listings.models import Listing, ListingStatus
    from listings.services.apply import publish_job_create
    from listings.services.build import Selection

    _forget_published(account, sandboxes)
    urls = {name: s.url for name, s in sandboxes.items()}
    workers = Workers(shape, speedup=speedup, urls=urls, log_dir=log_dir)
    try:
        workers.wait_ready()
        selection = Selection(channel_accounts=[ca.pk for ca in channel_accounts.values()])
        with override_settings(CELERY_BROKER_URL=_redis_url()):
            job = publish_job_create(account=account, selection=selection, enqueue=True)
        seconds = _wait_job(job)
    finally:
        workers.stop()
    published = Listing.objects.filter(account=account, status=ListingStatus.PUBLISHED).count()
    refused = sum(1 for s in sandboxes.values() for call in s.calls() if call["status"] == 429)
    return published, seconds, job, refused


def _listings(state_dir: Path) -> list[Figure]:
    from channels.services import channel_account_verify
    from currency.services.rates import ecb_rates_load
    from infra.demo import loader

    figures: list[Figure] = []
    results = {}
    account = None
    for speedup in (FAST, LIMITED):
        sandboxes = {name: start_sandbox(name, state_dir / f"{name}-{speedup:g}", speedup=speedup) for name in FAMILIES}
        urls = {name: s.url for name, s in sandboxes.items()}
        try:
            with demo_on_sandboxes(urls, speedup=speedup):
                if account is None:
                    ecb_rates_load()
                    account = loader.load_demo(stdout=io.StringIO())
                channel_accounts = {ca.family: ca for ca in account.channel_accounts.all() if ca.family in FAMILIES}
                from channels.services import channel_account_update

                for family, channel_account in channel_accounts.items():
                    key = "sp_api" if family == "amazon" else "gateway" if family == "aliexpress" else "api"
                    base_urls = {**channel_account.base_urls, key: urls[family]}
                    if family == "amazon":
                        base_urls["lwa"] = urls[family]
                    channel_account_update(channel_account=channel_account, base_urls=base_urls)
                    channel_account_verify(channel_account=channel_account, wait_seconds=5)
                shapes = {"1": [[f"listings.{f}" for f in FAMILIES]], "3": [[f"listings.{f}"] for f in FAMILIES]}
                if speedup == FAST:
                    for label, shape in shapes.items():
                        published, seconds, job, _ = _publish(
                            account, channel_accounts, shape, speedup=speedup, sandboxes=sandboxes,
                            log_dir=state_dir,
                        )  # fmt: skip
                        results[label] = (published, seconds)
                        print(f"    apply, {label} worker(s): {published} listings in {seconds:.1f} s "
                              f"({job.done} done, {job.failed} failed of {job.total})", flush=True)  # fmt: skip
                else:
                    published, seconds, job, refused = _publish(
                        account, channel_accounts, shapes["3"], speedup=speedup, sandboxes=sandboxes, log_dir=state_dir
                    )
                    calls = sum(1 for s in sandboxes.values() for c in s.calls())
                    note = f"3 workers, limits x{speedup:g}: {published} listings, {calls} requests, {seconds:.1f} s"
                    print(f"    {note}; {refused} refused as over the rate", flush=True)
                    figures.append(Figure("scaleout.apply_requests_over_rate", refused, "requests", 0, "lower", note))
        finally:
            for sandbox in sandboxes.values():
                sandbox.stop()
    one, three = (results[k][0] / results[k][1] for k in ("1", "3"))
    note = f"demo catalog to 3 marketplaces, limits off (x{FAST:g}); 1 worker {one:.1f}/s, 3 workers {three:.1f}/s"
    figures += [
        Figure("scaleout.apply_1_worker", one, "listings/s", note=note),
        Figure("scaleout.apply_3_workers", three, "listings/s", note=note),
        Figure("scaleout.apply_ratio_3_vs_1", three / one, "x", note=note),
    ]
    return figures


def _orders(state_dir: Path) -> list[Figure]:
    from decimal import Decimal

    from currency.models import ExchangeRate
    from fulfilment.models import Order
    from fulfilment.tasks import orders_pull_task
    from hub.config.celery import app
    from infra.bench import bench_orders_ingest
    from infra.bench.orders_payloads import luggage

    sandbox = start_sandbox("amazon", state_dir / "orders", speedup=bench_orders_ingest.SPEEDUP)
    results = {}
    try:
        for marketplace_id in ORDER_MARKETPLACES:
            for _ in range(max(1, ORDERS_PER_MARKETPLACE // 300)):
                sandbox.control(
                    "POST",
                    "orders/generate",
                    {"count": 300, "marketplaceId": marketplace_id, "fulfillmentChannel": "MFN"},
                )
        sandbox.control("POST", "clock/advance", {"seconds": 30 * 60})
        today = datetime.now(UTC).date()
        for day in (today - timedelta(days=1), today, today + timedelta(days=1)):
            ExchangeRate.objects.get_or_create(
                date=day, base="EUR", quote="MXN", source="ecb",
                defaults={"rate": Decimal("19.5"), "fetched_at": datetime.now(UTC)},
            )  # fmt: skip
        for label, count in (("1", 1), ("3", 3)):
            # A seller account of its own per run (bench_orders_ingest's setup): each ingests every order.
            # _setup writes its own USD and CAD rates for yesterday, today and tomorrow.
            ExchangeRate.objects.filter(
                date__in=[today - timedelta(days=1), today, today + timedelta(days=1)], quote__in=["USD", "CAD"]
            ).delete()
            account, amazon = bench_orders_ingest._setup(sandbox.url)
            amazon.marketplaces = list(ORDER_MARKETPLACES)
            amazon.save()
            from channels.registry import adapter_for

            adapter = adapter_for(amazon, wait_seconds=30)
            from hub.catalog.models import Variant

            for variant in Variant.objects.filter(account=account):
                adapter.listing_put(luggage(variant.sku, "A1AM78C64UM0Y8", "MXN"))
            adapter.close()
            connection.close()
            workers = Workers([["celery"]] * count, speedup=bench_orders_ingest.SPEEDUP, urls={"amazon": sandbox.url},
                              log_dir=state_dir)  # fmt: skip
            try:
                workers.wait_ready()
                since = (datetime.now(UTC) - timedelta(days=3)).isoformat()
                started = time.monotonic()
                with app.connection_for_write() as conn:
                    results_async = [
                        orders_pull_task.apply_async(args=[amazon.pk, since, marketplace_id], connection=conn)
                        for marketplace_id in ORDER_MARKETPLACES
                    ]
                expected = ORDERS_PER_MARKETPLACE * len(ORDER_MARKETPLACES) // 300 * 300
                while Order.objects.filter(account=account).count() < expected:
                    if time.monotonic() - started > 900:
                        raise RuntimeError(f"ingest did not finish: {workers.logs()}")
                    time.sleep(0.2)
                seconds = time.monotonic() - started
                del results_async
            finally:
                workers.stop()
            ingested = Order.objects.filter(account=account).count()
            results[label] = (ingested, seconds)
            print(f"    ingest, {label} worker(s): {ingested} orders in {seconds:.1f} s", flush=True)
    finally:
        sandbox.stop()
    one, three = (results[k][0] / results[k][1] for k in ("1", "3"))
    note = f"3 Amazon marketplaces, one pull task each, limits off; 1 worker {one:.1f}/s, 3 workers {three:.1f}/s"
    return [
        Figure("scaleout.ingest_1_worker", one, "orders/s", note=note),
        Figure("scaleout.ingest_3_workers", three, "orders/s", note=note),
        Figure("scaleout.ingest_ratio_3_vs_1", three / one, "x", note=note),
    ]


def run() -> list[Figure]:
    import redis

    redis.Redis.from_url(_redis_url()).flushdb()
    with (
        tempfile.TemporaryDirectory(prefix="bench-scaleout-") as state_dir,
        override_settings(CELERY_BROKER_URL=_redis_url()),
    ):
        from hub.config.celery import app

        app.conf.broker_url = _redis_url()
        figures = _listings(Path(state_dir))
        figures += _orders(Path(state_dir))
    return figures
