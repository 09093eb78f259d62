"""Orders: generated on request from the seller's SKUs, listed by Pacific-time windows, detailed,
fulfilled with tracking, and moved on by their lifecycle."""

import json
import time
from datetime import UTC, datetime, timedelta, timezone

import requests

from tests.sandboxes.aliexpress.iop_client import IopClient, product_request

ORDERS = "aliexpress.solution.order.get"
DETAIL = "aliexpress.solution.order.info.get"
FULFIL = "aliexpress.solution.order.fulfill"
PST = timezone(timedelta(hours=-8))


def pacific(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, UTC).astimezone(PST).strftime("%Y-%m-%d %H:%M:%S")


def generate(sandbox, count: int, **extra) -> list[int]:
    response = requests.post(f"{sandbox.url}/_control/orders/generate", json={"count": count, **extra}, timeout=10)
    assert response.status_code == 200, response.text
    return response.json()["orders"]


def listed(client, **query) -> dict:
    query.setdefault("create_date_start", pacific(time.time() - 3600))
    query.setdefault("page_size", 50)
    query.setdefault("current_page", 1)
    return client.result(ORDERS, query)["result"]


def test_generated_orders_use_the_sellers_skus_and_take_stock(sandbox, client):
    product_id = client.result("aliexpress.solution.product.post", {"post_product_request": product_request()})[
        "result"
    ]["product_id"]
    ids = generate(sandbox, 5)
    result = listed(client)
    assert result["success"] is True
    assert {order["order_id"] for order in result["target_list"]["order_dto"]} == set(ids)
    lines = [
        line for order in result["target_list"]["order_dto"] for line in order["product_list"]["order_product_dto"]
    ]
    assert {line["sku_code"] for line in lines} <= {"CASE-BLK", "CASE-RED"}
    assert {line["product_id"] for line in lines} == {product_id}
    sold = {"CASE-BLK": 0, "CASE-RED": 0}
    for line in lines:
        sold[line["sku_code"]] += line["product_count"]
        assert line["product_unit_price"] == {
            "amount": "7.99" if line["sku_code"] == "CASE-BLK" else "10.50",
            "currency_code": "USD",
        }
    info = client.result("aliexpress.solution.product.info.get", {"product_id": product_id})["result"]
    stock = {
        sku["sku_code"]: sku["ipm_sku_stock"] for sku in info["aeop_ae_product_s_k_us"]["global_aeop_ae_product_sku"]
    }
    assert stock == {"CASE-BLK": 50 - sold["CASE-BLK"], "CASE-RED": 20 - sold["CASE-RED"]}
    order = result["target_list"]["order_dto"][0]
    assert order["order_status"] == "WAIT_SELLER_SEND_GOODS"
    assert order["fund_status"] == "PAY_SUCCESS"
    assert len(order["gmt_create"]) == 19


def test_buyers_come_from_many_countries_and_pay_in_their_currency(sandbox, client):
    generate(sandbox, 40)
    orders = listed(client)["target_list"]["order_dto"]
    currencies = {order["pay_amount"]["currency_code"] for order in orders}
    assert len(currencies) >= 3 and "USD" in currencies
    details = [
        client.result(DETAIL, {"param1": {"order_id": order["order_id"]}})["result"]["data"] for order in orders[:10]
    ]
    assert len({detail["receipt_address"]["country"] for detail in details}) >= 3
    for detail in details:
        assert detail["settlement_currency"] == "USD"
        assert detail["order_amount"]["currency_code"] == "USD"
        assert detail["order_amount"]["cent"] == round(float(detail["order_amount"]["amount"]) * 100)


