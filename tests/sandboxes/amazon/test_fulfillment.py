"""FBA through python-amazon-sp-api: Multi-Channel Fulfillment orders moving to shipped with
tracking, FBA inventory summaries, and inbound shipments being received."""

from __future__ import annotations

import pytest
from sp_api.api import FulfillmentInbound, FulfillmentInboundV20240320, FulfillmentOutbound, Inventories
from sp_api.base import SellingApiBadRequestException, SellingApiNotFoundException

from tests.sandboxes.amazon.conftest import US

HOUR, DAY = 3600, 86400
ADDRESS = {
    "name": "Grace Hopper",
    "addressLine1": "221 Pine St",
    "city": "Seattle",
    "stateOrRegion": "WA",
    "postalCode": "98101",
    "countryCode": "US",
}


def mcf_order(order_id: str, sku: str = "LUM-BR-001", quantity: int = 2, **extra) -> dict:
    return {
        "sellerFulfillmentOrderId": order_id,
        "displayableOrderId": f"WISH-{order_id}",
        "displayableOrderDate": "2026-01-05T08:00:00Z",
        "displayableOrderComment": "Thank you for your order",
        "shippingSpeedCategory": "Standard",
        "destinationAddress": ADDRESS,
        "items": [{"sellerSku": sku, "sellerFulfillmentOrderItemId": "line-1", "quantity": quantity}],
        **extra,
    }


@pytest.fixture
def stocked(sandbox):
    sandbox.control(
        "inventory",
        {"marketplaceId": US, "items": [{"sku": "LUM-BR-001", "quantity": 10}, {"sku": "LUM-BR-002", "quantity": 1}]},
    )
    return sandbox


def stock(sandbox, sku: str = "LUM-BR-001") -> dict:
    summaries = (
        sandbox.client(Inventories)
        .get_inventory_summary_marketplace(details=True, sellerSkus=[sku])
        .payload["inventorySummaries"]
    )
    return summaries[0]["inventoryDetails"]


def test_mcf_order_moves_from_received_to_complete_with_tracking(stocked):
    outbound = stocked.client(FulfillmentOutbound)
    assert outbound.create_fulfillment_order(**mcf_order("MCF-100")).payload == {}
    assert outbound.get_fulfillment_order("MCF-100").payload["fulfillmentOrder"]["fulfillmentOrderStatus"] == "RECEIVED"
    details = stock(stocked)
    assert (details["fulfillableQuantity"], details["reservedQuantity"]["totalReservedQuantity"]) == (8, 2)
    seen = []
    for step in (11 * 60, HOUR, DAY):
        stocked.advance(step)
        seen.append(outbound.get_fulfillment_order("MCF-100").payload["fulfillmentOrder"]["fulfillmentOrderStatus"])
    assert seen == ["PLANNING", "PROCESSING", "COMPLETE"]
    order = outbound.get_fulfillment_order("MCF-100").payload
    shipment = order["fulfillmentShipments"][0]
    assert (
        shipment["fulfillmentShipmentStatus"] == "SHIPPED" and shipment["fulfillmentShipmentItem"][0]["quantity"] == 2
    )
    package = shipment["fulfillmentShipmentPackage"][0]
    assert package["carrierCode"] in {"UPS", "USPS", "AMZL_US"} and package["trackingNumber"]
    tracking = outbound.get_package_tracking_details(packageNumber=package["packageNumber"]).payload
    assert (tracking["trackingNumber"], tracking["carrierCode"], tracking["currentStatus"]) == (
        package["trackingNumber"],
        package["carrierCode"],
        "IN_TRANSIT",
    )
    stocked.advance(5 * DAY)
    tracking = outbound.get_package_tracking_details(packageNumber=package["packageNumber"]).payload
    assert tracking["currentStatus"] == "DELIVERED" and tracking["trackingEvents"][0]["eventCode"] == "EVENT_301"
    details = stock(stocked)
    assert (details["fulfillableQuantity"], details["reservedQuantity"]["totalReservedQuantity"]) == (8, 0)


