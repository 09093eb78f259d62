"""Product operations: post, edit, info.get, list.get, batch delete, and taking products off / on
sale (aliexpress.postproduct.redefining.offlineaeproduct / onlineaeproduct)."""

from __future__ import annotations

import json

from infra.sandboxes.aliexpress import store
from infra.sandboxes.aliexpress.call import Call
from infra.sandboxes.aliexpress.envelope import DtoList
from infra.sandboxes.aliexpress.errors import ApiError, Problems, invalid_parameter, missing_parameter
from infra.sandboxes.aliexpress.product_rules import product_from_dto, product_to_dto
from infra.sandboxes.aliexpress.product_views import member_seq, product_detail, product_display
from infra.sandboxes.aliexpress.runtime import Runtime
from infra.sandboxes.aliexpress.sku_rules import int_or_none
from infra.sandboxes.aliexpress.timefmt import from_text

STATUSES = ("onSelling", "offline", "auditing", "editingRequired")


def not_found(product_ids) -> ApiError:
    ids = ", ".join(str(product_id) for product_id in product_ids)
    return invalid_parameter(f"no such product for this seller: {ids}", sub_code="isv.product-not-found")


def product_post(call: Call) -> dict:
    rt = call.rt
    product = product_from_dto(rt, call.json_param("post_product_request", dict, required=True))
    now = rt.now()
    audit = float(rt.option("audit_seconds", 60))
    product.update(
        product_id=rt.new_number("1005", 16),
        seller_id=call.seller_id,
        status="auditing" if audit > 0 else "onSelling",
        audit_until=now + rt.delay(audit) if audit > 0 else None,
        created_at=now,
        modified_at=now,
    )
    with rt.state.transaction() as db:
        store.product_save(db, product)
    return {"result": {"product_id": product["product_id"]}}


def _apply_deprecated_texts(dto: dict, edit: dict) -> None:
    # `subject` / `description` (deprecated) replace the main-language entry only.
    language = dto["language"]
    if "subject" in edit and "multi_language_subject_list" not in edit:
        others = [item for item in dto["multi_language_subject_list"] if item["language"] != language]
        dto["multi_language_subject_list"] = [{"language": language, "subject": edit["subject"]}, *others]
    if "description" in edit and "multi_language_description_list" not in edit:
        others = [item for item in dto.get("multi_language_description_list") or [] if item["language"] != language]
        dto["multi_language_description_list"] = [{"language": language, "web_detail": edit["description"]}, *others]


def product_edit(call: Call) -> dict:
    rt = call.rt
    edit = call.json_param("edit_product_request", dict, required=True)
    product_id = int_or_none(edit.get("product_id"))
    if product_id is None:
        raise missing_parameter("edit_product_request.product_id")
    with rt.state.transaction() as db:
        store.products_settle(db, rt.now())
        stored = store.product_load(db, product_id, call.seller_id)
        if stored is None:
            raise not_found([product_id])
        if edit.get("language") not in (None, stored["language"]):
            problems = Problems()
            problems.add("language", "the main language cannot be changed after upload", "isv.language-immutable")
            problems.raise_if_any()
        dto = product_to_dto(stored)
        dto.update({key: value for key, value in edit.items() if key not in ("product_id", "subject", "description")})
        _apply_deprecated_texts(dto, edit)
        product = product_from_dto(rt, dto, skus_given="sku_info_list" in edit)
        for key in ("product_id", "seller_id", "status", "audit_until", "created_at", "ws_display", "offline_at"):
            product[key] = stored.get(key)
        product["modified_at"] = rt.now()
        store.product_save(db, product)
    return {"result": {"product_id": product_id}}


def product_info_get(call: Call) -> dict:
    rt = call.rt
    product_id = call.int_param("product_id", required=True)
    with rt.state.transaction() as db:
        store.products_settle(db, rt.now())
        product = store.product_load(db, product_id, call.seller_id)
    if product is None:
        raise not_found([product_id])
    return {"result": product_detail(rt, product)}


def _seller_products(rt: Runtime, seller_id: str, status: str | None = None) -> list[dict]:
    sql, params = "SELECT body, status FROM products WHERE seller_id = ?", [seller_id]
    if status:
        sql, params = sql + " AND status = ?", [*params, status]
    products = []
    for row in rt.state.query(sql + " ORDER BY modified_at DESC, product_id DESC", params):
        product = json.loads(row["body"])
        product["status"] = row["status"]
        products.append(product)
    return products


