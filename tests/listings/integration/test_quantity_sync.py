"""The last unit sold on one marketplace drops to zero on the others within the debounce window,
checked by reading each sandbox; only quantity patches are sent, in the adapters' batch calls."""

from datetime import timedelta

import pytest
from django.utils import timezone

from channels.registry import adapter_for
from listings.models import Listing
from listings.services.apply import publish_job_create, publish_job_run
from listings.services.build import Selection
from listings.services.sync import quantity_sync
from tests.listings.support import point_at_sandboxes, reserve_units, shop

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_last_unit_reaches_zero_on_every_sandbox(account, sandboxes):
    catalog = shop(account)
    point_at_sandboxes(catalog, sandboxes)
    selection = Selection(channel_accounts=[catalog.wish.pk, catalog.aliexpress.pk])
    job = publish_job_create(account=account, selection=selection, enqueue=False)
    for family in ("aliexpress", "wish"):
        publish_job_run(job.pk, family)
    silver = catalog.variants[1]
    quantity_sync(account=account)  # the watermark: nothing changed yet
    before = {name: len(sandbox.calls()) for name, sandbox in sandboxes.items()}

    # An order on some marketplace reserves the last 3 units of the own warehouse.
    sold_at = timezone.now()
    reserve_units(catalog, silver, 3, "order 1")
    job = quantity_sync(account=account, now=sold_at + timedelta(seconds=10))  # the next debounce tick
    for family in ("aliexpress", "wish"):
        publish_job_run(job.pk, family)
    job.refresh_from_db()
    assert (job.total, job.done, job.failed) == (2, 2, 0)
    for family in ("wish", "aliexpress"):
        row = Listing.objects.get(variant=silver, family=family)
        state = adapter_for(getattr(catalog, family)).listing_get(
            sku=row.sku, marketplace_id=row.marketplace_id, external_reference=row.external_id
        )
        assert state.quantity == 0, family
        assert row.acked_quantity == 0
    wish_calls = [c["operation"] for c in sandboxes["wish"].calls()[before["wish"] :]]
    assert "createProduct" not in wish_calls and wish_calls.count("updateProduct") == 1
    ali_calls = [c["operation"] for c in sandboxes["aliexpress"].calls()[before["aliexpress"] :]]
    writes = [name for name in ali_calls if not name.endswith(".get")]  # the reads are this test's checks
    assert writes == ["aliexpress.solution.batch.product.inventory.update"]
