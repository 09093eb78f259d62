"""Reads of listing records, for pages, the API, the CLI and other apps (orders match lines here)."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet
from django.utils import timezone

from channels.models import ChannelAccount
from hub.accounts.models import SellerAccount
from listings.models import Listing, PublishJob
from listings.services.build import Selection


def listing_for_external(channel_account: ChannelAccount, marketplace_id: str, sku: str) -> Listing | None:
    """The listing an order line names: by the marketplace's SKU (which may be a shortened form of
    the hub's, see listings.builders.product_family.marketplace_sku) on that channel account and
    marketplace. Select related variant and product."""
    return (
        Listing.objects.select_related("variant", "variant__product")
        .filter(channel_account=channel_account, marketplace_id=marketplace_id, sku=sku)
        .first()
    )


def listing_variants_for_external(channel_account: ChannelAccount, marketplace_id: str, skus) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """{marketplace SKU: variant id} for the listings among `skus` (listing_for_external for a
    page of order lines, in one query)."""
    found: dict[str, int] = {}
    for sku, variant_id in (
        Listing.objects.filter(channel_account=channel_account, marketplace_id=marketplace_id, sku__in=list(skus))
        .order_by("pk")
        .values_list("sku", "variant_id")
    ):
        found.setdefault(sku, variant_id)
    return found


def listing_list(*, account: SellerAccount, selection: Selection | None = None) -> QuerySet[Listing]:
    queryset = Listing.objects.filter(account=account).select_related("channel_account", "variant")
    selection = selection or Selection()
    if selection.channel_accounts:
        queryset = queryset.filter(channel_account_id__in=selection.channel_accounts)
    if selection.marketplaces:
        queryset = queryset.filter(marketplace_id__in=selection.marketplaces)
    if selection.skus:
        queryset = queryset.filter(variant__sku__in=selection.skus) | queryset.filter(sku__in=selection.skus)
    if selection.products:
        queryset = queryset.filter(variant__product_id__in=selection.products)
    if selection.categories:
        queryset = queryset.filter(variant__product__category_id__in=selection.categories)
    return queryset.order_by("variant__sku", "family", "marketplace_id")


def rate_age_days(rate_date: date | None, *, today: date | None = None) -> int | None:
    if rate_date is None:
        return None
    return ((today or timezone.localdate()) - rate_date).days


def _amount(value, currency: str) -> str | None:
    if value is None:
        return None
    from currency.codes import currency_quantum

    return format(value.quantize(currency_quantum(currency)) if currency else value, "f")


def listing_status_row(listing: Listing) -> dict:
    """One listing as `manage.py listings status --json` and the matrix show it."""
    return {
        "id": listing.pk,
        "sku": listing.variant.sku,
        "marketplace_sku": listing.sku,
        "family": listing.family,
        "channel_account": listing.channel_account_id,
        "marketplace": listing.marketplace_id,
        "status": listing.status,
        "enabled": listing.enabled,
        "price": _amount(listing.desired_price, listing.currency),
        "acknowledged_price": _amount(listing.acked_price, listing.currency),
        "currency": listing.currency,
        "rate_date": listing.rate_date.isoformat() if listing.rate_date else None,
        "rate_age_days": rate_age_days(listing.rate_date),
        "quantity": listing.desired_quantity,
        "acknowledged_quantity": listing.acked_quantity,
        "external_id": listing.external_id,
        "last_pushed_at": listing.last_pushed_at.isoformat() if listing.last_pushed_at else None,
        "in_sync": bool(listing.acked_hash) and listing.acked_hash == listing.desired_hash,
        "issues": listing.issues or [],
    }


def job_progress(job: PublishJob) -> dict:
    elapsed = None
    eta = None
    if job.started_at:
        end = job.finished_at or timezone.now()
        elapsed = (end - job.started_at).total_seconds()
        finished = job.done + job.failed
        if finished and job.remaining and not job.finished_at:
            eta = round(elapsed / finished * job.remaining, 1)
    return {
        "id": job.pk,
        "status": job.status,
        "total": job.total,
        "done": job.done,
        "failed": job.failed,
        "remaining": job.remaining,
        "throttle_waits": job.throttle_waits,
        "cancel_requested": job.cancel_requested,
        "summary": job.summary,
        "selection": job.selection,
        "created_at": job.created_at.isoformat(),
        "started_at": job.started_at.isoformat() if job.started_at else None,
        "finished_at": job.finished_at.isoformat() if job.finished_at else None,
        "elapsed_seconds": round(elapsed, 1) if elapsed is not None else None,
        "eta_seconds": eta,
    }
