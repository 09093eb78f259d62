"""aliexpress.solution.order.get (paged order list) and aliexpress.solution.order.info.get.

order.get takes its query either flat (the 2023 IOP SDK) or as one JSON `param0` (the TOP docs).
Times are US Pacific "yyyy-MM-dd HH:mm:ss", bounds inclusive. create_date_start and
modified_date_start cannot both be empty; without a create range the last 180 days are searched
(30 days when FINISH orders are asked for). Without a status every status but FINISH is returned.
Orders come newest first (created desc, then order id desc)."""

from __future__ import annotations

import json

from infra.sandboxes.aliexpress import store
from infra.sandboxes.aliexpress.call import Call
from infra.sandboxes.aliexpress.envelope import DtoList
from infra.sandboxes.aliexpress.errors import invalid_parameter, missing_parameter
from infra.sandboxes.aliexpress.order_views import order_detail, order_summary
from infra.sandboxes.aliexpress.sku_rules import int_or_none
from infra.sandboxes.aliexpress.timefmt import from_text

STATUSES = (
    "PLACE_ORDER_SUCCESS",
    "IN_CANCEL",
    "WAIT_SELLER_SEND_GOODS",
    "SELLER_PART_SEND_GOODS",
    "WAIT_BUYER_ACCEPT_GOODS",
    "FUND_PROCESSING",
    "IN_ISSUE",
    "IN_FROZEN",
    "WAIT_SELLER_EXAMINE_MONEY",
    "RISK_CONTROL",
    "FINISH",
)
FIELDS = (
    "create_date_start",
    "create_date_end",
    "modified_date_start",
    "modified_date_end",
    "order_status",
    "order_status_list",
    "buyer_login_id",
    "page_size",
    "current_page",
)
DAY = 86400


class QueryRefused(Exception):
    """A query the platform answers with result.success = false."""


def _query(call: Call) -> dict:
    if call.param("param0") is not None:
        query = call.json_param("param0", dict)
        prefix = "param0."
    else:
        query = {name: call.params.get(name) for name in FIELDS if call.params.get(name) not in (None, "")}
        prefix = ""
        if isinstance(query.get("order_status_list"), str):
            try:
                query["order_status_list"] = json.loads(query["order_status_list"])
            except ValueError:
                raise invalid_parameter("order_status_list must be a JSON array")
    for name in ("page_size", "current_page"):
        if query.get(name) in (None, ""):
            raise missing_parameter(prefix + name)
        if int_or_none(query[name]) is None:
            raise invalid_parameter(f"{prefix}{name} must be a number")
    return query


def _statuses(query: dict) -> list[str]:
    wanted = list(query.get("order_status_list") or [])
    if query.get("order_status"):
        wanted.append(query["order_status"])
    unknown = [status for status in wanted if status not in STATUSES]
    if unknown:
        raise QueryRefused(f"unknown order status: {', '.join(map(str, unknown))}")
    return wanted or [status for status in STATUSES if status != "FINISH"]


def _window(call: Call, query: dict, statuses: list[str]) -> dict[str, float]:
    rt = call.rt
    bounds = {}
    for name in ("create_date_start", "create_date_end", "modified_date_start", "modified_date_end"):
        if query.get(name):
            try:
                bounds[name] = from_text(str(query[name]), rt.zone)
            except ValueError:
                raise QueryRefused(f"{name} must be US Pacific time yyyy-MM-dd HH:mm:ss")
    if "create_date_start" not in bounds and "modified_date_start" not in bounds:
        raise QueryRefused("create_date_start and modified_date_start cannot both be empty")
    days = rt.limits["order_finish_window_days"] if "FINISH" in statuses else rt.limits["order_create_window_days"]
    end = bounds.get("create_date_end", rt.now())
    if "create_date_start" in bounds:
        if end - bounds["create_date_start"] > days * DAY:
            raise QueryRefused(f"the create date range cannot exceed {days} days")
    else:
        bounds["create_date_start"] = end - days * DAY
    return bounds


def _matches(order: dict, bounds: dict[str, float], statuses: list[str], buyer: str | None) -> bool:
    created, modified = int(order["created"]), int(order["modified"])  # the API shows whole seconds
    return (
        order["status"] in statuses
        and (buyer is None or order["buyer"]["login_id"] == buyer)
        and bounds["create_date_start"] <= created <= bounds.get("create_date_end", float("inf"))
        and bounds.get("modified_date_start", 0) <= modified <= bounds.get("modified_date_end", float("inf"))
    )


def order_get(call: Call) -> dict:
    rt = call.rt
    query = _query(call)
    page_size, page = int(query["page_size"]), int(query["current_page"])
    stamp = rt.pacific(rt.now())
    try:
        if not 1 <= page_size <= rt.limits["order_page_size_max"]:
            raise QueryRefused(f"page_size must be between 1 and {rt.limits['order_page_size_max']}")
        if page < 1:
            raise QueryRefused("current_page must be at least 1")
        statuses = _statuses(query)
        bounds = _window(call, query, statuses)
    except QueryRefused as refused:
        return {
            "result": {
                "success": False,
                "error_code": "isv.invalid-parameter",
                "error_message": str(refused),
                "time_stamp": stamp,
            }
        }
    rows = rt.state.query(
        "SELECT body FROM orders WHERE seller_id = ? AND created_at >= ? ORDER BY created_at DESC, order_id DESC",
        (call.seller_id, bounds["create_date_start"] - 1),
    )
    orders = [
        order
        for order in (json.loads(row["body"]) for row in rows)
        if _matches(order, bounds, statuses, query.get("buyer_login_id"))
    ]
    start = (page - 1) * page_size
    chunk = orders[start : start + page_size]
    if rt.sandbox.wants_duplicate_page(call.method):
        # Injected fault: the previous page's orders come again in front of this page (page 1 repeats itself).
        chunk = (orders[max(0, start - page_size) : start] or chunk) + chunk
    return {
        "result": {
            "success": True,
            "total_count": len(orders),
            "total_page": (len(orders) + page_size - 1) // page_size,
            "current_page": page,
            "page_size": page_size,
            "time_stamp": stamp,
            "target_list": DtoList("order_dto", [order_summary(rt, order) for order in chunk]),
        }
    }


def order_info_get(call: Call) -> dict:
    rt = call.rt
    query = call.json_param("param1", dict, required=True)
    order_id = int_or_none(query.get("order_id"))
    if query.get("order_id") in (None, ""):
        raise missing_parameter("param1.order_id")
    if order_id is None:
        raise invalid_parameter("param1.order_id must be a number")
    flag = query.get("ext_info_bit_flag")
    bits = 0b11111 if flag in (None, "") else int_or_none(flag)
    if bits is None:
        raise invalid_parameter("param1.ext_info_bit_flag must be a number")
    stamp = rt.pacific(rt.now())
    order = store.order_load(rt.state.connection, order_id, call.seller_id)
    if order is None:
        return {
            "result": {
                "error_code": "isv.order-not-found",
                "error_message": f"no such order: {order_id}",
                "time_stamp": stamp,
            }
        }
    return {"result": {"data": order_detail(rt, order, bits), "time_stamp": stamp}}
