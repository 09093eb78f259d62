"""Every operation's responses (success and errors) match the response schemas and headers in
Amazon's official SP-API models. Raw HTTP here, so the bodies are exactly what was sent."""

from __future__ import annotations

import json

import httpx
import pytest

from tests.sandboxes.amazon.conftest import CREDENTIALS, SELLER, US
from tests.sandboxes.amazon.models import assert_conforms, declared_headers, need_research, request_errors
from tests.sandboxes.amazon.payloads import bracelet

LISTINGS, ORDERS, ORDERS_2026 = "listingsItems_2021-08-01.json", "ordersV0.json", "orders_2026-01-01.json"
OUTBOUND, INVENTORY, FEEDS = "fulfillmentOutbound_2020-07-01.json", "fbaInventory.json", "feeds_2021-06-30.json"
INBOUND_V0, INBOUND_2024 = "fulfillmentInboundV0.json", "fulfillmentInbound_2024-03-20.json"
DEFINITIONS, FINANCES, TOKENS = "definitionsProductTypes_2020-09-01.json", "financesV0.json", "tokens_2021-03-01.json"
ITEM = f"/listings/2021-08-01/items/{SELLER}/LUM-BR-001"


@pytest.fixture
def api(sandbox):
    need_research()
    form = {
        "grant_type": "refresh_token",
        "client_id": CREDENTIALS["lwa_app_id"],
        "client_secret": CREDENTIALS["lwa_client_secret"],
        "refresh_token": CREDENTIALS["refresh_token"],
    }
    token = sandbox.http.post("/auth/o2/token", data=form).json()["access_token"]
    client = httpx.Client(base_url=sandbox.url, headers={"x-amz-access-token": token}, timeout=10)
    yield client
    client.close()


def check(model: str, operation: str, response: httpx.Response, status: int) -> httpx.Response:
    """The response has `status`, matches the model's schema for it and carries its headers; a JSON
    request body that the sandbox accepted (2xx) must itself be valid under the model."""
    assert response.status_code == status, response.text
    if response.request.content and status < 300:
        sent = json.loads(response.request.content)
        assert request_errors(model, operation, sent) == [], f"{operation}: the test sent a body the model refuses"
    assert_conforms(model, operation, response)
    headers = declared_headers(model, operation, status)
    assert "x-amzn-RequestId" in headers and response.headers["x-amzn-RequestId"]
    if "x-amzn-RateLimit-Limit" in headers:
        float(response.headers["x-amzn-RateLimit-Limit"])
    return response


def test_listings_operations_match_the_model(api):
    put = api.put(ITEM, params={"marketplaceIds": US}, json={"productType": "BRACELET", "attributes": bracelet()})
    assert check(LISTINGS, "putListingsItem", put, 200).json()["status"] == "ACCEPTED"
    invalid = api.put(
        ITEM, params={"marketplaceIds": US}, json={"productType": "BRACELET", "attributes": bracelet(brand=None)}
    )
    assert check(LISTINGS, "putListingsItem", invalid, 200).json()["status"] == "INVALID"
    data = "summaries,attributes,issues,offers,fulfillmentAvailability,relationships,productTypes"
    check(LISTINGS, "getListingsItem", api.get(ITEM, params={"marketplaceIds": US, "includedData": data}), 200)
    patch = {
        "productType": "BRACELET",
        "patches": [
            {"op": "replace", "path": "/attributes/color", "value": [{"value": "Gold", "language_tag": "en_US"}]}
        ],
    }
    check(LISTINGS, "patchListingsItem", api.patch(ITEM, params={"marketplaceIds": US}, json=patch), 200)
    check(
        LISTINGS,
        "searchListingsItems",
        api.get(f"/listings/2021-08-01/items/{SELLER}", params={"marketplaceIds": US}),
        200,
    )
    check(LISTINGS, "deleteListingsItem", api.delete(ITEM, params={"marketplaceIds": US}), 200)
    check(LISTINGS, "getListingsItem", api.get(ITEM, params={"marketplaceIds": US}), 404)
    check(LISTINGS, "putListingsItem", api.put(ITEM, json={"productType": "BRACELET", "attributes": {}}), 400)


