"""Product Type Definitions API 2020-09-01: searchDefinitionsProductTypes and
getDefinitionsProductType. The definition links to the JSON schema and to the meta-schema, which
the client downloads from this sandbox (no access token, like Amazon's pre-signed links)."""

from __future__ import annotations

import base64
import hashlib
import json
from functools import lru_cache

from flask import Blueprint, Response, request

from infra.sandboxes.amazon.product_types import PRODUCT_TYPES
from infra.sandboxes.amazon.store import MARKETPLACES
from infra.sandboxes.amazon.validation.keywords import META_SCHEMA_PATH
from infra.sandboxes.amazon.validation.listing import REQUIREMENTS
from infra.sandboxes.amazon.wire import (
    AmazonError,
    invalid_input,
    list_param,
    operation,
    public_base_url,
    query_marketplace_ids,
)

blueprint = Blueprint("amazon_definitions", __name__)
VERSION = "U1"


@lru_cache(maxsize=128)
def schema_bytes(product_type: str, marketplace_id: str, requirements: str, enforced: bool, locale: str) -> bytes:
    schema = PRODUCT_TYPES[product_type].schema(
        MARKETPLACES[marketplace_id], requirements=requirements, enforced=enforced, locale=locale
    )
    return json.dumps(schema, ensure_ascii=False, indent=1).encode("utf-8")


def checksum(content: bytes) -> str:
    return base64.b64encode(hashlib.md5(content, usedforsecurity=False).digest()).decode()


def base_url() -> str:
    return public_base_url()


def one_marketplace() -> str:
    ids = query_marketplace_ids()
    if len(ids) != 1 or ids[0] not in MARKETPLACES:
        raise invalid_input("Invalid 'marketplaceIds' provided.", "Exactly one valid marketplace id is supported.")
    return ids[0]


@blueprint.get("/definitions/2020-09-01/productTypes")
@operation("searchDefinitionsProductTypes")
def search_product_types(_caller):
    ids = query_marketplace_ids()
    if not ids or any(m not in MARKETPLACES for m in ids):
        raise invalid_input("Invalid 'marketplaceIds' provided.")
    keywords = [word.lower() for word in list_param("keywords")]
    item_name = request.args.get("itemName", "").lower()
    if keywords and item_name:
        raise invalid_input("'keywords' and 'itemName' cannot be used together.")
    found = []
    for product_type in PRODUCT_TYPES.values():
        words = [product_type.name.lower(), *product_type.keywords]
        if keywords and not any(k in w or w in k for k in keywords for w in words):
            continue
        if item_name and not any(w in item_name for w in words):
            continue
        found.append({"name": product_type.name, "displayName": product_type.display_name, "marketplaceIds": ids})
    return {"productTypes": found, "productTypeVersion": VERSION}


@blueprint.get("/definitions/2020-09-01/productTypes/<product_type>")
@operation("getDefinitionsProductType")
def get_product_type(caller, product_type: str):
    marketplace_id = one_marketplace()
    if product_type not in PRODUCT_TYPES:
        raise AmazonError(
            404, "NotFound", f"Product type {product_type} was not found for marketplace {marketplace_id}."
        )
    seller = request.args.get("sellerId")
    if seller and seller != caller.seller_id:
        raise AmazonError(
            403, "Unauthorized", "Access to requested resource is denied.", "sellerId does not match the caller."
        )
    requirements = request.args.get("requirements", "LISTING")
    enforced = request.args.get("requirementsEnforced", "ENFORCED")
    version = request.args.get("productTypeVersion", "LATEST")
    if requirements not in REQUIREMENTS:
        raise invalid_input("Invalid 'requirements' provided.")
    if enforced not in ("ENFORCED", "NOT_ENFORCED"):
        raise invalid_input("Invalid 'requirementsEnforced' provided.")
    if version not in ("LATEST", "RELEASE_CANDIDATE", VERSION):
        raise invalid_input(f"Product type version {version} does not exist.")
    market = MARKETPLACES[marketplace_id]
    locale = request.args.get("locale", "DEFAULT")
    locale = market.locale if locale == "DEFAULT" else locale
    content = schema_bytes(product_type, marketplace_id, requirements, enforced == "ENFORCED", locale)
    schema_url = (
        f"{base_url()}/_sandbox/product-types/{product_type}/{marketplace_id}/{requirements}/{enforced}/{locale}.json"
    )
    spec = PRODUCT_TYPES[product_type]
    return {
        "metaSchema": {
            "link": {"resource": f"{base_url()}/_sandbox/product-types/meta-schema/v1.json", "verb": "GET"},
            "checksum": checksum(META_SCHEMA_PATH.read_bytes()),
        },
        "schema": {"link": {"resource": schema_url, "verb": "GET"}, "checksum": checksum(content)},
        "requirements": requirements,
        "requirementsEnforced": enforced,
        "propertyGroups": spec.property_groups(requirements),
        "locale": locale,
        "marketplaceIds": [marketplace_id],
        "productType": product_type,
        "displayName": spec.display_name,
        "productTypeVersion": {"version": VERSION, "latest": True, "releaseCandidate": False},
    }


@blueprint.get("/_sandbox/product-types/meta-schema/v1.json")
def meta_schema() -> Response:
    return Response(META_SCHEMA_PATH.read_bytes(), mimetype="application/json")


@blueprint.get("/_sandbox/product-types/<product_type>/<marketplace_id>/<requirements>/<enforced>/<locale>.json")
def schema_document(product_type: str, marketplace_id: str, requirements: str, enforced: str, locale: str) -> Response:
    if product_type not in PRODUCT_TYPES or marketplace_id not in MARKETPLACES or requirements not in REQUIREMENTS:
        return Response("<Error><Code>NoSuchKey</Code></Error>", 404, mimetype="application/xml")
    content = schema_bytes(product_type, marketplace_id, requirements, enforced == "ENFORCED", locale)
    return Response(content, mimetype="application/json")
