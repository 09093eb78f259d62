"""Feeds API 2021-06-30: createFeedDocument (with an upload URL on this sandbox), the upload
itself, createFeed, getFeed, getFeeds, cancelFeed and getFeedDocument (with a download URL).

A feed waits IN_QUEUE (30 s simulated), is IN_PROGRESS (60 s), then DONE with a processing
report as its result document. JSON_LISTINGS_FEED is processed message by message
(feed_processing.py); other feed types end FATAL, as the sandbox does not read them. Besides
createFeed's own usage plan, JSON_LISTINGS_FEED submissions are limited to 5 per 5 minutes.
The pre-signed URLs need no access token but carry a signature and expire after 5 minutes.

The schema checks of a listings feed's messages are the sandbox's own work, done on one
background thread from the document's upload (when createFeedDocument named the marketplace, as
the library does) or else from createFeed, so the end of processing costs only the writes.
"""

from __future__ import annotations

import gzip
import hashlib
import hmac
import json
import time
import uuid

from flask import Blueprint, Response, current_app, request

from infra.sandboxes.amazon.feed_processing import listings_feed_precheck, process_listings_feed
from infra.sandboxes.amazon.store import MARKETPLACES, dumps
from infra.sandboxes.amazon.wire import (
    AmazonError,
    amazon_response,
    decode_token,
    encode_token,
    invalid_input,
    iso,
    json_body,
    list_param,
    not_found,
    operation,
    parse_time,
    public_base_url,
    strip_library_keys,
)

blueprint = Blueprint("amazon_feeds", __name__)
BASE = "/feeds/2021-06-30"
URL_LIFETIME = 300
QUEUED_SECONDS, PROCESSING_SECONDS = 30, 60
LISTINGS_FEED_PLAN = (5 / 300, 5)  # JSON_LISTINGS_FEED: 5 submissions per 5 minutes
STATUSES = ("CANCELLED", "DONE", "FATAL", "IN_PROGRESS", "IN_QUEUE")
EARLY_PRECHECKS = 8  # documents checked from their upload, waiting for their createFeed


def _signature(document_id: str, action: str, expires: int) -> str:
    secret = current_app.extensions["amazon"].auth._secret
    return hmac.new(secret, f"{document_id}:{action}:{expires}".encode(), hashlib.sha256).hexdigest()[:40]


def presigned_url(document_id: str, action: str) -> str:
    base = public_base_url()
    expires = int(time.time()) + URL_LIFETIME
    signature = _signature(document_id, action, expires)
    return f"{base}/_sandbox/documents/{document_id}/{action}?expires={expires}&signature={signature}"


def check_presigned(document_id: str, action: str) -> Response | None:
    expires, signature = request.args.get("expires", "0"), request.args.get("signature", "")
    if not expires.isdigit() or not hmac.compare_digest(signature, _signature(document_id, action, int(expires))):
        return Response("<Error><Code>SignatureDoesNotMatch</Code></Error>", 403, mimetype="application/xml")
    if int(expires) < time.time():
        return Response(
            "<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>",
            403,
            mimetype="application/xml",
        )
    return None


@blueprint.post(f"{BASE}/documents")
@operation("createFeedDocument")
def create_feed_document(caller):
    amazon = current_app.extensions["amazon"]
    raw = json_body()
    body = strip_library_keys(raw)
    content_type = body.get("contentType")
    if not isinstance(content_type, str) or not content_type.strip():
        raise invalid_input("Missing required 'contentType'.")
    document_id = str(uuid.uuid4())
    amazon.state.execute(
        "INSERT INTO feed_documents (document_id, seller_id, content_type, content, created) VALUES (?, ?, ?, NULL, ?)",
        (document_id, caller.seller_id, content_type, amazon.now()),
    )
    hinted = raw.get("marketplaceIds")  # the library sends its client's marketplace along
    if isinstance(hinted, list) and hinted and hinted[0] in MARKETPLACES:
        with amazon.lock:
            amazon.document_marketplaces[document_id] = hinted[0]
            while len(amazon.document_marketplaces) > 100 * EARLY_PRECHECKS:  # created, never uploaded
                amazon.document_marketplaces.pop(next(iter(amazon.document_marketplaces)))
    return {"feedDocumentId": document_id, "url": presigned_url(document_id, "upload")}, 201


