"""A listing re-priced while its call is out (a build, an FX re-price, a promotion starting during
a long publish) is acknowledged with what was sent, not with the new price: the next plan sends
the new price, and the sandbox ends up holding it. Nothing a seller changed is lost."""

from decimal import Decimal

import pytest

from channels.amazon.adapter import AmazonAdapter
from channels.registry import adapter_for
from channels.wish.adapter import WishAdapter
from listings.models import JobStatus, Listing, ListingSettings
from listings.services.build import Selection, listings_build
from listings.services.plan import plan_build
from tests.listings.support import amazon_shop, point_at_sandboxes, publish_now, shop

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]
US = "ATVPDKIKX0DER"


def publish(account, selection, family):
    job = publish_now(account, selection, family)
    assert job.status == JobStatus.DONE and job.failed == 0, job.summary
    return job


def reprice_during(monkeypatch, adapter_class, method: str, account, variant, price: str, *, skip: int = 0):
    """The call of `method` after the first `skip` changes the variant's price and rebuilds it once
    the marketplace has answered (the change lands while the answer is on its way back)."""
    real = getattr(adapter_class, method)
    calls = [0]

    def answered_then_repriced(self, *args, **kwargs):
        result = real(self, *args, **kwargs)
        calls[0] += 1
        if calls[0] == skip + 1:
            variant.base_price = Decimal(price)
            variant.save()
            listings_build(account=account, selection=Selection(skus=[variant.sku]), fetch=False)
        return result

    monkeypatch.setattr(adapter_class, method, answered_then_repriced)


def in_sync_after_next_publish(account, selection, family, variant, read_price):
    row = Listing.objects.get(variant=variant, family=family)
    assert row.acked_price != row.desired_price  # the marketplace holds the price sent
    plan = plan_build(account=account, selection=selection)
    assert any(e.sku == row.sku and e.is_work for e in plan.entries), plan.counts
    publish(account, selection, family)
    row.refresh_from_db()
    assert row.acked_price == row.desired_price and row.acked_hash == row.desired_hash
    assert read_price(row) == row.desired_price


@pytest.mark.parametrize("feed", [False, True], ids=["single calls", "feed"])
def test_amazon_put_repriced_while_out_is_sent_again(account, sandboxes, monkeypatch, feed):
    catalog, amazon = amazon_shop(account, sandboxes)
    if feed:
        ListingSettings.objects.filter(account=account).update(feed_threshold=1)
    selection = Selection(channel_accounts=[amazon.pk])
    variant = catalog.variants[1]
    method = "feed_create" if feed else "listing_put"
    # Feeds: the children's (the parents' goes first), once its document is uploaded.
    reprice_during(monkeypatch, AmazonAdapter, method, account, variant, "150", skip=1 if feed else 0)
    publish(account, selection, "amazon")
    monkeypatch.undo()

    def live_price(row):
        return adapter_for(amazon).listing_get(sku=row.sku, marketplace_id=US).price.amount

    in_sync_after_next_publish(account, selection, "amazon", variant, live_price)


def test_wish_price_patch_repriced_while_out_is_sent_again(account, sandboxes, monkeypatch):
    catalog = shop(account)
    point_at_sandboxes(catalog, sandboxes)
    selection = Selection(channel_accounts=[catalog.wish.pk])
    publish(account, selection, "wish")
    variant = catalog.variants[0]
    variant.base_price = Decimal("130")
    variant.save()
    plan = plan_build(account=account, selection=selection)  # the build above ran in the publish
    reprice_during(monkeypatch, WishAdapter, "offers_update", account, variant, "140")
    job = publish(account, selection, "wish")  # the 130 patch; 140 arrives while it is out
    monkeypatch.undo()
    assert job.total == 1, (plan.counts, job.summary)

    def live_price(row):
        live = adapter_for(catalog.wish).listing_get(
            sku=row.sku, marketplace_id=row.marketplace_id, external_reference=row.external_id
        )
        return live.price.amount

    in_sync_after_next_publish(account, selection, "wish", variant, live_price)


def test_wish_product_repriced_while_its_create_is_out_is_patched_after(account, sandboxes, monkeypatch):
    catalog = shop(account)
    point_at_sandboxes(catalog, sandboxes)
    selection = Selection(channel_accounts=[catalog.wish.pk])
    variant = catalog.variants[0]
    reprice_during(monkeypatch, WishAdapter, "listing_put", account, variant, "150")
    publish(account, selection, "wish")
    monkeypatch.undo()

    def live_price(row):
        live = adapter_for(catalog.wish).listing_get(
            sku=row.sku, marketplace_id=row.marketplace_id, external_reference=row.external_id
        )
        return live.price.amount

    in_sync_after_next_publish(account, selection, "wish", variant, live_price)
