"""aliexpress.solution.order.fulfill and the logistics services it accepts
(aliexpress.logistics.redefining.listlogisticsservice)."""

from __future__ import annotations

import re

from infra.sandboxes.aliexpress import lifecycle, store
from infra.sandboxes.aliexpress.call import Call
from infra.sandboxes.aliexpress.envelope import DtoList
from infra.sandboxes.aliexpress.errors import Problems, invalid_parameter
from infra.sandboxes.aliexpress.sku_rules import int_or_none

SHIPPABLE = ("WAIT_SELLER_SEND_GOODS", "SELLER_PART_SEND_GOODS")


def _check(call: Call) -> tuple[int, dict, str, str]:
    rt = call.rt
    service_name = call.param("service_name", required=True)
    out_ref = call.param("out_ref", required=True)
    send_type = call.param("send_type", required=True)
    logistics_no = call.param("logistics_no", required=True)
    website, description = call.param("tracking_website"), call.param("description")
    problems = Problems()
    service = rt.services.get(service_name)
    if service is None:
        problems.add(
            "service_name", f"{service_name!r} is not a logistics service key", "isv.logistics-service-invalid"
        )
    elif not re.match(service["tracking_no_regex"], logistics_no):
        problems.add(
            "logistics_no", f"is not a valid {service['display_name']} tracking number", "isv.tracking-number-invalid"
        )
    if send_type not in ("all", "part"):
        problems.add("send_type", "must be all or part")
    if service_name == "OTHER" and not website:
        problems.add("tracking_website", "is required when service_name is OTHER")
    if website and not re.match(r"^https?://\S+$", website):
        problems.add("tracking_website", "must be an http(s) URL")
    if description and (len(description) > rt.limits["fulfil_description_max"] or not description.isascii()):
        problems.add("description", "must be English text of at most 512 characters")
    order_id = int_or_none(out_ref)
    if order_id is None:
        problems.add("out_ref", "must be an order id")
    problems.raise_if_any()
    shipment = {
        "logistics_no": logistics_no,
        "service_name": service_name,
        "display_name": service["display_name"],
        "send_type": send_type,
        "tracking_website": website,
        "description": description,
    }
    return order_id, shipment, send_type, service_name


def order_fulfill(call: Call) -> dict:
    rt = call.rt
    order_id, shipment, send_type, _service = _check(call)
    with rt.state.transaction() as db:
        order = store.order_load(db, order_id, call.seller_id)
        if order is None:
            raise invalid_parameter(f"no such order: {order_id}", sub_code="isv.order-not-found")
        if order["status"] not in SHIPPABLE:
            raise invalid_parameter(
                f"order {order_id} cannot be shipped in status {order['status']}", sub_code="isv.order-status-invalid"
            )
        now = rt.now()
        shipment.update(ship_order_id=rt.new_number("9", 12), at=now)
        order.setdefault("shipments", []).append(shipment)
        order["shipped"] = now
        if send_type == "all":
            order.update(status="WAIT_BUYER_ACCEPT_GOODS", logistics_status="SELLER_SEND_GOODS")
            lifecycle.shipped_all(rt, db, order)
        else:
            order.update(status="SELLER_PART_SEND_GOODS", logistics_status="SELLER_SEND_PART_GOODS")
        lifecycle.log(
            rt, order, "seller_send_goods", "seller", f"{shipment['service_name']} {shipment['logistics_no']}"
        )
        order["modified"] = now
        store.order_save(db, order)
    return {"result": {"result_success": True}}


def logistics_services(call: Call) -> dict:
    services = [dict(item) for item in call.rt.services.values()]
    return {"result_list": DtoList("aeop_logistics_service_result", services), "result_success": True}