@blueprint.put("/_sandbox/documents/<document_id>/upload")
def upload(document_id: str) -> Response:
    refused = check_presigned(document_id, "upload")
    if refused is not None:
        return refused
    amazon = current_app.extensions["amazon"]
    row = amazon.state.one("SELECT content_type FROM feed_documents WHERE document_id = ?", (document_id,))
    if row is None:
        return Response("<Error><Code>NoSuchKey</Code></Error>", 404, mimetype="application/xml")
    content = request.get_data()
    amazon.state.execute("UPDATE feed_documents SET content = ? WHERE document_id = ?", (content, document_id))
    with amazon.lock:
        marketplace_id = amazon.document_marketplaces.pop(document_id, None)
        if marketplace_id and "json" in row["content_type"].lower():
            # A listings feed's messages are checked from its upload on (see create_feed): only the
            # sandbox's own work moves earlier; what the feed does, and when, is unchanged.
            amazon.early_prechecks[document_id] = (
                marketplace_id,
                amazon.precheck_pool().submit(
                    listings_feed_precheck, content, marketplace_id, may_run=amazon.prechecks_may_run
                ),
            )
            while len(amazon.early_prechecks) > EARLY_PRECHECKS:  # documents uploaded and never fed
                amazon.early_prechecks.pop(next(iter(amazon.early_prechecks)))
    return Response("", 200)


@blueprint.get("/_sandbox/documents/<document_id>/download")
def download(document_id: str) -> Response:
    refused = check_presigned(document_id, "download")
    if refused is not None:
        return refused
    row = current_app.extensions["amazon"].state.one(
        "SELECT * FROM feed_documents WHERE document_id = ?", (document_id,)
    )
    if row is None or row["content"] is None:
        return Response("<Error><Code>NoSuchKey</Code></Error>", 404, mimetype="application/xml")
    return Response(bytes(row["content"]), 200, headers={"Content-Type": row["content_type"]})


@blueprint.post(f"{BASE}/feeds")
@operation("createFeed")
def create_feed(caller):
    amazon = current_app.extensions["amazon"]
    body = strip_library_keys(json_body(), keep=("marketplaceIds",))
    feed_type, document_id = body.get("feedType"), body.get("inputFeedDocumentId")
    marketplaces = body.get("marketplaceIds")
    if not feed_type or not document_id:
        raise invalid_input("Missing required 'feedType' or 'inputFeedDocumentId'.")
    if not isinstance(marketplaces, list) or not marketplaces or any(m not in MARKETPLACES for m in marketplaces):
        raise invalid_input("Invalid 'marketplaceIds' provided.", "marketplaceIdList must have at least 1 valid item.")
    document = amazon.state.one(
        "SELECT content FROM feed_documents WHERE document_id = ? AND seller_id = ?", (document_id, caller.seller_id)
    )
    if document is None or document["content"] is None:
        raise invalid_input(
            "Invalid input", f"inputFeedDocumentId '{document_id}' does not exist or has no uploaded content."
        )
    if feed_type == "JSON_LISTINGS_FEED":
        allowed, _wait = amazon.sandbox.throttle.acquire(
            caller.throttle_key, "createFeed.JSON_LISTINGS_FEED", *LISTINGS_FEED_PLAN
        )
        if not allowed:
            raise AmazonError(429, "QuotaExceeded", "You exceeded your quota for the requested resource.")
    feed_id = str(
        50000000000
        + amazon.state.execute(
            "INSERT INTO counters (name, value) VALUES ('feed', 1) "
            "ON CONFLICT (name) DO UPDATE SET value = value + 1 RETURNING value"
        ).fetchone()[0]
    )
    now = amazon.now()
    amazon.state.execute(
        "INSERT INTO feeds (feed_id, seller_id, feed_type, marketplace_ids, input_document_id, status, created, "
        "next_at) "
        "VALUES (?, ?, ?, ?, ?, 'IN_QUEUE', ?, ?)",
        (feed_id, caller.seller_id, feed_type, dumps(marketplaces), document_id, now, now + QUEUED_SECONDS),
    )
    if feed_type == "JSON_LISTINGS_FEED":
        early = amazon.early_prechecks.pop(document_id, None)
        if early is not None and early[0] == marketplaces[0]:
            amazon.feed_prechecks[feed_id] = early[1]
        else:
            amazon.feed_prechecks[feed_id] = amazon.precheck_pool().submit(
                listings_feed_precheck, bytes(document["content"]), marketplaces[0], may_run=amazon.prechecks_may_run
            )
    return {"feedId": feed_id}, 202