def test_pacific_time_window_and_paging(make_sandbox):
    now = [1_700_000_000.0]
    sandbox = make_sandbox(clock=lambda: now[0])
    client = IopClient(sandbox.url, now=lambda: now[0])
    early = generate(sandbox, 3)
    now[0] += 7200
    late = generate(sandbox, 4)
    assert client.result(DETAIL, {"param1": {"order_id": early[0]}})["result"]["data"]["gmt_create"] == pacific(
        1_700_000_000
    )
    window = listed(client, create_date_start=pacific(1_700_000_000 + 3600), create_date_end=pacific(now[0]))
    assert {order["order_id"] for order in window["target_list"]["order_dto"]} == set(late)
    inclusive = listed(client, create_date_start=pacific(1_700_000_000), create_date_end=pacific(1_700_000_000))
    assert {order["order_id"] for order in inclusive["target_list"]["order_dto"]} == set(early)

    seen, page = [], 1
    while True:
        result = listed(client, create_date_start=pacific(1_700_000_000 - 60), page_size=3, current_page=page)
        seen += [order["order_id"] for order in result["target_list"]["order_dto"]]
        if page >= result["total_page"]:
            break
        page += 1
    assert (result["total_count"], result["total_page"], len(seen), set(seen)) == (7, 3, 7, set(early + late))


def test_query_rules_answer_in_the_result(client):
    both_empty = client.result(ORDERS, {"page_size": 10, "current_page": 1})["result"]
    assert both_empty["success"] is False
    assert both_empty["error_message"] == "create_date_start and modified_date_start cannot both be empty"
    too_big = listed(client, page_size=51)
    assert (too_big["success"], too_big["error_message"]) == (False, "page_size must be between 1 and 50")
    finished = listed(client, create_date_start=pacific(time.time() - 40 * 86400), order_status="FINISH")
    assert finished["error_message"] == "the create date range cannot exceed 30 days"
    assert client.error(ORDERS, {"create_date_start": pacific(time.time())})["code"] == "MissingParameter"
    bad_date = listed(client, create_date_start="2024-01-01T00:00:00Z")
    assert bad_date["success"] is False


def test_param0_and_status_filters(sandbox, client):
    ids = generate(sandbox, 2)
    requests.post(f"{sandbox.url}/_control/orders/{ids[0]}/events", json={"kind": "request_cancel"}, timeout=10)
    query = {
        "create_date_start": pacific(time.time() - 60),
        "order_status_list": ["IN_CANCEL"],
        "page_size": 10,
        "current_page": 1,
    }
    result = client.result(ORDERS, {"param0": query})["result"]
    assert [order["order_id"] for order in result["target_list"]["order_dto"]] == [ids[0]]
    flat = listed(client, order_status_list=json.dumps(["WAIT_SELLER_SEND_GOODS"]))
    assert [order["order_id"] for order in flat["target_list"]["order_dto"]] == [ids[1]]


def test_order_detail_shape_and_flags(sandbox, client):
    order_id = generate(sandbox, 1)[0]
    data = client.result(DETAIL, {"param1": {"order_id": order_id}})["result"]["data"]
    assert data["id"] == order_id
    assert {"contact_person", "country", "city", "zip", "address", "mobile_no"} <= set(data["receipt_address"])
    children = data["child_order_list"]["global_aeop_tp_child_order_dto"]
    assert children and "amount_str" in children[0]["logistics_amount"]
    assert "amount" in children[0]["product_price"]
    assert "buyer_info" in data and "logistic_info_list" in data
    slim = client.result(DETAIL, {"param1": {"order_id": order_id, "ext_info_bit_flag": 4}})["result"]["data"]
    assert "buyer_info" not in slim and "logistic_info_list" in slim
    missing = client.result(DETAIL, {"param1": {"order_id": 8000000000000001}})["result"]
    assert (missing["error_code"], "data" in missing) == ("isv.order-not-found", False)


