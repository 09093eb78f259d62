"""Amazon: one listing per SKU (Listings Items), a parent SKU per variation family with its
variation theme, product-type attributes through the mapping tables. The attribute values go out in
Amazon's attribute shape ({"value", "marketplace_id"[, "language_tag"]}), which the Amazon mapper
passes through; whether an attribute is localized comes from the cached product type schema."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from channels.types import ListingPayload
from listings.builders.common import content_issues, mapped_values, unmapped_category
from listings.builders.types import Built, BuiltFamily, MappingData, Market, ProductData, VariantData
from listings.issues import ListingIssue

# Attributes the Amazon mapper fills from the canonical payload fields.
CANONICAL = frozenset(
    {
        "item_name",
        "product_description",
        "bullet_point",
        "generic_keyword",
        "brand",
        "condition_type",
        "main_product_image_locator",
        "purchasable_offer",
        "fulfillment_availability",
    }
)
GTIN_TYPES = {8: "ean", 12: "upc", 13: "ean", 14: "gtin"}


def _localized(schema: Mapping[str, Any], name: str) -> bool:
    prop = (schema.get("properties") or {}).get(name) or {}
    items = prop.get("items") or {}
    return "language_tag" in (items.get("properties") or {})


def _wrap(name: str, value: Any, *, market: Market, schema: Mapping[str, Any]) -> list[dict]:
    if isinstance(value, list):
        return value
    if isinstance(value, dict):
        return [{**value, "marketplace_id": market.marketplace_id}]
    entry: dict[str, Any] = {"value": value, "marketplace_id": market.marketplace_id}
    if _localized(schema, name) and market.language_tag:
        entry["language_tag"] = market.language_tag
    return [entry]


def _identity(variant: VariantData, market: Market) -> dict[str, list]:
    mp = market.marketplace_id
    if variant.gtin:
        kind = GTIN_TYPES.get(len(variant.gtin), "ean")
        return {"externally_assigned_product_identifier": [{"type": kind, "value": variant.gtin, "marketplace_id": mp}]}
    if variant.gtin_exempt:
        return {"supplier_declared_has_product_identifier_exemption": [{"value": True, "marketplace_id": mp}]}
    return {}


LENGTH_UNITS = {"mm": "millimeters", "cm": "centimeters", "m": "meters", "in": "inches"}


def _measures(variant: VariantData, mapping: MappingData, market: Market, present) -> dict[str, list]:
    """item_dimensions from the variant's own measures, when the product type has it."""
    known = set(mapping.requirements.known) if mapping.requirements else set()
    if "item_dimensions" not in known or "item_dimensions" in present or not variant.dimensions:
        return {}
    length, width, height, unit = variant.dimensions
    if None in (length, width, height) or unit not in LENGTH_UNITS:
        return {}
    name = LENGTH_UNITS[unit]

    def side(value) -> dict:
        return {"value": float(value), "unit": name}

    return {
        "item_dimensions": [
            {
                "length": side(length),
                "width": side(width),
                "height": side(height),
                "marketplace_id": market.marketplace_id,
            }
        ]
    }


def _list_price(variant: VariantData, mapping: MappingData, market: Market, present) -> dict[str, list]:
    """list_price (the regular price, before any promotion) where the product type asks for it."""
    known = set(mapping.requirements.known) if mapping.requirements else set()
    regular = variant.price.regular
    if "list_price" not in known or "list_price" in present or regular is None:
        return {}
    return {
        "list_price": [
            {"value": float(regular.amount), "currency": regular.currency, "marketplace_id": market.marketplace_id}
        ]
    }


def _bullets(content) -> tuple[str, ...]:
    """Amazon wants bullet points; without any, the description's sentences stand in (up to five)."""
    if content.bullets:
        return content.bullets
    sentences = [part.strip() for part in content.description.replace("\n", " ").split(". ") if part.strip()]
    return tuple(sentence.rstrip(".") + "." for sentence in sentences[:5])


def _missing_required(attributes: Mapping[str, Any], mapping: MappingData, *, parent: bool) -> list[ListingIssue]:
    if mapping.requirements is None:
        return []
    present = set(attributes) | CANONICAL
    issues = []
    for name in mapping.requirements.required:
        if name in present:
            continue
        if parent and name in ("externally_assigned_product_identifier", "merchant_suggested_asin"):
            continue
        issues.append(
            ListingIssue(
                code="unmapped_required_attribute",
                message=(
                    f"{mapping.target} requires '{name}': map a hub attribute to it or give it a constant "
                    "in the category mapping."
                ),
                attribute=name,
                blocking=True,
            )
        )
    return issues


