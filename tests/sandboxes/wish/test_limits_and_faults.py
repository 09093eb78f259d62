"""The per-merchant-per-app rate-limit window (429 + headers) and every injected fault kind."""

import time
from datetime import datetime

import pytest
import requests

from tests.sandboxes.wish.wish_client import WishClient


def faults(sandbox, plan: dict) -> None:
    assert requests.post(f"{sandbox.url}/_control/faults", json=plan, timeout=10).status_code == 200


def test_window_limit_answers_429_with_reset(make_sandbox):
    now = [1_700_000_000.0]
    sandbox = make_sandbox(rate_limit={"calls": 3, "window_seconds": 60}, clock=lambda: now[0])
    client = WishClient(sandbox.url)
    remaining = [client.call("GET", "/orders").headers["Wish-Rate-Limit-Remaining"] for _ in range(3)]
    assert remaining == ["2", "1", "0"]
    refused = client.call("GET", "/products")
    assert refused.status_code == 429
    assert refused.json() == {
        "code": 429,
        "data": {},
        "message": "Rate limit exceeded for this app and merchant; wait for the window to reset",
    }
    assert refused.headers["Wish-Rate-Limit-Remaining"] == "0"
    reset = datetime.fromisoformat(refused.headers["Wish-Rate-Limit-Reset"])
    assert reset.timestamp() == 1_700_000_060
    assert refused.headers["Wish-Request-Id"]
    now[0] += 60
    again = client.call("GET", "/orders")
    assert (again.status_code, again.headers["Wish-Rate-Limit-Remaining"]) == (200, "2")


def test_windows_are_per_merchant_and_app(make_sandbox):
    sandbox = make_sandbox(rate_limit={"calls": 1, "window_seconds": 600})
    client = WishClient(sandbox.url)
    assert client.call("GET", "/orders").status_code == 200
    assert client.call("GET", "/orders").status_code == 429
    # A token exchange is counted for the client, not the merchant's window.
    code = requests.post(f"{sandbox.url}/_control/oauth/code", json={}, timeout=10).json()["code"]
    exchanged = client.call(
        "POST",
        "/oauth/access_token",
        token=None,
        json={
            "client_id": "hub-sandbox-client-0001",
            "client_secret": "hub-sandbox-wish-secret-0001",
            "code": code,
            "grant_type": "authorization_code",
        },
    )
    assert exchanged.status_code == 200


def test_speedup_shortens_the_window(make_sandbox):
    sandbox = make_sandbox(rate_limit={"calls": 1, "window_seconds": 5}, speedup=100)
    client = WishClient(sandbox.url)
    assert client.call("GET", "/orders").status_code == 200
    assert client.call("GET", "/orders").status_code == 429
    time.sleep(0.06)  # 5 simulated seconds at 100x
    assert client.call("GET", "/orders").status_code == 200


def test_injected_throttle_server_error_and_unavailable(sandbox, client):
    faults(sandbox, {"next": ["throttle", "server_error", "unavailable"]})
    throttled = client.call("GET", "/orders")
    assert throttled.status_code == 429 and "Wish-Rate-Limit-Reset" in throttled.headers
    assert throttled.headers["Wish-Rate-Limit-Remaining"] == "0"
    failed = client.call("GET", "/orders")
    assert (failed.status_code, failed.json()) == (500, {"code": 500, "message": "Internal server error", "data": {}})
    assert failed.headers["Wish-Request-Id"]
    unavailable = client.call("GET", "/orders")
    assert (unavailable.status_code, unavailable.json()["code"]) == (503, 503)
    assert client.call("GET", "/orders").status_code == 200


def test_slow_drop_malformed_and_operation_filter(sandbox, client):
    faults(sandbox, {"next": ["slow", "drop", "malformed"], "slow_seconds": 0.3, "operations": ["GetMultipleOrders"]})
    assert client.call("GET", "/products").status_code == 200  # not a listed operation
    started = time.monotonic()
    assert client.call("GET", "/orders").status_code == 200
    assert time.monotonic() - started >= 0.3
    with pytest.raises(requests.ConnectionError):
        client.call("GET", "/orders")
    malformed = client.call("GET", "/orders")
    assert malformed.headers["Wish-Rate-Limit-Remaining"].isdigit()
    with pytest.raises(ValueError):
        malformed.json()


def test_a_call_still_running_at_a_reset_is_not_logged_after_it(sandbox, client):
    # A slow answer outlives its caller's timeout; the next test's reset must not see it land.
    faults(sandbox, {"next": ["slow"], "slow_seconds": 0.6, "operations": ["GetMultipleOrders"]})
    with pytest.raises(requests.Timeout):
        requests.get(f"{sandbox.url}/api/v3/orders", headers={"Authorization": f"Bearer {client.token}"}, timeout=0.1)
    assert requests.post(f"{sandbox.url}/_control/reset", timeout=10).json() == {"reset": True}
    time.sleep(0.9)

    assert requests.get(f"{sandbox.url}/_control/calls", timeout=10).json()["calls"] == []
    assert requests.get(f"{sandbox.url}/_control/calls/counts", timeout=10).json()["counts"] == []


def test_reset_wipes_state_and_restores_the_demo_token(sandbox, client):
    requests.post(f"{sandbox.url}/_control/orders/generate", json={"count": 2}, timeout=10)
    requests.post(f"{sandbox.url}/_control/oauth/expire", json={"access_token": client.token}, timeout=10)
    assert requests.post(f"{sandbox.url}/_control/reset", timeout=10).json() == {"reset": True}
    assert client.data("GET", "/orders") == []
    calls = requests.get(f"{sandbox.url}/_control/calls", timeout=10).json()["calls"]
    assert calls[-1]["operation"] == "GetMultipleOrders"
    assert calls[-1]["caller"] == "5f0000000000000000000001:hub-sandbox-client-0001"
