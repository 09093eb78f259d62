"""Stored orders rendered as AliExpress answers them: OrderDto for aliexpress.solution.order.get and
GlobalAeopTpOrderDetailDto for aliexpress.solution.order.info.get.

Currencies: line prices are in the seller's listing currency; pay_amount is what the buyer paid,
in the buyer's currency (RUB in Russia, EUR in the euro area...); settlement_currency and
pay_amount_by_settlement_cur give the seller's side."""

from __future__ import annotations

from decimal import Decimal

from infra.sandboxes.aliexpress import money
from infra.sandboxes.aliexpress.envelope import DtoList
from infra.sandboxes.aliexpress.runtime import Runtime

ESCROW_RATE = Decimal("0.05")  # sandbox commission share
ISSUE, LOAN, LOGISTICS, BUYER, REFUND = 1, 2, 4, 8, 16


def totals(order: dict) -> tuple[Decimal, Decimal, Decimal]:
    """(products, shipping, order total) in the seller's currency."""
    products = sum((Decimal(line["unit_price"]) * line["quantity"] for line in order["lines"]), Decimal(0))
    shipping = Decimal(order["shipping_fee"])
    return products, shipping, products + shipping


def pay_amount(order: dict) -> Decimal:
    return money.convert(totals(order)[2], order["currency"], order["pay_currency"])


