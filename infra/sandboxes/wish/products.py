"""Products and variations: create, get, update (also how prices, stock and status change), list,
delete, add a variation, and the review requests each create/update starts.

A new listing is WISH_INACTIVE (status PENDING_REVIEW) until its simulated review passes, then
ACTIVE. SKUs are unique per merchant among live variations; a removed product frees its SKUs."""

from __future__ import annotations

import json
import re
import uuid

from infra.sandboxes.wish import store, timefmt
from infra.sandboxes.wish.envelope import WishError
from infra.sandboxes.wish.product_rules import Shape, product_fields, variation
from infra.sandboxes.wish.runtime import Runtime

REMOVED = ("REMOVED_BY_WISH", "REMOVED_BY_MERCHANT")
SHALLOW = (
    "id",
    "name",
    "description",
    "parent_sku",
    "state",
    "status",
    "tags",
    "condition",
    "category_id",
    "created_at",
    "updated_at",
    "num_sold",
    "num_saves",
    "is_promoted",
    "max_quantity",
    "brand_id",
    "msrp",
    "unit",
    "reference_value",
)
SORT = re.compile(r"^(updated_at|created_at)(\.(asc|desc))?$")


def settle(rt: Runtime, db, merchant_id: str) -> None:
    """Listings whose simulated review is over become ACTIVE."""
    rows = db.execute(
        "SELECT body FROM products WHERE merchant_id = ? AND state = 'WISH_INACTIVE' AND review_at <= ?",
        (merchant_id, rt.now()),
    ).fetchall()
    for row in rows:
        product = json.loads(row["body"])
        product.update(state="ACTIVE", status="APPROVED")
        _touch(rt, product)
        store.product_save(db, product, merchant_id, None)


def _touch(rt: Runtime, product: dict) -> None:
    product["_updated_ms"] = rt.now_ms()
    product["updated_at"] = timefmt.to_text(product["_updated_ms"])


def _review(rt: Runtime, db, merchant_id: str, product_id: str) -> tuple[str, float]:
    request_id = str(uuid.uuid4())
    review_at = rt.now() + rt.delay(float(rt.option("review_seconds", 60)))
    db.execute(
        "INSERT INTO product_requests (id, merchant_id, product_id, created_ms, review_at) VALUES (?, ?, ?, ?, ?)",
        (request_id, merchant_id, product_id, rt.now_ms(), review_at),
    )
    return request_id, review_at


def _sku_taken(db, merchant_id: str, sku: str, except_id: str | None = None) -> bool:
    row = db.execute(
        "SELECT id FROM variations WHERE merchant_id = ? AND sku = ? AND active = 1", (merchant_id, sku)
    ).fetchone()
    return row is not None and row["id"] != except_id


def _images(product: dict) -> set[str]:
    return {image["url"] for image in product.get("extra_images") or []} | {product["main_image"]["url"]}


def _check_variations(shape: Shape, variations: list[dict], body_variations: list) -> None:
    if len(variations) > 1:
        for index, item in enumerate(body_variations):
            if isinstance(item, dict) and item.get("image") is None:
                shape.add(f"variations[{index}].image", "is required when the product has more than one variation")


def create(rt: Runtime, merchant_id: str, body: dict) -> dict:
    shape = Shape()
    fields = product_fields(rt, shape, body, creating=True)
    items = body.get("variations")
    if not isinstance(items, list) or not rt.limits["variations_min"] <= len(items) <= rt.limits["variations_max"]:
        shape.add("variations", f"must hold 1 to {rt.limits['variations_max']} variations")
        items = []
    images = {image["url"] for image in fields.get("extra_images", [])} | {(fields.get("main_image") or {}).get("url")}
    variations = [
        variation(rt, shape, f"variations[{i}]", item, creating=True, images=images) for i, item in enumerate(items)
    ]
    _check_variations(shape, variations, items)
    shape.raise_if_any()
    if fields["category_id"] not in rt.categories:
        raise WishError("no_category", category_id=fields["category_id"])
    skus = [item["sku"] for item in variations]
    with rt.state.transaction() as db:
        if len(set(skus)) != len(skus) or any(_sku_taken(db, merchant_id, sku) for sku in skus):
            raise WishError("existing_sku")
        taken = db.execute(
            "SELECT 1 FROM products WHERE merchant_id = ? AND parent_sku = ? AND state NOT IN (?, ?)",
            (merchant_id, fields["parent_sku"], *REMOVED),
        ).fetchone()
        if taken:
            raise WishError("existing_parent_sku")
        product_id = rt.new_id()
        request_id, review_at = _review(rt, db, merchant_id, product_id)
        now_ms = rt.now_ms()
        reviewing = review_at > rt.now()
        product = {
            "id": product_id,
            **fields,
            "extra_images": fields.get("extra_images", []),
            "tags": fields.get("tags", []),
            "state": "WISH_INACTIVE" if reviewing else "ACTIVE",
            "status": "PENDING_REVIEW" if reviewing else "APPROVED",
            "created_at": timefmt.to_text(now_ms),
            "updated_at": timefmt.to_text(now_ms),
            "request_id": request_id,
            "num_sold": 0,
            "num_saves": 0,
            "is_promoted": False,
            "is_csp_enabled": False,
            "first_mile_shippings": [],
            "variations": [],
            "_created_ms": now_ms,
            "_updated_ms": now_ms,
        }
        for item in variations:
            product["variations"].append(_new_variation(rt, db, merchant_id, product_id, item, request_id))
        store.product_save(db, product, merchant_id, review_at if reviewing else None)
    return store.public(product)


