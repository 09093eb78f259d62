"""Receivers: listings follow the stock ledger, and rebuild what the catalog, its texts or a
promotion changed (listings.services.build_inputs)."""

from __future__ import annotations


def stock_changed_received(sender, *, account_id: int, variant_ids, **kwargs) -> None:
    from listings.services.quantity_push import quantity_mark_dirty

    quantity_mark_dirty(account_id=account_id, variant_ids=variant_ids)


def products_changed_received(sender, *, product_ids, **kwargs) -> None:
    from listings.services.build_inputs import products_mark_changed

    products_mark_changed(product_ids)


def product_row_changed(sender, instance, raw: bool = False, **kwargs) -> None:
    """A product, variant, value, image, source text or translation saved or deleted."""
    from hub.catalog.models import Product, Variant, VariantAttributeValue
    from listings.services.build_inputs import products_mark_changed

    if raw:
        return
    if isinstance(instance, Product):
        product_ids = [instance.pk]
    elif isinstance(instance, VariantAttributeValue):
        product_ids = list(Variant.objects.filter(pk=instance.variant_id).values_list("product_id", flat=True))
    else:
        product_ids = [instance.product_id]
    products_mark_changed(product_ids)


def promotion_changed(sender, instance, raw: bool = False, **kwargs) -> None:
    """The products a promotion covers now, and those it priced before (an edit may narrow it)."""
    from hub.catalog.models import Product, Variant
    from hub.catalog.selectors import category_with_descendants
    from listings.models import Listing
    from listings.services.build_inputs import products_mark_changed

    if raw:
        return
    product_ids = set(
        Listing.objects.filter(promotion_id=instance.pk).values_list("variant__product_id", flat=True).distinct()
    )
    if instance.skus:
        product_ids |= set(
            Variant.objects.filter(account_id=instance.account_id, sku__in=instance.skus).values_list(
                "product_id", flat=True
            )
        )
    if instance.category_id:
        in_category = category_with_descendants(category=instance.category)
        products = Product.objects.filter(in_category, account_id=instance.account_id)
        product_ids |= set(products.values_list("pk", flat=True))
    products_mark_changed(product_ids)
