"""Product Type Definitions 2020-09-01 through python-amazon-sp-api: search, get, and download
the schema and meta-schema the definition links to."""

from __future__ import annotations

import base64
import hashlib

import httpx
import pytest
from sp_api.api import ProductTypeDefinitions
from sp_api.base import SellingApiBadRequestException, SellingApiNotFoundException

from infra.sandboxes.amazon.validation.keywords import META_SCHEMA_ID, meta_schema_errors, schema_validator
from tests.sandboxes.amazon.conftest import JP, SELLER, US
from tests.sandboxes.amazon.payloads import bracelet


def md5_base64(content: bytes) -> str:
    return base64.b64encode(hashlib.md5(content, usedforsecurity=False).digest()).decode()


def test_search_by_keywords_and_item_name(sandbox):
    definitions = sandbox.client(ProductTypeDefinitions)
    found = definitions.search_definitions_product_types(keywords="bracelet").payload
    assert found["productTypes"] == [{"name": "BRACELET", "displayName": "Bracelet", "marketplaceIds": [US]}]
    by_title = definitions.search_definitions_product_types(itemName="Hardside carry-on suitcase, 55 cm").payload[
        "productTypes"
    ]
    assert [p["name"] for p in by_title] == ["LUGGAGE"]
    everything = definitions.search_definitions_product_types().payload["productTypes"]
    assert sorted(p["name"] for p in everything) == [
        "BRACELET",
        "CELLULAR_PHONE_CASE",
        "CHARGING_ADAPTER",
        "DRINKING_CUP",
        "EARRING",
        "LUGGAGE",
        "NECKLACE",
        "PRODUCT",
        "SHIRT",
        "STORAGE_BOX",
        "SWEATSHIRT",
    ]
    mugs = definitions.search_definitions_product_types(itemName="Speckled stoneware coffee mug").payload
    assert [p["name"] for p in mugs["productTypes"]] == ["DRINKING_CUP"]


def test_definition_links_a_schema_the_client_can_download_and_use(sandbox):
    definition = (
        sandbox.client(ProductTypeDefinitions)
        .get_definitions_product_type("BRACELET", marketplaceIds=[US], sellerId=SELLER)
        .payload
    )
    assert (
        definition["productType"],
        definition["requirements"],
        definition["requirementsEnforced"],
        definition["locale"],
    ) == ("BRACELET", "LISTING", "ENFORCED", "en_US")
    assert definition["productTypeVersion"] == {"version": "U1", "latest": True, "releaseCandidate": False}
    assert definition["propertyGroups"]["variations"]["propertyNames"] == [
        "parentage_level",
        "child_parent_sku_relationship",
        "variation_theme",
    ]
    schema_response = httpx.get(definition["schema"]["link"]["resource"])  # pre-signed: no access token
    meta_response = httpx.get(definition["metaSchema"]["link"]["resource"])
    assert md5_base64(schema_response.content) == definition["schema"]["checksum"]
    assert md5_base64(meta_response.content) == definition["metaSchema"]["checksum"]
    schema, meta = schema_response.json(), meta_response.json()
    assert schema["$schema"] == meta["$id"] == META_SCHEMA_ID and meta_schema_errors(schema) == []
    assert list(schema_validator(schema).iter_errors(bracelet())) == []


def test_offer_only_and_not_enforced_variants(sandbox):
    definitions = sandbox.client(ProductTypeDefinitions)
    offer = definitions.get_definitions_product_type(
        "BRACELET", marketplaceIds=[US], requirements="LISTING_OFFER_ONLY"
    ).payload
    schema = httpx.get(offer["schema"]["link"]["resource"]).json()
    assert "brand" not in schema["properties"] and "purchasable_offer" in schema["properties"]
    assert set(offer["propertyGroups"]) == {"offer", "product_identity"}
    loose = definitions.get_definitions_product_type(
        "BRACELET", marketplaceIds=[US], requirementsEnforced="NOT_ENFORCED"
    ).payload
    assert httpx.get(loose["schema"]["link"]["resource"]).json()["required"] == []


def test_japanese_marketplace_gets_its_own_locale_and_currency(sandbox):
    definition = (
        sandbox.client(ProductTypeDefinitions, marketplace=JP)
        .get_definitions_product_type("SHIRT", marketplaceIds=[JP])
        .payload
    )
    assert definition["locale"] == "ja_JP"
    schema = httpx.get(definition["schema"]["link"]["resource"]).json()
    assert schema["properties"]["list_price"]["items"]["properties"]["currency"]["enum"] == ["JPY"]


def test_unknown_product_type_and_several_marketplaces(sandbox):
    definitions = sandbox.client(ProductTypeDefinitions)
    with pytest.raises(SellingApiNotFoundException):
        definitions.get_definitions_product_type("SPACESHIP", marketplaceIds=[US])
    with pytest.raises(SellingApiBadRequestException):
        definitions.get_definitions_product_type("BRACELET", marketplaceIds=[US, JP])