def test_fulfil_with_tracking_then_delivery(sandbox, client):
    order_id = generate(sandbox, 1)[0]
    shipped = client.result(
        FULFIL,
        {
            "out_ref": order_id,
            "service_name": "CAINIAO_STANDARD",
            "send_type": "all",
            "logistics_no": "LP00123456789012",
        },
    )
    assert shipped == {"result": {"result_success": True}, "request_id": shipped["request_id"]}
    data = client.result(DETAIL, {"param1": {"order_id": order_id}})["result"]["data"]
    assert (data["order_status"], data["logistics_status"]) == ("WAIT_BUYER_ACCEPT_GOODS", "SELLER_SEND_GOODS")
    shipment = data["logistic_info_list"]["global_aeop_tp_logistic_info_dto"][0]
    assert (shipment["logistics_no"], shipment["logistics_type_code"]) == ("LP00123456789012", "CAINIAO_STANDARD")

    again = client.error(
        FULFIL,
        {
            "out_ref": order_id,
            "service_name": "CAINIAO_STANDARD",
            "send_type": "all",
            "logistics_no": "LP00123456789012",
        },
    )
    assert again["sub_code"] == "isv.order-status-invalid"

    requests.post(f"{sandbox.url}/_control/orders/advance", json={"seconds": 3 * 86400}, timeout=10)
    data = client.result(DETAIL, {"param1": {"order_id": order_id}})["result"]["data"]
    assert data["order_status"] in ("FINISH", "IN_ISSUE")


def test_fulfil_validation(sandbox, client):
    order_id = generate(sandbox, 1)[0]
    base = {"out_ref": order_id, "send_type": "all"}
    unknown = client.error(FULFIL, {**base, "service_name": "TELEPORT", "logistics_no": "X1"})
    assert unknown["sub_code"] == "isv.logistics-service-invalid"
    pattern = client.error(FULFIL, {**base, "service_name": "UPS", "logistics_no": "12345"})
    assert pattern["sub_code"] == "isv.tracking-number-invalid"
    other = client.error(FULFIL, {**base, "service_name": "OTHER", "logistics_no": "ABC-12345"})
    assert "tracking_website: is required when service_name is OTHER" in other["sub_msg"]
    assert client.error(FULFIL, {"out_ref": order_id})["code"] == "MissingParameter"
    part = client.result(
        FULFIL,
        {
            **base,
            "send_type": "part",
            "service_name": "OTHER",
            "logistics_no": "ABC-12345",
            "tracking_website": "https://track.example/ABC-12345",
        },
    )
    assert part["result"]["result_success"] is True
    listed_order = client.result(DETAIL, {"param1": {"order_id": order_id}})["result"]["data"]
    assert listed_order["order_status"] == "SELLER_PART_SEND_GOODS"


def test_cancellation_refunds_and_gives_stock_back(sandbox, client):
    product_id = client.result("aliexpress.solution.product.post", {"post_product_request": product_request()})[
        "result"
    ]["product_id"]
    order_id = generate(sandbox, 1)[0]
    for kind in ("request_cancel", "cancel_done"):
        assert requests.post(f"{sandbox.url}/_control/orders/{order_id}/events", json={"kind": kind}, timeout=10).ok
    data = client.result(DETAIL, {"param1": {"order_id": order_id}})["result"]["data"]
    assert (data["order_status"], data["order_end_reason"]) == ("FINISH", "buyer_cancel_order")
    assert data["refund_info"]["refund_status"] == "refund_ok"
    assert data["refund_info"]["refund_cash_amt"]["amount"] == data["order_amount"]["amount"]
    info = client.result("aliexpress.solution.product.info.get", {"product_id": product_id})["result"]
    stock = {
        sku["sku_code"]: sku["ipm_sku_stock"] for sku in info["aeop_ae_product_s_k_us"]["global_aeop_ae_product_sku"]
    }
    assert stock == {"CASE-BLK": 50, "CASE-RED": 20}
    # FINISH orders are only listed when asked for.
    assert listed(client)["total_count"] == 0
    assert listed(client, order_status="FINISH")["total_count"] == 1
    refused = requests.post(f"{sandbox.url}/_control/orders/{order_id}/events", json={"kind": "deliver"}, timeout=10)
    assert refused.status_code == 409