def _left_to_ship(rt: Runtime, order: dict) -> dict:
    if order["status"] not in ("WAIT_SELLER_SEND_GOODS", "SELLER_PART_SEND_GOODS") or not order.get("ship_deadline"):
        return {}
    left = max(0, int(order["ship_deadline"] - rt.now()))
    return {
        "left_send_good_day": str(left // 86400),
        "left_send_good_hour": str(left % 86400 // 3600),
        "left_send_good_min": str(left % 3600 // 60),
        "timeout_left_time": left * 1000,
    }


def _line_summary(rt: Runtime, order: dict, line: dict, first: bool) -> dict:
    currency = order["currency"]
    unit = Decimal(line["unit_price"])
    service = rt.services.get(order["logistics_type"], {})
    return {
        "order_id": order["order_id"],
        "child_id": line["child_id"],
        "product_id": line["product_id"],
        "sku_code": line["sku_code"],
        "product_name": line["product_name"],
        "product_img_url": line.get("image"),
        "product_snap_url": f"https://www.aliexpress.com/snapshot/{line['child_id']}.html",
        "product_count": line["quantity"],
        "product_unit": "piece",
        "product_standard": line.get("sku_id"),
        "product_unit_price": money.simple(unit, currency),
        "total_product_amount": money.simple(unit * line["quantity"], currency),
        # Shipping is charged on the order; sub-orders after the first carry none.
        "logistics_amount": money.simple(Decimal(order["shipping_fee"]) if first else Decimal(0), currency),
        "logistics_type": order["logistics_type"],
        "logistics_service_name": service.get("display_name"),
        "son_order_status": order["status"],
        "show_status": order["status"],
        "fund_status": order["fund_status"],
        "issue_status": order["issue_status"],
        "send_goods_operator": "SELLER_SEND_GOODS",
        "send_goods_time": rt.pacific(order.get("shipped")),
        "goods_prepare_time": order.get("prepare_days", 3),
        "delivery_time": f"{service.get('min_process_day', 7)}-{service.get('max_process_day', 20) + 10}",
        "freight_commit_day": "30",
        "escrow_fee_rate": str(ESCROW_RATE),
        "afflicate_fee_rate": "0.03",
        "buyer_signer_first_name": order["buyer"]["first_name"],
        "buyer_signer_last_name": order["buyer"]["last_name"],
        "can_submit_issue": order["status"] == "WAIT_BUYER_ACCEPT_GOODS",
        "money_back3x": False,
        "memo": order.get("memo"),
    }


def order_summary(rt: Runtime, order: dict) -> dict:
    _products, _shipping, total = totals(order)
    buyer = order["buyer"]
    seller = order["seller_id"]
    return {
        "order_id": order["order_id"],
        "order_status": order["status"],
        "gmt_create": rt.pacific(order["created"]),
        "gmt_update": rt.pacific(order["modified"]),
        "gmt_pay_time": rt.pacific(order.get("paid")),
        "gmt_send_goods_time": rt.pacific(order.get("shipped")),
        "pay_amount": money.simple(pay_amount(order), order["pay_currency"]),
        "escrow_fee": money.simple(total * ESCROW_RATE, order["currency"]),
        "escrow_fee_rate": 5,
        "logisitcs_escrow_fee_rate": str(ESCROW_RATE),
        "loan_amount": money.simple(Decimal(0), order["currency"]),
        "has_request_loan": False,
        "fund_status": order["fund_status"],
        "logistics_status": order["logistics_status"],
        "frozen_status": order["frozen_status"],
        "issue_status": order["issue_status"],
        "end_reason": order.get("end_reason"),
        "biz_type": "AE_COMMON",
        "payment_type": order["payment_type"],
        "phone": order.get("phone", False),
        "buyer_login_id": buyer["login_id"],
        "buyer_signer_fullname": f"{buyer['first_name']} {buyer['last_name']}",
        "seller_login_id": f"seller{seller[-4:]}",
        "seller_operator_login_id": f"seller{seller[-4:]}",
        "seller_signer_fullname": "Sandbox Seller",
        "order_detail_url": f"https://trade.aliexpress.com/order_detail.htm?orderId={order['order_id']}",
        "product_list": DtoList(
            "order_product_dto",
            [_line_summary(rt, order, line, index == 0) for index, line in enumerate(order["lines"])],
        ),
        **_left_to_ship(rt, order),
    }


def _refund(rt: Runtime, order: dict, amount_key: str) -> dict | None:
    refund = order.get("refund")
    if not refund:
        return None
    return {
        "refund_reason": refund["reason"],
        "refund_status": refund["status"],
        "refund_type": refund["type"],
        "refund_time": rt.pacific(refund["at"]),
        "refund_cash_amt": money.global_money(Decimal(refund["amount"]), order["currency"], amount_key=amount_key),
        "refund_coupon_amt": money.global_money(Decimal(0), order["currency"], amount_key=amount_key),
    }


def _child(rt: Runtime, order: dict, line: dict, index: int, bits: int) -> dict:
    currency = order["currency"]
    unit = Decimal(line["unit_price"])
    service = rt.services.get(order["logistics_type"], {})
    shipping = Decimal(order["shipping_fee"]) if index == 0 else Decimal(0)
    return {
        "id": line["child_id"],
        "child_order_id": str(line["child_id"]),
        "order_sort_id": index + 1,
        "product_id": line["product_id"],
        "product_name": line["product_name"],
        "sku_code": line["sku_code"],
        "product_attributes": line.get("sku_id"),
        "product_standard": line.get("sku_id"),
        "product_count": line["quantity"],
        "lot_num": 1,
        "product_unit": "piece",
        "product_price": money.global_money(unit, currency),
        "init_order_amt": money.global_money(unit * line["quantity"], currency),
        "logistics_amount": money.global_money(shipping, currency, amount_key="amount_str"),
        "logistics_type": order["logistics_type"],
        "logistics_service_name": service.get("display_name"),
        "order_status": order["status"],
        "fund_status": order["fund_status"],
        "frozen_status": order["frozen_status"],
        "issue_status": order["issue_status"],
        "send_goods_operator": "SELLER_SEND_GOODS",
        "goods_prepare_time": order.get("prepare_days", 3),
        "escrow_fee_rate": str(ESCROW_RATE),
        "afflicate_fee_rate": "0.03",
        "product_img_url": line.get("image"),
        "product_snap_url": f"https://www.aliexpress.com/snapshot/{line['child_id']}.html",
        "buyer_memo": order.get("memo"),
        "refund_info": _refund(rt, order, "amount_str") if bits & REFUND else None,
    }


def order_detail(rt: Runtime, order: dict, bits: int) -> dict:
    """`bits` is ext_info_bit_flag: 1 issue, 2 loan, 4 logistics, 8 buyer, 16 refund."""
    _products, shipping, total = totals(order)
    currency = order["currency"]
    buyer = order["buyer"]
    detail = {
        "id": order["order_id"],
        "order_status": order["status"],
        "gmt_create": rt.pacific(order["created"]),
        "gmt_modified": rt.pacific(order["modified"]),
        "gmt_pay_success": rt.pacific(order.get("paid")),
        "gmt_trade_end": rt.pacific(order.get("finished")),
        "order_end_reason": order.get("end_reason"),
        "fund_status": order["fund_status"],
        "frozen_status": order["frozen_status"],
        "issue_status": order["issue_status"],
        "logistics_status": order["logistics_status"],
        "loan_status": "no_loan",
        "payment_type": order["payment_type"],
        "is_phone": order.get("phone", False),
        "memo": order.get("memo"),
        "cpf_number": order.get("cpf"),
        "buyerloginid": buyer["login_id"],
        "buyer_signer_fullname": f"{buyer['first_name']} {buyer['last_name']}",
        "seller_operator_login_id": f"seller{order['seller_id'][-4:]}",
        "seller_signer_fullname": "Sandbox Seller",
        "receipt_address": order["address"],
        "order_amount": money.global_money(total, currency),
        "init_oder_amount": money.global_money(total, currency),
        "logistics_amount": money.global_money(shipping, currency),
        "settlement_currency": currency,
        "pay_amount_by_settlement_cur": money.text(total, currency),
        "child_order_list": DtoList(
            "global_aeop_tp_child_order_dto",
            [_child(rt, order, line, index, bits) for index, line in enumerate(order["lines"])],
        ),
        "child_order_ext_info_list": DtoList(
            "global_aeop_tp_order_product_info_dto",
            [
                {
                    "product_id": line["product_id"],
                    "product_name": line["product_name"],
                    "sku": line.get("sku_id"),
                    "quantity": line["quantity"],
                    "unit_price": money.global_money(Decimal(line["unit_price"]), currency),
                    "category_id": str(line.get("category_id") or ""),
                }
                for line in order["lines"]
            ],
        ),
        "opr_log_dto_list": DtoList(
            "global_aeop_tp_operation_log_dto",
            [
                {
                    "id": index + 1,
                    "order_id": order["order_id"],
                    "action_type": entry["action"],
                    "operator": entry["by"],
                    "gmt_create": rt.pacific(entry["at"]),
                    "gmt_modified": rt.pacific(entry["at"]),
                    "memo": entry.get("memo"),
                }
                for index, entry in enumerate(order.get("log") or [])
            ],
        ),
    }
    if bits & BUYER:
        detail["buyer_info"] = {
            "login_id": buyer["login_id"],
            "first_name": buyer["first_name"],
            "last_name": buyer["last_name"],
            "country": buyer["country"],
        }
    if bits & LOGISTICS:
        detail["logistic_info_list"] = DtoList(
            "global_aeop_tp_logistic_info_dto",
            [
                {
                    "logistics_no": shipment["logistics_no"],
                    "logistics_type_code": shipment["service_name"],
                    "logistics_service_name": shipment["display_name"],
                    "ship_order_id": shipment["ship_order_id"],
                    "gmt_send": rt.pacific(shipment["at"]),
                    "gmt_received": rt.pacific(shipment.get("received")),
                    "receive_status": "received" if shipment.get("received") else "default",
                    "have_tracking_info": True,
                }
                for shipment in order.get("shipments") or []
            ],
        )
    if bits & ISSUE and order.get("issue"):
        issue = order["issue"]
        detail["issue_info"] = {
            "issue_model": issue["model"],
            "issue_status": issue["status"],
            "issue_time": rt.pacific(issue["at"]),
        }
    if bits & REFUND:
        detail["refund_info"] = _refund(rt, order, "amount")
    if bits & LOAN:
        detail["loan_info"] = {"loan_amount": money.global_money(Decimal(0), currency, amount_key="amount_str")}
    return detail
