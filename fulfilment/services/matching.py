"""Which catalog variant an order line is: through the listings app's records when it has one
for the line, else by SKU within the seller account."""

from __future__ import annotations

from collections.abc import Iterable

from hub.catalog.models import Variant


def _listing_variant_ids(*, channel_account, marketplace_id: str, skus: Iterable[str]) -> dict[str, int]:  # type: ignore[no-untyped-def]
    try:
        from listings.selectors import listing_variants_for_external  # type: ignore[attr-defined]
    except ImportError:
        pass
    else:
        return listing_variants_for_external(channel_account=channel_account, marketplace_id=marketplace_id, skus=skus)
    try:
        from listings.selectors import listing_for_external  # type: ignore[attr-defined]
    except ImportError:
        return {}
    found: dict[str, int] = {}
    for sku in skus:
        try:
            listing = listing_for_external(channel_account=channel_account, marketplace_id=marketplace_id, sku=sku)
        except (TypeError, LookupError):
            continue
        variant_id = getattr(listing, "variant_id", None) if listing is not None else None
        if variant_id:
            found[sku] = variant_id
    return found


def variants_for_skus(*, account_id: int, channel_account, marketplace_id: str, skus: Iterable[str]) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """{sku: variant id} for the SKUs that are known; unknown ones are missing from the answer."""
    wanted = {sku for sku in skus if sku}
    found = (
        _listing_variant_ids(channel_account=channel_account, marketplace_id=marketplace_id, skus=wanted)
        if (channel_account is not None)
        else {}
    )
    rest = wanted - set(found)
    if rest:
        found.update(Variant.objects.filter(account_id=account_id, sku__in=rest).values_list("sku", "pk"))
    return found
