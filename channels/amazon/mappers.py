"""Canonical types <-> SP-API JSON for listings (Listings Items 2021-08-01, JSON_LISTINGS_FEED) and
orders (Orders 2026-01-01, confirmShipment v0). Fulfilment-network mapping is in fba_mappers."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from channels.amazon import consts
from channels.mapping import as_int, iso_utc, listed_amount, parse_money, parse_time, wire_number
from channels.types import (
    Address,
    FeedMessage,
    FeedMessageIssue,
    FeedStatus,
    Issue,
    ListingPayload,
    ListingResult,
    ListingState,
    Money,
    OfferUpdate,
    Order,
    OrderLine,
    ShipmentConfirmation,
)

MAX_IMAGES = 9  # main + other_product_image_locator_1..8


def _text(value: str, marketplace_id: str, locale: str) -> dict[str, Any]:
    entry: dict[str, Any] = {"value": value, "marketplace_id": marketplace_id}
    if locale:
        entry["language_tag"] = locale
    return entry


def offer_attributes(
    *,
    marketplace_id: str,
    price: Money | None,
    quantity: int | None,
    sale_price: Money | None = None,
    sale_start: str = "",
    sale_end: str = "",
) -> dict[str, Any]:
    """purchasable_offer (our_price, and discounted_price with its start_at / end_at schedule when
    there is a sale) and fulfillment_availability. Replacing purchasable_offer without a sale ends
    the one Amazon held."""
    attributes: dict[str, Any] = {}
    if price is not None:
        offer: dict[str, Any] = {
            "marketplace_id": marketplace_id,
            "currency": price.currency,
            "our_price": [{"schedule": [{"value_with_tax": wire_number(listed_amount(price))}]}],
        }
        if sale_price is not None and sale_start and sale_end:
            offer["discounted_price"] = [
                {
                    "schedule": [
                        {
                            "value_with_tax": wire_number(listed_amount(sale_price)),
                            "start_at": sale_start,
                            "end_at": sale_end,
                        }
                    ]
                }
            ]
        attributes["purchasable_offer"] = [offer]
    if quantity is not None:
        attributes["fulfillment_availability"] = [{"fulfillment_channel_code": "DEFAULT", "quantity": int(quantity)}]
    return attributes


def listing_attributes(payload: ListingPayload) -> dict[str, Any]:
    mp, locale = payload.marketplace_id, payload.locale
    attributes: dict[str, Any] = {"item_name": [_text(payload.title, mp, locale)]}
    if payload.description:
        attributes["product_description"] = [_text(payload.description, mp, locale)]
    if payload.bullet_points:
        attributes["bullet_point"] = [_text(point, mp, locale) for point in payload.bullet_points]
    if payload.keywords:
        attributes["generic_keyword"] = [_text(" ".join(payload.keywords), mp, locale)]
    if payload.brand:
        attributes["brand"] = [_text(payload.brand, mp, locale)]
    condition = consts.CONDITIONS.get(payload.condition, payload.condition)
    if condition:
        attributes["condition_type"] = [{"value": condition, "marketplace_id": mp}]
    for index, url in enumerate(payload.images[:MAX_IMAGES]):
        name = "main_product_image_locator" if index == 0 else f"other_product_image_locator_{index}"
        attributes[name] = [{"media_location": url, "marketplace_id": mp}]
    attributes.update(
        offer_attributes(
            marketplace_id=mp,
            price=payload.price,
            quantity=payload.quantity,
            sale_price=payload.sale_price,
            sale_start=payload.sale_start,
            sale_end=payload.sale_end,
        )
    )
    # Product-type-specific attributes from the listings app win over the canonical ones.
    attributes.update(dict(payload.attributes))
    return attributes


def put_body(payload: ListingPayload) -> dict[str, Any]:
    return {
        "productType": payload.product_type or "PRODUCT",
        "requirements": "LISTING",
        "attributes": listing_attributes(payload),
    }


def offer_patches(update: OfferUpdate) -> list[dict[str, Any]]:
    attributes = offer_attributes(
        marketplace_id=update.marketplace_id,
        price=update.price,
        quantity=update.quantity,
        sale_price=update.sale_price,
        sale_start=update.sale_start,
        sale_end=update.sale_end,
    )
    return [{"op": "replace", "path": f"/attributes/{name}", "value": value} for name, value in attributes.items()]


def patch_body(update: OfferUpdate) -> dict[str, Any]:
    return {"productType": update.product_type or "PRODUCT", "patches": offer_patches(update)}


def issue_from(raw: Mapping[str, Any]) -> Issue:
    names = raw.get("attributeNames") or []
    attribute = raw.get("attributeName") or (names[0] if names else "")
    return Issue(
        code=str(raw.get("code", "")),
        message=str(raw.get("message", "")),
        severity=str(raw.get("severity", "ERROR")).upper(),
        attribute=str(attribute),
    )


def issues_from(raw_issues: Any) -> tuple[Issue, ...]:
    return tuple(issue_from(issue) for issue in raw_issues or [] if isinstance(issue, Mapping))


def submission_result(body: Mapping[str, Any], *, sku: str, marketplace_id: str) -> ListingResult:
    return ListingResult(
        sku=str(body.get("sku") or sku),
        marketplace_id=marketplace_id,
        status=str(body.get("status", "")).upper(),
        submission_id=str(body.get("submissionId", "")),
        issues=issues_from(body.get("issues")),
    )


def listing_state(body: Mapping[str, Any], *, sku: str, marketplace_id: str) -> ListingState:
    summaries = [s for s in body.get("summaries") or [] if s.get("marketplaceId") in (None, marketplace_id)]
    summary = summaries[0] if summaries else {}
    price = None
    for offer in body.get("offers") or []:
        if offer.get("marketplaceId") in (None, marketplace_id):
            raw = offer.get("price") or {}
            price = parse_money(raw.get("amount"), raw.get("currencyCode") or raw.get("currency"))
            break
    sale_price, sale_start, sale_end = None, "", ""
    for offer in (body.get("attributes") or {}).get("purchasable_offer") or []:
        if offer.get("marketplace_id") not in (None, marketplace_id) or offer.get("audience", "ALL") != "ALL":
            continue
        for plan in offer.get("discounted_price") or []:
            for entry in (plan.get("schedule") or [])[:1]:
                sale_price = parse_money(entry.get("value_with_tax"), offer.get("currency"))
                sale_start, sale_end = str(entry.get("start_at") or ""), str(entry.get("end_at") or "")
    quantity = None
    for availability in body.get("fulfillmentAvailability") or []:
        if availability.get("fulfillmentChannelCode") == "DEFAULT":
            quantity = as_int(availability.get("quantity"), 0)
    return ListingState(
        sku=str(body.get("sku") or sku),
        marketplace_id=marketplace_id,
        exists=True,
        statuses=tuple(str(status) for status in summary.get("status") or []),
        external_reference=str(summary.get("asin") or ""),
        title=str(summary.get("itemName") or ""),
        product_type=str(summary.get("productType") or ""),
        price=price,
        quantity=quantity,
        issues=issues_from(body.get("issues")),
        updated_at=parse_time(summary.get("lastUpdatedDate")),
        sale_price=sale_price,
        sale_start=sale_start,
        sale_end=sale_end,
    )


# --- feeds -------------------------------------------------------------------------------------------


def feed_document(*, seller_id: str, locale: str, messages: Sequence[FeedMessage]) -> dict[str, Any]:
    header: dict[str, Any] = {
        "sellerId": seller_id,
        "version": "2.0",
        "report": {"includedData": ["issues"], "apiVersion": consts.LISTINGS_API_VERSION},
    }
    if locale:
        header["issueLocale"] = locale
    out = []
    for message in messages:
        entry: dict[str, Any] = {
            "messageId": message.message_id,
            "sku": message.sku,
            "operationType": message.operation,
        }
        if message.operation == "DELETE":
            pass
        elif message.operation == "PATCH" and message.offer is not None:
            entry.update(productType=message.offer.product_type or "PRODUCT", patches=offer_patches(message.offer))
        elif message.payload is not None:
            body = put_body(message.payload)
            entry.update(productType=body["productType"], attributes=body["attributes"])
            if message.operation == "UPDATE":
                entry["requirements"] = body["requirements"]
        else:
            raise ValueError(f"feed message {message.message_id} ({message.operation}) has nothing to send")
        out.append(entry)
    return {"header": header, "messages": out}


def feed_status(feed: Mapping[str, Any], report: Mapping[str, Any] | None = None) -> FeedStatus:
    processing = str(feed.get("processingStatus", "")).upper()
    summary = (report or {}).get("summary") or {}
    issues = tuple(
        FeedMessageIssue(message_id=as_int(raw.get("messageId")), sku=str(raw.get("sku", "")), issue=issue_from(raw))
        for raw in (report or {}).get("issues") or []
    )
    return FeedStatus(
        feed_id=str(feed.get("feedId", "")),
        processing_status=processing,
        is_done=processing in consts.FEED_DONE_STATUSES,
        messages_processed=summary.get("messagesProcessed"),
        messages_accepted=summary.get("messagesAccepted"),
        messages_invalid=summary.get("messagesInvalid"),
        issues=issues,
    )


# --- orders ------------------------------------------------------------------------------------------


def _address(raw: Mapping[str, Any] | None) -> Address | None:
    if not raw:
        return None
    return Address(
        name=str(raw.get("name") or ""),
        line1=str(raw.get("addressLine1") or ""),
        line2=str(raw.get("addressLine2") or ""),
        line3=str(raw.get("addressLine3") or ""),
        city=str(raw.get("city") or ""),
        state_or_region=str(raw.get("stateOrRegion") or ""),
        postal_code=str(raw.get("postalCode") or ""),
        country_code=str(raw.get("countryCode") or ""),
        phone=str(raw.get("phone") or ""),
    )


def order_line(raw: Mapping[str, Any]) -> OrderLine:
    product = raw.get("product") or {}
    price = (product.get("price") or {}).get("unitPrice") or {}
    fulfillment = raw.get("fulfillment") or {}
    return OrderLine(
        external_reference=str(raw.get("orderItemId", "")),
        sku=str(product.get("sellerSku") or ""),
        quantity=as_int(raw.get("quantityOrdered")),
        unit_price=parse_money(price.get("amount"), price.get("currencyCode")),
        title=str(product.get("title") or ""),
        quantity_shipped=as_int(fulfillment.get("quantityFulfilled")),
        product_reference=str(product.get("asin") or ""),
    )


def order(raw: Mapping[str, Any]) -> Order:
    channel = raw.get("salesChannel") or {}
    fulfillment = raw.get("fulfillment") or {}
    total = ((raw.get("proceeds") or {}).get("grandTotal")) or {}
    recipient = raw.get("recipient") or {}
    fulfilled_by = str(fulfillment.get("fulfilledBy") or "MERCHANT").upper()
    return Order(
        external_reference=str(raw.get("orderId", "")),
        marketplace_id=str(channel.get("marketplaceId") or ""),
        status=str(fulfillment.get("fulfillmentStatus") or ""),
        purchased_at=parse_time(raw.get("createdTime")),  # type: ignore[arg-type]
        updated_at=parse_time(raw.get("lastUpdatedTime")),  # type: ignore[arg-type]
        total=parse_money(total.get("amount"), total.get("currencyCode")),
        fulfilled_by="marketplace" if fulfilled_by == "AMAZON" else "merchant",
        lines=tuple(order_line(item) for item in raw.get("orderItems") or []),
        ship_to=_address(recipient.get("deliveryAddress")),
        buyer_name=str((raw.get("buyer") or {}).get("buyerName") or ""),
    )


def confirm_shipment_body(confirmation: ShipmentConfirmation) -> dict[str, Any]:
    package: dict[str, Any] = {
        "packageReferenceId": confirmation.package_reference,
        "carrierCode": confirmation.carrier,
        "trackingNumber": confirmation.tracking_number,
        "shipDate": iso_utc(confirmation.shipped_at),
        "orderItems": [{"orderItemId": reference, "quantity": quantity} for reference, quantity in confirmation.lines],
    }
    if confirmation.ship_method:
        package["shippingMethod"] = confirmation.ship_method
    return {"marketplaceId": confirmation.marketplace_id, "packageDetail": package}
