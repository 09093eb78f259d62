"""Inputs and outputs of the payload builders: plain frozen values, no model instances, so the
builders are pure functions and cheap to test."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from channels.types import ListingPayload
from listings.issues import ListingIssue
from listings.pricing import PriceQuote


@dataclass(frozen=True)
class Content:
    title: str
    description: str = ""
    bullets: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    language_tag: str = ""
    is_held: bool = False
    issues: tuple[ListingIssue, ...] = ()


@dataclass(frozen=True)
class VariantData:
    pk: int
    sku: str
    content: Content
    price: PriceQuote
    quantity: int | None
    gtin: str = ""
    gtin_exempt: bool = False
    # attribute code -> value: str (text / enum option value), bool, or {"value": Decimal, "unit": str}
    values: Mapping[str, Any] = field(default_factory=dict)
    images: tuple[str, ...] = ()
    weight: tuple[Any, str] | None = None  # (value, unit)
    dimensions: tuple[Any, Any, Any, str] | None = None  # (length, width, height, unit)
    enabled: bool = True  # False: the seller delisted it (AliExpress / Wish: left out of the product)
    sale: Sale | None = None  # Amazon: a promotion sent as discounted_price with its schedule


@dataclass(frozen=True)
class Sale:
    """A promotion's price on a marketplace that schedules it itself (Amazon discounted_price)."""

    price: Any  # Money
    starts_at: Any  # datetime (aware)
    ends_at: Any
    promotion_pk: int | None = None

    def iso(self, moment) -> str:
        from datetime import UTC

        return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class ProductData:
    pk: int
    code: str
    brand: str
    category_path: str
    variants: tuple[VariantData, ...]
    values: Mapping[str, Any] = field(default_factory=dict)
    images: tuple[str, ...] = ()
    variation_attributes: tuple[str, ...] = ()  # hub attribute codes the variants differ in
    required_attributes: tuple[str, ...] = ()  # hub attribute codes the category requires


@dataclass(frozen=True)
class AttributeTarget:
    target: str
    value_map: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Requirements:
    """What the marketplace needs for the target (an Amazon product type's cached definition)."""

    required: tuple[str, ...] = ()
    known: tuple[str, ...] = ()
    schema: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class MappingData:
    target: str  # product type / category id; "" = unmapped
    variation_theme: str = ""
    constants: Mapping[str, Any] = field(default_factory=dict)
    attributes: Mapping[str, AttributeTarget] = field(default_factory=dict)
    requirements: Requirements | None = None


@dataclass(frozen=True)
class Market:
    family: str
    marketplace_id: str
    currency: str
    language_tag: str
    options: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Built:
    """One buildable unit: a variant's listing, or a parent (Amazon parent SKU / AliExpress or Wish
    product). `payload` is None when a blocking issue stops it."""

    sku: str
    payload: ListingPayload | None
    issues: tuple[ListingIssue, ...] = ()
    variant_pk: int | None = None


@dataclass(frozen=True)
class BuiltFamily:
    parent: Built
    children: tuple[Built, ...]
    # Amazon sends each child on its own (the parent too when there are several variants);
    # AliExpress and Wish send the parent, which carries the children as variations.
    children_sent_alone: bool
