"""Building blocks for the sandbox's product type schemas, in the form of Amazon's product type
meta-schema: every attribute is an array of objects, each object carrying the value(s) plus the
`marketplace_id` / `language_tag` it applies to; `selectors` name what makes an item unique and
`minUniqueItems`/`maxUniqueItems` bound how many items share those; leaf values carry `editable`,
`hidden`, `enumNames`, `maxUtf8ByteLength`. Requirements that depend on other attributes are
`allOf` if/then rules, as in Amazon's own schemas.

A product type is a `ProductType`: attribute factories (called per marketplace, so currencies
and defaults fit it), the always-required attributes, the conditional rules, property groups and
which attributes are offer (sales terms) attributes. `schema()` renders one for a marketplace,
a requirements set (LISTING / LISTING_PRODUCT_ONLY / LISTING_OFFER_ONLY) and enforcement.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field

from infra.sandboxes.amazon.store import Marketplace

META_SCHEMA_ID = "https://schemas.amazon.com/selling-partners/definitions/product-types/meta-schema/v1"
MP = {"$ref": "#/$defs/marketplace_id"}
LANG = {"$ref": "#/$defs/language_tag"}

# --- attribute shapes ------------------------------------------------------------------------------


def _leaf(kind: str, *, editable: bool = True, hidden: bool = False, **limits) -> dict:
    return {"editable": editable, "hidden": hidden, "type": kind, **{k: v for k, v in limits.items() if v is not None}}


def _enum(values: list, names: list[str] | None = None) -> dict:
    return {"enum": list(values), "enumNames": list(names or [str(v) for v in values])}


def attribute(
    title: str,
    description: str,
    item: dict,
    *,
    selectors: list[str],
    max_values: int = 1,
    required_fields: list[str] | None = None,
) -> dict:
    """An attribute: an array of items; `max_values` per combination of selector values."""
    return {
        "title": title,
        "description": description,
        "type": "array",
        "minItems": 1,
        "minUniqueItems": 1,
        "maxUniqueItems": max_values,
        "selectors": selectors,
        "items": {
            "type": "object",
            "required": required_fields or [],
            "properties": item,
            "additionalProperties": False,
        },
    }


def text(
    title: str,
    description: str,
    *,
    max_length: int | None = None,
    min_length: int | None = None,
    max_bytes: int | None = None,
    suggestions: list[str] | None = None,
    localized: bool = True,
    max_values: int = 1,
    value_required: bool = True,
    editable: bool = True,
) -> dict:
    """Free text, optionally with suggested values (anyOf string | enum: anything is accepted)."""
    value = _leaf("string", editable=editable, minLength=min_length, maxLength=max_length, maxUtf8ByteLength=max_bytes)
    value["title"] = title
    if suggestions:
        value["anyOf"] = [{"type": "string"}, {"type": "string", **_enum(suggestions)}]
    item = {"value": value, "marketplace_id": MP}
    selectors = ["marketplace_id"]
    required = ["value"] if value_required else []
    if localized:
        item["language_tag"] = LANG
        selectors.append("language_tag")
        required = ["language_tag", *required]
    return attribute(title, description, item, selectors=selectors, max_values=max_values, required_fields=required)


def choice(
    title: str,
    description: str,
    values: list,
    names: list[str] | None = None,
    *,
    max_values: int = 1,
    editable: bool = True,
) -> dict:
    """A closed list: only the enum values are accepted."""
    kind = "boolean" if all(isinstance(v, bool) for v in values) else "string"
    value = {**_leaf(kind, editable=editable), "title": title, **_enum(values, names)}
    return attribute(
        title,
        description,
        {"value": value, "marketplace_id": MP},
        selectors=["marketplace_id"],
        max_values=max_values,
        required_fields=["value"],
    )


def yes_no(title: str, description: str) -> dict:
    return choice(title, description, [False, True], ["No", "Yes"])


def integer(title: str, description: str, *, minimum: int = 0, maximum: int | None = None) -> dict:
    value = {**_leaf("integer", minimum=minimum, maximum=maximum), "title": title}
    return attribute(
        title,
        description,
        {"value": value, "marketplace_id": MP},
        selectors=["marketplace_id"],
        required_fields=["value"],
    )


def measure(
    title: str,
    description: str,
    units: list[str],
    *,
    minimum: float | None = 0,
    exclusive_minimum: float | None = None,
    maximum: float | None = None,
) -> dict:
    """A number with a unit: {value, unit}."""
    value = _leaf("number", minimum=minimum, exclusiveMinimum=exclusive_minimum, maximum=maximum)
    unit = {**_leaf("string"), **_enum(units, [u.replace("_", " ").title() for u in units])}
    return attribute(
        title,
        description,
        {"value": value, "unit": unit, "marketplace_id": MP},
        selectors=["marketplace_id"],
        required_fields=["unit", "value"],
    )


def dimensions(title: str, description: str, units: list[str]) -> dict:
    def side() -> dict:
        return {
            "type": "object",
            "required": ["unit", "value"],
            "additionalProperties": False,
            "properties": {
                "value": _leaf("number", minimum=0, maximum=1_000_000),
                "unit": {**_leaf("string"), **_enum(units, [u.title() for u in units])},
            },
        }

    item = {"length": side(), "width": side(), "height": side(), "marketplace_id": MP}
    return attribute(
        title, description, item, selectors=["marketplace_id"], required_fields=["height", "length", "width"]
    )


def money(title: str, description: str, marketplace: Marketplace) -> dict:
    """{value, currency}: the currency is the marketplace's own."""
    currency = {**_leaf("string", editable=False, hidden=True), **_enum([marketplace.currency])}
    value = _leaf("number", minimum=0, multipleOf=1 if marketplace.currency == "JPY" else 0.01)
    return attribute(
        title,
        description,
        {"value": value, "currency": currency, "marketplace_id": MP},
        selectors=["marketplace_id", "currency"],
        required_fields=["currency", "value"],
    )


