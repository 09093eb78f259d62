"""Generated orders through the Orders APIs (v0 and 2026-01-01) and Finances v0, driven by
python-amazon-sp-api: buyers and currencies per marketplace, SKUs the seller listed, paging,
status updates over simulated time, shipment confirmation, refunds, restricted data."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import pytest
from sp_api.api import Finances, ListingsItems, Orders, OrdersV20260101
from sp_api.base import SellingApiBadRequestException

from tests.sandboxes.amazon.conftest import DE, JP, SELLER, US
from tests.sandboxes.amazon.payloads import bracelet

SINCE = "2020-01-01T00:00:00Z"
HOUR, DAY = 3600, 86400


def all_orders(client, **query) -> list[dict]:
    orders, token = [], None
    while True:
        page = client.get_orders(**query, **({"NextToken": token} if token else {}))
        orders.extend(page.payload["Orders"])
        token = page.next_token
        if not token:
            return orders


def generate(sandbox, count: int, marketplace: str = US, channel: str | None = None) -> list[str]:
    body = {"count": count, "marketplaceId": marketplace, **({"fulfillmentChannel": channel} if channel else {})}
    return sandbox.control("orders/generate", body)["orderIds"]


def test_orders_use_listed_skus_local_buyers_and_currency(sandbox):
    listings = sandbox.client(ListingsItems)
    for sku in ("LUM-BR-001", "LUM-BR-002"):
        listings.put_listings_item(
            SELLER, sku, marketplaceIds=[US], body={"productType": "BRACELET", "attributes": bracelet()}
        )
    ids = generate(sandbox, 12)
    sandbox.advance(HOUR)
    orders = sandbox.client(Orders)
    listed = all_orders(orders, CreatedAfter=SINCE)
    assert sorted(o["AmazonOrderId"] for o in listed) == sorted(ids)
    assert {o["MarketplaceId"] for o in listed} == {US} and {o["SalesChannel"] for o in listed} == {"Amazon.com"}
    assert {o["ShippingAddress"]["CountryCode"] for o in listed} == {"US"}
    assert {o["OrderTotal"]["CurrencyCode"] for o in listed if "OrderTotal" in o} == {"USD"}
    assert Counter(o["FulfillmentChannel"] for o in listed).keys() == {"AFN", "MFN"}
    skus = set()
    for order in listed:
        items = orders.get_order_items(order["AmazonOrderId"]).payload["OrderItems"]
        skus.update(item["SellerSKU"] for item in items)
        if order["OrderStatus"] != "Pending":
            assert all(item["ItemPrice"]["Amount"] == str(Decimal("29.99") * item["QuantityOrdered"]) for item in items)
    assert skus <= {"LUM-BR-001", "LUM-BR-002"}


@pytest.mark.parametrize(("marketplace", "country", "currency"), [(DE, "DE", "EUR"), (JP, "JP", "JPY")])
def test_buyers_and_money_follow_the_marketplace(sandbox, marketplace, country, currency):
    generate(sandbox, 5, marketplace)
    sandbox.advance(HOUR)
    listed = all_orders(sandbox.client(Orders, marketplace=marketplace), CreatedAfter=SINCE)
    assert len(listed) == 5 and {o["ShippingAddress"]["CountryCode"] for o in listed} == {country}
    totals = [o["OrderTotal"] for o in listed if "OrderTotal" in o]
    assert totals and {t["CurrencyCode"] for t in totals} == {currency}
    if currency == "JPY":
        assert all("." not in t["Amount"] for t in totals)
    else:
        assert all(len(t["Amount"].split(".")[1]) == 2 for t in totals)


def test_paging_with_next_token_returns_every_order_once(sandbox):
    ids = generate(sandbox, 7)
    sandbox.advance(HOUR)
    orders = sandbox.client(Orders)
    first = orders.get_orders(CreatedAfter=SINCE, MaxResultsPerPage=3)
    assert len(first.payload["Orders"]) == 3 and first.next_token
    listed = all_orders(orders, CreatedAfter=SINCE, MaxResultsPerPage=3)
    assert sorted(o["AmazonOrderId"] for o in listed) == sorted(ids)


def test_orders_younger_than_two_minutes_are_not_listed_yet(sandbox):
    generate(sandbox, 2)
    orders = sandbox.client(Orders)
    assert orders.get_orders(CreatedAfter=SINCE).payload["Orders"] == []
    sandbox.advance(121)
    assert len(orders.get_orders(CreatedAfter=SINCE).payload["Orders"]) == 2


def test_duplicate_page_fault_repeats_an_order_across_pages(sandbox):
    generate(sandbox, 4)
    sandbox.advance(HOUR)
    sandbox.control("faults", {"duplicate_page": 1.0, "operations": ["getOrders"]})
    orders = sandbox.client(Orders)
    first = orders.get_orders(CreatedAfter=SINCE, MaxResultsPerPage=2)
    second = orders.get_orders(CreatedAfter=SINCE, MaxResultsPerPage=2, NextToken=first.next_token)
    assert second.payload["Orders"][0]["AmazonOrderId"] == first.payload["Orders"][-1]["AmazonOrderId"]


def test_statuses_move_on_and_updates_are_found_by_last_update(sandbox):
    ids = generate(sandbox, 30, channel="MFN")
    orders = sandbox.client(Orders)
    sandbox.advance(HOUR)
    statuses = Counter(o["OrderStatus"] for o in all_orders(orders, LastUpdatedAfter=SINCE))
    assert (
        set(statuses) <= {"Unshipped", "Canceled"}
        and statuses["Unshipped"] >= 25
        and sum(statuses.values()) == len(ids)
    )
    for order in all_orders(orders, LastUpdatedAfter=SINCE):
        assert order["LastUpdateDate"] > order["PurchaseDate"]
    assert all_orders(orders, CreatedAfter=SINCE, OrderStatuses=["Pending"]) == []


def test_amazon_ships_afn_orders_and_takes_the_units_from_fba_stock(sandbox):
    sandbox.control("inventory", {"marketplaceId": US, "items": [{"sku": "LUM-BR-001", "quantity": 100}]})
    sandbox.client(ListingsItems).put_listings_item(
        SELLER, "LUM-BR-001", marketplaceIds=[US], body={"productType": "BRACELET", "attributes": bracelet()}
    )
    generate(sandbox, 5, channel="AFN")
    sandbox.advance(2 * DAY)
    orders = sandbox.client(Orders)
    listed = all_orders(orders, CreatedAfter=SINCE)
    shipped = [o for o in listed if o["OrderStatus"] == "Shipped"]
    assert {o["OrderStatus"] for o in listed} <= {"Shipped", "Canceled"} and shipped
    units = sum(
        i["QuantityShipped"] for o in shipped for i in orders.get_order_items(o["AmazonOrderId"]).payload["OrderItems"]
    )
    row = sandbox.amazon.state.one("SELECT fulfillable FROM inventory WHERE sku = 'LUM-BR-001'")
    assert row["fulfillable"] == 100 - units


def test_confirm_shipment_ships_an_mfn_order_and_posts_a_shipment_event(sandbox):
    order_id = next(i for i in generate(sandbox, 10, channel="MFN"))
    sandbox.advance(HOUR)
    orders = sandbox.client(Orders)
    order_id = next(
        o["AmazonOrderId"] for o in all_orders(orders, CreatedAfter=SINCE) if o["OrderStatus"] == "Unshipped"
    )
    items = orders.get_order_items(order_id).payload["OrderItems"]
    package = {
        "packageReferenceId": "1",
        "carrierCode": "UPS",
        "trackingNumber": "1Z999AA10123456784",
        "shipDate": "2026-01-02T10:00:00Z",
        "orderItems": [{"orderItemId": i["OrderItemId"], "quantity": i["QuantityOrdered"]} for i in items],
    }
    answer = orders.confirm_shipment(order_id, marketplaceId=US, packageDetail=package)
    assert answer.payload == {"status_code": 204}
    assert orders.get_order(order_id).payload["OrderStatus"] == "Shipped"
    assert [i["QuantityShipped"] for i in orders.get_order_items(order_id).payload["OrderItems"]] == [
        i["QuantityOrdered"] for i in items
    ]
    events = sandbox.client(Finances).get_financial_events_for_order(order_id).payload["FinancialEvents"]
    shipped = events["ShipmentEventList"][0]["ShipmentItemList"]
    principal = {line["OrderItemId"]: line["ItemChargeList"][0] for line in shipped}
    assert {k: v["ChargeType"] for k, v in principal.items()} == {i["OrderItemId"]: "Principal" for i in items}
    assert sum(Decimal(str(v["ChargeAmount"]["CurrencyAmount"])) for v in principal.values()) == sum(
        Decimal(i["ItemPrice"]["Amount"]) for i in items
    )
    with pytest.raises(SellingApiBadRequestException):
        orders.confirm_shipment(order_id, marketplaceId=US, packageDetail=package)  # already shipped


def test_refunds_appear_as_refund_events(sandbox):
    generate(sandbox, 40, channel="AFN")
    sandbox.advance(15 * DAY)
    sandbox.control("speedup", {"speedup": 1000})  # 40 look-ups exceed the 30-call bursts at real refill rates
    finances, orders = sandbox.client(Finances), sandbox.client(Orders)
    refunded = []
    for order in all_orders(orders, CreatedAfter=SINCE):
        events = finances.get_financial_events_for_order(order["AmazonOrderId"]).payload["FinancialEvents"]
        if events["RefundEventList"]:
            refunded.append((order, events["RefundEventList"][0]))
    assert refunded, "with seed 7, some of 40 shipped orders are refunded within 15 days"
    order, refund = refunded[0]
    first_item = orders.get_order_items(order["AmazonOrderId"]).payload["OrderItems"][0]
    charge = refund["ShipmentItemAdjustmentList"][0]["ItemChargeAdjustmentList"][0]
    unit = Decimal(first_item["ItemPrice"]["Amount"]) / first_item["QuantityOrdered"]
    assert charge["ChargeType"] == "Principal" and Decimal(str(charge["ChargeAmount"]["CurrencyAmount"])) == -unit


def test_restricted_data_token_reveals_the_buyer_address(sandbox):
    generate(sandbox, 1)
    sandbox.advance(HOUR)
    orders = sandbox.client(Orders)
    order_id = orders.get_orders(CreatedAfter=SINCE).payload["Orders"][0]["AmazonOrderId"]
    plain_address = orders.get_order_address(order_id).payload["ShippingAddress"]
    assert set(plain_address) == {"City", "StateOrRegion", "PostalCode", "CountryCode"}
    full = orders.get_order(order_id, RestrictedResources=["buyerInfo", "shippingAddress"]).payload
    assert {"Name", "AddressLine1", "Phone"} <= set(full["ShippingAddress"]) and full["BuyerInfo"][
        "BuyerEmail"
    ].endswith("@marketplace.amazon.example")


def test_orders_2026_search_and_get(sandbox):
    ids = generate(sandbox, 5, channel="MFN")
    sandbox.advance(HOUR)
    client = sandbox.client(OrdersV20260101)
    first = client.search_orders(createdAfter=SINCE, maxResultsPerPage=3, includedData=["FULFILLMENT", "PROCEEDS"])
    second = client.search_orders(paginationToken=first.next_token)
    found = first.payload["orders"] + second.payload["orders"]
    assert sorted(o["orderId"] for o in found) == sorted(ids) and second.next_token is None
    assert {o["fulfillment"]["fulfilledBy"] for o in found} == {"MERCHANT"}
    assert {o["fulfillment"]["fulfillmentStatus"] for o in found} <= {"UNSHIPPED", "CANCELLED"}
    one = client.get_order(ids[0], includedData=["RECIPIENT"]).payload["order"]
    assert one["orderId"] == ids[0] and one["recipient"]["deliveryAddress"]["countryCode"] == "US"


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"CreatedAfter": SINCE, "LastUpdatedAfter": SINCE},
        {"CreatedAfter": "yesterday"},
        {"CreatedAfter": SINCE, "MaxResultsPerPage": 101},
        {"CreatedAfter": SINCE, "OrderStatuses": ["Lost"]},
    ],
)
def test_bad_order_queries_are_refused(sandbox, query):
    with pytest.raises(SellingApiBadRequestException) as caught:
        sandbox.client(Orders).get_orders(**query)
    assert caught.value.amzn_code == "InvalidInput"


def test_created_before_must_be_two_minutes_old(sandbox):
    now = sandbox.http.get("/_control/clock").json()["now"]
    with pytest.raises(SellingApiBadRequestException):
        sandbox.client(Orders).get_orders(CreatedAfter=SINCE, CreatedBefore=now)


def test_restricted_data_token_opens_only_its_data_elements_and_paths(sandbox):
    from sp_api.api import Tokens

    [order_id] = generate(sandbox, 1, channel="MFN")
    sandbox.advance(HOUR)
    tokens, client = sandbox.client(Tokens), sandbox.client(OrdersV20260101)

    def rdt(path: str, elements: list[str] | None) -> str:
        resource = {"method": "GET", "path": path, **({"dataElements": elements} if elements is not None else {})}
        return tokens.create_restricted_data_token(restrictedResources=[resource]).payload["restrictedDataToken"]

    def recipient(token: str | None) -> dict:
        client.restricted_data_token = token
        try:
            return client.get_order(order_id, includedData=["RECIPIENT", "BUYER"]).payload["order"]
        finally:
            client.restricted_data_token = None

    plain = recipient(None)["recipient"]["deliveryAddress"]
    assert set(plain) == {"city", "stateOrRegion", "postalCode", "countryCode"}
    address_only = recipient(rdt("/orders/2026-01-01/orders/{orderId}", ["shippingAddress"]))
    assert {"name", "addressLine1", "phone"} <= set(address_only["recipient"]["deliveryAddress"])
    assert "buyer" not in address_only  # buyerInfo was not asked for
    no_elements = recipient(rdt(f"/orders/2026-01-01/orders/{order_id}", None))
    assert "addressLine1" not in no_elements["recipient"]["deliveryAddress"]
    other_path = recipient(rdt("/orders/2026-01-01/orders/123-0000000-0000000", ["shippingAddress"]))
    assert "addressLine1" not in other_path["recipient"]["deliveryAddress"]
    with pytest.raises(SellingApiBadRequestException):
        rdt("/orders/2026-01-01/orders/{orderId}", ["everything"])


def test_variation_parents_are_never_bought(sandbox):
    listings = sandbox.client(ListingsItems)
    parent = {
        **bracelet(),
        "parentage_level": [{"value": "parent", "marketplace_id": US}],
        "child_parent_sku_relationship": [{"child_relationship_type": "variation", "marketplace_id": US}],
        "variation_theme": [{"name": "COLOR"}],
    }
    answer = listings.put_listings_item(
        SELLER, "LUM-BR-PARENT", marketplaceIds=[US], body={"productType": "BRACELET", "attributes": parent}
    ).payload
    assert answer["status"] == "ACCEPTED", answer
    listings.put_listings_item(
        SELLER, "LUM-BR-001", marketplaceIds=[US], body={"productType": "BRACELET", "attributes": bracelet()}
    )
    generate(sandbox, 20, channel="MFN")
    sandbox.advance(HOUR)
    orders = sandbox.client(Orders)
    skus = {
        item["SellerSKU"]
        for order in all_orders(orders, CreatedAfter=SINCE)
        for item in orders.get_order_items(order["AmazonOrderId"]).payload["OrderItems"]
    }
    assert skus == {"LUM-BR-001"}
