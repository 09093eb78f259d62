"""The gateway checks signatures exactly as the open platform computes them."""

import time

import requests

from tests.sandboxes.aliexpress.iop_client import DEMO, IopClient, iop_sign

# AliExpress's "HTTP request sample": its published hash reproduces with the path prefix /order/get.
DOC_PARAMS = {
    "access_token": "test",
    "app_key": "123456",
    "order_id": "1234",
    "sign_method": "sha256",
    "timestamp": "1517820392000",
}
DOC_SIGN = "4190D32361CFB9581350222F345CB77F3B19F0E31D162316848A2C1FFD5FAB4A"

# A /sync business-API vector computed for these tests (and re-checked with `openssl dgst -sha256 -hmac`).
SYNC_PARAMS = {
    "app_key": DEMO["app_key"],
    "format": "json",
    "method": "aliexpress.solution.order.fulfill",
    "out_ref": "8123456789012345",
    "partner_id": "iop-sdk-python-20220609",
    "send_type": "all",
    "service_name": "CAINIAO_STANDARD",
    "logistics_no": "LP00123456789012",
    "session": DEMO["access_token"],
    "sign_method": "sha256",
    "simplify": "false",
    "timestamp": "1717171717000",
}
SYNC_SIGN = "2517B0EE0F71E67DCA81B32BBDCDE4BC275393C9F81DD94F64A101992EA4849F"


def test_published_rest_vector_is_reproduced_by_the_test_client():
    assert iop_sign("helloworld", DOC_PARAMS, "/order/get") == DOC_SIGN


def test_published_rest_vector_passes_the_gateway_checks(make_sandbox):
    sandbox = make_sandbox(apps={"123456": "helloworld"}, clock=lambda: 1517820392.0 + 5)
    response = requests.post(f"{sandbox.url}/rest/order/get", data={**DOC_PARAMS, "sign": DOC_SIGN}, timeout=10)
    # Signature and timestamp accepted: the call only fails because /order/get is not an AliExpress API.
    assert response.status_code == 200
    assert response.json()["code"] == "InvalidApiPath"
    assert response.json()["type"] == "ISV"

    tampered = requests.post(
        f"{sandbox.url}/rest/order/get", data={**DOC_PARAMS, "order_id": "1235", "sign": DOC_SIGN}, timeout=10
    )
    assert tampered.json()["code"] == "IncompleteSignature"
    assert set(tampered.json()) == {"type", "code", "message", "request_id"}


def test_sync_business_vector_both_ways(make_sandbox):
    assert iop_sign(DEMO["app_secret"], SYNC_PARAMS) == SYNC_SIGN
    sandbox = make_sandbox(clock=lambda: 1717171717.0)
    response = requests.post(f"{sandbox.url}/sync", data={**SYNC_PARAMS, "sign": SYNC_SIGN}, timeout=10).json()
    # Past the signature: the order simply does not exist.
    assert response["error_response"]["sub_code"] == "isv.order-not-found"

    wrong = {**SYNC_PARAMS, "logistics_no": "LP00123456789013", "sign": SYNC_SIGN}
    response = requests.post(f"{sandbox.url}/sync", data=wrong, timeout=10).json()
    assert response["error_response"]["code"] == "IncompleteSignature"
    assert response["error_response"]["msg"] == "The request signature does not conform to platform standards"


def test_parameters_in_query_and_form_are_signed_together(client):
    body = client.result("aliexpress.logistics.redefining.listlogisticsservice", {}, in_query=True)
    assert body["result_success"] is True


def test_tampered_parameter_is_refused(client):
    error = client.error("aliexpress.solution.product.info.get", {"product_id": "1"}, tamper={"product_id": "2"})
    assert error["code"] == "IncompleteSignature"
    assert error["type"] == "ISV"
    assert error["request_id"]


def test_lowercase_signature_is_refused(client):
    params = client.system_params(
        method="aliexpress.logistics.redefining.listlogisticsservice", session=DEMO["access_token"]
    )
    params["sign"] = iop_sign(DEMO["app_secret"], params).lower()
    body = requests.post(f"{client.base_url}/sync", data=params, timeout=10).json()
    assert body["error_response"]["code"] == "IncompleteSignature"


def test_empty_values_are_left_out_of_the_signature(client):
    body = client.result(
        "aliexpress.solution.product.list.get",
        {"aeop_a_e_product_list_query": {"product_status_type": "onSelling"}, "unused": ""},
    )
    assert body["result"]["success"] is True


def test_stale_and_future_timestamps_are_refused(sandbox):
    old = IopClient(sandbox.url, now=lambda: time.time() - 11 * 60)
    assert old.error("aliexpress.logistics.redefining.listlogisticsservice")["code"] == "InvalidTimestamp"
    future = IopClient(sandbox.url, now=lambda: time.time() + 11 * 60)
    assert future.error("aliexpress.logistics.redefining.listlogisticsservice")["code"] == "InvalidTimestamp"
    near = IopClient(sandbox.url, now=lambda: time.time() - 9 * 60)
    assert near.result("aliexpress.logistics.redefining.listlogisticsservice")["result_success"] is True


def test_unknown_app_and_sign_method_and_missing_parameters(client):
    assert IopClient(client.base_url, app_key="999").error("aliexpress.solution.order.get")["code"] == "InvalidAppKey"
    params = client.system_params(method="aliexpress.solution.order.get", sign_method="md5")
    params["sign"] = iop_sign(DEMO["app_secret"], params)
    body = requests.post(f"{client.base_url}/sync", data=params, timeout=10).json()["error_response"]
    assert (body["code"], body["sub_code"]) == ("InvalidParameter", "isv.invalid-parameter")
    params = {key: value for key, value in client.system_params().items() if key != "timestamp"}
    body = requests.post(f"{client.base_url}/sync", data=params, timeout=10).json()["error_response"]
    assert body["code"] == "MissingParameter"
    assert "timestamp" in body["msg"]


def test_unknown_method(client):
    error = client.error("aliexpress.solution.not.an.api")
    assert error["code"] == "InvalidApiPath"


def test_access_token_is_checked(client):
    error = client.error("aliexpress.solution.order.get", {"page_size": 10, "current_page": 1}, token="not-a-token")
    assert error["code"] == "IllegalAccessToken"
    assert error["msg"] == "The specified access token is invalid or expired"
    missing = client.error("aliexpress.solution.order.get", {"page_size": 10, "current_page": 1}, token=None)
    assert missing["code"] == "MissingParameter"


def test_the_token_may_also_come_as_access_token(client):
    params = client.system_params(
        method="aliexpress.logistics.redefining.listlogisticsservice", access_token=DEMO["access_token"]
    )
    params["sign"] = iop_sign(DEMO["app_secret"], params)
    body = requests.post(f"{client.base_url}/sync", data=params, timeout=10).json()
    assert body["aliexpress_logistics_redefining_listlogisticsservice_response"]["result_success"] is True