def _new_variation(rt: Runtime, db, merchant_id: str, product_id: str, item: dict, request_id: str) -> dict:
    variation_id = rt.new_id()
    db.execute(
        "INSERT INTO variations (id, product_id, merchant_id, sku) VALUES (?, ?, ?, ?)",
        (variation_id, product_id, merchant_id, item["sku"]),
    )
    return {"id": variation_id, "product_id": product_id, "status": "ENABLED", "request_id": request_id, **item}


def load(rt: Runtime, db, merchant_id: str, product_id: str) -> dict:
    settle(rt, db, merchant_id)
    product = store.product_load(db, product_id, merchant_id)
    if product is None:
        raise WishError("no_product")
    return product


def get(rt: Runtime, merchant_id: str, product_id: str) -> dict:
    with rt.state.transaction() as db:
        return store.public(load(rt, db, merchant_id, product_id))


def _apply_variation(rt: Runtime, db, merchant_id: str, current: dict, change: dict, status) -> None:
    if "sku" in change and change["sku"] != current["sku"]:
        if _sku_taken(db, merchant_id, change["sku"], except_id=current["id"]):
            raise WishError("existing_sku")
        db.execute("UPDATE variations SET sku = ? WHERE id = ?", (change["sku"], current["id"]))
    if "inventories" in change:  # given warehouses change, others keep their stock
        stock = {item["warehouse_id"]: item for item in current.get("inventories", [])}
        stock.update({item["warehouse_id"]: item for item in change.pop("inventories")})
        current["inventories"] = list(stock.values())
    current.update(change)
    if status is not None:
        current["status"] = status


def update(rt: Runtime, merchant_id: str, product_id: str, body: dict) -> dict:
    shape = Shape()
    fields = product_fields(rt, shape, body, creating=False)
    status = body.get("status")
    if status is not None and status not in ("ENABLED", "DISABLED"):
        shape.add("status", "must be ENABLED or DISABLED")
    changes = body.get("variations") or []
    if not isinstance(changes, list) or len(changes) > rt.limits["variations_max"]:
        shape.add("variations", f"must be a list of at most {rt.limits['variations_max']} variations")
        changes = []
    with rt.state.transaction() as db:
        product = load(rt, db, merchant_id, product_id)
        if product["state"] in REMOVED:
            raise WishError("product_removed")
        images = {image["url"] for image in fields.get("extra_images", product.get("extra_images") or [])}
        images |= {fields.get("main_image", product["main_image"])["url"]}
        by_id = {item["id"]: item for item in product["variations"]}
        planned = []
        for index, change in enumerate(changes):
            path = f"variations[{index}]"
            change = change if isinstance(change, dict) else {}
            if not isinstance(change.get("id"), str):
                shape.add(f"{path}.id", "is required")
                continue
            if change.get("status") not in (None, "ENABLED", "DISABLED"):
                shape.add(f"{path}.status", "must be ENABLED or DISABLED")
            clean = variation(rt, shape, path, change, creating=False, images=images)
            planned.append((change["id"], clean, change.get("status")))
        shape.raise_if_any()
        if "parent_sku" in fields and fields["parent_sku"] != product["parent_sku"]:
            taken = db.execute(
                "SELECT 1 FROM products WHERE merchant_id = ? AND parent_sku = ? AND id != ? AND state NOT IN (?, ?)",
                (merchant_id, fields["parent_sku"], product_id, *REMOVED),
            )
            if taken.fetchone():
                raise WishError("existing_parent_sku")
        for variation_id, clean, variation_status in planned:
            current = by_id.get(variation_id)
            if current is None or current["status"] == "REMOVED_BY_WISH":
                raise WishError("no_variation")
            _apply_variation(rt, db, merchant_id, current, clean, variation_status)
        product.update(fields)
        if status == "DISABLED":
            product["state"] = "MERCHANT_INACTIVE"
        elif status == "ENABLED" and product["state"] == "MERCHANT_INACTIVE":
            product["state"] = "ACTIVE"
        product["request_id"], _review_at = _review(rt, db, merchant_id, product_id)
        _touch(rt, product)
        store.product_save(db, product, merchant_id, store.product_review_at(db, product_id))
    return store.public(product)


