"""Canonical types <-> Wish Merchant API v3 JSON."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from channels.exceptions import RejectedError, UnsupportedOperationError
from channels.mapping import as_int, listed_amount, parse_decimal, parse_money, parse_time, wire_number
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
from channels.wish import consts


def price(money: Money) -> dict[str, Any]:
    return {"amount": wire_number(listed_amount(money)), "currency_code": money.currency}


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _option(options: Mapping[str, Any], name: str, preferred: Any = None) -> Any:
    value = options.get(name) if _blank(preferred) else preferred
    if _blank(value):
        raise RejectedError(
            f"Wish needs {name}", issues=(Issue(code="MISSING_FIELD", message=f"{name} is required", attribute=name),)
        )
    return value


def _required_option(payload: ListingPayload, options: Mapping[str, Any], name: str) -> Any:
    """The one rule for a listing's shop-level fields (warehouse_id, origin_country, default
    shipping price): the payload's attribute when it has a value, else the channel account's
    option; with neither the listing is refused before any call (never sent as "" or "None")."""
    return _option(options, name, payload.attributes.get(name))


def _variations(payload: ListingPayload) -> tuple[ListingVariation, ...]:
    if payload.variations:
        return payload.variations
    return (ListingVariation(sku=payload.sku, price=payload.price, quantity=payload.quantity),)


def variation_body(variation: ListingVariation, *, warehouse_id: str, origin_country: str) -> dict[str, Any]:
    body: dict[str, Any] = {
        "sku": variation.sku,
        "price": price(variation.price),
        "inventories": [{"warehouse_id": warehouse_id, "inventory": int(variation.quantity)}],
        "logistics_details": {"origin_country": origin_country},
    }
    if variation.options:
        body["options"] = [{"name": name, "value": value} for name, value in variation.options.items()]
    if variation.image:
        body["image"] = variation.image
    if variation.gtin:
        body["gtin"] = variation.gtin
    return body


def create_product_body(payload: ListingPayload, *, options: Mapping[str, Any]) -> dict[str, Any]:
    warehouse_id = str(_required_option(payload, options, "warehouse_id"))
    origin_country = str(_required_option(payload, options, "origin_country"))
    shipping = parse_decimal(_required_option(payload, options, "default_shipping_price"))
    if shipping is None or shipping < 0:
        raise RejectedError(
            "Wish needs a default shipping price",
            issues=(
                Issue(
                    code="INVALID_FIELD",
                    message="default_shipping_price is not an amount",
                    attribute="default_shipping_price",
                ),
            ),
        )
    if not payload.images:
        raise RejectedError(
            "Wish needs a main image", issues=(Issue(code="MISSING_FIELD", message="main image", attribute="images"),)
        )
    if not payload.category_id:
        raise RejectedError(
            "Wish needs a category", issues=(Issue(code="MISSING_FIELD", message="category", attribute="category_id"),)
        )
    body: dict[str, Any] = {
        "name": payload.title,
        "description": payload.description[:4000],
        "parent_sku": str(payload.attributes.get("parent_sku") or payload.sku),
        "category_id": int(payload.category_id) if payload.category_id.isdigit() else payload.category_id,
        # is_clean_image (plain background, no text) is required on create; only the catalog knows.
        "main_image": {
            "url": payload.images[0],
            "is_clean_image": bool(payload.attributes.get("main_image_is_clean", False)),
        },
        "extra_images": [{"url": url} for url in payload.images[1:101]],
        "default_shipping_prices": [
            {"warehouse_id": warehouse_id, "default_shipping_price": price(Money(shipping, payload.price.currency))}
        ],
        "variations": [
            variation_body(variation, warehouse_id=warehouse_id, origin_country=origin_country)
            for variation in _variations(payload)
        ],
    }
    if payload.keywords:
        body["tags"] = list(payload.keywords[:10])
    condition = payload.condition.upper()
    if condition in ("NEW", "USED", "REFURBISHED"):
        body["condition"] = condition
    return body


def update_product_body(
    payload: ListingPayload, *, variation_ids: Mapping[str, str], options: Mapping[str, Any]
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The PUT body for an existing product, and the create bodies of the variations it does not
    have yet (added with their own call; they need an origin country, as on create)."""
    warehouse_id = str(_required_option(payload, options, "warehouse_id"))
    body: dict[str, Any] = {"name": payload.title, "description": payload.description[:4000], "status": "ENABLED"}
    if payload.images:
        body["main_image"] = {"url": payload.images[0]}
        body["extra_images"] = [{"url": url} for url in payload.images[1:101]]
    known, new = [], []
    for variation in _variations(payload):
        variation_id = variation.external_reference or variation_ids.get(variation.sku)
        if not variation_id:
            new.append(variation)
            continue
        known.append(
            {
                "id": variation_id,
                "price": price(variation.price),
                "inventories": [{"warehouse_id": warehouse_id, "inventory": int(variation.quantity)}],
                "status": "ENABLED",
            }
        )
    body["variations"] = known
    if not new:
        return body, []
    origin_country = str(_required_option(payload, options, "origin_country"))
    return body, [
        variation_body(variation, warehouse_id=warehouse_id, origin_country=origin_country) for variation in new
    ]


def offer_variation(update: OfferUpdate, *, variation_id: str, options: Mapping[str, Any]) -> dict[str, Any]:
    body: dict[str, Any] = {"id": variation_id}
    if update.price is not None:
        body["price"] = price(update.price)
    if update.quantity is not None:
        warehouse_id = str(_option(options, "warehouse_id"))
        body["inventories"] = [{"warehouse_id": warehouse_id, "inventory": int(update.quantity)}]
    return body


