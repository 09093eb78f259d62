"""Listings Items API 2021-08-01: put, patch, delete, get and search a seller's listings.

A listing is kept per (seller, SKU, marketplace). Submissions are validated against the product
type's schema (validation/listing.py): errors make the submission INVALID and change nothing;
`mode=VALIDATION_PREVIEW` only validates (VALID / INVALID). SKUs arrive percent-encoded and may
contain "/", hence the `path` converter.
"""

from __future__ import annotations

import hashlib
import json
import uuid

from flask import Blueprint, current_app, request

from infra.sandboxes.amazon.store import MARKETPLACES, dumps
from infra.sandboxes.amazon.validation.listing import (
    REQUIREMENTS,
    PatchError,
    apply_patches,
    has_errors,
    listing_issues,
)
from infra.sandboxes.amazon.wire import (
    AmazonError,
    decode_token,
    encode_token,
    invalid_input,
    iso,
    json_body,
    list_param,
    operation,
    query_marketplace_ids,
    strip_library_keys,
)

blueprint = Blueprint("amazon_listings", __name__)
ITEM = "/listings/2021-08-01/items/<seller_id>/<path:sku>"
ITEM_DATA = (
    "summaries",
    "attributes",
    "issues",
    "offers",
    "fulfillmentAvailability",
    "procurement",
    "relationships",
    "productTypes",
)


def check_seller(caller, seller_id: str) -> None:
    if seller_id != caller.seller_id:
        raise AmazonError(
            403,
            "Unauthorized",
            "Access to requested resource is denied.",
            "The sellerId does not match the selling partner that authorized this call.",
        )


def marketplaces(*, single: bool) -> list[str]:
    ids = query_marketplace_ids()
    if not ids:
        raise invalid_input("Missing required 'marketplaceIds'.")
    if (single and len(ids) > 1) or any(m not in MARKETPLACES for m in ids):
        raise AmazonError(400, "InvalidInput", "Invalid 'marketplaceIds' provided.", ",".join(ids))
    return ids


def identifiers(sku: str) -> tuple[str, str]:
    digest = hashlib.sha1(sku.encode()).hexdigest().upper()
    return f"B0{digest[:8]}", f"X00{digest[8:15]}"


def submission(sku: str, status: str, issues: list[dict], data: list[str]) -> dict:
    body = {"sku": sku, "status": status, "submissionId": uuid.uuid4().hex}
    if "issues" in data:
        body["issues"] = issues
    return body


def submission_data() -> list[str]:
    return list_param("includedData") or ["issues"]


def store_listing(
    amazon, seller_id: str, sku: str, marketplace_id: str, product_type: str, requirements: str, attributes: dict
) -> None:
    now = amazon.now()
    existing = amazon.state.one(
        "SELECT asin, fnsku, created FROM listings WHERE seller_id = ? AND sku = ? AND marketplace_id = ?",
        (seller_id, sku, marketplace_id),
    )
    suggested = next((v.get("value") for v in attributes.get("merchant_suggested_asin", []) if v.get("value")), None)
    asin, fnsku = identifiers(sku)
    if existing:
        asin, fnsku = existing["asin"], existing["fnsku"]
    amazon.state.execute(
        "INSERT INTO listings (seller_id, sku, marketplace_id, product_type, requirements, attributes, asin, fnsku, "
        "created, updated) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (seller_id, sku, marketplace_id) DO UPDATE SET "
        "product_type = excluded.product_type, requirements = excluded.requirements, attributes = excluded.attributes, "
        "asin = excluded.asin, updated = excluded.updated",
        (
            seller_id,
            sku,
            marketplace_id,
            product_type,
            requirements,
            dumps(attributes),
            suggested or asin,
            fnsku,
            existing["created"] if existing else now,
            now,
        ),
    )


