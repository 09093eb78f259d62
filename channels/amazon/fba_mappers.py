"""Canonical types <-> SP-API JSON for Amazon's fulfilment network: Multi-Channel Fulfillment
(FBA outbound 2020-07-01), FBA inventory, inbound shipments (v0) and product type definitions."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from channels.mapping import as_int, iso_utc, parse_money, parse_time
from channels.types import (
    Address,
    FulfillmentOrder,
    FulfillmentOrderItemState,
    FulfillmentOrderRequest,
    FulfillmentPackage,
    FulfillmentPreview,
    FulfillmentShipment,
    InboundShipment,
    InboundShipmentItem,
    InventorySummary,
    Money,
    ProductTypeRequirements,
)

# --- Multi-Channel Fulfillment ---------------------------------------------------------------------


def mcf_address(address: Address) -> dict[str, Any]:
    body = {
        "name": address.name,
        "addressLine1": address.line1,
        "countryCode": address.country_code,
        "postalCode": address.postal_code,
    }
    optional = {
        "addressLine2": address.line2,
        "addressLine3": address.line3,
        "city": address.city,
        "stateOrRegion": address.state_or_region,
        "phone": address.phone,
    }
    body.update({key: value for key, value in optional.items() if value})
    return body


def _mcf_money(money: Money) -> dict[str, str]:
    # In this API money is {currencyCode, value} with value a decimal string.
    return {"currencyCode": money.currency, "value": format(money.amount, "f")}


def _mcf_items(request: FulfillmentOrderRequest) -> list[dict[str, Any]]:
    items = []
    for item in request.items:
        entry: dict[str, Any] = {
            "sellerSku": item.sku,
            "sellerFulfillmentOrderItemId": item.item_reference,
            "quantity": item.quantity,
        }
        if item.declared_value is not None:
            entry["perUnitDeclaredValue"] = _mcf_money(item.declared_value)
        items.append(entry)
    return items


def fulfillment_order_body(request: FulfillmentOrderRequest, marketplace_id: str) -> dict[str, Any]:
    body: dict[str, Any] = {
        "marketplaceId": marketplace_id,
        "sellerFulfillmentOrderId": request.seller_fulfillment_order_id,
        "displayableOrderId": request.displayable_order_id,
        "displayableOrderDate": iso_utc(request.displayable_order_date),
        "displayableOrderComment": request.displayable_order_comment,
        "shippingSpeedCategory": request.shipping_speed,
        "destinationAddress": mcf_address(request.destination),
        "fulfillmentAction": request.fulfillment_action,
        "fulfillmentPolicy": request.fulfillment_policy,
        "items": _mcf_items(request),
    }
    if request.notification_emails:
        body["notificationEmails"] = list(request.notification_emails)
    if request.block_amazon_logistics:
        body["featureConstraints"] = [{"featureName": "BLOCK_AMZL", "featureFulfillmentPolicy": "Required"}]
    return body


def fulfillment_preview_body(request: FulfillmentOrderRequest, marketplace_id: str) -> dict[str, Any]:
    return {
        "marketplaceId": marketplace_id,
        "address": mcf_address(request.destination),
        "items": _mcf_items(request),
        "shippingSpeedCategories": [request.shipping_speed],
    }


def fulfillment_previews(payload: Mapping[str, Any]) -> tuple[FulfillmentPreview, ...]:
    previews = []
    for raw in payload.get("fulfillmentPreviews") or []:
        fees = tuple(
            (str(fee.get("name", "")), money)
            for fee in raw.get("estimatedFees") or []
            if (
                money := parse_money(
                    (fee.get("amount") or {}).get("value"), (fee.get("amount") or {}).get("currencyCode")
                )
            )
        )
        shipments = raw.get("fulfillmentPreviewShipments") or []
        arrivals = [parse_time(s.get("earliestArrivalDate")) for s in shipments]
        latest = [parse_time(s.get("latestArrivalDate")) for s in shipments]
        previews.append(
            FulfillmentPreview(
                shipping_speed=str(raw.get("shippingSpeedCategory", "")),
                is_fulfillable=bool(raw.get("isFulfillable")),
                fees=fees,
                earliest_arrival=min((a for a in arrivals if a), default=None),
                latest_arrival=max((a for a in latest if a), default=None),
                unfulfillable_skus=tuple(
                    str(i.get("sellerSku", "")) for i in raw.get("unfulfillablePreviewItems") or []
                ),
                reasons=tuple(str(reason) for reason in raw.get("orderUnfulfillableReasons") or []),
            )
        )
    return tuple(previews)


def fulfillment_order(payload: Mapping[str, Any]) -> FulfillmentOrder:
    head = payload.get("fulfillmentOrder") or {}
    items = tuple(
        FulfillmentOrderItemState(
            sku=str(item.get("sellerSku", "")),
            item_reference=str(item.get("sellerFulfillmentOrderItemId", "")),
            quantity=as_int(item.get("quantity")),
            cancelled_quantity=as_int(item.get("cancelledQuantity")),
            unfulfillable_quantity=as_int(item.get("unfulfillableQuantity")),
        )
        for item in payload.get("fulfillmentOrderItems") or []
    )
    shipments = tuple(
        FulfillmentShipment(
            shipment_reference=str(shipment.get("amazonShipmentId", "")),
            status=str(shipment.get("fulfillmentShipmentStatus", "")).upper(),
            fulfillment_center=str(shipment.get("fulfillmentCenterId", "")),
            shipped_at=parse_time(shipment.get("shippingDate")),
            packages=tuple(
                FulfillmentPackage(
                    package_number=as_int(package.get("packageNumber")),
                    carrier=str(package.get("carrierCode", "")),
                    tracking_number=str(package.get("trackingNumber") or ""),
                )
                for package in shipment.get("fulfillmentShipmentPackage") or []
            ),
        )
        for shipment in payload.get("fulfillmentShipments") or []
    )
    return FulfillmentOrder(
        seller_fulfillment_order_id=str(head.get("sellerFulfillmentOrderId", "")),
        # The model's enum is CamelCase but its own examples are upper case: compare upper case.
        status=str(head.get("fulfillmentOrderStatus", "")).upper(),
        marketplace_id=str(head.get("marketplaceId", "")),
        received_at=parse_time(head.get("receivedDate")),
        status_updated_at=parse_time(head.get("statusUpdatedDate")),
        items=items,
        shipments=shipments,
    )


# --- FBA inventory and inbound ---------------------------------------------------------------------


def inventory_summary(raw: Mapping[str, Any]) -> InventorySummary:
    details = raw.get("inventoryDetails") or {}
    return InventorySummary(
        sku=str(raw.get("sellerSku", "")),
        total_quantity=as_int(raw.get("totalQuantity")),
        fulfillable_quantity=as_int(details.get("fulfillableQuantity")),
        inbound_working_quantity=as_int(details.get("inboundWorkingQuantity")),
        inbound_shipped_quantity=as_int(details.get("inboundShippedQuantity")),
        inbound_receiving_quantity=as_int(details.get("inboundReceivingQuantity")),
        reserved_quantity=as_int((details.get("reservedQuantity") or {}).get("totalReservedQuantity")),
        unfulfillable_quantity=as_int((details.get("unfulfillableQuantity") or {}).get("totalUnfulfillableQuantity")),
        asin=str(raw.get("asin") or ""),
        fnsku=str(raw.get("fnSku") or ""),
        condition=str(raw.get("condition") or ""),
        updated_at=parse_time(raw.get("lastUpdatedTime")),
    )


def inbound_shipment(raw: Mapping[str, Any]) -> InboundShipment:
    ship_from = raw.get("ShipFromAddress") or {}
    return InboundShipment(
        shipment_id=str(raw.get("ShipmentId", "")),
        name=str(raw.get("ShipmentName") or ""),
        status=str(raw.get("ShipmentStatus") or ""),
        destination_center=str(raw.get("DestinationFulfillmentCenterId") or ""),
        ship_from=Address(
            name=str(ship_from.get("Name") or ""),
            line1=str(ship_from.get("AddressLine1") or ""),
            line2=str(ship_from.get("AddressLine2") or ""),
            city=str(ship_from.get("City") or ""),
            state_or_region=str(ship_from.get("StateOrProvinceCode") or ""),
            postal_code=str(ship_from.get("PostalCode") or ""),
            country_code=str(ship_from.get("CountryCode") or ""),
        )
        if ship_from
        else None,
    )


def inbound_items(payload: Mapping[str, Any], shipment_id: str) -> tuple[InboundShipmentItem, ...]:
    return tuple(
        InboundShipmentItem(
            shipment_id=str(raw.get("ShipmentId") or shipment_id),
            sku=str(raw.get("SellerSKU", "")),
            quantity_shipped=as_int(raw.get("QuantityShipped")),
            quantity_received=as_int(raw.get("QuantityReceived")),
            quantity_in_case=as_int(raw.get("QuantityInCase")),
            fnsku=str(raw.get("FulfillmentNetworkSKU") or ""),
        )
        for raw in payload.get("ItemData") or []
    )


def inbound_query(
    *,
    marketplace_id: str,
    statuses: Sequence[str],
    updated_after: datetime | None,
    updated_before: datetime | None,
    next_token: str | None,
    now: datetime,
) -> dict[str, Any]:
    params: dict[str, Any] = {"MarketplaceId": marketplace_id}
    if next_token:
        params.update(QueryType="NEXT_TOKEN", NextToken=next_token)
        return params
    if updated_after is not None:
        params.update(
            QueryType="DATE_RANGE",
            LastUpdatedAfter=iso_utc(updated_after),
            LastUpdatedBefore=iso_utc(updated_before or now),
        )
    else:
        params["QueryType"] = "SHIPMENT"
    if statuses:
        params["ShipmentStatusList"] = list(statuses)
    elif params["QueryType"] == "SHIPMENT":
        # SHIPMENT queries need a status or id list; ask for every status but deleted ones.
        params["ShipmentStatusList"] = [
            "WORKING",
            "SHIPPED",
            "IN_TRANSIT",
            "DELIVERED",
            "CHECKED_IN",
            "RECEIVING",
            "CLOSED",
            "CANCELLED",
            "ERROR",
        ]
    return params


# --- product types -----------------------------------------------------------------------------------


def product_type_requirements(definition: Mapping[str, Any], schema: Mapping[str, Any]) -> ProductTypeRequirements:
    groups = {
        str(name): tuple(str(p) for p in (group or {}).get("propertyNames") or [])
        for name, group in (definition.get("propertyGroups") or {}).items()
    }
    marketplaces = definition.get("marketplaceIds") or [""]
    return ProductTypeRequirements(
        product_type=str(definition.get("productType", "")),
        marketplace_id=str(marketplaces[0]),
        version=str((definition.get("productTypeVersion") or {}).get("version", "")),
        requirements=str(definition.get("requirements", "")),
        locale=str(definition.get("locale", "")),
        required_attributes=tuple(str(name) for name in schema.get("required") or []),
        property_groups=groups,
        schema=dict(schema),
    )
