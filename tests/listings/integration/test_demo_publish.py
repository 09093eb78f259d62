"""The demo catalog published to the three sandboxes through the real apply path, then checked by
reading each sandbox over its API."""

import pytest

from channels.registry import adapter_for
from channels.services import channel_account_verify
from hub.catalog.models import Category
from listings.models import JobStatus, Listing, ListingStatus
from listings.services.apply import publish_job_create, publish_job_run
from listings.services.build import Selection
from tests.listings.conftest import connect

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_demo_catalog_reaches_every_sandbox(sandboxes, demo_account):
    channel_accounts = connect(demo_account)
    for channel_account in channel_accounts.values():
        channel_account_verify(channel_account=channel_account, wait_seconds=5)
    amazon_us = "ATVPDKIKX0DER"
    selection = Selection(
        channel_accounts=[ca.pk for ca in channel_accounts.values()],
        marketplaces=[amazon_us, "aliexpress", "wish"],
    )
    job = publish_job_create(account=demo_account, selection=selection, enqueue=False)
    assert job.total > 50
    for family in ("amazon", "aliexpress", "wish"):
        publish_job_run(job.pk, family)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.__dict__
    assert job.failed == 0, list(job.items.exclude(message="").values_list("message", flat=True)[:5])
    rows = Listing.objects.filter(account=demo_account, marketplace_id__in=selection.marketplaces)
    # Every listing is published, except products AliExpress cannot take yet: a new AliExpress
    # SKU needs stock (the seller sees "waiting_for_stock" on each such variant).
    for row in rows.exclude(status=ListingStatus.PUBLISHED).select_related("variant"):
        codes = {issue["code"] for issue in row.issues or []}
        assert row.family == "aliexpress" and "waiting_for_stock" in codes, (row.family, row.sku, row.issues)
        assert not row.desired_quantity, row.sku
    published = rows.filter(status=ListingStatus.PUBLISHED)
    categories = Category.objects.filter(account=demo_account, products__isnull=False).distinct()
    assert categories.count() == 11
    for family in ("amazon", "aliexpress", "wish"):
        adapter = adapter_for(channel_accounts[family])
        # One listing of every category, read back from the sandbox.
        for category in categories:
            row = published.filter(family=family, variant__product__category=category).first()
            assert row is not None, (family, category.path)
            state = adapter.listing_get(
                sku=row.sku, marketplace_id=row.marketplace_id, external_reference=row.external_id
            )
            assert state.exists, (family, row.sku)
            assert state.price is not None and state.price.amount == row.acked_price, (family, row.sku)