def image(title: str, description: str) -> dict:
    location = _leaf("string", format="uri", pattern="^(https?|s3)://")
    return attribute(
        title,
        description,
        {"media_location": location, "marketplace_id": MP},
        selectors=["marketplace_id"],
        required_fields=["media_location"],
    )


# --- rules -------------------------------------------------------------------------------------------


def has_value(attribute_name: str, values: list, *, key: str = "value") -> dict:
    """The attribute is present and one of its items has `key` in `values`."""
    return {
        "required": [attribute_name],
        "properties": {attribute_name: {"contains": {"required": [key], "properties": {key: {"enum": values}}}}},
    }


def is_set(attribute_name: str, key: str = "value") -> dict:
    return {"required": [attribute_name], "properties": {attribute_name: {"items": {"required": [key]}}}}


NOT_A_PARENT = {"not": has_value("parentage_level", ["parent"])}
NO_OFFER_SKIPPED = {"not": has_value("skip_offer", [True])}


def variation_child_with(themes: list[str]) -> dict:
    """A child of a variation family (has a parent SKU, is not itself a parent) with one of these themes."""
    return {
        "allOf": [
            is_set("child_parent_sku_relationship", "parent_sku"),
            NOT_A_PARENT,
            has_value("variation_theme", themes, key="name"),
        ]
    }


def requires(condition: dict, *names: str) -> dict:
    return {"if": condition, "then": {"required": list(names)}}


# --- product types -----------------------------------------------------------------------------------