def progress(amazon, now: float) -> int:
    due = amazon.state.query("SELECT * FROM feeds WHERE next_at IS NOT NULL AND next_at <= ? ORDER BY next_at", (now,))
    for feed in due:
        at = feed["next_at"]
        if feed["status"] == "IN_QUEUE":
            amazon.state.execute(
                "UPDATE feeds SET status = 'IN_PROGRESS', started = ?, next_at = ? WHERE feed_id = ?",
                (at, at + PROCESSING_SECONDS, feed["feed_id"]),
            )
            continue
        content = amazon.state.one(
            "SELECT content FROM feed_documents WHERE document_id = ?", (feed["input_document_id"],)
        )["content"]
        marketplace_id = json.loads(feed["marketplace_ids"])[0]
        precheck = amazon.feed_prechecks.pop(feed["feed_id"], None)
        prechecked = precheck.result() if precheck is not None else None
        # The checks of other feeds (one CPU-bound thread) wait while this one's end is written: next
        # to it, each of the end's many small SQLite calls waited for the interpreter lock (a 1,730-
        # message end took 7.6 s instead of 0.25 s).
        amazon.prechecks_may_run.clear()
        try:
            _finish(amazon, feed, at, content, marketplace_id, prechecked)
        finally:
            amazon.prechecks_may_run.set()
    return len(due)


def _finish(amazon, feed, at: float, content, marketplace_id: str, prechecked) -> None:
    """A feed's processing end: its messages applied, its report stored, the feed DONE or FATAL."""
    if feed["feed_type"] == "JSON_LISTINGS_FEED":
        status, report = process_listings_feed(
            amazon,
            seller_id=feed["seller_id"],
            feed_id=feed["feed_id"],
            marketplace_id=marketplace_id,
            content=bytes(content),
            prechecked=prechecked,
        )
    else:
        status, report = (
            "FATAL",
            {
                "header": {"sellerId": feed["seller_id"], "version": "2.0", "feedId": feed["feed_id"]},
                "issues": [
                    {
                        "code": "4000001",
                        "severity": "ERROR",
                        "message": f"Feed type {feed['feed_type']} is not processed by the sandbox.",
                    }
                ],
                "summary": {
                    "errors": 1,
                    "warnings": 0,
                    "messagesProcessed": 0,
                    "messagesAccepted": 0,
                    "messagesInvalid": 0,
                },
            },
        )
    result_id = str(uuid.uuid4())
    payload = json.dumps(report, ensure_ascii=False).encode("utf-8")
    compression = "GZIP" if amazon.config.options.get("gzip_feed_results") else None
    amazon.state.execute(
        "INSERT INTO feed_documents (document_id, seller_id, content_type, content, compression, created) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (
            result_id,
            feed["seller_id"],
            "application/json; charset=UTF-8",
            gzip.compress(payload) if compression else payload,
            compression,
            at,
        ),
    )
    amazon.state.execute(
        "UPDATE feeds SET status = ?, ended = ?, result_document_id = ?, next_at = NULL WHERE feed_id = ?",
        (status, at, result_id, feed["feed_id"]),
    )


