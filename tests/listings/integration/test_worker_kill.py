"""A real Celery worker (its own process, on the Wish family queue) is killed with SIGKILL while a
publish job runs, one create in flight; a second worker takes the resumed job, reconciles the
item caught "sending" from the live marketplace and finishes: every product created once, counted
at the sandbox. Loopback only, bounded in time."""

import os
import signal
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.db import connection

from hub.catalog.models import ProductStatus, VariantAttributeValue
from hub.catalog.services import product_image_add
from hub.inventory.models import StockLevel
from listings.models import ItemState, JobStatus, ListingParent, PublishItem, PublishJob
from listings.services.apply import publish_job_create, publish_job_resume
from listings.services.build import Selection
from tests.factories.catalog import ProductFactory, VariantFactory
from tests.hub.support import png_upload
from tests.listings.support import point_at_sandboxes, shop

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]
ROOT = Path(__file__).resolve().parents[3]
PRODUCTS = 12
QUEUE = "listings.wish"


def more_bracelets(catalog, count: int) -> None:
    option = catalog.colour.options.get(value="silver")
    for number in range(count):
        product = ProductFactory(
            account=catalog.account, code=f"BRK-{number}", category=catalog.category, status=ProductStatus.ACTIVE
        )
        product_image_add(product=product, file=png_upload(f"brk-{number}.png"), alt_text="", position=0)
        variant = VariantFactory(
            product=product, sku=f"BRK-{number}-S", base_price=Decimal("100"), cost=Decimal("20"), currency="CNY"
        )
        VariantAttributeValue.objects.create(variant=variant, attribute=catalog.colour, value_option=option)
        StockLevel.objects.create(account=catalog.account, variant=variant, warehouse=catalog.own, on_hand=4)


def start_worker(name: str) -> subprocess.Popen:
    database = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": (
            f"postgres://{database['USER']}:{database['PASSWORD']}@{database['HOST']}:{database['PORT']}/"
            f"{database['NAME']}"
        ),
        "DJANGO_SETTINGS_MODULE": "hub.config.settings.test",
        "CHANNELS_CREDENTIAL_KEYS": settings.CHANNELS_CREDENTIAL_KEYS[0],
        "CHANNELS_RATE_SPEEDUP": str(settings.CHANNELS_RATE_SPEEDUP),
        "CELERY_BROKER_URL": os.environ["REDIS_URL"],
        "PYTHONUNBUFFERED": "1",
    }
    command = [sys.executable, "-m", "celery", "-A", "hub.config", "worker", "-Q", QUEUE, "--pool", "solo"]
    command += ["-n", f"{name}@%h", "--without-mingle", "--without-gossip", "--without-heartbeat", "-l", "WARNING"]
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def wait_for(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def test_kill_9_of_a_worker_mid_apply_then_the_next_reconcile_creates_nothing_twice(account, sandboxes):
    catalog = shop(account)
    point_at_sandboxes(catalog, sandboxes)
    more_bracelets(catalog, PRODUCTS)
    redis.Redis.from_url(os.environ["REDIS_URL"]).delete(QUEUE)  # no message of an earlier run
    # Each create takes a second at the sandbox: the kill lands while one is in flight.
    sandboxes["wish"].faults({"slow": 1.0, "slow_seconds": 1.0, "operations": ["createProduct"]})
    workers = [start_worker("first")]
    try:
        job = publish_job_create(account=account, selection=Selection(channel_accounts=[catalog.wish.pk]))
        assert job.total == PRODUCTS + 1
        items = PublishItem.objects.filter(job=job)
        wait_for(lambda: items.filter(state=ItemState.DONE).count() >= 3, 120, "three products sent")
        wait_for(lambda: items.filter(state=ItemState.SENDING).exists(), 10, "a create in flight")
        workers[0].send_signal(signal.SIGKILL)
        workers[0].wait(10)
        in_flight = list(items.filter(state=ItemState.SENDING).values_list("parent_id", flat=True))
        assert len(in_flight) == 1
        done_before = items.filter(state=ItemState.DONE).count()
        assert done_before < PRODUCTS + 1
        assert PublishJob.objects.get(pk=job.pk).status == JobStatus.RUNNING

        sandboxes["wish"].faults({})
        time.sleep(1.5)  # the killed worker's request completes at the sandbox (its answer is lost)
        workers.append(start_worker("second"))
        publish_job_resume(job=job)  # what the stale-job beat task does
        wait_for(lambda: PublishJob.objects.get(pk=job.pk).status == JobStatus.DONE, 120, "the resumed job")
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.send_signal(signal.SIGTERM)
                try:
                    worker.wait(15)
                except subprocess.TimeoutExpired:
                    worker.kill()
    job.refresh_from_db()
    assert (job.done, job.failed) == (PRODUCTS + 1, 0)
    creates = [c for c in sandboxes["wish"].calls() if c["operation"] == "createProduct" and c["status"] < 300]
    assert len(creates) == PRODUCTS + 1  # one per product: the in-flight create was not sent again
    parents = ListingParent.objects.filter(channel_account=catalog.wish)
    assert parents.exclude(external_id="").count() == PRODUCTS + 1
    assert len(set(parents.values_list("external_id", flat=True))) == PRODUCTS + 1
    reconciled = PublishItem.objects.get(job=job, parent_id=in_flight[0])
    assert "reconciled" in reconciled.message, reconciled.message