def test_preview_says_what_can_be_fulfilled(stocked):
    outbound = stocked.client(FulfillmentOutbound)
    items = [{"sellerSku": "LUM-BR-002", "sellerFulfillmentOrderItemId": "1", "quantity": 3}]
    previews = outbound.get_fulfillment_preview(
        address=ADDRESS, items=items, shippingSpeedCategories=["Standard"]
    ).payload["fulfillmentPreviews"]
    assert previews[0]["isFulfillable"] is False
    assert previews[0]["unfulfillablePreviewItems"][0]["itemUnfulfillableReasons"] == ["InventoryUnavailable"]
    items[0]["quantity"] = 1
    previews = outbound.get_fulfillment_preview(address=ADDRESS, items=items).payload["fulfillmentPreviews"]
    assert [p["shippingSpeedCategory"] for p in previews] == ["Standard", "Expedited", "Priority"] and all(
        p["isFulfillable"] for p in previews
    )


def test_unknown_sku_is_refused_as_amazon_words_it(stocked):
    with pytest.raises(SellingApiBadRequestException) as caught:
        stocked.client(FulfillmentOutbound).create_fulfillment_order(**mcf_order("MCF-101", sku="NOT-IN-FBA"))
    assert caught.value.message == "The SellerSKU for Item Id: line-1 is invalid."


def test_too_little_stock_makes_fill_or_kill_unfulfillable(stocked):
    outbound = stocked.client(FulfillmentOutbound)
    outbound.create_fulfillment_order(**mcf_order("MCF-102", sku="LUM-BR-002", quantity=2))
    order = outbound.get_fulfillment_order("MCF-102").payload
    assert order["fulfillmentOrder"]["fulfillmentOrderStatus"] == "UNFULFILLABLE"
    assert order["fulfillmentOrderItems"][0]["unfulfillableQuantity"] == 2
    outbound.create_fulfillment_order(
        **mcf_order("MCF-103", sku="LUM-BR-002", quantity=2, fulfillmentPolicy="FillAllAvailable")
    )
    stocked.advance(2 * DAY)
    partial = outbound.get_fulfillment_order("MCF-103").payload
    assert partial["fulfillmentOrder"]["fulfillmentOrderStatus"] == "COMPLETEPARTIALLED"
    assert partial["fulfillmentShipments"][0]["fulfillmentShipmentItem"][0]["quantity"] == 1


def test_cancel_returns_the_stock_and_is_refused_once_processing(stocked):
    outbound = stocked.client(FulfillmentOutbound)
    outbound.create_fulfillment_order(**mcf_order("MCF-104", quantity=4))
    assert stock(stocked)["fulfillableQuantity"] == 6
    outbound.cancel_fulfillment_order("MCF-104")
    assert (
        outbound.get_fulfillment_order("MCF-104").payload["fulfillmentOrder"]["fulfillmentOrderStatus"] == "CANCELLED"
    )
    assert stock(stocked)["fulfillableQuantity"] == 10
    outbound.create_fulfillment_order(**mcf_order("MCF-105"))
    stocked.advance(2 * HOUR)
    with pytest.raises(SellingApiBadRequestException):
        outbound.cancel_fulfillment_order("MCF-105")


def test_duplicate_and_unknown_fulfillment_orders(stocked):
    outbound = stocked.client(FulfillmentOutbound)
    outbound.create_fulfillment_order(**mcf_order("MCF-106"))
    with pytest.raises(SellingApiBadRequestException):
        outbound.create_fulfillment_order(**mcf_order("MCF-106"))
    with pytest.raises(SellingApiNotFoundException):
        outbound.get_fulfillment_order("NOPE")
    listed = outbound.list_all_fulfillment_orders(queryStartDate="2020-01-01T00:00:00Z").payload["fulfillmentOrders"]
    assert [o["sellerFulfillmentOrderId"] for o in listed] == ["MCF-106"]