def _matches(rt: Runtime, product: dict, query: dict) -> bool:
    if query.get("product_id") and int_or_none(query["product_id"]) != product["product_id"]:
        return False
    if query.get("excepted_product_ids") and product["product_id"] in set(query["excepted_product_ids"]):
        return False
    if query.get("sku_code") and all(sku["sku_code"] != query["sku_code"] for sku in product["skus"]):
        return False
    subject = query.get("subject")
    if subject and all(subject.lower() not in text.lower() for text in product["subjects"].values()):
        return False
    for field, bound, check in (
        ("created_at", "gmt_create_start", lambda a, b: a >= b),
        ("created_at", "gmt_create_end", lambda a, b: a <= b),
        ("modified_at", "gmt_modified_start", lambda a, b: a >= b),
        ("modified_at", "gmt_modified_end", lambda a, b: a <= b),
    ):
        if query.get(bound):
            try:
                limit = from_text(query[bound], rt.zone)
            except ValueError:
                raise invalid_parameter(f"aeop_a_e_product_list_query.{bound} must be yyyy-MM-dd HH:mm:ss")
            if not check(int(product[field]), limit):
                return False
    return True


def product_list_get(call: Call) -> dict:
    rt = call.rt
    query = call.json_param("aeop_a_e_product_list_query", dict) or {}
    status = query.get("product_status_type")
    if not status:
        raise missing_parameter("aeop_a_e_product_list_query.product_status_type")
    if status not in STATUSES:
        raise invalid_parameter(f"product_status_type must be one of {', '.join(STATUSES)}")
    page_size = int_or_none(query.get("page_size", rt.limits["product_list_page_size_default"]))
    page = int_or_none(query.get("current_page", 1))
    if page_size is None or not 1 <= page_size <= rt.limits["product_list_page_size_max"]:
        raise invalid_parameter("page_size must be between 1 and 99")
    if page is None or page < 1:
        raise invalid_parameter("current_page must be at least 1")
    with rt.state.transaction() as db:
        store.products_settle(db, rt.now())
    matching = [product for product in _seller_products(rt, call.seller_id, status) if _matches(rt, product, query)]
    chunk = matching[(page - 1) * page_size : page * page_size]
    return {
        "result": {
            "success": True,
            "product_count": len(matching),
            "total_page": (len(matching) + page_size - 1) // page_size,
            "current_page": page,
            "aeop_a_e_product_display_d_t_o_list": DtoList("item_display_dto", [product_display(rt, p) for p in chunk]),
        }
    }


def _ids(call: Call, owned: list[int]) -> list[int]:
    rows = call.rt.state.query(
        f"SELECT product_id FROM products WHERE seller_id = ? AND product_id IN ({','.join('?' * len(owned))})",
        [call.seller_id, *owned],
    )
    found = {row["product_id"] for row in rows}
    return [product_id for product_id in owned if product_id not in found]


def batch_product_delete(call: Call) -> dict:
    ids = call.json_param("product_ids", list, required=True)
    numbers = [int_or_none(value) for value in ids]
    if not numbers or None in numbers or len(numbers) > call.rt.limits["delete_products_max"]:
        raise invalid_parameter("product_ids must hold 1 to 100 product ids")
    missing = _ids(call, numbers)
    if missing:
        raise not_found(missing)
    call.rt.state.execute(
        f"DELETE FROM products WHERE seller_id = ? AND product_id IN ({','.join('?' * len(numbers))})",
        [call.seller_id, *numbers],
    )
    return {}


def _switch(call: Call, *, online: bool) -> dict:
    raw = call.param("product_ids", required=True)
    numbers = [int_or_none(part) for part in raw.split(";") if part.strip()]
    if not numbers or None in numbers or len(numbers) > call.rt.limits["offline_products_max"]:
        raise invalid_parameter("product_ids must hold 1 to 50 product ids separated by ';'")
    missing = _ids(call, numbers)
    if missing:
        message = f"no such product for this seller: {', '.join(map(str, missing))}"
        return {
            "result": {
                "success": False,
                "modify_count": 0,
                "error_code": "isv.product-not-found",
                "error_message": message,
            }
        }
    rt = call.rt
    with rt.state.transaction() as db:
        for product_id in numbers:
            product = store.product_load(db, product_id, call.seller_id)
            if online:
                product.update(status="onSelling", ws_display=None, offline_at=None)
            else:
                product.update(status="offline", ws_display="user_offline", offline_at=rt.now())
            product["modified_at"] = rt.now()
            store.product_save(db, product)
    return {"result": {"success": True, "modify_count": len(numbers)}}


def product_offline(call: Call) -> dict:
    return _switch(call, online=False)


def product_online(call: Call) -> dict:
    return _switch(call, online=True)


def merchant_profile_get(call: Call) -> dict:
    seller = call.seller_id
    return {
        "country_code": call.rt.option("country", "CN"),
        "product_posting_forbidden": False,
        "merchant_login_id": f"seller{seller[-4:]}",
        "shop_id": member_seq(seller),
        "shop_name": "Sandbox Store",
        "shop_type": "official",
        "shop_url": f"//www.aliexpress.com/store/{member_seq(seller)}",
    }