@dataclass
class ProductType:
    name: str
    display_name: str
    keywords: list[str]
    attributes: Callable[[Marketplace], dict[str, dict]]
    groups: dict[str, tuple[str, list[str]]]  # group -> (title, attribute names)
    required: list[str] = field(default_factory=list)
    rules: Callable[[Marketplace], list[dict]] = lambda _m: []
    offer_attributes: set[str] = field(default_factory=set)
    identity_attributes: set[str] = field(default_factory=set)
    version: str = "U1"

    def kept_attributes(self, requirements: str, names: list[str]) -> list[str]:
        if requirements == "LISTING_PRODUCT_ONLY":
            return [n for n in names if n not in self.offer_attributes]
        if requirements == "LISTING_OFFER_ONLY":
            return [n for n in names if n in self.offer_attributes or n in self.identity_attributes]
        return names

    def schema(
        self,
        marketplace: Marketplace,
        *,
        requirements: str = "LISTING",
        enforced: bool = True,
        locale: str | None = None,
    ) -> dict:
        everything = self.attributes(marketplace)
        kept = self.kept_attributes(requirements, list(everything))
        properties = {name: everything[name] for name in kept}
        rules = [rule for rule in self.rules(marketplace) if _mentions(rule) <= set(kept)]
        required = [name for name in self.required if name in kept] if requirements != "LISTING_OFFER_ONLY" else []
        if not enforced:
            rules = [stripped for rule in rules if (stripped := _without_requirements(rule))]
            required = []
        language = locale or marketplace.locale
        schema = {
            "$schema": META_SCHEMA_ID,
            "$id": f"https://schemas.amazon.com/selling-partners/definitions/product-types/schema/v1/{self.name}",
            "$comment": f"Amazon product type definition for {self.name} (sandbox, {marketplace.code}, {requirements})",
            "$defs": {
                "marketplace_id": {
                    "default": marketplace.id,
                    "editable": False,
                    "hidden": True,
                    "examples": [marketplace.name],
                    "type": "string",
                    "anyOf": [{"type": "string"}, {"type": "string", **_enum([marketplace.id], [marketplace.name])}],
                },
                "language_tag": {
                    "default": language,
                    "editable": False,
                    "hidden": True,
                    "examples": [language],
                    "type": "string",
                    "anyOf": [{"type": "string"}, {"type": "string", **_enum([language])}],
                },
            },
            "type": "object",
            "required": required,
            "properties": properties,
            "additionalProperties": False,
        }
        if rules:
            schema["allOf"] = rules
        return schema

    def property_groups(self, requirements: str = "LISTING") -> dict:
        groups = {}
        for key, (title, names) in self.groups.items():
            kept = self.kept_attributes(requirements, names)
            if kept:
                groups[key] = {"title": title, "description": title, "propertyNames": kept}
        return groups


def _mentions(rule: dict) -> set[str]:
    """Attribute names a rule constrains (in `required` lists and `properties` keys at the root,
    outside its conditions: a condition on an absent attribute still reads sensibly)."""
    names: set[str] = set()

    def walk(node: object, root: bool) -> None:
        if isinstance(node, list):
            for child in node:
                walk(child, root)
        elif isinstance(node, dict):
            if root:
                names.update(node.get("required", []))
                names.update((node.get("properties") or {}).keys())
            for key, child in node.items():
                if key in ("allOf", "anyOf", "oneOf", "not", "then", "else"):
                    walk(child, root)

    walk(rule, True)
    return names


def _without_requirements(rule: dict) -> dict | None:
    """The rule minus what makes attributes required (for requirementsEnforced=NOT_ENFORCED)."""
    rule = json.loads(json.dumps(rule))
    if "allOf" in rule and "if" not in rule:
        kept = [r for child in rule["allOf"] if (r := _without_requirements(child))]
        return {"allOf": kept} if kept else None
    for branch in ("then", "else"):
        if branch in rule:
            rule[branch].pop("required", None)
            if isinstance(rule[branch].get("allOf"), list) or "if" in rule[branch]:
                inner = _without_requirements(rule[branch])
                rule[branch] = inner or {}
            if not rule[branch]:
                rule.pop(branch)
    if "if" in rule and "then" not in rule and "else" not in rule:
        return None
    if "if" not in rule:
        rule.pop("required", None)
        return rule or None
    return rule
