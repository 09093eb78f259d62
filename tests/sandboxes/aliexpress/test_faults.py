"""Throttling (ApiCallLimit) and every injected fault kind, in the gateway's own formats."""

import time

import pytest
import requests

from tests.sandboxes.aliexpress.iop_client import IopClient, product_request
from tests.sandboxes.aliexpress.test_orders import generate, listed

INFO = "aliexpress.solution.product.info.get"
SERVICES = "aliexpress.logistics.redefining.listlogisticsservice"


def faults(sandbox, plan: dict) -> None:
    assert requests.post(f"{sandbox.url}/_control/faults", json=plan, timeout=10).status_code == 200


def test_throttling_answers_api_call_limit_per_app_and_method(make_sandbox):
    sandbox = make_sandbox(rate_limits={SERVICES: [0.01, 2]})
    client = IopClient(sandbox.url)
    assert client.result(SERVICES)["result_success"] is True
    assert client.result(SERVICES)["result_success"] is True
    response = client.sync(SERVICES)
    assert response.status_code == 200
    error = response.json()["error_response"]
    assert error["code"] == "ApiCallLimit"
    assert error["msg"] == "Api access frequency exceeds the limit. this ban will last 100 seconds"
    assert error["sub_code"] == "accesscontrol.limited-by-app-api-access-count"
    # Other methods have their own buckets.
    assert client.result("aliexpress.solution.merchant.profile.get")["shop_name"] == "Sandbox Store"
    # Counted as throttled though the answer is HTTP 200 (a benchmark counts retries from this).
    counts = requests.get(f"{sandbox.url}/_control/calls/counts", timeout=10).json()["counts"]
    assert {"operation": SERVICES, "status": 200, "throttled": True, "count": 1} in counts
    assert {"operation": SERVICES, "status": 200, "throttled": False, "count": 2} in counts


def test_speedup_refills_faster(make_sandbox):
    sandbox = make_sandbox(rate_limits={SERVICES: [1, 1]}, speedup=50)
    client = IopClient(sandbox.url)
    client.result(SERVICES)
    time.sleep(0.05)  # 1/s x 50 → a token back after 20 ms
    assert client.result(SERVICES)["result_success"] is True


def test_injected_throttle_server_error_and_unavailable(sandbox, client):
    faults(sandbox, {"next": ["throttle", "server_error", "unavailable"]})
    throttled = client.sync(SERVICES)
    assert (throttled.status_code, throttled.json()["error_response"]["code"]) == (200, "ApiCallLimit")
    failed = client.sync(SERVICES)
    assert failed.status_code == 500
    assert failed.json()["error_response"]["code"] == "InternalError"
    assert failed.json()["error_response"]["type"] == "SYSTEM"
    unavailable = client.sync(SERVICES)
    assert (unavailable.status_code, unavailable.json()["error_response"]["code"]) == (503, "ServiceUnavailable")
    assert client.result(SERVICES)["result_success"] is True


def test_rest_faults_are_flat(sandbox):
    faults(sandbox, {"next": ["throttle"]})
    body = IopClient(sandbox.url, token=None).rest("/auth/token/refresh", {"refresh_token": "x"}).json()
    assert body["code"] == "ApiCallLimit"
    assert set(body) == {"type", "code", "message", "request_id"}


def test_slow_drop_and_malformed(sandbox, client):
    faults(sandbox, {"next": ["slow", "drop", "malformed"], "slow_seconds": 0.3})
    started = time.monotonic()
    assert client.result(SERVICES)["result_success"] is True
    assert time.monotonic() - started >= 0.3
    with pytest.raises(requests.ConnectionError):
        client.sync(SERVICES)
    malformed = client.sync(SERVICES)
    with pytest.raises(ValueError):
        malformed.json()


def test_faults_limited_to_operations(sandbox, client):
    faults(sandbox, {"server_error": 1.0, "operations": [INFO]})
    assert client.result(SERVICES)["result_success"] is True
    assert client.sync(INFO, {"product_id": 1}).status_code == 500


def test_duplicate_page_repeats_the_previous_page(sandbox, client):
    generate(sandbox, 6)
    first = [order["order_id"] for order in listed(client, page_size=3)["target_list"]["order_dto"]]
    faults(sandbox, {"next": ["duplicate_page"]})
    second = [order["order_id"] for order in listed(client, page_size=3, current_page=2)["target_list"]["order_dto"]]
    assert second[:3] == first
    assert len(second) == 6 and not set(second[3:]) & set(first)
    assert len(listed(client, page_size=3, current_page=2)["target_list"]["order_dto"]) == 3


def test_reset_wipes_state_and_restores_demo_token(sandbox, client):
    product_id = client.result("aliexpress.solution.product.post", {"post_product_request": product_request()})[
        "result"
    ]["product_id"]
    faults(sandbox, {"throttle": 1.0})
    assert requests.post(f"{sandbox.url}/_control/reset", timeout=10).json() == {"reset": True}
    assert client.error(INFO, {"product_id": product_id})["sub_code"] == "isv.product-not-found"
    calls = requests.get(f"{sandbox.url}/_control/calls", timeout=10).json()["calls"]
    assert calls[-1]["operation"] == INFO and calls[-1]["caller"] == client.app_key
    counts = requests.get(f"{sandbox.url}/_control/calls/counts", timeout=10).json()["counts"]
    assert [(c["operation"], c["count"]) for c in counts] == [(INFO, 1)]  # the reset cleared the counts too
