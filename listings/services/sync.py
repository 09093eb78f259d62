"""Keeping listings correct between publishes: quantities within a minute of a stock change,
prices when a promotion starts or ends and when an exchange rate moves past the threshold.

Each finds exactly the affected listings, refreshes their desired state and queues one publish job
for them; the plan then sends only what differs (price or quantity patches, batched)."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from currency.selectors import max_rate_age_days
from currency.table import RateTable
from hub.accounts.models import SellerAccount
from hub.inventory.models import StockLevel
from listings.builders.common import digest
from listings.models import Listing, ListingParent, ListingSettings, ListingStatus, PriceRule, PublishJob
from listings.quantity import StockFigure, available_to_sell
from listings.services.apply import OFFER_ACTIONS, publish_job_create
from listings.services.build import Selection, listings_build, settings_for
from listings.services.promotions import promotions_due

LIVE = [ListingStatus.PUBLISHED, ListingStatus.QUEUED, ListingStatus.REJECTED, ListingStatus.ERROR]


def _job_for(account: SellerAccount, rows: list[Listing], *, build: bool) -> PublishJob | None:
    if not rows:
        return None
    selection = Selection(
        channel_accounts=sorted({row.channel_account_id for row in rows}),
        marketplaces=sorted({row.marketplace_id for row in rows}),
        skus=sorted({row.variant.sku for row in rows}),
    )
    if build:
        listings_build(account=account, selection=selection, changed_only=False)
    job = publish_job_create(account=account, selection=selection, build=False)
    return job if job.total else None


# The tick re-reads this much before its watermark: a stock change written (updated_at) before the
# last tick but committed after it is still found. Re-reading is harmless (only differences move).
QUANTITY_OVERLAP = timedelta(seconds=60)


def quantity_sync(*, account: SellerAccount, now: datetime | None = None) -> PublishJob | None:
    """The beat's backstop: stock levels changed since the last run (by their updated_at, with an
    overlap) get new quantities, then one job of quantity patches. Stock changes made through
    hub.inventory are pushed sooner by the debounced push (listings.services.quantity_push)."""
    now = now or timezone.now()
    with transaction.atomic():
        config = ListingSettings.objects.select_for_update().get(pk=settings_for(account).pk)
        since = (config.quantity_synced_at - QUANTITY_OVERLAP) if config.quantity_synced_at else now - timedelta(days=1)
        config.quantity_synced_at = now
        config.save(update_fields=["quantity_synced_at", "updated_at"])
    variant_ids = set(
        StockLevel.objects.filter(account=account, updated_at__gt=since, updated_at__lte=now).values_list(
            "variant_id", flat=True
        )
    )
    return quantity_refresh(account=account, variant_ids=variant_ids)


def quantity_refresh(*, account: SellerAccount, variant_ids, enqueue: bool = True) -> PublishJob | None:
    """New available-to-sell figures for these variants' listings (a quantity-only refresh of their
    desired state, no rebuild), then one job of quantity patches for those that changed, and for
    those whose earlier figure the marketplace does not hold yet (it changed while their product's
    create was out: see apply's `_moved_during_call`)."""
    variant_ids = set(variant_ids)
    if not variant_ids:
        return None
    figures: dict[int, list[StockFigure]] = defaultdict(list)
    for variant_id, kind, region, active, on_hand, reserved in StockLevel.objects.filter(
        variant_id__in=variant_ids
    ).values_list(
        "variant_id", "warehouse__kind", "warehouse__fba_region", "warehouse__is_active", "on_hand", "reserved"
    ):
        figures[variant_id].append(StockFigure(kind, region or "", on_hand, reserved, active))
    rules = {(r.channel_account_id, r.marketplace_id): r for r in PriceRule.objects.filter(account=account)}
    changed, unsent = [], []
    with transaction.atomic():
        rows = (
            Listing.objects.select_for_update(of=("self",))
            .filter(account=account, variant_id__in=variant_ids, enabled=True)
            .select_related("variant")
            .order_by("pk")
        )
        for row in rows:
            rule = rules.get((row.channel_account_id, row.marketplace_id)) or rules.get((row.channel_account_id, ""))
            quantity = available_to_sell(
                figures.get(row.variant_id, []),
                mcf_fba_region=rule.mcf_fba_region if rule else "",
                safety_buffer=rule.safety_buffer if rule else 0,
                cap=rule.quantity_cap if rule else None,
                afn=bool(rule and rule.fulfilment_channel == "afn" and row.family == "amazon"),
            )
            if not row.desired_payload:
                continue
            if quantity == row.desired_quantity:
                if row.acked_hash and row.acked_quantity != row.desired_quantity:
                    unsent.append(row)  # refreshed earlier, not held by the marketplace yet
                continue
            payload = dict(row.desired_payload)
            payload["quantity"] = quantity
            payload["variations"] = [{**v, "quantity": quantity or 0} for v in payload.get("variations") or []]
            row.desired_payload = payload
            row.desired_quantity = quantity
            row.desired_hash = digest(payload)
            row.save(update_fields=["desired_payload", "desired_quantity", "desired_hash", "updated_at"])
            changed.append(row)
        _parents_follow(changed)
    # Listed (or being listed) and known to the marketplace: Amazon keys offers by SKU, AliExpress
    # and Wish need the product id (a product still to be created carries the new figures).
    live = [
        row
        for row in changed + unsent
        if (row.status in LIVE or row.acked_hash) and (row.family == "amazon" or row.external_id)
    ]
    if not live:
        return None
    selection = Selection(
        channel_accounts=sorted({row.channel_account_id for row in live}),
        marketplaces=sorted({row.marketplace_id for row in live}),
        skus=sorted({row.variant.sku for row in live}),
    )
    # Patches only: the selection spans these SKUs on every listed marketplace, where a product may
    # still be on its way (a running publish creates it, with the new figures): never a second create.
    job = publish_job_create(account=account, selection=selection, build=False, enqueue=enqueue, actions=OFFER_ACTIONS)
    return job if job.total else None


def _parents_follow(rows: list[Listing]) -> None:
    """AliExpress and Wish products carry their variants' quantities: a product not created yet (or
    re-sent) goes out with the new figures."""
    by_parent: dict[int, dict[str, int | None]] = defaultdict(dict)
    for row in rows:
        if row.family != "amazon":
            by_parent[row.parent_id][row.sku] = row.desired_quantity
    if not by_parent:
        return
    for parent in ListingParent.objects.select_for_update().filter(pk__in=list(by_parent)).order_by("pk"):
        quantities = by_parent[parent.pk]
        payload = dict(parent.desired_payload or {})
        variations = payload.get("variations") or []
        if not any(v.get("sku") in quantities for v in variations):
            continue
        payload["variations"] = [
            {**v, "quantity": quantities[v["sku"]] or 0} if v.get("sku") in quantities else v for v in variations
        ]
        parent.desired_payload = payload
        parent.desired_hash = digest(payload)
        parent.save(update_fields=["desired_payload", "desired_hash", "updated_at"])


def promotions_sync(*, account: SellerAccount, now: datetime | None = None) -> PublishJob | None:
    """Promotions that started or ended since the last run: their listings are re-priced."""
    now = now or timezone.now()
    config = settings_for(account)
    since = config.promotions_checked_at or (now - timedelta(days=1))
    ListingSettings.objects.filter(pk=config.pk).update(promotions_checked_at=now)
    due = promotions_due(account=account, since=since, now=now)
    if not due:
        return None
    rows = Listing.objects.filter(account=account).select_related("variant")
    skus = {sku for promotion in due for sku in promotion.skus or []}
    categories = {promotion.category_id for promotion in due if promotion.category_id}
    affected = list(
        rows.filter(promotion_id__in=[p.pk for p in due])
        | rows.filter(variant__sku__in=skus)
        | rows.filter(variant__product__category_id__in=categories)
    )
    selection_rows = {row.pk: row for row in affected}.values()
    if not selection_rows:
        return None
    selection = Selection(
        channel_accounts=sorted({row.channel_account_id for row in selection_rows}),
        skus=sorted({row.variant.sku for row in selection_rows}),
    )
    listings_build(account=account, selection=selection, now=now, changed_only=False)
    job = publish_job_create(account=account, selection=selection, build=False)
    return job if job.total else None


def fx_reprice(*, account: SellerAccount, now: datetime | None = None) -> PublishJob | None:
    """Listings whose conversion rate moved more than the account's threshold since they were
    priced: exactly those are rebuilt and their new prices sent."""
    now = now or timezone.now()
    config = settings_for(account)
    today = timezone.localdate(now)
    table = RateTable.load(start=today, end=today, account_id=account.pk, max_age_days=max_rate_age_days(account.pk))
    threshold = config.reprice_threshold_pct / Decimal(100)
    moved: list[Listing] = []
    current: dict[tuple[str, str], Decimal | None] = {}
    rows = Listing.objects.filter(account=account, rate__isnull=False, enabled=True).select_related("variant")
    for row in rows.only(
        "pk",
        "rate",
        "currency",
        "variant__currency",
        "variant__sku",
        "channel_account_id",
        "marketplace_id",
        "status",
        "acked_hash",
    ):
        key = (row.variant.currency, row.currency)
        if key not in current:
            try:
                current[key] = table.resolve(key[0], key[1], today).rate
            except Exception:
                current[key] = None
        rate = current[key]
        if rate is None or not row.rate:
            continue
        if abs(rate / row.rate - 1) > threshold:
            moved.append(row)
    return _job_for(account, moved, build=True)


def tick(*, now: datetime | None = None) -> dict[str, int]:
    """The periodic pass over every account with listings (beat, every few seconds)."""
    now = now or timezone.now()
    jobs = {"quantity": 0, "promotions": 0, "fx": 0}
    accounts = SellerAccount.objects.filter(pk__in=Listing.objects.values("account_id").distinct())
    for account in accounts:
        if quantity_sync(account=account, now=now):
            jobs["quantity"] += 1
        if promotions_sync(account=account, now=now):
            jobs["promotions"] += 1
    return jobs
