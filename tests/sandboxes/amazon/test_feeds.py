"""Feeds 2021-06-30 through python-amazon-sp-api: upload a JSON_LISTINGS_FEED to the sandbox's
pre-signed URL, create the feed, wait for it, download the processing report."""

from __future__ import annotations

import io
import json

import httpx
import pytest
from sp_api.api import Feeds, ListingsItems
from sp_api.base import SellingApiBadRequestException, SellingApiRequestThrottledException

from tests.sandboxes.amazon.conftest import SELLER, US, clear_token_caches, serve
from tests.sandboxes.amazon.models import need_research, schema_errors
from tests.sandboxes.amazon.payloads import bracelet

JSON = "application/json; charset=UTF-8"


def listings_feed(*messages: dict, included: list[str] | None = None) -> io.BytesIO:
    header = {"sellerId": SELLER, "version": "2.0", "issueLocale": "en_US"}
    if included:
        header["report"] = {"includedData": included, "apiVersion": "2021-08-01"}
    return io.BytesIO(json.dumps({"header": header, "messages": list(messages)}).encode("utf-8"))


MESSAGES = [
    {
        "messageId": 1,
        "sku": "LUM-BR-001",
        "operationType": "UPDATE",
        "productType": "BRACELET",
        "attributes": bracelet(),
    },
    {
        "messageId": 2,
        "sku": "LUM-BR-002",
        "operationType": "UPDATE",
        "productType": "BRACELET",
        "attributes": bracelet(brand=None),
    },
    {
        "messageId": 3,
        "sku": "LUM-BR-001",
        "operationType": "PATCH",
        "productType": "BRACELET",
        "patches": [
            {
                "op": "replace",
                "path": "/attributes/purchasable_offer",
                "value": [
                    {"currency": "USD", "marketplace_id": US, "our_price": [{"schedule": [{"value_with_tax": 27.0}]}]}
                ],
            }
        ],
    },
    {"messageId": 4, "sku": "OLD-SKU", "operationType": "DELETE"},
    {"messageId": 5, "sku": "LUM-BR-003", "operationType": "UPSERT", "productType": "BRACELET", "attributes": {}},
]


def submit(sandbox, document: io.BytesIO, feed_type: str = "JSON_LISTINGS_FEED") -> str:
    feeds = sandbox.client(Feeds)
    created = feeds.create_feed_document(document, content_type=JSON)
    return feeds.create_feed(feed_type, created.payload["feedDocumentId"]).payload["feedId"]


def test_listings_feed_round_trip(sandbox):
    feeds = sandbox.client(Feeds)
    feed_id = submit(sandbox, listings_feed(*MESSAGES, included=["summaries", "offers"]))
    assert feeds.get_feed(feed_id).payload["processingStatus"] == "IN_QUEUE"
    sandbox.advance(31)
    assert feeds.get_feed(feed_id).payload["processingStatus"] == "IN_PROGRESS"
    sandbox.advance(60)
    feed = feeds.get_feed(feed_id).payload
    assert (
        feed["processingStatus"] == "DONE"
        and feed["feedType"] == "JSON_LISTINGS_FEED"
        and feed["marketplaceIds"] == [US]
    )
    report = json.loads(feeds.get_feed_result_document(feed["resultFeedDocumentId"]))
    assert report["header"] == {
        "sellerId": SELLER,
        "version": "2.0",
        "feedId": feed_id,
        "report": {"includedData": ["summaries", "offers"], "apiVersion": "2021-08-01"},
    }
    assert report["summary"] == {
        "errors": 2,
        "warnings": 0,
        "messagesProcessed": 5,
        "messagesAccepted": 3,
        "messagesInvalid": 2,
        "itemSummary": {"items": 1, "errors": 0, "warnings": 0},
    }
    assert [(i["messageId"], i["code"], i.get("attributeName")) for i in report["issues"]] == [
        (2, "90220", "brand"),
        (5, "4000001", None),
    ]
    assert report["issues"][0]["message"] == "'brand' is required but not supplied."
    assert [item["sku"] for item in report["items"]] == ["LUM-BR-001"]  # the deleted OLD-SKU has no listing to show
    assert report["items"][0]["offers"][0]["price"]["amount"] == "27.0"
    listing = sandbox.client(ListingsItems).get_listings_item(SELLER, "LUM-BR-001", marketplaceIds=[US]).payload
    assert listing["summaries"][0]["productType"] == "BRACELET"


def test_processing_report_matches_amazons_schema(sandbox):
    need_research()
    feeds = sandbox.client(Feeds)
    feed_id = submit(sandbox, listings_feed(*MESSAGES, included=["summaries", "attributes", "issues", "offers"]))
    sandbox.advance(100)
    report = json.loads(feeds.get_feed_result_document(feeds.get_feed(feed_id).payload["resultFeedDocumentId"]))
    assert schema_errors("listings-feed-processing-report-schema-v2.json", report) == []
    document = json.loads(listings_feed(*MESSAGES[:4]).getvalue())
    assert schema_errors("listings-feed-schema-v2.json", document) == []  # the test's own feed is a valid v2 feed


def test_a_feed_that_is_not_json_ends_fatal(sandbox):
    feeds = sandbox.client(Feeds)
    feed_id = submit(sandbox, io.BytesIO(b"sku\tprice\nA\t1\n"))
    sandbox.advance(100)
    feed = feeds.get_feed(feed_id).payload
    assert feed["processingStatus"] == "FATAL"
    report = json.loads(feeds.get_feed_result_document(feed["resultFeedDocumentId"]))
    assert report["summary"]["messagesProcessed"] == 0 and report["issues"][0]["message"].startswith(
        "The feed document is not valid JSON"
    )