def render(feed) -> dict:
    body = {
        "feedId": feed["feed_id"],
        "feedType": feed["feed_type"],
        "marketplaceIds": json.loads(feed["marketplace_ids"]),
        "createdTime": iso(feed["created"], millis=True),
        "processingStatus": feed["status"],
    }
    if feed["started"] is not None:
        body["processingStartTime"] = iso(feed["started"], millis=True)
    if feed["ended"] is not None:
        body["processingEndTime"] = iso(feed["ended"], millis=True)
    if feed["result_document_id"]:
        body["resultFeedDocumentId"] = feed["result_document_id"]
    return body


def seller_feed(amazon, caller, feed_id: str):
    feed = amazon.state.one("SELECT * FROM feeds WHERE feed_id = ? AND seller_id = ?", (feed_id, caller.seller_id))
    if feed is None:
        raise not_found(f"Feed {feed_id} not found.")
    return feed


@blueprint.get(f"{BASE}/feeds/<feed_id>")
@operation("getFeed")
def get_feed(caller, feed_id: str):
    return render(seller_feed(current_app.extensions["amazon"], caller, feed_id))


@blueprint.delete(f"{BASE}/feeds/<feed_id>")
@operation("cancelFeed")
def cancel_feed(caller, feed_id: str):
    amazon = current_app.extensions["amazon"]
    feed = seller_feed(amazon, caller, feed_id)
    if feed["status"] != "IN_QUEUE":
        raise invalid_input(f"Feed {feed_id} is {feed['status']}; only feeds IN_QUEUE can be cancelled.")
    amazon.state.execute("UPDATE feeds SET status = 'CANCELLED', next_at = NULL WHERE feed_id = ?", (feed_id,))
    return amazon_response(None, 200, operation="cancelFeed")


@blueprint.get(f"{BASE}/feeds")
@operation("getFeeds")
def get_feeds(caller):
    amazon = current_app.extensions["amazon"]
    if request.args.get("nextToken"):
        query = decode_token(request.args["nextToken"], "nextToken")
    else:
        types, statuses = list_param("feedTypes"), list_param("processingStatuses")
        if not types:
            raise invalid_input("Either 'feedTypes' or 'nextToken' is required.")
        if any(s not in STATUSES for s in statuses):
            raise invalid_input("Invalid 'processingStatuses' provided.")
        size = request.args.get("pageSize", "10")
        if not size.isdigit() or not 1 <= int(size) <= 100:
            raise invalid_input("'pageSize' must be between 1 and 100.")
        since = parse_time(request.args.get("createdSince"), "createdSince")
        until = parse_time(request.args.get("createdUntil"), "createdUntil")
        query = {
            "types": types,
            "statuses": statuses,
            "since": since or amazon.now() - 90 * 86400,
            "until": until or amazon.now(),
            "size": int(size),
            "offset": 0,
        }
    rows = [
        row
        for row in amazon.state.query(
            "SELECT * FROM feeds WHERE seller_id = ? AND created >= ? AND created <= ? ORDER BY created DESC",
            (caller.seller_id, query["since"], query["until"]),
        )
        if row["feed_type"] in query["types"] and (not query["statuses"] or row["status"] in query["statuses"])
    ]
    chosen = rows[query["offset"] : query["offset"] + query["size"]]
    body = {"feeds": [render(row) for row in chosen]}
    if query["offset"] + query["size"] < len(rows):
        body["nextToken"] = encode_token({**query, "offset": query["offset"] + query["size"]})
    return body


@blueprint.get(f"{BASE}/documents/<document_id>")
@operation("getFeedDocument")
def get_feed_document(caller, document_id: str):
    amazon = current_app.extensions["amazon"]
    row = amazon.state.one(
        "SELECT * FROM feed_documents WHERE document_id = ? AND seller_id = ?", (document_id, caller.seller_id)
    )
    if row is None:
        raise not_found(f"Feed document {document_id} not found.")
    body = {"feedDocumentId": document_id, "url": presigned_url(document_id, "download")}
    if row["compression"]:
        body["compressionAlgorithm"] = row["compression"]
    return body
