"""Amazon: one listing per SKU (Listings Items), a parent SKU per variation family with its
variation theme, product-type attributes through the mapping tables. The attribute values go out in
Amazon's attribute shape ({"value", "marketplace_id"[, "language_tag"]}), which the Amazon mapper
passes through; whether an attribute is localized comes from the cached product type schema."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
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


def _part_number(variant: VariantData, mapping: MappingData, market: Market, present) -> dict[str, list]:
    """part_number (the manufacturer's part number) is the seller's SKU where the product type asks
    for it and no mapping gives one: the seller makes the product."""
    known = set(mapping.requirements.known) if mapping.requirements else set()
    if "part_number" not in known or "part_number" in present:
        return {}
    return {"part_number": [{"value": variant.sku, "marketplace_id": market.marketplace_id}]}


# Hub units -> (Amazon unit name, dimension, size in the dimension's base unit).
UNITS = {
    "mm": ("millimeters", "length", Decimal("0.001")),
    "cm": ("centimeters", "length", Decimal("0.01")),
    "m": ("meters", "length", Decimal(1)),
    "in": ("inches", "length", Decimal("0.0254")),
    "ml": ("milliliters", "volume", Decimal("0.001")),
    "l": ("liters", "volume", Decimal(1)),
    "fl oz": ("fluid_ounces", "volume", Decimal("0.0295735295625")),
    "W": ("watts", "power", Decimal(1)),
    "kW": ("kilowatts", "power", Decimal(1000)),
    "g": ("grams", "weight", Decimal("0.001")),
    "kg": ("kilograms", "weight", Decimal(1)),
}
AMAZON_UNITS = {name: (dimension, size) for name, dimension, size in UNITS.values()} | {
    "feet": ("length", Decimal("0.3048")),
    "yards": ("length", Decimal("0.9144")),
    "cups": ("volume", Decimal("0.2365882365")),
    "quarts": ("volume", Decimal("0.946352946")),
    "milliwatts": ("power", Decimal("0.001")),
    "ounces": ("weight", Decimal("0.028349523125")),
    "pounds": ("weight", Decimal("0.45359237")),
    "milligrams": ("weight", Decimal("0.000001")),
}


def _item_schema(schema: Mapping[str, Any], name: str) -> Mapping[str, Any]:
    return ((schema.get("properties") or {}).get(name) or {}).get("items") or {}


def _measure(value: Any, item: Mapping[str, Any]) -> dict | None:
    """A hub number with a unit in the product type's {value, unit} shape, converted to a unit the
    schema allows when it does not take the hub's (a bracelet's length in cm → inches)."""
    props = item.get("properties") or {}
    if not isinstance(value, Mapping) or "unit" not in props or "value" not in props or value.get("value") is None:
        return None
    allowed = list(props["unit"].get("enum") or [])
    found = UNITS.get(str(value.get("unit") or ""))
    if found is None or not allowed:
        return None
    name, dimension, size = found
    number = Decimal(str(value["value"]))
    if name not in allowed:
        target = next((unit for unit in allowed if AMAZON_UNITS.get(unit, ("",))[0] == dimension), None)
        if target is None:
            return None
        number = (number * size / AMAZON_UNITS[target][1]).quantize(Decimal("0.01"))
        name = target
    return {"value": float(number.normalize()), "unit": name}


def _structured(text: str, constant: Any, item: Mapping[str, Any]) -> dict | None:
    """An attribute without a single `value` (Amazon's shirt_size: size system, class, size): the
    mapped text goes into the required field whose enum holds it, the category mapping's constant of
    the same name gives the fixed fields, and fields the schema fixes to one value are filled in."""
    props = item.get("properties") or {}
    if not props or "value" in props:
        return None
    result = dict(constant) if isinstance(constant, Mapping) else {}
    required = [name for name in item.get("required") or [] if name in props]
    target = next((name for name in required if text in (props[name].get("enum") or [])), None)
    if target is None:
        return None
    result[target] = text
    for name, prop in props.items():
        enum = prop.get("enum") or []
        if name not in result and len(enum) == 1:
            result[name] = enum[0]
    return result


def _typed(text: str, item: Mapping[str, Any]) -> dict | None:
    """A yes/no hub value for a boolean attribute (is_dishwasher_safe) goes as a JSON boolean."""
    kind = ((item.get("properties") or {}).get("value") or {}).get("type")
    if kind == "boolean" and text in ("true", "false"):
        return {"value": text == "true"}
    return None


def _raw_values(product: ProductData, variant: VariantData | None, mapping: MappingData) -> dict[str, Any]:
    values = {}
    for code, target in mapping.attributes.items():
        value = variant.values.get(code) if variant is not None else None
        values[target.target] = value if value is not None else product.values.get(code)
    return values


def _base_attributes(
    product: ProductData, variant: VariantData | None, mapping: MappingData, market: Market
) -> dict[str, Any]:
    schema = mapping.requirements.schema if mapping.requirements else {}
    attributes: dict[str, Any] = {}
    mapped_targets = {target.target for target in mapping.attributes.values()}
    for name, value in mapping.constants.items():
        if isinstance(value, Mapping) and name in mapped_targets:
            continue  # the fixed fields of a structured attribute whose value comes from a mapping
        attributes[name] = _wrap(name, value, market=market, schema=schema)
    raw = _raw_values(product, variant, mapping)
    for name, value in mapped_values(product, variant, mapping).items():
        item = _item_schema(schema, name)
        shaped = (
            _measure(raw.get(name), item)
            or _structured(value, mapping.constants.get(name), item)
            or _typed(value, item)
        )
        attributes[name] = _wrap(name, shaped if shaped is not None else value, market=market, schema=schema)
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
        attributes.update(_part_number(variant, mapping, market, attributes))
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
            sale_price=variant.sale.price if variant.sale else None,
            sale_start=variant.sale.iso(variant.sale.starts_at) if variant.sale else "",
            sale_end=variant.sale.iso(variant.sale.ends_at) if variant.sale else "",
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
