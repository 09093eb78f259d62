"""Checking a selection against the account: another account's ids are 404 (they do not exist for
this caller); a marketplace no chosen channel account has is a 400 on that field."""

from __future__ import annotations

from channels.models import ChannelAccount
from hub.accounts.models import SellerAccount
from hub.catalog.models import Category, Product, Variant
from hub.core.exceptions import ApplicationError
from listings.services.build import Selection


class SelectionNotFoundError(ApplicationError):
    status_code = 404


def selection_validate(*, account: SellerAccount, selection: Selection) -> Selection:
    def check(model, ids, name):
        if not ids:
            return
        found = set(model.objects.filter(account=account, pk__in=ids).values_list("pk", flat=True))
        if len(found) != len(set(ids)):
            raise SelectionNotFoundError(f"Unknown {name}.", code="not_found")

    check(ChannelAccount, selection.channel_accounts, "channel account")
    check(Product, selection.products, "product")
    check(Category, selection.categories, "category")
    if selection.skus:
        known = set(Variant.objects.filter(account=account, sku__in=selection.skus).values_list("sku", flat=True))
        unknown = sorted(set(selection.skus) - known)
        if unknown:
            raise ApplicationError(
                "Unknown SKUs.", fields={"skus": [f"Unknown SKU: {', '.join(unknown[:10])}."]}, code="invalid"
            )
    if selection.marketplaces:
        channel_accounts = ChannelAccount.objects.filter(account=account)
        if selection.channel_accounts:
            channel_accounts = channel_accounts.filter(pk__in=selection.channel_accounts)
        enabled = {mp for ca in channel_accounts for mp in ca.marketplaces or []}
        unknown = [mp for mp in selection.marketplaces if mp not in enabled]
        if unknown:
            raise ApplicationError(
                "Unknown marketplace for the channel account.",
                fields={"marketplaces": [f"Not enabled for the chosen channel accounts: {', '.join(unknown)}."]},
            )
    return selection
