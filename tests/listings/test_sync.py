"""Quantity sync, promotions on a frozen clock, FX re-pricing: each finds exactly the affected
listings and queues only their patches (jobs are inspected, not run: no marketplace here)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db.models import F
from django.utils import timezone

from hub.inventory.services import stock_apply
from hub.inventory.types import StockChange
from listings.models import Listing, ListingParent, ListingStatus, PublishItem
from listings.services.build import listings_build
from listings.services.promotions import promotion_create
from listings.services.sync import fx_reprice, promotions_sync, quantity_sync
from tests.listings.support import rate, shop

pytestmark = pytest.mark.django_db


def acknowledge_everything():
    Listing.objects.update(
        acked_hash=F("desired_hash"),
        acked_content_hash=F("desired_content_hash"),
        acked_price=F("desired_price"),
        acked_quantity=F("desired_quantity"),
        acked_payload=F("desired_payload"),
        status=ListingStatus.PUBLISHED,
    )
    Listing.objects.exclude(family="amazon").update(external_id="42")  # the product's id, as apply sets it
    ListingParent.objects.update(
        acked_hash=F("desired_hash"),
        acked_content_hash=F("desired_content_hash"),
        external_id="42",
        status=ListingStatus.PUBLISHED,
    )


@pytest.fixture
def published(account):
    catalog = shop(account)
    listings_build(account=account, fetch=False)
    acknowledge_everything()
    return catalog


def test_last_unit_sold_drops_to_zero_on_every_marketplace(published):
    silver = published.variants[1]  # 3 in the own warehouse
    quantity_sync(account=published.account)  # watermark
    stock_apply(
        account=published.account,
        changes=[
            StockChange(
                variant_id=silver.pk,
                warehouse_id=published.own.pk,
                reserved_change=3,
                reason="reservation",
                reference="order 1",
            )
        ],
    )
    job = quantity_sync(account=published.account, now=timezone.now() + timedelta(seconds=1))
    items = list(PublishItem.objects.filter(job=job))
    assert sorted((i.family, i.action) for i in items) == [("aliexpress", "patch_quantity"), ("wish", "patch_quantity")]
    assert set(Listing.objects.filter(variant=silver).values_list("desired_quantity", flat=True)) == {0}
    assert set(Listing.objects.exclude(variant=silver).values_list("desired_quantity", flat=True)) == {5}


def test_a_shortened_marketplace_sku_still_gets_its_quantity_patch(published):
    """AliExpress SKUs over its length limit are sent shortened (issue sku_shortened): the push's
    selection names catalog SKUs, and the plan matches the listing by its variant."""
    silver = published.variants[1]
    Listing.objects.filter(variant=silver, family="aliexpress").update(sku="BR-1-S-1A2B3C4D")
    quantity_sync(account=published.account)  # watermark
    stock_apply(
        account=published.account,
        changes=[
            StockChange(variant_id=silver.pk, warehouse_id=published.own.pk, reserved_change=1, reason="reservation")
        ],
    )
    job = quantity_sync(account=published.account, now=timezone.now() + timedelta(seconds=1))
    items = PublishItem.objects.filter(job=job).select_related("listing")
    assert sorted((i.family, i.listing.sku) for i in items) == [
        ("aliexpress", "BR-1-S-1A2B3C4D"),
        ("wish", silver.sku),
    ]


def test_promotion_starts_and_ends_on_time_and_restores_the_regular_price(published):
    start = timezone.now() + timedelta(hours=1)
    end = start + timedelta(hours=2)
    rose = published.variants[0]
    promotion_create(
        account=published.account,
        name="618 限时折扣",
        kind="percent",
        value=Decimal("20"),
        starts_at=start,
        ends_at=end,
        skus=[rose.sku],
        marketplaces=[{"channel_account": published.wish.pk, "marketplace_id": "wish"}],
    )
    regular = Listing.objects.get(variant=rose, family="wish").desired_price
    aliexpress_price = Listing.objects.get(variant=rose, family="aliexpress").desired_price
    assert promotions_sync(account=published.account, now=start - timedelta(seconds=1)) is None
    job = promotions_sync(account=published.account, now=start + timedelta(seconds=1))
    (item,) = PublishItem.objects.filter(job=job)
    assert (item.family, item.action, item.listing.sku) == ("wish", "patch_price", rose.sku)
    discounted = Listing.objects.get(variant=rose, family="wish")
    assert discounted.desired_price < regular and discounted.regular_price == regular
    assert Listing.objects.get(variant=rose, family="aliexpress").desired_price == aliexpress_price  # not there
    acknowledge_everything()
    job = promotions_sync(account=published.account, now=end + timedelta(seconds=1))
    (item,) = PublishItem.objects.filter(job=job)
    assert item.action == "patch_price"
    assert Listing.objects.get(variant=rose, family="wish").desired_price == regular


def test_fx_move_of_two_percent_reprices_exactly_the_affected_listings(account):
    catalog = shop(account)
    catalog.aliexpress.options = {**catalog.aliexpress.options, "currency": "EUR"}
    catalog.aliexpress.save()
    rate("CNY", "EUR", "0.13")
    listings_build(account=account, fetch=False)
    acknowledge_everything()
    assert fx_reprice(account=account) is None  # nothing moved
    from currency.models import ExchangeRate

    # CNY→EUR moves 2 %: the AliExpress (EUR) listings re-price, the Wish (USD) ones are not touched.
    ExchangeRate.objects.filter(base="CNY", quote="EUR").update(rate=Decimal("0.1326"))
    job = fx_reprice(account=account)
    items = list(PublishItem.objects.filter(job=job).select_related("listing"))
    assert {i.listing.currency for i in items} == {"EUR"}
    assert Listing.objects.get(sku="BR-1-SILVER", currency="EUR").desired_price == Decimal("13.26")
    assert sorted(i.listing.sku for i in items) == ["BR-1-ROSE_GOLD", "BR-1-SILVER"]
    assert {i.action for i in items} == {"patch_price"}


def test_delist_and_relist_keep_the_record_and_plan_a_delist_then_a_create(published):
    from listings.services.listing_actions import listings_set_enabled
    from listings.services.plan import plan_build

    rows = list(Listing.objects.filter(variant=published.variants[0], family="wish").select_related("variant"))
    job = listings_set_enabled(account=published.account, listings=rows, enabled=False)
    # Wish keeps the product (the other variant stays listed): the product is re-sent without it.
    assert [(i.family, i.action, bool(i.parent_id)) for i in PublishItem.objects.filter(job=job)] == [
        ("wish", "replace", True)
    ]
    everything = list(Listing.objects.filter(family="wish").select_related("variant"))
    job = listings_set_enabled(account=published.account, listings=everything, enabled=False)
    assert [(i.action, bool(i.parent_id)) for i in PublishItem.objects.filter(job=job)] == [("delist", True)]
    assert Listing.objects.filter(family="wish").count() == 2  # records stay
    plan = plan_build(account=published.account)
    assert plan.counts.get("delist")


def test_demo_first_publish_waits_for_connections_then_queues_a_job(published, monkeypatch):
    from celery.exceptions import Retry

    from channels.models import ChannelAccount
    from listings.models import PublishJob
    from listings.services import apply
    from listings.tasks import demo_publish_task

    monkeypatch.setattr(apply, "publish_job_enqueue", lambda job, families=None: None)
    with pytest.raises(Retry):
        demo_publish_task.apply(args=[published.account.pk], throw=True)
    ChannelAccount.objects.update(status="connected")
    Listing.objects.update(acked_hash="", status="draft")
    ListingParent.objects.update(acked_hash="", external_id="")
    demo_publish_task.apply(args=[published.account.pk], throw=True)
    job = PublishJob.objects.get()
    assert job.total == 2  # one product call per marketplace
