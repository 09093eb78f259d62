"""aliexpress.solution.feed.submit / feed.query: asynchronous product jobs. A job runs once its
(simulated) processing delay has passed, when it is next queried. Item contents:

    PRODUCT_CREATE         a post_product_request object
    PRODUCT_FULL_UPDATE    a full post_product_request plus aliexpress_product_id
    PRODUCT_STOCKS_UPDATE  {aliexpress_product_id, multiple_sku_update_list: [{sku_code, inventory}]}
    PRODUCT_PRICES_UPDATE  {aliexpress_product_id, multiple_sku_update_list: [{sku_code, price, discount_price}]}

Each result's item_execution_result is a JSON string: {"productId", "success"} or with
errorCode / errorMessage when the item failed."""

from __future__ import annotations

import json

from infra.sandboxes.aliexpress import batch, store
from infra.sandboxes.aliexpress.call import Call
from infra.sandboxes.aliexpress.envelope import DtoList
from infra.sandboxes.aliexpress.errors import ApiError, invalid_parameter
from infra.sandboxes.aliexpress.product_rules import product_from_dto
from infra.sandboxes.aliexpress.sku_rules import int_or_none


def feed_submit(call: Call) -> dict:
    rt = call.rt
    operation = call.param("operation_type", required=True)
    if operation not in rt.limits["feed_operation_types"]:
        raise invalid_parameter(f"operation_type must be one of {', '.join(rt.limits['feed_operation_types'])}")
    items = call.json_param("item_list", list, required=True)
    if not 1 <= len(items) <= rt.limits["feed_items_max"]:
        raise invalid_parameter(f"item_list must hold 1 to {rt.limits['feed_items_max']} items")
    ids = [item.get("item_content_id") if isinstance(item, dict) else None for item in items]
    if None in ids or "" in ids or len(set(ids)) != len(ids):
        raise invalid_parameter("every item needs a unique item_content_id")
    if any(not isinstance(item.get("item_content"), str) for item in items):
        raise invalid_parameter("item_content must be a JSON string")
    job_id = rt.new_number("2000", 18)
    now = rt.now()
    rt.state.execute(
        "INSERT INTO feed_jobs (job_id, seller_id, operation_type, items, ready_at, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (
            job_id,
            call.seller_id,
            operation,
            store.dumps(items),
            now + rt.delay(float(rt.option("feed_seconds", 30))),
            now,
        ),
    )
    return {"job_id": job_id}


def _run_item(call: Call, db, operation: str, content: dict) -> dict:
    rt = call.rt
    if operation in ("PRODUCT_STOCKS_UPDATE", "PRODUCT_PRICES_UPDATE"):
        item = {
            "product_id": content.get("aliexpress_product_id", content.get("product_id")),
            "multiple_sku_update_list": content.get("multiple_sku_update_list"),
        }
        kind = "inventory" if operation == "PRODUCT_STOCKS_UPDATE" else "price"
        product_id, failure = batch.update_one(call, db, item, kind)
        if failure:
            return {"productId": product_id, "success": False, "errorCode": failure[0], "errorMessage": failure[1]}
        return {"productId": product_id, "success": True}
    product = product_from_dto(rt, content)
    now = rt.now()
    if operation == "PRODUCT_CREATE":
        product.update(
            product_id=rt.new_number("1005", 16),
            seller_id=call.seller_id,
            status="onSelling",
            created_at=now,
            modified_at=now,
        )
    else:
        product_id = int_or_none(content.get("aliexpress_product_id", content.get("product_id")))
        stored = store.product_load(db, product_id, call.seller_id) if product_id is not None else None
        if stored is None:
            return {
                "productId": product_id,
                "success": False,
                "errorCode": "isv.product-not-found",
                "errorMessage": "no such product for this seller",
            }
        for key in ("product_id", "seller_id", "status", "created_at", "ws_display", "offline_at"):
            product[key] = stored.get(key)
        product["modified_at"] = now
    store.product_save(db, product)
    return {"productId": product["product_id"], "success": True}


def _execute(call: Call, job) -> list[dict]:
    results = []
    with call.rt.state.transaction() as db:
        for item in json.loads(job["items"]):
            try:
                content = json.loads(item["item_content"])
                if not isinstance(content, dict):
                    raise ValueError("item_content must be a JSON object")
                outcome = _run_item(call, db, job["operation_type"], content)
            except ValueError as error:
                outcome = {"success": False, "errorCode": "isv.invalid-parameter", "errorMessage": str(error)}
            except ApiError as error:
                outcome = {
                    "success": False,
                    "errorCode": error.sub_code or error.code,
                    "errorMessage": error.sub_msg or error.msg,
                }
            results.append({"item_content_id": item["item_content_id"], "item_execution_result": json.dumps(outcome)})
        db.execute("UPDATE feed_jobs SET results = ? WHERE job_id = ?", (store.dumps(results), job["job_id"]))
    return results


def feed_query(call: Call) -> dict:
    rt = call.rt
    job_id = call.int_param("job_id", required=True)
    job = rt.state.one("SELECT * FROM feed_jobs WHERE job_id = ? AND seller_id = ?", (job_id, call.seller_id))
    if job is None:
        raise invalid_parameter(f"no such feed job: {job_id}", sub_code="isv.job-not-found")
    total = len(json.loads(job["items"]))
    if job["results"] is None and job["ready_at"] > rt.now():
        return {
            "job_id": job_id,
            "total_item_count": total,
            "success_item_count": 0,
            "result_list": DtoList("single_item_response_dto", []),
        }
    results = json.loads(job["results"]) if job["results"] is not None else _execute(call, job)
    succeeded = sum(1 for result in results if json.loads(result["item_execution_result"])["success"])
    return {
        "job_id": job_id,
        "total_item_count": total,
        "success_item_count": succeeded,
        "result_list": DtoList("single_item_response_dto", results),
    }