def test_unpaid_orders_pay_then_clear_risk_control(sandbox, client):
    order_id = generate(sandbox, 1, status="PLACE_ORDER_SUCCESS")[0]
    assert (
        client.result(DETAIL, {"param1": {"order_id": order_id}})["result"]["data"]["order_status"]
        == "PLACE_ORDER_SUCCESS"
    )
    requests.post(f"{sandbox.url}/_control/orders/advance", json={"seconds": 7200}, timeout=10)
    data = client.result(DETAIL, {"param1": {"order_id": order_id}})["result"]["data"]
    # Most buyers pay (then risk control clears); the rest let the order close unpaid.
    assert (data["order_status"], data.get("order_end_reason")) in (
        ("WAIT_SELLER_SEND_GOODS", None),
        ("IN_CANCEL", None),
        ("FINISH", "buyer_cancel_notpay_order"),
    )
    assert len(data["opr_log_dto_list"]["global_aeop_tp_operation_log_dto"]) >= 2


def test_scheduled_generator_places_orders_and_stops(make_sandbox):
    sandbox = make_sandbox(order_interval=60, speedup=600)  # one order every 0.1 s of real time
    client = IopClient(sandbox.url)
    deadline = time.time() + 5
    while time.time() < deadline and listed(client)["total_count"] < 3:
        time.sleep(0.1)
    # Placed unpaid; at 600x they pay and clear risk control within a fraction of a second.
    assert listed(client)["total_count"] >= 3
    scheduler = sandbox.app.extensions["aliexpress"]["scheduler"]
    scheduler.stop()
    assert not scheduler._thread.is_alive()


def test_seller_flow_end_to_end(sandbox, client):
    """post a product → get it → batch price and stock → orders for it → fulfil with tracking."""
    product_id = client.result("aliexpress.solution.product.post", {"post_product_request": product_request()})[
        "result"
    ]["product_id"]
    assert (
        client.result("aliexpress.solution.product.info.get", {"product_id": product_id})["result"]["product_id"]
        == product_id
    )
    prices = client.result(
        "aliexpress.solution.batch.product.price.update",
        {
            "mutiple_product_update_list": [
                {
                    "product_id": product_id,
                    "multiple_sku_update_list": [
                        {"sku_code": "CASE-BLK", "price": "11.00"},
                        {"sku_code": "CASE-RED", "price": "12.00"},
                    ],
                }
            ]
        },
    )
    stock = client.result(
        "aliexpress.solution.batch.product.inventory.update",
        {
            "mutiple_product_update_list": [
                {"product_id": product_id, "multiple_sku_update_list": [{"sku_code": "CASE-BLK", "inventory": 100}]}
            ]
        },
    )
    assert prices["update_success"] is True and stock["update_success"] is True
    order_ids = generate(sandbox, 3)
    orders = listed(client, order_status="WAIT_SELLER_SEND_GOODS")["target_list"]["order_dto"]
    assert {order["order_id"] for order in orders} == set(order_ids)
    for order in orders:
        for line in order["product_list"]["order_product_dto"]:
            expected = "11.00" if line["sku_code"] == "CASE-BLK" else "12.00"
            assert line["product_unit_price"]["amount"] == expected
    for index, order_id in enumerate(order_ids):
        tracking = f"LP0012345678901{index}"
        body = client.result(
            FULFIL,
            {"out_ref": order_id, "service_name": "CAINIAO_STANDARD", "send_type": "all", "logistics_no": tracking},
        )
        assert body["result"]["result_success"] is True
        data = client.result(DETAIL, {"param1": {"order_id": order_id}})["result"]["data"]
        assert data["logistic_info_list"]["global_aeop_tp_logistic_info_dto"][0]["logistics_no"] == tracking
    assert listed(client, order_status="WAIT_BUYER_ACCEPT_GOODS")["total_count"] == 3