def add_variation(rt: Runtime, merchant_id: str, product_id: str, body: dict) -> dict:
    with rt.state.transaction() as db:
        product = load(rt, db, merchant_id, product_id)
        if product["state"] in REMOVED:
            raise WishError("product_removed")
        shape = Shape()
        clean = variation(rt, shape, "variation", body, creating=True, images=_images(product))
        shape.raise_if_any()
        if _sku_taken(db, merchant_id, clean["sku"]):
            raise WishError("existing_sku")
        request_id, _review_at = _review(rt, db, merchant_id, product_id)
        created = _new_variation(rt, db, merchant_id, product_id, clean, request_id)
        product["variations"].append(created)
        _touch(rt, product)
        store.product_save(db, product, merchant_id, store.product_review_at(db, product_id))
    return created


def delete(rt: Runtime, merchant_id: str, product_id: str) -> None:
    with rt.state.transaction() as db:
        product = load(rt, db, merchant_id, product_id)
        if product["state"] in REMOVED:
            raise WishError("product_removed")
        product.update(state="REMOVED_BY_MERCHANT", status="REMOVED_BY_MERCHANT")
        db.execute("UPDATE variations SET active = 0 WHERE product_id = ?", (product_id,))
        _touch(rt, product)
        store.product_save(db, product, merchant_id, None)


def _bound(args, name: str) -> int | None:
    if args.get(name) in (None, ""):
        return None
    try:
        return timefmt.parse(args[name])
    except ValueError:
        raise WishError("invalid_param", detail=f"{name} must be a date-time like 2020-01-01T07:00:00.000Z")


def limit_param(rt: Runtime, args, maximum: int, default: int) -> int:
    raw = args.get("limit", str(default))
    if not raw.isdigit() or not 1 <= int(raw) <= maximum:
        raise WishError("invalid_param", detail=f"limit must be an integer from 1 to {maximum}")
    return int(raw)


def listing(rt: Runtime, merchant_id: str, args) -> list[dict]:
    limit = limit_param(rt, args, rt.limits["product_list_limit_max"], rt.limits["product_list_limit_default"])
    sort = args.get("sort_by", "updated_at.desc")
    if not SORT.match(sort):
        raise WishError("invalid_param", detail="sort_by must be updated_at or created_at, optionally .asc or .desc")
    field, _, direction = sort.partition(".")
    column = "created_ms" if field == "created_at" else "updated_ms"
    sql, params = "SELECT body FROM products WHERE merchant_id = ?", [merchant_id]
    for name, column_name, operator in (
        ("created_at_min", "created_ms", ">="),
        ("created_at_max", "created_ms", "<="),
        ("updated_at_min", "updated_ms", ">="),
        ("updated_at_max", "updated_ms", "<="),
    ):
        bound = _bound(args, name)
        if bound is not None:
            sql, params = f"{sql} AND {column_name} {operator} ?", [*params, bound]
    if args.get("parent_sku"):
        sql, params = sql + " AND parent_sku = ?", [*params, args["parent_sku"]]
    if args.get("state"):
        if args["state"] not in rt.limits["product_states"]:
            raise WishError("invalid_param", detail=f"state must be one of {', '.join(rt.limits['product_states'])}")
        sql, params = sql + " AND state = ?", [*params, args["state"]]
    with rt.state.transaction() as db:
        settle(rt, db, merchant_id)
        rows = db.execute(
            f"{sql} ORDER BY {column} {'ASC' if direction == 'asc' else 'DESC'} LIMIT ?", [*params, limit]
        ).fetchall()
    return [{key: product.get(key) for key in SHALLOW} for product in (json.loads(row["body"]) for row in rows)]


def review_requests(rt: Runtime, merchant_id: str, args, request_id: str | None = None) -> list[dict]:
    sql, params = "SELECT * FROM product_requests WHERE merchant_id = ?", [merchant_id]
    for name, column in (("id", "id"), ("product_id", "product_id")):
        value = request_id if name == "id" and request_id else args.get(name)
        if value:
            sql, params = f"{sql} AND {column} = ?", [*params, value]
    now = rt.now()
    rows = rt.state.query(sql + " ORDER BY created_ms ASC", params)
    requests = [
        {
            "id": row["id"],
            "product_id": row["product_id"],
            "created_at": timefmt.to_text(row["created_ms"]),
            "status": "APPROVED" if row["review_at"] <= now else "UNDER_REVIEW",
        }
        for row in rows
    ]
    statuses = args.getlist("statuses") if hasattr(args, "getlist") else []
    wanted = {status for value in statuses for status in value.split(",") if status}
    return [item for item in requests if not wanted or item["status"] in wanted]


def stock_change(rt: Runtime, db, merchant_id: str, product_id: str, variation_id: str, delta: int) -> None:
    """Orders take stock from (and refunds before shipping give it back to) the STANDARD warehouse."""
    product = store.product_load(db, product_id, merchant_id)
    if product is None:
        return
    for item in product["variations"]:
        if item["id"] == variation_id:
            stock = {entry["warehouse_id"]: entry for entry in item.get("inventories", [])}
            entry = stock.setdefault(
                rt.standard_warehouse["id"], {"warehouse_id": rt.standard_warehouse["id"], "inventory": 0}
            )
            entry["inventory"] = max(0, entry["inventory"] + delta)
            item["inventories"] = list(stock.values())
    _touch(rt, product)
    store.product_save(db, product, merchant_id, store.product_review_at(db, product_id))