def test_inventory_summaries_with_and_without_details(stocked):
    inventory = stocked.client(Inventories)
    plain = inventory.get_inventory_summary_marketplace().payload
    assert plain["granularity"] == {"granularityType": "Marketplace", "granularityId": US}
    assert [(s["sellerSku"], s["totalQuantity"]) for s in plain["inventorySummaries"]] == [
        ("LUM-BR-001", 10),
        ("LUM-BR-002", 1),
    ]
    assert "inventoryDetails" not in plain["inventorySummaries"][0]
    one = inventory.get_inventory_summary_marketplace(sellerSkus=["LUM-BR-002"], details=True).payload[
        "inventorySummaries"
    ]
    assert len(one) == 1 and one[0]["inventoryDetails"]["fulfillableQuantity"] == 1


def test_inbound_shipment_is_received_into_fba_stock(sandbox):
    created = sandbox.control(
        "inbound", {"marketplaceId": US, "items": [{"sku": f"INB-{n}", "quantity": 20} for n in range(8)]}
    )
    inbound = sandbox.client(FulfillmentInbound)
    # An hourly look for ten days exceeds getShipments' burst at real refill rates; at 1000x the
    # bucket refills faster than one client can call, so no look is throttled on a fast machine.
    sandbox.control("speedup", {"speedup": 1000})
    statuses = []
    for _hour in range(10 * 24):
        found = inbound.get_shipments(
            QueryType="SHIPMENT", MarketplaceId=US, ShipmentIdList=[created["shipmentId"]]
        ).payload["ShipmentData"]
        if not statuses or statuses[-1] != found[0]["ShipmentStatus"]:
            statuses.append(found[0]["ShipmentStatus"])
        sandbox.advance(HOUR)
    assert statuses == ["WORKING", "SHIPPED", "IN_TRANSIT", "DELIVERED", "CHECKED_IN", "RECEIVING", "CLOSED"]
    items = inbound.shipment_items_by_shipment(created["shipmentId"], MarketplaceId=US).payload["ItemData"]
    assert [i["QuantityShipped"] for i in items] == [20] * 8
    received = {i["SellerSKU"]: i["QuantityReceived"] for i in items}
    assert any(quantity != 20 for quantity in received.values()), "with seed 7 some lines are received short or over"
    inventory = (
        sandbox.client(Inventories).get_inventory_summary_marketplace(details=True).payload["inventorySummaries"]
    )
    assert {s["sellerSku"]: s["inventoryDetails"]["fulfillableQuantity"] for s in inventory} == received


def test_inbound_queries_by_status_and_the_2024_api(sandbox):
    first = sandbox.control("inbound", {"marketplaceId": US, "items": [{"sku": "INB-A", "quantity": 5}]})
    sandbox.advance(13 * HOUR)
    second = sandbox.control("inbound", {"marketplaceId": US, "items": [{"sku": "INB-B", "quantity": 5}]})
    inbound = sandbox.client(FulfillmentInbound)
    working = inbound.get_shipments(QueryType="SHIPMENT", MarketplaceId=US, ShipmentStatusList=["WORKING"]).payload[
        "ShipmentData"
    ]
    assert [s["ShipmentId"] for s in working] == [second["shipmentId"]]
    with pytest.raises(SellingApiBadRequestException):
        inbound.get_shipments(QueryType="SHIPMENT", MarketplaceId=US)
    plans = sandbox.client(FulfillmentInboundV20240320).list_inbound_plans(status="SHIPPED").payload["inboundPlans"]
    assert [p["inboundPlanId"] for p in plans] == [first["inboundPlanId"]]
    shipment = (
        sandbox.client(FulfillmentInboundV20240320).get_shipment(first["inboundPlanId"], first["shipmentUuid"]).payload
    )
    assert (shipment["status"], shipment["shipmentConfirmationId"]) == ("SHIPPED", first["shipmentId"])