@blueprint.put(ITEM)
@operation("putListingsItem")
def put_listings_item(caller, seller_id: str, sku: str):
    amazon = current_app.extensions["amazon"]
    check_seller(caller, seller_id)
    (marketplace_id,) = marketplaces(single=True)
    body = strip_library_keys(json_body())
    product_type, attributes = body.get("productType"), body.get("attributes")
    requirements = body.get("requirements", "LISTING")
    if not isinstance(product_type, str) or not product_type:
        raise invalid_input("Missing required 'productType'.")
    if not isinstance(attributes, dict):
        raise invalid_input("Missing required 'attributes' (an object).")
    if requirements not in REQUIREMENTS:
        raise invalid_input(f"Invalid 'requirements' provided: {requirements}.")
    issues = listing_issues(product_type, marketplace_id, attributes, requirements=requirements)
    if request.args.get("mode") == "VALIDATION_PREVIEW":
        return submission(sku, "INVALID" if has_errors(issues) else "VALID", issues, submission_data())
    if has_errors(issues):
        return submission(sku, "INVALID", issues, submission_data())
    store_listing(amazon, seller_id, sku, marketplace_id, product_type, requirements, attributes)
    return submission(sku, "ACCEPTED", issues, submission_data())


@blueprint.patch(ITEM)
@operation("patchListingsItem")
def patch_listings_item(caller, seller_id: str, sku: str):
    amazon = current_app.extensions["amazon"]
    check_seller(caller, seller_id)
    ids = marketplaces(single=False)
    body = strip_library_keys(json_body())
    product_type = body.get("productType")
    if not isinstance(product_type, str) or not product_type:
        raise invalid_input("Missing required 'productType'.")
    results, stored = [], []
    for marketplace_id in ids:
        row = amazon.state.one(
            "SELECT * FROM listings WHERE seller_id = ? AND sku = ? AND marketplace_id = ?",
            (seller_id, sku, marketplace_id),
        )
        try:
            patched = apply_patches(json.loads(row["attributes"]) if row else {}, body.get("patches"))
        except PatchError as error:
            raise invalid_input(str(error)) from None
        requirements = row["requirements"] if row else "LISTING"
        issues = listing_issues(product_type, marketplace_id, patched, requirements=requirements)
        results.extend(issues)
        stored.append((marketplace_id, requirements, patched))
    if request.args.get("mode") == "VALIDATION_PREVIEW":
        return submission(sku, "INVALID" if has_errors(results) else "VALID", results, submission_data())
    if has_errors(results):
        return submission(sku, "INVALID", results, submission_data())
    for marketplace_id, requirements, patched in stored:
        store_listing(amazon, seller_id, sku, marketplace_id, product_type, requirements, patched)
    return submission(sku, "ACCEPTED", results, submission_data())


@blueprint.delete(ITEM)
@operation("deleteListingsItem")
def delete_listings_item(caller, seller_id: str, sku: str):
    amazon = current_app.extensions["amazon"]
    check_seller(caller, seller_id)
    (marketplace_id,) = marketplaces(single=True)
    amazon.state.execute(
        "DELETE FROM listings WHERE seller_id = ? AND sku = ? AND marketplace_id = ?", (seller_id, sku, marketplace_id)
    )
    return submission(sku, "ACCEPTED", [], ["issues"])


def fba_quantity(amazon, row) -> int:
    stock = amazon.state.one(
        "SELECT fulfillable FROM inventory WHERE seller_id = ? AND marketplace_id = ? AND sku = ?",
        (row["seller_id"], row["marketplace_id"], row["sku"]),
    )
    return stock["fulfillable"] if stock else 0


