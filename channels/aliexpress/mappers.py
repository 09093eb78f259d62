"""Canonical types <-> AliExpress "solution" API parameters and answers."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from channels.aliexpress import consts
from channels.aliexpress.client import unwrap_list
from channels.exceptions import RejectedError
from channels.mapping import as_int, listed_amount, parse_money
from channels.types import (
    Address,
    Issue,
    ListingPayload,
    ListingState,
    ListingVariation,
    Money,
    OfferUpdate,
    Order,
    OrderLine,
    ShipmentConfirmation,
)

# Fields AliExpress requires on a product that the catalog does not hold; they come from the
# payload's attributes or, failing that, the channel account's options.
LOGISTICS_FIELDS = (
    "freight_template_id",
    "service_policy_id",
    "shipping_lead_time",
    "weight",
    "package_length",
    "package_width",
    "package_height",
)
MAX_IMAGES = 6


def pacific(moment: datetime) -> str:
    return moment.astimezone(consts.PACIFIC).strftime(consts.TIME_FORMAT)


def parse_pacific(value: Any) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.strptime(str(value).strip(), consts.TIME_FORMAT).replace(tzinfo=consts.PACIFIC)
    except ValueError:
        return None
    return parsed.astimezone(UTC)


def language(locale: str) -> str:
    return (locale or "en").split("_")[0].split("-")[0].lower()


def price_text(money: Money, currency: str) -> str:
    if money.currency != currency:
        raise RejectedError(
            f"AliExpress prices this account in {currency}, not {money.currency}",
            issues=(Issue(code="CURRENCY_MISMATCH", message=f"expected {currency}", attribute="price"),),
        )
    return format(listed_amount(money), "f")


def _variations(payload: ListingPayload) -> tuple[ListingVariation, ...]:
    if payload.variations:
        return payload.variations
    return (ListingVariation(sku=payload.sku, price=payload.price, quantity=payload.quantity),)


def product_request(payload: ListingPayload, *, options: Mapping[str, Any], currency: str) -> dict[str, Any]:
    lang = language(payload.locale)
    attributes = dict(payload.attributes)
    missing = [name for name in LOGISTICS_FIELDS if attributes.get(name, options.get(name)) in (None, "")]
    if missing and not payload.external_reference:
        raise RejectedError(
            "AliExpress needs these product fields: " + ", ".join(missing),
            issues=tuple(
                Issue(code="MISSING_FIELD", message=f"{name} is required", attribute=name) for name in missing
            ),
        )
    request: dict[str, Any] = {
        "language": lang,
        "multi_language_subject_list": [{"language": lang, "subject": payload.title[:218]}],
        "multi_language_description_list": [
            {"language": lang, "web_detail": payload.description, "mobile_detail": payload.description}
        ],
        "main_image_urls_list": list(payload.images[:MAX_IMAGES]),
        "sku_info_list": [
            {
                "sku_code": variation.sku,
                "price": price_text(variation.price, currency),
                "inventory": int(variation.quantity),
                **(
                    {
                        "sku_attributes_list": [
                            {"sku_attribute_name": k, "sku_attribute_value": v} for k, v in variation.options.items()
                        ]
                    }
                    if variation.options
                    else {}
                ),
            }
            for variation in _variations(payload)
        ],
        "inventory_deduction_strategy": attributes.pop(
            "inventory_deduction_strategy", options.get("inventory_deduction_strategy", "place_order_withhold")
        ),
    }
    if payload.category_id:
        request["aliexpress_category_id"] = as_int(payload.category_id)
    if payload.brand:
        request["brand_name"] = payload.brand
    for name in LOGISTICS_FIELDS:
        value = attributes.pop(name, options.get(name))
        if value not in (None, ""):
            request[name] = value
    request.update(attributes)
    if payload.external_reference:
        request["product_id"] = as_int(payload.external_reference)
    return request


def offer_batches(updates: Sequence[OfferUpdate], *, currency: str) -> tuple[list[dict], list[dict]]:
    """Group updates by product into the two batch shapes: (price list, inventory list)."""
    prices: dict[str, list[dict]] = {}
    stocks: dict[str, list[dict]] = {}
    for update in updates:
        if update.price is not None:
            prices.setdefault(update.external_reference, []).append(
                {"sku_code": update.sku, "price": price_text(update.price, currency)}
            )
        if update.quantity is not None:
            stocks.setdefault(update.external_reference, []).append(
                {"sku_code": update.sku, "inventory": int(update.quantity)}
            )

    def as_list(grouped: dict[str, list[dict]]) -> list[dict]:
        return [{"product_id": as_int(product), "multiple_sku_update_list": skus} for product, skus in grouped.items()]

    return as_list(prices), as_list(stocks)


def batch_failures(body: Mapping[str, Any]) -> dict[str, Issue]:
    """product id -> the issue AliExpress reported for it in a batch update."""
    failures = {}
    for item in unwrap_list(body.get("update_failed_list")):
        code = str(item.get("error_code") or "UPDATE_FAILED")
        failures[str(item.get("product_id"))] = Issue(code=code, message=str(item.get("error_message") or code))
    if not body.get("update_success", True) and not failures and body.get("update_error_code"):
        failures["*"] = Issue(code=str(body["update_error_code"]), message=str(body.get("update_error_message") or ""))
    return failures


def result_of(body: Mapping[str, Any]) -> Mapping[str, Any]:
    """Most answers put the useful part under `result`; business failures come back with HTTP 200
    and success=false there."""
    result = body.get("result", body)
    if not isinstance(result, Mapping):
        return {"value": result}
    success = result.get("success", result.get("result_success", True))
    if success in (False, "false"):
        code = str(result.get("error_code") or result.get("result_error_code") or "REJECTED")
        message = str(result.get("error_message") or result.get("error_msg") or result.get("result_error_desc") or code)
        raise RejectedError(f"AliExpress refused: {message}", issues=(Issue(code=code, message=message),), code=code)
    return result


def listing_state(body: Mapping[str, Any], *, sku: str, marketplace_id: str, product_id: str) -> ListingState:
    result = body.get("result", body)
    skus = unwrap_list(result.get("aeop_ae_product_s_k_us"))
    own = next((item for item in skus if str(item.get("sku_code")) == sku), skus[0] if skus else {})
    subjects = unwrap_list(result.get("multi_language_subject_list") or result.get("subject_list"))
    title = str(result.get("subject") or (subjects[0].get("subject") or subjects[0].get("value") if subjects else ""))
    status = str(result.get("product_status_type") or result.get("product_status") or "")
    return ListingState(
        sku=sku,
        marketplace_id=marketplace_id,
        exists=True,
        statuses=(status,) if status else (),
        external_reference=str(result.get("product_id") or product_id),
        title=title,
        price=parse_money(own.get("sku_price"), own.get("currency_code") or consts.DEFAULT_CURRENCY) if own else None,
        quantity=as_int(own.get("ipm_sku_stock")) if own and own.get("ipm_sku_stock") is not None else None,
    )


def _money(raw: Any) -> Money | None:
    if not isinstance(raw, Mapping):
        return None
    return parse_money(raw.get("amount"), raw.get("currency_code"))


def order_from_list(raw: Mapping[str, Any], marketplace_id: str) -> Order:
    lines = tuple(
        OrderLine(
            external_reference=str(item.get("child_id") or item.get("child_order_id") or ""),
            sku=str(item.get("sku_code") or ""),
            quantity=as_int(item.get("product_count")),
            unit_price=_money(item.get("product_unit_price")),
            title=str(item.get("product_name") or ""),
            product_reference=str(item.get("product_id") or ""),
        )
        for item in unwrap_list(raw.get("product_list"))
    )
    return Order(
        external_reference=str(raw.get("order_id", "")),
        marketplace_id=marketplace_id,
        status=str(raw.get("order_status") or ""),
        purchased_at=parse_pacific(raw.get("gmt_create")),  # type: ignore[arg-type]
        updated_at=parse_pacific(raw.get("gmt_update") or raw.get("gmt_modified") or raw.get("gmt_create")),  # type: ignore[arg-type]
        total=None,
        paid=_money(raw.get("pay_amount")),
        lines=lines,
    )


def order_from_detail(data: Mapping[str, Any], marketplace_id: str) -> Order:
    address = data.get("receipt_address") or {}
    lines = tuple(
        OrderLine(
            external_reference=str(item.get("child_order_id") or item.get("id") or ""),
            sku=str(item.get("sku_code") or ""),
            quantity=as_int(item.get("product_count")),
            unit_price=_money(item.get("product_price")),
            title=str(item.get("product_name") or ""),
            product_reference=str(item.get("product_id") or ""),
        )
        for item in unwrap_list(data.get("child_order_list"))
    )
    buyer = data.get("buyer_info") or {}
    return Order(
        external_reference=str(data.get("id", "")),
        marketplace_id=marketplace_id,
        status=str(data.get("order_status") or ""),
        purchased_at=parse_pacific(data.get("gmt_create")),  # type: ignore[arg-type]
        updated_at=parse_pacific(data.get("gmt_modified") or data.get("gmt_create")),  # type: ignore[arg-type]
        total=_money(data.get("order_amount")),
        lines=lines,
        ship_to=Address(
            name=str(address.get("contact_person") or ""),
            line1=str(address.get("address") or address.get("detail_address") or ""),
            line2=str(address.get("address2") or ""),
            city=str(address.get("city") or ""),
            state_or_region=str(address.get("province") or ""),
            postal_code=str(address.get("zip") or ""),
            country_code=str(address.get("country") or ""),
            phone=str(address.get("mobile_no") or address.get("phone_number") or ""),
        )
        if address
        else None,
        buyer_name=" ".join(part for part in (buyer.get("first_name"), buyer.get("last_name")) if part),
    )


def fulfill_params(confirmation: ShipmentConfirmation, *, send_type: str) -> dict[str, Any]:
    return {
        "out_ref": confirmation.order_reference,
        "service_name": confirmation.carrier,
        "logistics_no": confirmation.tracking_number,
        "send_type": send_type,
        **({"description": confirmation.ship_method[:512]} if confirmation.ship_method else {}),
    }
