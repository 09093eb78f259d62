"""Validate a listing submission the way putListingsItem / patchListingsItem / JSON_LISTINGS_FEED
do: against the product type's schema for the marketplace and requirements set, answering
Amazon-shaped issues. Also applies listing patches (add / replace / merge / delete)."""

from __future__ import annotations

import copy
import re
from functools import lru_cache

from infra.sandboxes.amazon.product_types import PRODUCT_TYPES
from infra.sandboxes.amazon.store import MARKETPLACES
from infra.sandboxes.amazon.validation.issues import UNKNOWN_PRODUCT_TYPE, issue, issues_from_errors
from infra.sandboxes.amazon.validation.keywords import AmazonSchemaValidator, schema_validator

REQUIREMENTS = ("LISTING", "LISTING_PRODUCT_ONLY", "LISTING_OFFER_ONLY")
PATCH_OPS = ("add", "replace", "merge", "delete")
PATCH_PATH = re.compile(r"^/attributes/([a-z0-9_]+)$")
SELECTOR_KEYS = ("marketplace_id", "language_tag", "currency", "audience", "fulfillment_channel_code", "type", "id")


@lru_cache(maxsize=256)
def schema_for(
    product_type: str, marketplace_id: str, requirements: str, enforced: bool
) -> tuple[dict, AmazonSchemaValidator]:
    schema = PRODUCT_TYPES[product_type].schema(
        MARKETPLACES[marketplace_id], requirements=requirements, enforced=enforced
    )
    return schema, schema_validator(schema)


def listing_issues(
    product_type: str, marketplace_id: str, attributes: dict, *, requirements: str = "LISTING", enforced: bool = True
) -> list[dict]:
    if product_type not in PRODUCT_TYPES:
        return [
            issue(
                UNKNOWN_PRODUCT_TYPE,
                f"The product type '{product_type}' is not valid for this marketplace.",
                "product_type",
                "INVALID_ATTRIBUTE",
                marketplace_id=marketplace_id,
            )
        ]
    schema, validator = schema_for(product_type, marketplace_id, requirements, enforced)
    errors = sorted(validator.iter_errors(attributes), key=lambda e: (list(map(str, e.absolute_path)), e.message))
    return issues_from_errors(errors, schema, marketplace_id)


def has_errors(issues: list[dict]) -> bool:
    return any(found["severity"] == "ERROR" for found in issues)


class PatchError(ValueError):
    pass


def _selector_key(item: object) -> tuple:
    if not isinstance(item, dict):
        return (repr(item),)
    return tuple(item.get(key) for key in SELECTOR_KEYS)


def apply_patches(attributes: dict, patches: list) -> dict:
    """Amazon's patch semantics on top-level attributes: add/replace set the attribute's values,
    merge replaces the items that share selector values and keeps the rest, delete removes the
    items matching the given values (or the whole attribute when none are given)."""
    result = copy.deepcopy(attributes)
    if not isinstance(patches, list) or not patches:
        raise PatchError("'patches' must be a non-empty list.")
    for number, patch in enumerate(patches):
        if not isinstance(patch, dict):
            raise PatchError(f"Patch {number} is not an object.")
        op, path = patch.get("op"), patch.get("path")
        if op not in PATCH_OPS:
            raise PatchError(f"Invalid 'op' provided in patch {number}: {op!r}. Use one of {', '.join(PATCH_OPS)}.")
        match = PATCH_PATH.match(path or "")
        if not match:
            raise PatchError(
                f"Invalid 'path' provided in patch {number}: {path!r}. Only /attributes/<name> can be patched."
            )
        name = match.group(1)
        value = patch.get("value")
        if op != "delete" and not isinstance(value, list):
            raise PatchError(f"Patch {number} ('{op}' on {path}) needs a 'value' list.")
        if op in ("add", "replace"):
            result[name] = copy.deepcopy(value)
        elif op == "merge":
            merged = {_selector_key(item): item for item in result.get(name, [])}
            merged.update({_selector_key(item): copy.deepcopy(item) for item in value})
            result[name] = list(merged.values())
        elif value:
            gone = {_selector_key(item) for item in value}
            kept = [item for item in result.get(name, []) if _selector_key(item) not in gone]
            result[name] = kept
            if not kept:
                result.pop(name)
        else:
            result.pop(name, None)
    return result
