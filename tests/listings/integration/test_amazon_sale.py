"""Promotions on Amazon go as purchasable_offer.discounted_price with its schedule (start_at /
end_at) as soon as they exist, the offer's price staying the regular one: the sandbox accepts and
returns it, the plan shows it, its start costs no call, its end one price patch."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from channels.registry import adapter_for
from listings.models import Listing, PushAction
from listings.services.apply import publish_job_run
from listings.services.build import Selection, listings_build
from listings.services.plan import plan_build
from listings.services.promotions import promotion_create
from listings.services.sync import promotions_sync
from tests.listings.support import amazon_shop, listing_calls, publish_now

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]
US = "ATVPDKIKX0DER"


def test_promotion_is_amazons_discounted_price_with_its_schedule(account, sandboxes):
    catalog, amazon = amazon_shop(account, sandboxes)
    selection = Selection(channel_accounts=[amazon.pk])
    publish_now(account, selection)
    variant = catalog.variants[1]
    row = Listing.objects.get(variant=variant, family="amazon")
    regular = row.desired_price
    sent = len(listing_calls(sandboxes["amazon"]))

    now = timezone.now().replace(microsecond=0)
    starts, ends = now + timedelta(hours=2), now + timedelta(days=2)
    promotion = promotion_create(
        account=account,
        name="Double 11",
        kind="percent",
        value=Decimal("20"),
        starts_at=starts,
        ends_at=ends,
        skus=[variant.sku],
    )
    listings_build(account=account, selection=selection)
    plan = plan_build(account=account, selection=selection, only_work=True, diffs=True)
    (entry,) = [e for e in plan.entries if e.is_work]
    assert (entry.sku, entry.action, entry.calls) == (variant.sku, PushAction.PATCH_PRICE, 1.0)
    assert {"sale_price.amount", "sale_start", "sale_end"} <= set(entry.fields), entry.fields
    job = publish_now(account, selection, build=False)
    assert (job.done, job.failed) == (1, 0)
    after = listing_calls(sandboxes["amazon"])[sent:]
    assert [c["operation"] for c in after] == ["patchListingsItem"]

    row.refresh_from_db()
    assert row.desired_price == regular and row.promotion_id == promotion.pk
    sale = Decimal(row.desired_payload["sale_price"]["amount"])
    assert sale < regular
    state = adapter_for(amazon).listing_get(sku=variant.sku, marketplace_id=US)
    assert state.price.amount == regular  # the offer's price stays the regular one
    assert state.sale_price.amount == sale
    assert (state.sale_start, state.sale_end) == (
        starts.strftime("%Y-%m-%dT%H:%M:%SZ"),
        ends.strftime("%Y-%m-%dT%H:%M:%SZ"),
    )

    # The start is Amazon's to apply: no call. The end takes the sale away: one price patch.
    sent = len(listing_calls(sandboxes["amazon"]))
    assert promotions_sync(account=account, now=starts + timedelta(seconds=5)) is None
    assert len(listing_calls(sandboxes["amazon"])) == sent
    job = promotions_sync(account=account, now=ends + timedelta(seconds=5))
    assert job is not None and job.total == 1
    publish_job_run(job.pk, "amazon")
    state = adapter_for(amazon).listing_get(sku=variant.sku, marketplace_id=US)
    assert state.sale_price is None and state.price.amount == regular


def test_above_the_feed_threshold_one_feed_per_level_and_every_listing_acknowledged(account, sandboxes):
    from listings.models import ListingParent, ListingPush, ListingSettings, ListingStatus

    catalog, amazon = amazon_shop(account, sandboxes)
    ListingSettings.objects.filter(account=account).update(feed_threshold=1)
    selection = Selection(channel_accounts=[amazon.pk])
    job = publish_now(account, selection)
    assert (job.total, job.done, job.failed) == (3, 3, 0)
    operations = [c["operation"] for c in sandboxes["amazon"].calls()]
    assert operations.count("createFeed") == 2 and "putListingsItem" not in operations  # parents, then children
    # The children's document is uploaded while the parents' feed is processed (before its report
    # is read), so the children's createFeed follows the parents' report at once.
    documents = [i for i, op in enumerate(operations) if op == "createFeedDocument"]
    feeds = [i for i, op in enumerate(operations) if op == "createFeed"]
    assert len(documents) == 2 and documents[1] < operations.index("getFeedDocument") < feeds[1]
    assert "createFeedDocument" not in operations[operations.index("getFeedDocument") :]
    rows = list(Listing.objects.filter(family="amazon")) + list(ListingParent.objects.filter(family="amazon"))
    assert {(r.status, r.acked_hash == r.desired_hash) for r in rows} == {(ListingStatus.PUBLISHED, True)}
    assert ListingPush.objects.filter(job=job, ok=True).exclude(submission_id="").count() == 3
    for variant in catalog.variants:
        state = adapter_for(amazon).listing_get(sku=variant.sku, marketplace_id=US)
        assert state.exists and state.price.amount == Listing.objects.get(variant=variant).acked_price
    # Nothing changed: nothing to send.
    again = plan_build(account=account, selection=selection, only_work=True)
    assert not [e for e in again.entries if e.is_work]