def test_orders_and_finances_match_the_models(sandbox, api):
    sandbox.control("orders/generate", {"count": 6, "marketplaceId": US, "fulfillmentChannel": "AFN"})
    sandbox.control("orders/generate", {"count": 6, "marketplaceId": US, "fulfillmentChannel": "MFN"})
    sandbox.advance(30 * 86400)  # AFN orders ship, some get refunded
    orders = check(
        ORDERS,
        "getOrders",
        api.get("/orders/v0/orders", params={"MarketplaceIds": US, "CreatedAfter": "2020-01-01T00:00:00Z"}),
        200,
    )
    listed = orders.json()["payload"]["Orders"]
    assert len(listed) == 12
    for order in listed[:4]:
        order_id = order["AmazonOrderId"]
        check(ORDERS, "getOrder", api.get(f"/orders/v0/orders/{order_id}"), 200)
        check(ORDERS, "getOrderItems", api.get(f"/orders/v0/orders/{order_id}/orderItems"), 200)
        check(ORDERS, "getOrderAddress", api.get(f"/orders/v0/orders/{order_id}/address"), 200)
        check(ORDERS, "getOrderBuyerInfo", api.get(f"/orders/v0/orders/{order_id}/buyerInfo"), 200)
        check(FINANCES, "listFinancialEventsByOrderId", api.get(f"/finances/v0/orders/{order_id}/financialEvents"), 200)
        check(
            ORDERS_2026,
            "getOrder",
            api.get(
                f"/orders/2026-01-01/orders/{order_id}",
                params={"includedData": "BUYER,RECIPIENT,PROCEEDS,FULFILLMENT,PACKAGES"},
            ),
            200,
        )
    mfn = next(o for o in listed if o["FulfillmentChannel"] == "MFN" and o["OrderStatus"] == "Unshipped")
    items = api.get(f"/orders/v0/orders/{mfn['AmazonOrderId']}/orderItems").json()["payload"]["OrderItems"]
    confirmation = {
        "marketplaceId": US,
        "packageDetail": {
            "packageReferenceId": "1",
            "carrierCode": "UPS",
            "trackingNumber": "1Z999AA10123456784",
            "shipDate": "2026-01-02T10:00:00Z",
            "orderItems": [{"orderItemId": i["OrderItemId"], "quantity": i["QuantityOrdered"]} for i in items],
        },
    }
    check(
        ORDERS,
        "confirmShipment",
        api.post(f"/orders/v0/orders/{mfn['AmazonOrderId']}/shipmentConfirmation", json=confirmation),
        204,
    )
    search = api.get(
        "/orders/2026-01-01/orders",
        params={
            "createdAfter": "2020-01-01T00:00:00Z",
            "maxResultsPerPage": 5,
            "includedData": "FULFILLMENT,PROCEEDS,PACKAGES,RECIPIENT",
        },
    )
    check(ORDERS_2026, "searchOrders", search, 200)
    check(ORDERS, "getOrder", api.get("/orders/v0/orders/111-0000000-0000000"), 404)
    check(ORDERS, "getOrders", api.get("/orders/v0/orders", params={"MarketplaceIds": US}), 400)
    token = api.post(
        "/tokens/2021-03-01/restrictedDataToken",
        json={"restrictedResources": [{"method": "GET", "path": "/orders/v0/orders/{orderId}/address"}]},
    )
    check(TOKENS, "createRestrictedDataToken", token, 200)


def test_fulfillment_and_inventory_operations_match_the_models(sandbox, api):
    sandbox.control("inventory", {"marketplaceId": US, "items": [{"sku": "LUM-BR-001", "quantity": 20}]})
    address = {
        "name": "Ada Lovelace",
        "addressLine1": "1 Main St",
        "city": "Seattle",
        "stateOrRegion": "WA",
        "postalCode": "98109",
        "countryCode": "US",
    }
    items = [{"sellerSku": "LUM-BR-001", "sellerFulfillmentOrderItemId": "1", "quantity": 2}]
    check(
        OUTBOUND,
        "getFulfillmentPreview",
        api.post("/fba/outbound/2020-07-01/fulfillmentOrders/preview", json={"address": address, "items": items}),
        200,
    )
    order = {
        "sellerFulfillmentOrderId": "MCF-1",
        "displayableOrderId": "MCF-1",
        "displayableOrderDate": "2026-01-01T00:00:00Z",
        "displayableOrderComment": "Thanks!",
        "shippingSpeedCategory": "Standard",
        "destinationAddress": address,
        "items": items,
    }
    check(OUTBOUND, "createFulfillmentOrder", api.post("/fba/outbound/2020-07-01/fulfillmentOrders", json=order), 200)
    check(OUTBOUND, "getFulfillmentOrder", api.get("/fba/outbound/2020-07-01/fulfillmentOrders/MCF-1"), 200)
    sandbox.advance(2 * 86400)
    shipped = check(
        OUTBOUND, "getFulfillmentOrder", api.get("/fba/outbound/2020-07-01/fulfillmentOrders/MCF-1"), 200
    ).json()["payload"]
    package = shipped["fulfillmentShipments"][0]["fulfillmentShipmentPackage"][0]["packageNumber"]
    check(
        OUTBOUND,
        "getPackageTrackingDetails",
        api.get("/fba/outbound/2020-07-01/tracking", params={"packageNumber": package}),
        200,
    )
    check(OUTBOUND, "listAllFulfillmentOrders", api.get("/fba/outbound/2020-07-01/fulfillmentOrders"), 200)
    check(
        OUTBOUND,
        "createFulfillmentOrder",
        api.post(
            "/fba/outbound/2020-07-01/fulfillmentOrders",
            json={
                **order,
                "sellerFulfillmentOrderId": "MCF-2",
                "items": [{"sellerSku": "NOPE", "sellerFulfillmentOrderItemId": "1", "quantity": 1}],
            },
        ),
        400,
    )
    api.post("/fba/outbound/2020-07-01/fulfillmentOrders", json={**order, "sellerFulfillmentOrderId": "MCF-3"})
    check(OUTBOUND, "cancelFulfillmentOrder", api.put("/fba/outbound/2020-07-01/fulfillmentOrders/MCF-3/cancel"), 200)
    check(OUTBOUND, "getFulfillmentOrder", api.get("/fba/outbound/2020-07-01/fulfillmentOrders/NOPE"), 404)
    summaries = api.get(
        "/fba/inventory/v1/summaries",
        params={"granularityType": "Marketplace", "granularityId": US, "marketplaceIds": US, "details": "true"},
    )
    check(INVENTORY, "getInventorySummaries", summaries, 200)
    shipment = sandbox.control("inbound", {"marketplaceId": US, "items": [{"sku": "LUM-BR-001", "quantity": 30}]})
    sandbox.advance(12 * 86400)
    check(
        INBOUND_V0,
        "getShipments",
        api.get(
            "/fba/inbound/v0/shipments",
            params={"MarketplaceId": US, "QueryType": "SHIPMENT", "ShipmentStatusList": "CLOSED"},
        ),
        200,
    )
    check(
        INBOUND_V0,
        "getShipmentItemsByShipmentId",
        api.get(f"/fba/inbound/v0/shipments/{shipment['shipmentId']}/items"),
        200,
    )
    check(INBOUND_2024, "listInboundPlans", api.get("/inbound/fba/2024-03-20/inboundPlans"), 200)
    check(
        INBOUND_2024,
        "getShipment",
        api.get(
            f"/inbound/fba/2024-03-20/inboundPlans/{shipment['inboundPlanId']}/shipments/{shipment['shipmentUuid']}"
        ),
        200,
    )
    check(
        INBOUND_V0,
        "getShipments",
        api.get("/fba/inbound/v0/shipments", params={"MarketplaceId": US, "QueryType": "NOPE"}),
        400,
    )