def test_wrong_seller_in_the_header_is_fatal(sandbox):
    document = io.BytesIO(
        json.dumps({"header": {"sellerId": "A1OTHER", "version": "2.0"}, "messages": MESSAGES[:1]}).encode()
    )
    feed_id = submit(sandbox, document)
    sandbox.advance(100)
    assert sandbox.client(Feeds).get_feed(feed_id).payload["processingStatus"] == "FATAL"


def test_cancel_only_while_in_queue_and_list_feeds(sandbox):
    feeds = sandbox.client(Feeds)
    first = submit(sandbox, listings_feed(*MESSAGES[:1]))
    feeds.cancel_feed(first)
    assert feeds.get_feed(first).payload["processingStatus"] == "CANCELLED"
    second = submit(sandbox, listings_feed(*MESSAGES[:1]))
    sandbox.advance(100)
    with pytest.raises(SellingApiBadRequestException):
        feeds.cancel_feed(second)
    listed = feeds.get_feeds(feedTypes=["JSON_LISTINGS_FEED"]).payload["feeds"]
    assert {f["feedId"]: f["processingStatus"] for f in listed} == {first: "CANCELLED", second: "DONE"}


def test_json_listings_feed_is_limited_to_five_per_five_minutes(sandbox):
    for _ in range(5):
        submit(sandbox, listings_feed(*MESSAGES[:1]))
    with pytest.raises(SellingApiRequestThrottledException):
        submit(sandbox, listings_feed(*MESSAGES[:1]))


def test_feed_needs_an_uploaded_document(sandbox):
    feeds = sandbox.client(Feeds)
    empty = feeds.create_feed_document(None, content_type=JSON).payload["feedDocumentId"]
    with pytest.raises(SellingApiBadRequestException):
        feeds.create_feed("JSON_LISTINGS_FEED", empty)


def test_upload_url_is_signed(sandbox):
    created = sandbox.client(Feeds).create_feed_document(None, content_type=JSON).payload
    tampered = created["url"].replace("signature=", "signature=0")
    assert httpx.put(tampered, content=b"{}").status_code == 403
    assert httpx.put(created["url"], content=b"{}").status_code == 200


def test_gzip_result_documents_are_unpacked_by_the_library(tmp_path, monkeypatch):
    monkeypatch.delenv("SP_API_DEFAULT_MARKETPLACE", raising=False)
    clear_token_caches()
    zipped = serve(tmp_path, options={"gzip_feed_results": True})
    try:
        feeds = zipped.client(Feeds)
        feed_id = submit(zipped, listings_feed(*MESSAGES[:2]))
        zipped.advance(100)
        result_id = feeds.get_feed(feed_id).payload["resultFeedDocumentId"]
        assert (
            zipped.http.get(f"/feeds/2021-06-30/documents/{result_id}").status_code == 403
        )  # no token on this raw call
        report = json.loads(feeds.get_feed_result_document(result_id))
        assert report["summary"]["messagesAccepted"] == 1
    finally:
        zipped.served.stop()
        clear_token_caches()


def test_listings_feeds_are_checked_while_they_wait(sandbox):
    """The schema checks of UPDATE messages run in the background from createFeed on (as Amazon
    works during IN_PROGRESS); the end of processing uses them, and the report is the same."""
    feed_id = submit(sandbox, listings_feed(*MESSAGES))
    precheck = sandbox.amazon.feed_prechecks[feed_id]
    checked = precheck.result(timeout=10)
    assert sorted(checked.issues) == [(1, "LUM-BR-001"), (2, "LUM-BR-002")]  # the UPDATE messages only
    assert [issue["code"] for issue in checked.issues[(2, "LUM-BR-002")]] == ["90220"]
    assert len(checked.document["messages"]) == len(MESSAGES)  # parsed once, used again at the end
    sandbox.advance(91)
    feeds = sandbox.client(Feeds)
    feed = feeds.get_feed(feed_id).payload
    assert feed["processingStatus"] == "DONE"
    assert feed_id not in sandbox.amazon.feed_prechecks
    report = json.loads(feeds.get_feed_result_document(feed["resultFeedDocumentId"]))
    assert [(i["messageId"], i["code"]) for i in report["issues"]] == [(2, "90220"), (5, "4000001")]
    assert report["summary"]["messagesAccepted"] == 3


def test_listings_feed_checks_start_at_the_documents_upload(sandbox):
    """createFeedDocument named the marketplace (the library sends its client's): the check runs
    from the upload on, and createFeed for that marketplace takes it over; the report is the same."""
    feeds = sandbox.client(Feeds)
    created = feeds.create_feed_document(listings_feed(*MESSAGES), content_type=JSON)
    document_id = created.payload["feedDocumentId"]
    marketplace, early = sandbox.amazon.early_prechecks[document_id]
    assert marketplace == "ATVPDKIKX0DER"
    assert sorted(early.result(timeout=10).issues) == [(1, "LUM-BR-001"), (2, "LUM-BR-002")]
    feed_id = feeds.create_feed("JSON_LISTINGS_FEED", document_id).payload["feedId"]
    assert sandbox.amazon.feed_prechecks[feed_id] is early and document_id not in sandbox.amazon.early_prechecks
    sandbox.advance(91)
    feed = feeds.get_feed(feed_id).payload
    assert feed["processingStatus"] == "DONE"
    report = json.loads(feeds.get_feed_result_document(feed["resultFeedDocumentId"]))
    assert [(i["messageId"], i["code"]) for i in report["issues"]] == [(2, "90220"), (5, "4000001")]