def render_item(amazon, sku: str, rows: list, data: list[str]) -> dict:
    item: dict = {"sku": sku}
    for row in rows:
        attributes = json.loads(row["attributes"])
        market = row["marketplace_id"]
        if "summaries" in data:
            has_offer = "purchasable_offer" in attributes and not any(
                v.get("value") for v in attributes.get("skip_offer", [])
            )
            summary = {
                "marketplaceId": market,
                "asin": row["asin"],
                "productType": row["product_type"],
                "status": ["BUYABLE", "DISCOVERABLE"] if has_offer else ["DISCOVERABLE"],
                "fnSku": row["fnsku"],
                "createdDate": iso(row["created"]),
                "lastUpdatedDate": iso(row["updated"]),
            }
            if attributes.get("condition_type"):
                summary["conditionType"] = attributes["condition_type"][0]["value"]
            name = next((v.get("value") for v in attributes.get("item_name", []) if v.get("value")), None)
            if name:
                summary["itemName"] = name
            image = next((v.get("media_location") for v in attributes.get("main_product_image_locator", [])), None)
            if image:
                summary["mainImage"] = {"link": image, "height": 500, "width": 500}
            item.setdefault("summaries", []).append(summary)
        if "attributes" in data:
            item.setdefault("attributes", {}).update(attributes)
        if "issues" in data:
            item.setdefault("issues", [])
        if "offers" in data:
            for offer in attributes.get("purchasable_offer", []):
                for plan in offer.get("our_price", []):
                    for entry in plan.get("schedule", [])[:1]:
                        item.setdefault("offers", []).append(
                            {
                                "marketplaceId": market,
                                "offerType": "B2B" if offer.get("audience") == "B2B" else "B2C",
                                "price": {
                                    "currencyCode": offer.get("currency", MARKETPLACES[market].currency),
                                    "amount": str(entry.get("value_with_tax")),
                                },
                            }
                        )
        if "fulfillmentAvailability" in data:
            for availability in attributes.get("fulfillment_availability", []):
                code = availability.get("fulfillment_channel_code")
                quantity = availability.get("quantity", 0) if code == "DEFAULT" else fba_quantity(amazon, row)
                item.setdefault("fulfillmentAvailability", []).append(
                    {"fulfillmentChannelCode": code, "quantity": quantity}
                )
        if "relationships" in data:
            parents = [
                v["parent_sku"] for v in attributes.get("child_parent_sku_relationship", []) if v.get("parent_sku")
            ]
            relationships = []
            if parents:
                theme = next((v.get("name") for v in attributes.get("variation_theme", [])), None)
                relation = {"type": "VARIATION", "parentSkus": parents}
                if theme:
                    relation["variationTheme"] = {
                        "theme": theme,
                        "attributes": [part.lower() for part in theme.split("/")],
                    }
                relationships.append(relation)
            item.setdefault("relationships", []).append({"marketplaceId": market, "relationships": relationships})
        if "productTypes" in data:
            item.setdefault("productTypes", []).append({"marketplaceId": market, "productType": row["product_type"]})
    return item


def item_data() -> list[str]:
    data = list_param("includedData") or ["summaries"]
    unknown = [d for d in data if d not in ITEM_DATA]
    if unknown:
        raise invalid_input(f"Invalid 'includedData' value(s): {', '.join(unknown)}.")
    return data


@blueprint.get(ITEM)
@operation("getListingsItem")
def get_listings_item(caller, seller_id: str, sku: str):
    amazon = current_app.extensions["amazon"]
    check_seller(caller, seller_id)
    ids = marketplaces(single=False)
    data = item_data()
    rows = amazon.state.query(
        f"SELECT * FROM listings WHERE seller_id = ? AND sku = ? AND marketplace_id IN ({', '.join('?' * len(ids))}) "
        "ORDER BY marketplace_id",
        (seller_id, sku, *ids),
    )
    if not rows:
        raise AmazonError(404, "NOT_FOUND", f"SKU '{sku}' not found in marketplace {', '.join(ids)}.")
    return render_item(amazon, sku, rows, data)


@blueprint.get("/listings/2021-08-01/items/<seller_id>")
@operation("searchListingsItems")
def search_listings_items(caller, seller_id: str):
    amazon = current_app.extensions["amazon"]
    check_seller(caller, seller_id)
    ids = marketplaces(single=True)
    data = item_data()
    size = request.args.get("pageSize", "10")
    if not size.isdigit() or not 1 <= int(size) <= 20:
        raise invalid_input("'pageSize' must be between 1 and 20.")
    skus = [
        row["sku"]
        for row in amazon.state.query(
            "SELECT sku FROM listings WHERE seller_id = ? AND marketplace_id = ? ORDER BY sku", (seller_id, ids[0])
        )
    ]
    wanted = list_param("identifiers")
    if wanted:
        if request.args.get("identifiersType") != "SKU":
            raise invalid_input("Only identifiersType=SKU is supported by the sandbox.")
        skus = [sku for sku in skus if sku in wanted]
    start = int(decode_token(request.args["pageToken"], "pageToken")["offset"]) if request.args.get("pageToken") else 0
    chosen = skus[start : start + int(size)]
    items = []
    for sku in chosen:
        rows = amazon.state.query(
            "SELECT * FROM listings WHERE seller_id = ? AND sku = ? AND marketplace_id = ?", (seller_id, sku, ids[0])
        )
        items.append(render_item(amazon, sku, rows, data))
    body = {"numberOfResults": len(skus), "items": items}
    if start + int(size) < len(skus):
        body["pagination"] = {"nextToken": encode_token({"offset": start + int(size)})}
    return body
