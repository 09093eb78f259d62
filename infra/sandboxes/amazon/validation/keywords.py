"""JSON Schema 2019-09 plus the validating keywords of Amazon's product type meta-schema.

Amazon's product type schemas declare `$schema` = the Amazon meta-schema, which extends 2019-09
with a vocabulary of its own. Four of its keywords validate:

- `maxUniqueItems` / `minUniqueItems`: array items are grouped by the values of the properties
  named in `selectors`; no group may hold more (fewer) items than the limit.
- `maxUtf8ByteLength` / `minUtf8ByteLength`: a string's length in UTF-8 bytes.

`editable`, `hidden`, `enumNames`, `selectors` alone and `$lifecycle` only inform. The meta-schema
URI is an identifier, not an address, so a local copy is registered for `$ref`s to it.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft201909Validator, ValidationError, validators
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT201909

META_SCHEMA_ID = "https://schemas.amazon.com/selling-partners/definitions/product-types/meta-schema/v1"
META_SCHEMA_PATH = Path(__file__).resolve().parent.parent / "data" / "product-type-meta-schema-v1.json"


def _selector_key(item: Any, selectors: list[str]) -> str:
    if not isinstance(item, dict):
        return json.dumps(item, sort_keys=True)
    return json.dumps([item.get(name) for name in selectors], sort_keys=True, ensure_ascii=False)


def _unique_groups(instance: list, schema: dict) -> Counter:
    selectors = schema.get("selectors") or []
    return Counter(_selector_key(item, selectors) for item in instance)


def max_unique_items(validator, limit: int, instance: Any, schema: dict) -> Iterator[ValidationError]:
    if not validator.is_type(instance, "array"):
        return
    for key, count in _unique_groups(instance, schema).items():
        if count > limit:
            selectors = schema.get("selectors") or []
            yield ValidationError(
                f"{count} items share the selector values {key} of {selectors}; at most {limit} allowed"
            )


def min_unique_items(validator, limit: int, instance: Any, schema: dict) -> Iterator[ValidationError]:
    if not validator.is_type(instance, "array") or not instance:
        return
    for key, count in _unique_groups(instance, schema).items():
        if count < limit:
            yield ValidationError(f"only {count} items share the selector values {key}; at least {limit} needed")


def max_utf8_byte_length(validator, limit: int, instance: Any, schema: dict) -> Iterator[ValidationError]:
    if validator.is_type(instance, "string") and len(instance.encode("utf-8")) > limit:
        yield ValidationError(f"{instance!r} is longer than {limit} UTF-8 bytes")


def min_utf8_byte_length(validator, limit: int, instance: Any, schema: dict) -> Iterator[ValidationError]:
    if validator.is_type(instance, "string") and len(instance.encode("utf-8")) < limit:
        yield ValidationError(f"{instance!r} is shorter than {limit} UTF-8 bytes")


def multiple_of(validator, step: float, instance: Any, schema: dict) -> Iterator[ValidationError]:
    """multipleOf in decimal arithmetic, as Amazon checks it: 70.99 is a multiple of 0.01 (binary
    floating point says otherwise)."""
    if not validator.is_type(instance, "number"):
        return
    if Decimal(str(instance)) % Decimal(str(step)) != 0:
        yield ValidationError(f"{instance!r} is not a multiple of {step}")


AmazonSchemaValidator = validators.extend(
    Draft201909Validator,
    validators={
        "maxUniqueItems": max_unique_items,
        "minUniqueItems": min_unique_items,
        "maxUtf8ByteLength": max_utf8_byte_length,
        "minUtf8ByteLength": min_utf8_byte_length,
        "multipleOf": multiple_of,
    },
)


@cache
def meta_schema() -> dict:
    return json.loads(META_SCHEMA_PATH.read_text())


@cache
def registry() -> Registry:
    """The Amazon meta-schema under its URI (the 2019-09 meta-schemas it builds on come with
    jsonschema's own bundled specifications)."""
    resource = Resource.from_contents(meta_schema(), default_specification=DRAFT201909)
    return Registry().with_resource(META_SCHEMA_ID, resource)


def schema_validator(schema: dict) -> AmazonSchemaValidator:
    """Formats are asserted, as Amazon's validator does (its price schedules are oneOf date |
    date-time, which only format checking tells apart)."""
    return AmazonSchemaValidator(schema, registry=registry(), format_checker=AmazonSchemaValidator.FORMAT_CHECKER)


def meta_schema_errors(schema: dict) -> list[ValidationError]:
    """Check a product type schema against the Amazon meta-schema (as Amazon's samples do)."""
    checker = Draft201909Validator(meta_schema(), registry=registry())
    return list(checker.iter_errors(schema))
