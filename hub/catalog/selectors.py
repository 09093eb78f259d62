from django.db.models import Prefetch, Q, QuerySet

from hub.accounts.models import SellerAccount
from hub.catalog.models import (
    CATEGORY_PATH_SEPARATOR,
    Category,
    Product,
    ProductAttributeValue,
    Variant,
    VariantAttributeValue,
)


def category_with_descendants(*, category: Category) -> Q:
    return Q(category=category) | Q(category__path__startswith=category.path + CATEGORY_PATH_SEPARATOR)


def variant_list(*, account: SellerAccount) -> QuerySet[Variant]:
    return (
        Variant.objects.filter(account=account)
        .select_related("product")
        .prefetch_related(
            Prefetch("attribute_values", VariantAttributeValue.objects.select_related("attribute", "value_option")),
            "images",
        )
    )


def product_list(*, account: SellerAccount) -> QuerySet[Product]:
    return (
        Product.objects.filter(account=account)
        .select_related("category")
        .prefetch_related(
            Prefetch("attribute_values", ProductAttributeValue.objects.select_related("attribute", "value_option")),
            Prefetch(
                "variants",
                Variant.objects.order_by("position", "sku").prefetch_related(
                    Prefetch(
                        "attribute_values", VariantAttributeValue.objects.select_related("attribute", "value_option")
                    )
                ),
            ),
            "images",
        )
    )