def test_feeds_and_definitions_match_the_models(sandbox, api):
    created = check(
        FEEDS,
        "createFeedDocument",
        api.post("/feeds/2021-06-30/documents", json={"contentType": "application/json; charset=UTF-8"}),
        201,
    ).json()
    feed = {
        "header": {"sellerId": SELLER, "version": "2.0"},
        "messages": [
            {
                "messageId": 1,
                "sku": "LUM-BR-001",
                "operationType": "UPDATE",
                "productType": "BRACELET",
                "attributes": bracelet(),
            }
        ],
    }
    assert (
        httpx.put(
            created["url"],
            content=json.dumps(feed).encode(),
            headers={"Content-Type": "application/json; charset=UTF-8"},
        ).status_code
        == 200
    )
    feed_id = check(
        FEEDS,
        "createFeed",
        api.post(
            "/feeds/2021-06-30/feeds",
            json={
                "feedType": "JSON_LISTINGS_FEED",
                "marketplaceIds": [US],
                "inputFeedDocumentId": created["feedDocumentId"],
            },
        ),
        202,
    ).json()["feedId"]
    sandbox.advance(120)
    done = check(FEEDS, "getFeed", api.get(f"/feeds/2021-06-30/feeds/{feed_id}"), 200).json()
    check(FEEDS, "getFeedDocument", api.get(f"/feeds/2021-06-30/documents/{done['resultFeedDocumentId']}"), 200)
    check(FEEDS, "getFeeds", api.get("/feeds/2021-06-30/feeds", params={"feedTypes": "JSON_LISTINGS_FEED"}), 200)
    check(FEEDS, "getFeed", api.get("/feeds/2021-06-30/feeds/123"), 404)
    check(
        FEEDS,
        "createFeed",
        api.post(
            "/feeds/2021-06-30/feeds",
            json={"feedType": "JSON_LISTINGS_FEED", "marketplaceIds": [US], "inputFeedDocumentId": "nope"},
        ),
        400,
    )
    check(
        DEFINITIONS,
        "searchDefinitionsProductTypes",
        api.get("/definitions/2020-09-01/productTypes", params={"marketplaceIds": US, "keywords": "bracelet"}),
        200,
    )
    check(
        DEFINITIONS,
        "getDefinitionsProductType",
        api.get("/definitions/2020-09-01/productTypes/BRACELET", params={"marketplaceIds": US}),
        200,
    )
    check(
        DEFINITIONS,
        "getDefinitionsProductType",
        api.get("/definitions/2020-09-01/productTypes/NOPE", params={"marketplaceIds": US}),
        404,
    )


def test_throttled_and_unauthorized_answers_match_the_model(sandbox, api):
    check(LISTINGS, "getListingsItem", httpx.get(f"{sandbox.url}{ITEM}", params={"marketplaceIds": US}), 403)
    sandbox.control("faults", {"next": ["throttle", "server_error", "unavailable"]})
    for status in (429, 500, 503):
        response = check(LISTINGS, "getListingsItem", api.get(ITEM, params={"marketplaceIds": US}), status)
        assert ("x-amzn-RateLimit-Limit" in response.headers) is (status != 429)
