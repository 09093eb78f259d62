"""What the three builders share: attribute values through the mapping tables, hashing."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import asdict
from decimal import Decimal
from typing import Any

from channels.types import ListingPayload
from listings.builders.types import Content, MappingData, ProductData, VariantData
from listings.issues import ListingIssue


def value_text(value: Any) -> str:
    """A hub attribute value as the text a value map is keyed by."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Mapping):
        number = value.get("value")
        text = format(Decimal(number).normalize(), "f") if number is not None else ""
        unit = value.get("unit") or ""
        return f"{text} {unit}".strip()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return "" if value is None else str(value)


def mapped_values(product: ProductData, variant: VariantData | None, mapping: MappingData) -> dict[str, str]:
    """marketplace attribute -> value, for every hub attribute with a mapping and a value."""
    values: dict[str, str] = {}
    for code, target in mapping.attributes.items():
        value = variant.values.get(code) if variant is not None else None
        if value is None:
            value = product.values.get(code)
        if value is None:
            continue
        text = value_text(value)
        values[target.target] = str(target.value_map.get(text, text))
    return values


def variation_options(product: ProductData, variant: VariantData, mapping: MappingData) -> dict[str, str]:
    """The variant's variation attributes in the marketplace's names and values (AliExpress SKU
    properties, Wish options)."""
    options = {}
    for code in product.variation_attributes:
        value = variant.values.get(code)
        if value is None:
            continue
        target = mapping.attributes.get(code)
        text = value_text(value)
        name = target.target if target else code
        options[name] = str(target.value_map.get(text, text)) if target else text
    return options


def content_issues(content: Content) -> list[ListingIssue]:
    issues = list(content.issues)
    if content.is_held:
        issues.append(
            ListingIssue(
                code="translation_held",
                message="The account's policy holds this listing until its translation is approved.",
                attribute="title",
                blocking=True,
            )
        )
    if not content.title:
        issues.append(ListingIssue(code="missing_title", message="No title.", attribute="title", blocking=True))
    return issues


def unmapped_category(product: ProductData, family: str) -> ListingIssue:
    return ListingIssue(
        code="unmapped_category",
        message=f"The category '{product.category_path or '—'}' has no {family} mapping (product type / category).",
        attribute="category",
        blocking=True,
    )


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


SALE_KEYS = ("sale_price", "sale_start", "sale_end")


def payload_dict(payload: ListingPayload) -> dict[str, Any]:
    """The payload as JSON (Money as {"amount": "19.99", "currency": "USD"}), for storing and diffs.
    Sale keys are left out when there is no sale (payloads and hashes stay as they were)."""
    data = _plain(asdict(payload))
    for key in SALE_KEYS:
        if not data.get(key):
            data.pop(key, None)
    return data


OFFER_KEYS = ("price", "quantity", *SALE_KEYS)


def content_dict(data: Mapping[str, Any]) -> dict[str, Any]:
    """The payload without its offer (price, quantity) parts: what a content change is."""
    result = {key: value for key, value in data.items() if key not in OFFER_KEYS}
    result["variations"] = [
        {key: value for key, value in variation.items() if key not in OFFER_KEYS}
        for variation in data.get("variations") or []
    ]
    return result


def _stable(value: Any) -> Any:
    """Image URLs without their query string: a signed URL's token and expiry change on every build
    (hub.core.media.media_url_signed, S3 presigned URLs) and must not count as a content change."""
    if isinstance(value, str):
        if "?" in value and (value.startswith(("http://", "https://", "/"))):
            return value.split("?", 1)[0]
        return value
    if isinstance(value, dict):
        return {key: _stable(inner) for key, inner in value.items()}
    if isinstance(value, list):
        return [_stable(inner) for inner in value]
    return value


def digest(data: Any) -> str:
    text = json.dumps(_stable(data), sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _money(data: Any):
    from currency.money import Money

    if not data:
        return None
    return Money(Decimal(str(data["amount"])), data["currency"])


def payload_from_dict(data: Mapping[str, Any]) -> ListingPayload:
    """The stored desired payload back as the adapter's type."""
    from channels.types import ListingVariation

    values = dict(data)
    values["price"] = _money(values.get("price"))
    values["sale_price"] = _money(values.get("sale_price"))
    for name in ("bullet_points", "keywords", "images"):
        values[name] = tuple(values.get(name) or ())
    values["variations"] = tuple(
        ListingVariation(**{**variation, "price": _money(variation.get("price"))})
        for variation in values.get("variations") or []
    )
    return ListingPayload(**values)
