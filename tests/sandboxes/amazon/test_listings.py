"""Listings Items 2021-08-01 through python-amazon-sp-api: put, get, patch, delete, search, and
the issues an invalid listing gets."""

from __future__ import annotations

import pytest
from sp_api.api import ListingsItems
from sp_api.base import SellingApiBadRequestException, SellingApiForbiddenException, SellingApiNotFoundException

from tests.sandboxes.amazon.conftest import DE, SELLER, US
from tests.sandboxes.amazon.payloads import bracelet, plain, text

SKU = "LUM-BR-001"


@pytest.fixture
def listings(sandbox):
    return sandbox.client(ListingsItems)


def put(listings, sku: str = SKU, attributes: dict | None = None, **kwargs):
    body = {"productType": "BRACELET", "requirements": "LISTING", "attributes": attributes or bracelet()}
    return listings.put_listings_item(SELLER, sku, marketplaceIds=[US], body=body, **kwargs)


def test_put_then_get_with_all_included_data(listings):
    answer = put(listings)
    assert answer.payload["status"] == "ACCEPTED" and answer.payload["issues"] == []
    assert answer.rate_limit == "5.0"
    item = listings.get_listings_item(
        SELLER,
        SKU,
        marketplaceIds=[US],
        includedData=["summaries", "attributes", "offers", "fulfillmentAvailability", "productTypes"],
    ).payload
    summary = item["summaries"][0]
    assert (summary["marketplaceId"], summary["productType"], summary["conditionType"]) == (US, "BRACELET", "new_new")
    assert summary["itemName"] == "Lumen & Co sterling silver link bracelet" and summary["status"] == [
        "BUYABLE",
        "DISCOVERABLE",
    ]
    assert summary["mainImage"]["link"] == "https://images.example.com/lumen/br-001.jpg"
    assert item["attributes"]["brand"] == bracelet()["brand"]
    assert item["offers"] == [
        {"marketplaceId": US, "offerType": "B2C", "price": {"currencyCode": "USD", "amount": "29.99"}}
    ]
    assert item["fulfillmentAvailability"] == [{"fulfillmentChannelCode": "DEFAULT", "quantity": 12}]
    assert item["productTypes"] == [{"marketplaceId": US, "productType": "BRACELET"}]


def test_invalid_listing_gets_amazon_issues_and_is_not_stored(listings):
    attributes = bracelet(brand=None, condition_type=plain("brand_new"), part_number=plain("P" * 41))
    answer = put(listings, attributes=attributes).payload
    assert answer["status"] == "INVALID"
    issues = {(i["code"], i["attributeNames"][0]): i for i in answer["issues"]}
    assert set(issues) == {("90220", "brand"), ("4000001", "condition_type"), ("99030", "part_number")}
    assert issues[("90220", "brand")]["message"] == "'brand' is required but not supplied."
    assert issues[("90220", "brand")]["categories"] == ["MISSING_ATTRIBUTE"]
    assert issues[("4000001", "condition_type")]["message"] == "The provided value for 'Item Condition' is invalid."
    assert (
        issues[("99030", "part_number")]["message"]
        == "The value for 'Part Number' is longer than the 40 characters allowed."
    )
    assert all(i["severity"] == "ERROR" and i["marketplaceIds"] == [US] for i in answer["issues"])
    with pytest.raises(SellingApiNotFoundException):
        listings.get_listings_item(SELLER, SKU, marketplaceIds=[US])


def test_validation_preview_validates_without_storing(listings):
    assert put(listings, mode="VALIDATION_PREVIEW").payload["status"] == "VALID"
    assert put(listings, attributes=bracelet(brand=None), mode="VALIDATION_PREVIEW").payload["status"] == "INVALID"
    with pytest.raises(SellingApiNotFoundException) as caught:
        listings.get_listings_item(SELLER, SKU, marketplaceIds=[US])
    assert caught.value.amzn_code == "NOT_FOUND"


def test_patch_replaces_merges_and_deletes_attributes(listings):
    put(listings)
    patches = [
        {
            "op": "replace",
            "path": "/attributes/purchasable_offer",
            "value": [
                {"currency": "USD", "marketplace_id": US, "our_price": [{"schedule": [{"value_with_tax": 24.5}]}]}
            ],
        },
        {"op": "merge", "path": "/attributes/bullet_point", "value": text("Gift box included", language="en_GB")},
        {"op": "delete", "path": "/attributes/main_product_image_locator"},
    ]
    answer = listings.patch_listings_item(
        SELLER, SKU, marketplaceIds=[US], body={"productType": "BRACELET", "patches": patches}
    )
    assert answer.payload["status"] == "ACCEPTED"
    item = listings.get_listings_item(SELLER, SKU, marketplaceIds=[US], includedData=["attributes", "offers"]).payload
    assert item["offers"][0]["price"]["amount"] == "24.5"
    assert [b["value"] for b in item["attributes"]["bullet_point"]] == [
        "Lobster clasp, 7.5 inches",
        "Gift box included",
    ]
    assert "main_product_image_locator" not in item["attributes"]


