"""The product types the sandbox serves through the Product Type Definitions API and validates
listings against."""

from infra.sandboxes.amazon.product_types.apparel_luggage import LUGGAGE, PRODUCT, SHIRT
from infra.sandboxes.amazon.product_types.bracelet import BRACELET
from infra.sandboxes.amazon.product_types.builder import ProductType
from infra.sandboxes.amazon.product_types.more import MORE_TYPES

PRODUCT_TYPES: dict[str, ProductType] = {pt.name: pt for pt in (BRACELET, SHIRT, LUGGAGE, PRODUCT, *MORE_TYPES)}
