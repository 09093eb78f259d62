"""Writes to the catalog: categories, attributes, products, variants and images (one module each)."""

from hub.catalog.services.attributes import (
    attribute_create,
    attribute_delete,
    attribute_update,
    category_attribute_set,
)
from hub.catalog.services.categories import (
    category_create,
    category_delete,
    category_placement,
    category_update,
)
from hub.catalog.services.images import (
    IMAGE_FORMATS,
    product_image_add,
    product_image_delete,
    product_images_reorder,
)
from hub.catalog.services.products import (
    product_create,
    product_delete,
    product_update,
    variant_create,
    variant_delete,
    variant_update,
)

__all__ = [
    "IMAGE_FORMATS",
    "attribute_create",
    "attribute_delete",
    "attribute_update",
    "category_attribute_set",
    "category_create",
    "category_delete",
    "category_placement",
    "category_update",
    "product_create",
    "product_delete",
    "product_image_add",
    "product_image_delete",
    "product_images_reorder",
    "product_update",
    "variant_create",
    "variant_delete",
    "variant_update",
]
