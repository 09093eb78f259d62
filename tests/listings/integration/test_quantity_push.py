"""The debounced quantity push: stock changes committed through hub.inventory mark their variants
dirty and schedule one push a debounce window later; the last unit sold on one marketplace is zero
on the others (read from the sandboxes) within that window."""

import os
import threading
import time

import pytest
import redis
from django.db import connections

from channels.registry import adapter_for
from hub.inventory.services import stock_apply
from hub.inventory.types import StockChange
from listings.models import Listing
from listings.services import quantity_push as push_module
from listings.services.apply import OFFER_ACTIONS, publish_job_create, publish_job_run
from listings.services.build import Selection
from tests.listings.support import point_at_sandboxes, reserve_units, shop

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]
DEBOUNCE = 1.5


@pytest.fixture
def pushes(monkeypatch, settings):
    """Scheduled pushes run on timers in this process (a Celery countdown), on the suite's Redis."""
    settings.LISTINGS_QUANTITY_DEBOUNCE_SECONDS = DEBOUNCE
    client = redis.Redis.from_url(os.environ["REDIS_URL"])
    monkeypatch.setattr(push_module, "_redis", lambda: client)
    scheduled, done, errors = [], [], []

    def run(account_id, variant_ids):
        try:
            done.append(push_module.quantity_push(account_id=account_id, variant_ids=variant_ids))
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    def schedule(account_id, variant_ids, countdown):
        timer = threading.Timer(countdown, run, args=(account_id, variant_ids))
        scheduled.append((time.monotonic(), countdown, timer))
        timer.start()

    monkeypatch.setattr(push_module, "_schedule", schedule)
    yield scheduled, done, errors, client
    for _at, _countdown, timer in scheduled:
        timer.join(30)


def test_last_unit_sold_on_wish_is_zero_on_aliexpress_within_the_debounce_window(account, sandboxes, pushes):
    scheduled, done, errors, client = pushes
    catalog = shop(account)
    point_at_sandboxes(catalog, sandboxes)
    client.delete(push_module._dirty_key(account.pk), push_module._scheduled_key(account.pk))
    job = publish_job_create(
        account=account, selection=Selection(channel_accounts=[catalog.wish.pk, catalog.aliexpress.pk]), enqueue=False
    )
    for family in ("aliexpress", "wish"):
        publish_job_run(job.pk, family)
    silver = catalog.variants[1]
    assert all(Listing.objects.filter(variant=silver).values_list("acked_quantity", flat=True))
    before = {name: len(sandbox.calls()) for name, sandbox in sandboxes.items()}

    # A Wish order takes 2 units, a second one the last unit: two commits, one batch.
    started = time.monotonic()
    for number, units in ((1, 2), (2, 1)):
        reserve_units(catalog, silver, units, f"wish order {number}")
    assert len(scheduled) == 1 and scheduled[0][1] == DEBOUNCE
    scheduled[0][2].join(30)
    assert not errors, errors
    elapsed = time.monotonic() - started
    (pushed,) = done
    assert (pushed.total, pushed.done, pushed.failed) == (2, 2, 0)
    for family in ("aliexpress", "wish"):
        row = Listing.objects.get(variant=silver, family=family)
        state = adapter_for(getattr(catalog, family)).listing_get(
            sku=row.sku, marketplace_id=row.marketplace_id, external_reference=row.external_id
        )
        assert state.quantity == 0 and row.acked_quantity == 0, family
    # Zero everywhere within the window (plus the push's own calls), with one batch call each.
    assert elapsed < DEBOUNCE + 5.0, elapsed
    ali = [c["operation"] for c in sandboxes["aliexpress"].calls()[before["aliexpress"] :]]
    assert [name for name in ali if not name.endswith(".get")] == ["aliexpress.solution.batch.product.inventory.update"]
    wish = [c["operation"] for c in sandboxes["wish"].calls()[before["wish"] :]]
    assert wish.count("updateProduct") == 1 and "createProduct" not in wish


def test_changes_to_unlisted_variants_schedule_nothing(account, pushes):
    scheduled, _done, _errors, _client = pushes
    catalog = shop(account)
    stock_apply(
        account=account,
        changes=[
            StockChange(
                variant_id=catalog.variants[0].pk, warehouse_id=catalog.own.pk, on_hand_change=5, reason="receipt"
            )
        ],
    )
    assert scheduled == []


def test_a_change_committed_while_the_product_create_is_out_reaches_the_sandbox(
    account, sandboxes, pushes, monkeypatch
):
    """The push that runs while the create is out finds no product id and skips the variant; the
    create carried the old figure, so that is what is acknowledged, and a push follows the create."""
    from channels.wish.adapter import WishAdapter

    scheduled, done, errors, client = pushes
    catalog = shop(account)
    point_at_sandboxes(catalog, sandboxes)
    client.delete(push_module._dirty_key(account.pk), push_module._scheduled_key(account.pk))
    silver = catalog.variants[1]
    original = WishAdapter.listing_put

    def put_then_sell(adapter, payload):
        result = original(adapter, payload)
        if not scheduled:  # once: a sale commits and its push runs before the create's answer is recorded
            reserve_units(catalog, silver, 1, "sold during the create")
            assert push_module.quantity_push(account_id=account.pk) is None  # no product id yet: skipped
        return result

    monkeypatch.setattr(WishAdapter, "listing_put", put_then_sell)
    job = publish_job_create(account=account, selection=Selection(channel_accounts=[catalog.wish.pk]), enqueue=False)
    publish_job_run(job.pk, "wish")
    row = Listing.objects.get(variant=silver, family="wish")
    assert row.acked_quantity == row.desired_quantity + 1  # what the create carried
    assert len(scheduled) == 2  # the sale's (already run above) and the one after the create
    for _at, _countdown, timer in scheduled:
        timer.join(30)
    assert not errors, errors
    row.refresh_from_db()
    state = adapter_for(catalog.wish).listing_get(
        sku=row.sku, marketplace_id=row.marketplace_id, external_reference=row.external_id
    )
    assert state.quantity == row.desired_quantity == row.acked_quantity
    wish = [c["operation"] for c in sandboxes["wish"].calls()]
    assert wish.count("createProduct") == 1 and wish.count("updateProduct") == 1


def test_a_quantity_push_sends_patches_never_a_create(account, pushes):
    """A push's selection spans its SKUs on every listed marketplace: a product there that is not
    created yet (a running publish is creating it) is left to that publish."""
    catalog = shop(account)
    job = publish_job_create(
        account=account,
        selection=Selection(channel_accounts=[catalog.wish.pk, catalog.aliexpress.pk]),
        enqueue=False,
        actions=OFFER_ACTIONS,
    )
    assert job.total == 0