def test_patch_that_breaks_the_listing_is_invalid_and_changes_nothing(listings):
    put(listings)
    patches = [{"op": "delete", "path": "/attributes/brand"}]
    answer = listings.patch_listings_item(
        SELLER, SKU, marketplaceIds=[US], body={"productType": "BRACELET", "patches": patches}
    ).payload
    assert answer["status"] == "INVALID" and [i["attributeNames"] for i in answer["issues"]] == [["brand"]]
    assert listings.get_listings_item(SELLER, SKU, marketplaceIds=[US], includedData=["attributes"]).payload[
        "attributes"
    ]["brand"]


def test_patch_with_a_nested_path_is_a_bad_request(listings):
    put(listings)
    patches = [{"op": "replace", "path": "/attributes/purchasable_offer/0/our_price", "value": [1]}]
    with pytest.raises(SellingApiBadRequestException) as caught:
        listings.patch_listings_item(
            SELLER, SKU, marketplaceIds=[US], body={"productType": "BRACELET", "patches": patches}
        )
    assert caught.value.amzn_code == "InvalidInput" and "Invalid 'path'" in caught.value.message


def test_delete_uses_the_clients_marketplace_as_the_library_sends_it(sandbox, listings):
    put(listings)
    german = sandbox.client(ListingsItems, marketplace=DE)
    # The library drops the caller's marketplaceIds on DELETE and sends the client's own (DE).
    assert german.delete_listings_item(SELLER, SKU, marketplaceIds=[US]).payload["status"] == "ACCEPTED"
    assert listings.get_listings_item(SELLER, SKU, marketplaceIds=[US]).payload["sku"] == SKU
    assert listings.delete_listings_item(SELLER, SKU).payload["status"] == "ACCEPTED"
    with pytest.raises(SellingApiNotFoundException):
        listings.get_listings_item(SELLER, SKU, marketplaceIds=[US])


def test_percent_encoded_sku_with_slash_and_unicode(listings):
    sku = "KÄFER 1/2 ✓"
    assert put(listings, sku=sku).payload["sku"] == sku
    assert listings.get_listings_item(SELLER, sku, marketplaceIds=[US]).payload["sku"] == sku


def test_put_without_marketplace_ids_in_the_query_is_refused(listings):
    # The library puts its injected marketplace keys in the PUT body; Amazon wants the query.
    with pytest.raises(SellingApiBadRequestException) as caught:
        listings.put_listings_item(SELLER, SKU, body={"productType": "BRACELET", "attributes": bracelet()})
    assert caught.value.message == "Missing required 'marketplaceIds'."


def test_other_sellers_listings_are_forbidden(listings):
    with pytest.raises(SellingApiForbiddenException):
        listings.get_listings_item("A1OTHERSELLER", SKU, marketplaceIds=[US])


def test_unknown_product_type_is_invalid(listings):
    body = {"productType": "SPACESHIP", "attributes": bracelet()}
    answer = listings.put_listings_item(SELLER, SKU, marketplaceIds=[US], body=body).payload
    assert answer["status"] == "INVALID" and answer["issues"][0]["code"] == "99006"


def test_offer_only_listing_needs_only_offer_terms_and_an_identifier(listings):
    offer = {
        name: bracelet()[name]
        for name in (
            "condition_type",
            "fulfillment_availability",
            "merchant_shipping_group",
            "list_price",
            "purchasable_offer",
        )
    }
    body = {"productType": "BRACELET", "requirements": "LISTING_OFFER_ONLY", "attributes": offer}
    missing = listings.put_listings_item(SELLER, "OFFER-1", marketplaceIds=[US], body=body).payload
    assert {tuple(i["attributeNames"]) for i in missing["issues"]} == {
        ("externally_assigned_product_identifier",),
        ("merchant_suggested_asin",),
    }
    body["attributes"]["merchant_suggested_asin"] = plain("B07XYZ1234")
    accepted = listings.put_listings_item(SELLER, "OFFER-1", marketplaceIds=[US], body=body).payload
    assert accepted["status"] == "ACCEPTED"
    summary = listings.get_listings_item(SELLER, "OFFER-1", marketplaceIds=[US]).payload["summaries"][0]
    assert summary["asin"] == "B07XYZ1234"


def test_search_pages_through_the_sellers_listings(listings):
    for number in range(3):
        put(listings, sku=f"SKU-{number}")
    first = listings.search_listings_items(SELLER, marketplaceIds=[US], pageSize=2)
    assert first.payload["numberOfResults"] == 3 and [i["sku"] for i in first.payload["items"]] == ["SKU-0", "SKU-1"]
    second = listings.search_listings_items(SELLER, marketplaceIds=[US], pageSize=2, pageToken=first.next_token)
    assert [i["sku"] for i in second.payload["items"]] == ["SKU-2"] and second.next_token is None
