"""Processing a JSON_LISTINGS_FEED document (listings feed v2) into the processing report
(listings-feed-processing-report v2): every message is checked like the matching Listings Items
call (UPDATE = put, PARTIAL_UPDATE = put of the given attributes without requirements, PATCH =
patch, DELETE = delete) and applied when it has no errors."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass

from infra.sandboxes.amazon.listings import render_item, store_listing
from infra.sandboxes.amazon.validation.listing import (
    REQUIREMENTS,
    PatchError,
    apply_patches,
    has_errors,
    listing_issues,
)

OPERATIONS = ("UPDATE", "PARTIAL_UPDATE", "PATCH", "DELETE")
MAX_MESSAGES = 25000
REPORT_DATA = (
    "summaries",
    "attributes",
    "issues",
    "offers",
    "fulfillmentAvailability",
    "procurement",
    "relationships",
    "productTypes",
)


def _issue(message_id: int | None, sku: str | None, code: str, text: str, attribute: str | None = None) -> dict:
    found = {"code": code, "severity": "ERROR", "message": text}
    if message_id is not None:
        found["messageId"] = message_id
    if sku:
        found["sku"] = sku
    if attribute:
        found["attributeName"] = attribute
    return found


def feed_errors(document: object, seller_id: str) -> list[str]:
    """Problems with the feed as a whole (FATAL: nothing is processed)."""
    if not isinstance(document, dict):
        return ["The feed document is not a JSON object."]
    header, messages = document.get("header"), document.get("messages")
    problems = []
    if not isinstance(header, dict):
        problems.append("The feed has no 'header' object.")
    else:
        if header.get("version") != "2.0":
            problems.append('header.version must be "2.0".')
        if header.get("sellerId") != seller_id:
            problems.append("header.sellerId does not match the selling partner that submitted the feed.")
        report = header.get("report")
        if report is not None and (
            not isinstance(report, dict)
            or report.get("apiVersion") != "2021-08-01"
            or not set(report.get("includedData") or ["?"]) <= set(REPORT_DATA)
        ):
            problems.append('header.report needs includedData (Listings Items data sets) and apiVersion "2021-08-01".')
    if not isinstance(messages, list) or not messages:
        problems.append("The feed has no 'messages'.")
    elif len(messages) > MAX_MESSAGES:
        problems.append(f"The feed has {len(messages)} messages; at most {MAX_MESSAGES} are allowed.")
    return problems


def message_problem(message: object) -> str | None:
    if not isinstance(message, dict):
        return "The message is not an object."
    if not isinstance(message.get("messageId"), int) or not 1 <= message["messageId"] <= 2147483647:
        return "'messageId' must be an integer from 1 to 2147483647."
    if not isinstance(message.get("sku"), str) or not message["sku"]:
        return "'sku' is required."
    kind = message.get("operationType")
    if kind not in OPERATIONS:
        return f"'operationType' must be one of {', '.join(OPERATIONS)}."
    if kind in ("UPDATE", "PARTIAL_UPDATE") and (
        not message.get("productType") or not isinstance(message.get("attributes"), dict)
    ):
        return f"{kind} needs 'productType' and 'attributes'."
    if kind == "PATCH" and (not message.get("productType") or not isinstance(message.get("patches"), list)):
        return "PATCH needs 'productType' and 'patches'."
    if kind == "PARTIAL_UPDATE" and "requirements" in message:
        return "PARTIAL_UPDATE does not take 'requirements'."
    if message.get("requirements", "LISTING") not in REQUIREMENTS:
        return "Invalid 'requirements'."
    return None


@dataclass(frozen=True)
class Precheck:
    """What a listings feed's document tells before its messages are applied: the parsed
    document (None when it is not a JSON object with messages) and the issues of every full
    UPDATE message, keyed by (messageId, sku)."""

    document: dict | None
    issues: dict[tuple[int, str], list[dict]]


def listings_feed_precheck(content: bytes, marketplace_id: str, *, may_run: threading.Event | None = None) -> Precheck:
    """The issues of every full UPDATE message — they depend only on the message and its product
    type's schema, not on what the seller has listed — worked out while the feed is queued and in
    progress, as Amazon does, so the feed's end costs only the writes (the document parsed here is
    not parsed again). Between messages it waits while `may_run` is clear."""
    try:
        document = json.loads(content.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return Precheck(None, {})
    if not isinstance(document, dict) or not isinstance(document.get("messages"), list):
        return Precheck(None, {})
    found = {}
    for message in document["messages"]:
        if may_run is not None:
            may_run.wait()
        if message_problem(message) or message["operationType"] != "UPDATE":
            continue
        requirements = message.get("requirements", "LISTING")
        found[(message["messageId"], message["sku"])] = listing_issues(
            message["productType"], marketplace_id, message["attributes"], requirements=requirements
        )
    return Precheck(document, found)


def process_listings_feed(
    amazon,
    *,
    seller_id: str,
    feed_id: str,
    marketplace_id: str,
    content: bytes,
    prechecked: Precheck | None = None,
) -> tuple[str, dict]:
    """Returns (processing status, processing report). `prechecked`: listings_feed_precheck's answer
    for this document, when it was worked out in advance."""
    parse_error = None
    if prechecked is not None and prechecked.document is not None:
        document = prechecked.document
    else:
        try:
            document = json.loads(content.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as error:
            document, parse_error = None, f"The feed document is not valid JSON: {error}"
    checked = prechecked.issues if prechecked is not None else None
    header = {"sellerId": seller_id, "version": "2.0", "feedId": feed_id}
    problems = [parse_error] if parse_error else feed_errors(document, seller_id)
    if problems:
        report = {
            "header": header,
            "issues": [_issue(None, None, "4000001", text) for text in problems],
            "summary": {
                "errors": len(problems),
                "warnings": 0,
                "messagesProcessed": 0,
                "messagesAccepted": 0,
                "messagesInvalid": 0,
            },
        }
        return "FATAL", report
    requested = (document["header"].get("report") or {}).get("includedData")
    if requested:
        header["report"] = {"includedData": requested, "apiVersion": "2021-08-01"}
    issues, accepted, invalid, skus = [], 0, 0, []
    # The messages' writes in one transaction: one commit for the feed, not one per listing (the
    # commits, each a WAL sync, were most of the end's cost: ~0.25 ms a message).
    with amazon.state.transaction():
        for message in document["messages"]:
            problem = message_problem(message)
            if problem:
                issues.append(
                    _issue(
                        message.get("messageId")
                        if isinstance(message, dict) and isinstance(message.get("messageId"), int)
                        else None,
                        message.get("sku") if isinstance(message, dict) else None,
                        "4000001",
                        problem,
                    )
                )
                invalid += 1
                continue
            found = apply_message(amazon, seller_id, marketplace_id, message, prechecked=checked)
            issues.extend(
                _issue(
                    message["messageId"],
                    message["sku"],
                    f["code"],
                    f["message"],
                    (f.get("attributeNames") or [None])[0],
                )
                for f in found
            )
            if has_errors(found):
                invalid += 1
            else:
                accepted += 1
                skus.append(message["sku"])
    report = {
        "header": header,
        "issues": issues,
        "summary": {
            "errors": sum(1 for i in issues if i["severity"] == "ERROR"),
            "warnings": sum(1 for i in issues if i["severity"] == "WARNING"),
            "messagesProcessed": len(document["messages"]),
            "messagesAccepted": accepted,
            "messagesInvalid": invalid,
        },
    }
    if requested:
        items = []
        for sku in dict.fromkeys(skus):
            rows = amazon.state.query(
                "SELECT * FROM listings WHERE seller_id = ? AND sku = ? AND marketplace_id = ?",
                (seller_id, sku, marketplace_id),
            )
            if rows:
                items.append(render_item(amazon, sku, rows, requested))
        report["items"] = items
        report["summary"]["itemSummary"] = {"items": len(items), "errors": 0, "warnings": 0}
    return "DONE", report


def apply_message(
    amazon, seller_id: str, marketplace_id: str, message: dict, *, prechecked: dict | None = None
) -> list[dict]:
    sku, kind = message["sku"], message["operationType"]
    row = amazon.state.one(
        "SELECT * FROM listings WHERE seller_id = ? AND sku = ? AND marketplace_id = ?",
        (seller_id, sku, marketplace_id),
    )
    if kind == "DELETE":
        amazon.state.execute(
            "DELETE FROM listings WHERE seller_id = ? AND sku = ? AND marketplace_id = ?",
            (seller_id, sku, marketplace_id),
        )
        return []
    product_type = message["productType"]
    if kind == "UPDATE":
        requirements, attributes = message.get("requirements", "LISTING"), message["attributes"]
        found = (prechecked or {}).get((message["messageId"], sku))
        if found is None:
            found = listing_issues(product_type, marketplace_id, attributes, requirements=requirements)
    elif kind == "PARTIAL_UPDATE":
        if row is None:
            return [
                {
                    "code": "99010",
                    "message": f"SKU '{sku}' does not exist; PARTIAL_UPDATE only changes existing listings.",
                    "severity": "ERROR",
                }
            ]
        requirements = row["requirements"]
        found = listing_issues(
            product_type, marketplace_id, message["attributes"], requirements=requirements, enforced=False
        )
        attributes = {**json.loads(row["attributes"]), **message["attributes"]}
    else:
        requirements = row["requirements"] if row else "LISTING"
        try:
            attributes = apply_patches(json.loads(row["attributes"]) if row else {}, message["patches"])
        except PatchError as error:
            return [{"code": "4000001", "message": str(error), "severity": "ERROR"}]
        found = listing_issues(product_type, marketplace_id, attributes, requirements=requirements)
    if not has_errors(found):
        store_listing(amazon, seller_id, sku, marketplace_id, product_type, requirements, attributes)
    return found
