"""Pre-flight checks: what the marketplace would refuse, found before spending a call. Each
problem is a listing issue; blocking ones keep the listing out of the plan's work."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
from django.conf import settings

from channels.types import ListingPayload
from listings.issues import ListingIssue

LIMITS_FILE = Path(__file__).resolve().parent / "data" / "limits.json"


@cache
def _default_limits() -> dict[str, dict[str, Any]]:
    data = json.loads(LIMITS_FILE.read_text(encoding="utf-8"))
    return {key: value for key, value in data.items() if not key.startswith("_")}


def limits_for(family: str) -> dict[str, Any]:
    return {**_default_limits().get(family, {}), **(getattr(settings, "LISTINGS_LIMITS", {}) or {}).get(family, {})}


def _too_long(text: str, limit: int | None, attribute: str, what: str) -> list[ListingIssue]:
    if limit and len(text) > limit:
        return [
            ListingIssue(
                code="too_long",
                message=f"The {what} has {len(text)} characters; the marketplace allows {limit}.",
                attribute=attribute,
                blocking=True,
            )
        ]
    return []


def check_sku(sku: str, family: str) -> list[ListingIssue]:
    limits = limits_for(family)
    issues = _too_long(sku, limits.get("sku"), "sku", "SKU")
    forbidden = [char for char in limits.get("sku_forbidden", "") if char in sku]
    if forbidden:
        issues.append(
            ListingIssue(
                code="invalid_sku",
                message=f"The SKU contains characters the marketplace refuses: {''.join(forbidden)!r}.",
                attribute="sku",
                blocking=True,
            )
        )
    return issues


def check_payload(payload: ListingPayload, family: str, *, parent: bool = False) -> list[ListingIssue]:
    limits = limits_for(family)
    issues = _too_long(payload.title, limits.get("title"), "title", "title")
    issues += _too_long(payload.description, limits.get("description"), "description", "description")
    for bullet in payload.bullet_points:
        issues += _too_long(bullet, limits.get("bullet"), "bullet_point", "bullet point")
    if limits.get("bullets") and len(payload.bullet_points) > limits["bullets"]:
        issues.append(
            ListingIssue(
                code="too_many",
                message=f"{len(payload.bullet_points)} bullet points; at most {limits['bullets']} are sent.",
                attribute="bullet_point",
                severity="WARNING",
            )
        )
    if limits.get("keywords") and len(payload.keywords) > limits["keywords"]:
        issues.append(
            ListingIssue(
                code="too_many",
                message=f"{len(payload.keywords)} keywords; at most {limits['keywords']} are sent.",
                attribute="keywords",
                severity="WARNING",
            )
        )
    if limits.get("images") and len(payload.images) > limits["images"]:
        issues.append(
            ListingIssue(
                code="too_many",
                message=f"{len(payload.images)} images; the first {limits['images']} are sent.",
                attribute="images",
                severity="WARNING",
            )
        )
    if parent and family != "amazon" and len(payload.images) < limits.get("min_images", 0):
        # AliExpress and Wish take images on the product (the variants' payloads carry none).
        issues.append(ListingIssue(code="missing_image", message="No image.", attribute="images", blocking=True))
    for variation in payload.variations:
        issues += check_sku(variation.sku, family)
    if not payload.variations:
        issues += check_sku(payload.sku, family)
    return issues


# --- Amazon product type schema ---------------------------------------------------------------------


def _multiple_of(validator, step, instance: Any, schema) -> Iterator[jsonschema.ValidationError]:
    """multipleOf in decimal arithmetic, as Amazon checks it (70.99 is a multiple of 0.01; binary
    floating point says otherwise)."""
    if validator.is_type(instance, "number") and Decimal(str(instance)) % Decimal(str(step)) != 0:
        yield jsonschema.ValidationError(f"{instance!r} is not a multiple of {step}")


class _SchemaCheck:
    """One product type schema, checked attribute by attribute: each top-level property's value is
    validated alone against its subschema (what the `properties` keyword does) and remembered, as
    variants and marketplaces repeat most values (brand, bullets, item type); the other top-level
    keywords (required, allOf / if-then, …) run on the whole instance. A schema whose top level
    makes properties depend on each other otherwise (unevaluatedProperties, patternProperties,
    a non-boolean additionalProperties) is validated whole, as is an instance with properties the
    schema does not name."""

    MEMO_LIMIT = 100_000

    def __init__(self, schema: Mapping[str, Any]) -> None:
        cls = jsonschema.validators.validator_for(schema, default=jsonschema.Draft201909Validator)
        cls = jsonschema.validators.extend(cls, validators={"multipleOf": _multiple_of})
        # Formats are asserted, as Amazon does: its schedules are oneOf date | date-time.
        self.whole = cls(schema, format_checker=cls.FORMAT_CHECKER)
        self.properties: Mapping[str, Any] = schema.get("properties") or {}
        self.closed = schema.get("additionalProperties") is False
        self.splittable = (
            isinstance(self.properties, Mapping)
            and "unevaluatedProperties" not in schema
            and "patternProperties" not in schema
            and isinstance(schema.get("additionalProperties", True), bool)
        )
        rest = {key: value for key, value in schema.items() if key not in ("properties", "additionalProperties")}
        self.rest = cls(rest, format_checker=cls.FORMAT_CHECKER)
        self.memo: dict[tuple[str, str], list[jsonschema.ValidationError]] = {}

    def errors(self, instance: dict[str, Any]) -> list[jsonschema.ValidationError]:
        if not self.splittable or (self.closed and any(name not in self.properties for name in instance)):
            return list(self.whole.iter_errors(instance))
        found = list(self.rest.iter_errors(instance))
        for name, value in instance.items():
            subschema = self.properties.get(name)
            if subschema is None:
                continue
            key = (name, json.dumps(value, sort_keys=True, default=str))
            if key not in self.memo:
                if len(self.memo) >= self.MEMO_LIMIT:
                    self.memo.clear()
                self.memo[key] = list(self.whole.descend(value, subschema, path=name, schema_path=name))
            found.extend(self.memo[key])
        return found


_checks: dict[int, tuple[Mapping[str, Any], _SchemaCheck]] = {}


def _check_for(schema: Mapping[str, Any]) -> _SchemaCheck:
    """By identity: a build passes the same cached schema object for every listing of a product
    type (serialising it per listing to find it cost more than checking)."""
    held = _checks.get(id(schema))
    if held is None or held[0] is not schema:
        if len(_checks) > 16:
            _checks.clear()
        held = _checks[id(schema)] = (schema, _SchemaCheck(schema))
    return held[1]


def check_amazon_schema(attributes: Mapping[str, Any], schema: Mapping[str, Any]) -> list[ListingIssue]:
    """The attributes (as the Amazon adapter sends them) against the cached product type schema:
    JSON Schema plus Amazon's keywords, which a standard validator ignores (the marketplace still
    checks those)."""
    if not schema:
        return []
    errors = _check_for(schema).errors(dict(attributes))
    issues = []
    for error in sorted(errors, key=lambda e: ([str(p) for p in e.path], str(e.validator), e.message))[:20]:
        path = [str(part) for part in error.absolute_path]
        attribute = path[0] if path else ""
        if error.validator == "required" and not path:
            missing = error.message.split("'")[1] if "'" in error.message else ""
            attribute = missing
        issues.append(
            ListingIssue(
                code="schema_" + str(error.validator),
                message=error.message[:300],
                attribute=attribute,
                blocking=True,
            )
        )
    return issues