def _base_attributes(
    product: ProductData, variant: VariantData | None, mapping: MappingData, market: Market
) -> dict[str, Any]:
    schema = mapping.requirements.schema if mapping.requirements else {}
    attributes: dict[str, Any] = {}
    for name, value in mapping.constants.items():
        attributes[name] = _wrap(name, value, market=market, schema=schema)
    for name, value in mapped_values(product, variant, mapping).items():
        attributes[name] = _wrap(name, value, market=market, schema=schema)
    return attributes


def build(product: ProductData, mapping: MappingData, market: Market) -> BuiltFamily:
    mp = market.marketplace_id
    family_size = len(product.variants)
    has_parent = family_size > 1
    children = []
    if not mapping.target:
        issue = unmapped_category(product, "Amazon")
        children = tuple(Built(sku=v.sku, payload=None, issues=(issue,), variant_pk=v.pk) for v in product.variants)
        return BuiltFamily(
            parent=Built(sku=product.code, payload=None, issues=(issue,)), children=children, children_sent_alone=True
        )
    for variant in product.variants:
        issues = content_issues(variant.content) + list(variant.price.issues)
        attributes = _base_attributes(product, variant, mapping, market)
        attributes.update(_identity(variant, market))
        attributes.update(_measures(variant, mapping, market, attributes))
        attributes.update(_list_price(variant, mapping, market, attributes))
        if has_parent:
            attributes["parentage_level"] = [{"value": "child", "marketplace_id": mp}]
            attributes["child_parent_sku_relationship"] = [
                {"child_relationship_type": "variation", "parent_sku": product.code, "marketplace_id": mp}
            ]
            if mapping.variation_theme:
                attributes["variation_theme"] = [{"name": mapping.variation_theme}]
        if has_parent and not mapping.variation_theme:
            issues.append(
                ListingIssue(
                    code="missing_variation_theme",
                    message=f"{product.code} has {family_size} variants: the category mapping needs a variation theme.",
                    attribute="variation_theme",
                    blocking=True,
                )
            )
        if not variant.gtin and not variant.gtin_exempt:
            issues.append(
                ListingIssue(
                    code="missing_gtin",
                    message="Amazon needs a GTIN or a GTIN exemption for a new product.",
                    attribute="externally_assigned_product_identifier",
                    blocking=True,
                )
            )
        issues.extend(_missing_required(attributes, mapping, parent=False))
        payload = ListingPayload(
            sku=variant.sku,
            marketplace_id=mp,
            title=variant.content.title,
            price=variant.price.price,  # None while a rate blocks pricing (the issue says why)
            quantity=variant.quantity,
            locale=market.language_tag,
            description=variant.content.description,
            bullet_points=_bullets(variant.content),
            keywords=variant.content.keywords,
            brand=product.brand,
            images=variant.images or product.images,
            product_type=mapping.target,
            attributes=attributes,
        )
        children.append(Built(sku=variant.sku, payload=payload, issues=tuple(issues), variant_pk=variant.pk))
    if not has_parent:
        return BuiltFamily(
            parent=Built(sku=product.code, payload=None), children=tuple(children), children_sent_alone=True
        )
    first = product.variants[0].content
    attributes = _base_attributes(product, None, mapping, market)
    attributes["parentage_level"] = [{"value": "parent", "marketplace_id": mp}]
    attributes["child_parent_sku_relationship"] = [{"child_relationship_type": "variation", "marketplace_id": mp}]
    if mapping.variation_theme:
        attributes["variation_theme"] = [{"name": mapping.variation_theme}]
    # Attributes the product type requires everywhere but the variants carry (colour, size...): the
    # parent takes its first child's, as Seller Central's templates do.
    if mapping.requirements is not None and children and children[0].payload is not None:
        for name in mapping.requirements.required:
            if name not in attributes and name in children[0].payload.attributes:
                attributes[name] = children[0].payload.attributes[name]
    parent_issues = content_issues(first) + _missing_required(attributes, mapping, parent=True)
    parent = ListingPayload(
        sku=product.code,
        marketplace_id=mp,
        title=first.title,
        price=None,  # a parent is not buyable: no offer
        quantity=None,
        locale=market.language_tag,
        description=first.description,
        bullet_points=_bullets(first),
        keywords=first.keywords,
        brand=product.brand,
        images=product.images,
        product_type=mapping.target,
        attributes=attributes,
    )
    return BuiltFamily(
        parent=Built(sku=product.code, payload=parent, issues=tuple(parent_issues)),
        children=tuple(children),
        children_sent_alone=True,
    )
