"""Planning 100,000 listings (5,000 variants × 20 Amazon marketplaces) on PostgreSQL.

The rows are written directly (bulk) with their desired state already built, so the figures time
the plan itself: the hash / price / quantity column comparison, per listing, with call counts.
- plan_100k_first: nothing acknowledged yet (every listing a create; Amazon feeds above the threshold)
- replan_100k_unchanged: everything acknowledged, nothing changed
- one_price_change_calls: one listing's desired price changed → the plan's marketplace calls (1)
- replan_100k_unchanged_with_build: what `manage.py listings plan` does with nothing changed: the
  build's change check (build_inputs: versions and input digests on indexed columns), then the plan
- build_after_one_product_edit: one product (20 variants) edited → the build finds it and builds its
  20 × 20 listings, nothing else
"""

import hashlib
import time
from decimal import Decimal

from django.db import connection
from django.db.models import F

from channels.marketplaces import amazon_marketplaces
from channels.models import ChannelAccount
from hub.accounts.models import SellerAccount
from hub.catalog.models import Product, ProductStatus, Variant
from infra.bench.figures import Figure
from listings.models import Listing, ListingParent, ListingSettings
from listings.services.build import Builder, listings_build, marketplace_currency, marketplace_language
from listings.services.build_inputs import MarketInputs, products_mark_changed
from listings.services.plan import plan_build

PRODUCTS = 250
VARIANTS_PER_PRODUCT = 20
MARKETPLACES = 20


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _setup():
    account = SellerAccount.objects.create(name="Bench listings", base_currency="CNY", timezone="Asia/Shanghai")
    ListingSettings.objects.create(account=account, feed_threshold=50)
    marketplaces = [m.marketplace_id for m in amazon_marketplaces().values()][:MARKETPLACES]
    channel_account = ChannelAccount.objects.create(
        account=account, name="Amazon bench", family="amazon", marketplaces=marketplaces
    )
    products = Product.objects.bulk_create(
        Product(account=account, code=f"B{p:04d}", title=f"Bench {p}", status=ProductStatus.ACTIVE)
        for p in range(PRODUCTS)
    )
    variants = Variant.objects.bulk_create(
        Variant(
            account=account, product=product, sku=f"{product.code}-{v:02d}", currency="CNY", base_price=Decimal("99")
        )
        for product in products
        for v in range(VARIANTS_PER_PRODUCT)
    )
    by_product = {}
    for variant in variants:
        by_product.setdefault(variant.product_id, []).append(variant)
    for marketplace_id in marketplaces:
        parents = ListingParent.objects.bulk_create(
            ListingParent(
                account=account,
                product=product,
                channel_account=channel_account,
                family="amazon",
                marketplace_id=marketplace_id,
                sku=product.code,
                desired_hash=_hash(product.code + marketplace_id),
                desired_content_hash=_hash("c" + product.code + marketplace_id),
            )
            for product in products
        )
        rows = []
        for parent in parents:
            for variant in by_product[parent.product_id]:
                key = variant.sku + marketplace_id
                rows.append(
                    Listing(
                        account=account,
                        variant=variant,
                        parent=parent,
                        channel_account=channel_account,
                        family="amazon",
                        marketplace_id=marketplace_id,
                        sku=variant.sku,
                        currency="USD",
                        desired_price=Decimal("19.99"),
                        desired_quantity=5,
                        desired_hash=_hash(key),
                        desired_content_hash=_hash("c" + key),
                        desired_payload={"sku": variant.sku},
                    )
                )
        Listing.objects.bulk_create(rows, batch_size=5000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE listings_listing")
        cursor.execute("ANALYZE listings_listingparent")
    return account


def _acknowledge() -> None:
    common = {"acked_hash": F("desired_hash"), "acked_content_hash": F("desired_content_hash"), "status": "published"}
    Listing.objects.update(acked_price=F("desired_price"), acked_quantity=F("desired_quantity"), **common)
    ListingParent.objects.update(**common)


def _stamp_built(account) -> None:
    """Record the rows as built from the current inputs (they were written directly, not built)."""
    builder = Builder(account, fetch_requirements=False)
    for channel_account in ChannelAccount.objects.filter(account=account):
        for marketplace_id in channel_account.marketplaces:
            inputs = MarketInputs(
                builder,
                channel_account,
                marketplace_id,
                marketplace_currency(channel_account, marketplace_id),
                marketplace_language(channel_account, marketplace_id),
            )
            ListingParent.objects.filter(channel_account=channel_account, marketplace_id=marketplace_id).update(
                inputs_digest=inputs.digest_for(None), built_at=builder.now
            )


def run() -> list[Figure]:
    account = _setup()
    started = time.monotonic()
    first = plan_build(account=account)
    first_seconds = time.monotonic() - started
    assert len([e for e in first.entries if e.kind == "listing"]) == PRODUCTS * VARIANTS_PER_PRODUCT * MARKETPLACES
    print(f"    first plan: {first.counts}, {first.calls} calls", flush=True)
    _acknowledge()
    started = time.monotonic()
    again = plan_build(account=account)
    again_seconds = time.monotonic() - started
    print(f"    re-plan: {again.counts}, {again.calls} calls", flush=True)
    _stamp_built(account)
    started = time.monotonic()
    checked = listings_build(account=account, fetch=False)
    unchanged_plan = plan_build(account=account)
    check_seconds = time.monotonic() - started
    assert checked.listings == 0, checked
    assert unchanged_plan.counts == again.counts, unchanged_plan.counts
    edited = Product.objects.filter(account=account).order_by("pk").first()
    products_mark_changed([edited.pk])
    started = time.monotonic()
    one_product = listings_build(account=account, fetch=False)
    one_product_seconds = time.monotonic() - started
    assert one_product.listings == VARIANTS_PER_PRODUCT * MARKETPLACES, one_product
    print(f"    one product edit: built {one_product.listings} listings in {one_product_seconds:.2f} s", flush=True)
    # A listing of another product (the edited one was built for real above, with no rates here).
    changed = Listing.objects.filter(account=account).exclude(variant__product=edited).order_by("pk").first()
    Listing.objects.filter(pk=changed.pk).update(desired_price=Decimal("18.99"), desired_hash=_hash("new price"))
    one = plan_build(account=account)
    work = [e for e in one.entries if e.is_work]
    assert one.calls == 1 and len(work) == 1, (one.calls, work)  # exactly one, not "at most"
    return [
        Figure("listings.plan_100k_first", first_seconds, "s", target=10.0),
        Figure("listings.replan_100k_unchanged", again_seconds, "s", target=2.0),
        Figure(
            "listings.replan_100k_unchanged_with_build",
            check_seconds,
            "s",
            target=2.0,
            note="build's change check (0 listings built) + plan",
        ),
        Figure(
            "listings.build_after_one_product_edit",
            one_product_seconds,
            "s",
            note=f"{one_product.listings} listings built of {PRODUCTS * VARIANTS_PER_PRODUCT * MARKETPLACES}",
        ),
        Figure(
            "listings.one_price_change_calls",
            float(one.calls),
            "calls",
            target=1.0,
            note=f"{len(work)} listing(s) with work: {[(e.sku, e.action) for e in work]}",
        ),
    ]
