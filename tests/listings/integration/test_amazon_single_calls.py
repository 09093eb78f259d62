"""Amazon below the feed threshold: single Listings Items calls, parent first; then one price change
costs exactly one marketplace call for the affected listing (counted at the sandbox)."""

from decimal import Decimal

import pytest

from channels.registry import adapter_for
from listings.models import JobStatus, Listing, ListingStatus
from listings.services.apply import publish_job_create, publish_job_run
from listings.services.build import Selection
from tests.listings.support import amazon_shop, listing_calls

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]
US = "ATVPDKIKX0DER"


def test_single_calls_then_one_call_for_one_price_change(account, sandboxes):
    catalog, amazon = amazon_shop(account, sandboxes)
    selection = Selection(channel_accounts=[amazon.pk])

    job = publish_job_create(account=account, selection=selection, enqueue=False)
    from listings.models import ListingParent

    issues = [row.issues for row in ListingParent.objects.filter(family="amazon")]
    assert job.total == 3, issues  # parent + 2 children
    publish_job_run(job.pk, "amazon")
    job.refresh_from_db()
    assert (job.status, job.done, job.failed) == (JobStatus.DONE, 3, 0)
    calls = listing_calls(sandboxes["amazon"])
    assert [c["operation"] for c in calls] == ["putListingsItem"] * 3
    assert calls[0]["path"].endswith("/BR-1")  # the parent first

    variant = catalog.variants[1]
    variant.base_price = Decimal("150")
    variant.save()
    job = publish_job_create(account=account, selection=selection, enqueue=False)
    publish_job_run(job.pk, "amazon")
    after = listing_calls(sandboxes["amazon"])[len(calls) :]
    # One call for the affected listing only (a PUT: its list_price, an attribute, moves with the
    # regular price; a promotion or FX re-price of the same listing is the same single call).
    assert len(after) == 1 and after[0]["path"].endswith(f"/{variant.sku}")
    row = Listing.objects.get(variant=variant, family="amazon")
    assert row.status == ListingStatus.PUBLISHED and row.acked_price == row.desired_price
    state = adapter_for(amazon).listing_get(sku=variant.sku, marketplace_id=US)
    assert state.price.amount == row.desired_price

    # "Check live": a price changed on the marketplace side (as in Seller Central) shows as drift.
    from channels.types import Money, OfferUpdate
    from listings.services.plan import plan_drift

    other = catalog.variants[0]
    adapter_for(amazon).offers_update(
        [OfferUpdate(sku=other.sku, marketplace_id=US, price=Money(Decimal("99.00"), "USD"), product_type="LUGGAGE")]
    )
    drift = plan_drift(account=account, selection=selection)
    assert [(d["sku"], d["field"], Decimal(d["live"])) for d in drift] == [(other.sku, "price", Decimal("99"))]
