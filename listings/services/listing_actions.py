"""List / delist (上下架) and "sync now" for one listing, a selection or a whole product."""

from __future__ import annotations

from collections.abc import Iterable

from hub.accounts.models import SellerAccount
from hub.audit.services import audit_record_many
from listings.models import Listing, ListingParent, PublishJob
from listings.services.apply import publish_job_create
from listings.services.build import Selection
from listings.services.build_inputs import products_mark_changed


def _selection_of(listings: list[Listing]) -> Selection:
    return Selection(
        channel_accounts=sorted({row.channel_account_id for row in listings}),
        marketplaces=sorted({row.marketplace_id for row in listings}),
        skus=sorted({row.variant.sku for row in listings}),
    )


def listing_sync(*, listing: Listing, user=None) -> PublishJob:
    return publish_job_create(account=listing.account, selection=_selection_of([listing]), user=user, rebuild=True)


def listings_set_enabled(
    *, account: SellerAccount, listings: Iterable[Listing], enabled: bool, user=None
) -> PublishJob:
    """Delist (enabled=False) or relist: the records stay, with their push history. On AliExpress
    and Wish the product goes offline once none of its variants stays listed."""
    rows = list(listings)
    Listing.objects.filter(pk__in=[row.pk for row in rows]).update(enabled=enabled)
    products_mark_changed(row.variant.product_id for row in rows)  # the product payload lists its variants
    audit_record_many(rows, values={"enabled": enabled}, user=user)
    parents = {row.parent_id for row in rows}
    for parent in ListingParent.objects.filter(pk__in=parents):
        any_enabled = parent.children.filter(enabled=True).exists()
        if parent.enabled != any_enabled:
            parent.enabled = any_enabled
            parent.save(update_fields=["enabled"])
    return publish_job_create(account=account, selection=_selection_of(rows), user=user)


def product_set_enabled(*, account: SellerAccount, product_pk: int, enabled: bool, user=None) -> PublishJob:
    rows = list(Listing.objects.filter(account=account, variant__product_id=product_pk).select_related("variant"))
    return listings_set_enabled(account=account, listings=rows, enabled=enabled, user=user)