def variation_ids(product: Mapping[str, Any]) -> dict[str, str]:
    return {str(v.get("sku")): str(v.get("id")) for v in product.get("variations") or [] if v.get("id")}


def listing_state(product: Mapping[str, Any], *, sku: str, marketplace_id: str) -> ListingState:
    variations = product.get("variations") or []
    own = next((v for v in variations if str(v.get("sku")) == sku), variations[0] if len(variations) == 1 else None)
    statuses = [str(product.get("state") or product.get("status") or "")]
    quantity = None
    listed_price = None
    if own:
        statuses.append(str(own.get("status") or ""))
        raw_price = own.get("price") or {}
        listed_price = parse_money(raw_price.get("amount"), raw_price.get("currency_code"))
        quantity = sum(as_int(inventory.get("inventory")) for inventory in own.get("inventories") or [])
    return ListingState(
        sku=sku,
        marketplace_id=marketplace_id,
        exists=own is not None,
        statuses=tuple(status for status in statuses if status),
        external_reference=str(product.get("id") or ""),
        title=str(product.get("name") or ""),
        price=listed_price,
        quantity=quantity,
        updated_at=parse_time(product.get("updated_at")),
    )


def order(raw: Mapping[str, Any]) -> Order:
    product = raw.get("product_information") or {}
    payment = (raw.get("order_payment") or {}).get("general_payment_details") or {}
    unit = payment.get("product_price") or {}
    total = payment.get("payment_total") or {}
    shipping = (raw.get("full_address") or {}).get("shipping_detail") or {}
    phone = shipping.get("phone_number") or {}
    types = {str(kind).upper() for kind in raw.get("fulfillment_order_types") or []}
    return Order(
        external_reference=str(raw.get("id", "")),
        marketplace_id=consts.MARKETPLACE,
        status=str(raw.get("state") or ""),
        purchased_at=parse_time(raw.get("released_at")),  # type: ignore[arg-type]
        updated_at=parse_time(raw.get("updated_at") or raw.get("released_at")),  # type: ignore[arg-type]
        total=parse_money(total.get("amount"), total.get("currency_code")),
        fulfilled_by="marketplace" if "FULFILLED_BY_WISH" in types else "merchant",
        lines=(
            OrderLine(
                # A Wish order is one product variation: the line is the order itself.
                external_reference=str(raw.get("id", "")),
                sku=str(product.get("sku") or ""),
                quantity=as_int(payment.get("product_quantity")),
                # One variation per order: once shipped, all of it is.
                quantity_shipped=as_int(payment.get("product_quantity")) if raw.get("state") == "SHIPPED" else 0,
                unit_price=parse_money(unit.get("amount"), unit.get("currency_code")),
                title=str(product.get("name") or ""),
                product_reference=str(product.get("variation_id") or product.get("id") or ""),
            ),
        ),
        ship_to=Address(
            name=str(shipping.get("name") or ""),
            line1=str(shipping.get("street_address1") or ""),
            line2=str(shipping.get("street_address2") or ""),
            line3=str(shipping.get("street_address3") or ""),
            city=str(shipping.get("city") or ""),
            state_or_region=str(shipping.get("state") or ""),
            postal_code=str(shipping.get("zipcode") or ""),
            country_code=str(shipping.get("country_code") or shipping.get("country") or ""),
            phone=" ".join(str(part) for part in (phone.get("country_code"), phone.get("number")) if part),
        )
        if shipping
        else None,
        buyer_name=str(shipping.get("name") or ""),
    )


def orders_query(*, since: datetime, boundary: str | None, limit: int) -> dict[str, Any]:
    return {
        "updated_at_min": boundary or since.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        "sort_by": "updated_at.asc",
        "limit": limit,
    }


def next_orders_token(
    raw_orders: list[Mapping[str, Any]],
    previous_skip: list[str],
    previous_min: str | None,
    *,
    limit: int,
) -> str | None:
    """Wish has no cursor: the next page starts at the last order's updated_at (inclusive), and
    the ids already seen at exactly that time are skipped. When a whole page shares one
    updated_at (a bulk change), the next page asks for more than were seen there, or it would
    return the same orders forever."""
    if len(raw_orders) < limit:
        return None
    last = str(raw_orders[-1].get("updated_at"))
    at_boundary = [str(o.get("id")) for o in raw_orders if str(o.get("updated_at")) == last]
    skip = sorted(set(at_boundary + (previous_skip if last == previous_min else [])))
    state: dict[str, Any] = {"min": last, "skip": skip}
    if len(at_boundary) == len(raw_orders):
        if len(skip) >= consts.ORDER_PAGE_SIZE_MAX:
            raise UnsupportedOperationError(
                f"more than {consts.ORDER_PAGE_SIZE_MAX} Wish orders share updated_at {last}; "
                "GET /orders cannot page past them"
            )
        state["limit"] = min(consts.ORDER_PAGE_SIZE_MAX, len(skip) + consts.ORDER_PAGE_SIZE)
    return json.dumps(state)


def tracking_body(confirmation: ShipmentConfirmation) -> dict[str, Any]:
    if not confirmation.origin_country:
        raise RejectedError(
            "Wish needs the country the parcel ships from",
            issues=(Issue(code="MISSING_FIELD", message="origin_country is required", attribute="origin_country"),),
        )
    body = {
        "tracking_number": confirmation.tracking_number,
        "shipping_provider": confirmation.carrier,
        "origin_country": confirmation.origin_country,
    }
    if confirmation.ship_method:
        body["ship_note"] = confirmation.ship_method
    return body
