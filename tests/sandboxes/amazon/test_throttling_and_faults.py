"""Usage plans (token buckets per seller and operation, documented rate and burst, speedup) and
injected faults, as python-amazon-sp-api sees them."""

from __future__ import annotations

import time

import httpx
import pytest
from sp_api.api import Feeds, FulfillmentOutbound, Inventories, ListingsItems, Orders
from sp_api.base import (
    SellingApiRequestThrottledException,
    SellingApiServerException,
    SellingApiTemporarilyUnavailableException,
)

from infra.sandboxes.amazon.wire import USAGE_PLANS
from tests.sandboxes.amazon.conftest import SELLER, US, clear_token_caches, serve

SINCE = "2020-01-01T00:00:00Z"


def outcomes(call, count: int) -> list[str]:
    results = []
    for _ in range(count):
        try:
            call()
            results.append("ok")
        except SellingApiRequestThrottledException as error:
            assert error.amzn_code == "QuotaExceeded"
            assert error.message == "You exceeded your quota for the requested resource."
            assert "x-amzn-RateLimit-Limit" not in error.headers and error.headers["x-amzn-RequestId"]
            results.append("429")
    return results


def test_burst_then_429_at_the_documented_plan(sandbox):
    orders = sandbox.client(Orders)  # getOrders: 0.0167 per second, burst 20
    assert outcomes(lambda: orders.get_orders(CreatedAfter=SINCE), 22) == ["ok"] * 20 + ["429"] * 2
    with pytest.raises(Exception) as other:  # getOrder has a bucket of its own
        orders.get_order("111-0000000-0000000")
    assert getattr(other.value, "amzn_code", None) == "NotFound"


def test_refill_at_rate_times_speedup(tmp_path, monkeypatch):
    monkeypatch.delenv("SP_API_DEFAULT_MARKETPLACE", raising=False)
    clear_token_caches()
    fast = serve(tmp_path, speedup=60)  # getOrders refills 0.0167 * 60 ≈ 1 token a second
    try:
        orders = fast.client(Orders)
        orders.get_orders(CreatedAfter=SINCE)  # token fetched; 19 tokens left
        started = time.monotonic()
        first = outcomes(lambda: orders.get_orders(CreatedAfter=SINCE), 20)
        elapsed = time.monotonic() - started
        assert elapsed < 0.5, "the burst must be spent quickly for the prediction below"
        assert first == ["ok"] * 19 + ["429"]
        time.sleep(3.0)  # about 3 tokens (plus less than the burst's own refill)
        assert outcomes(lambda: orders.get_orders(CreatedAfter=SINCE), 5) == ["ok"] * 3 + ["429"] * 2
    finally:
        fast.served.stop()
        clear_token_caches()


def test_buckets_are_per_seller(tmp_path, monkeypatch):
    monkeypatch.delenv("SP_API_DEFAULT_MARKETPLACE", raising=False)
    clear_token_caches()
    extra = {
        "lwa_app_id": "amzn1.application-oa2-client.other",
        "lwa_client_secret": "other-secret",
        "refresh_token": "Atzr|other",
        "seller_id": "A3OTHERSELLER",
    }
    shared = serve(tmp_path, options={"credentials": [extra]})
    try:
        mine = shared.client(Inventories)  # getInventorySummaries: 2 per second, burst 2
        assert outcomes(lambda: mine.get_inventory_summary_marketplace(), 3) == ["ok", "ok", "429"]
        clear_token_caches()
        theirs = shared.client(
            Inventories, credentials={k: extra[k] for k in ("lwa_app_id", "lwa_client_secret", "refresh_token")}
        )
        assert outcomes(lambda: theirs.get_inventory_summary_marketplace(), 1) == ["ok"]
    finally:
        shared.served.stop()
        clear_token_caches()


def test_rate_limit_header_carries_the_documented_rate(sandbox):
    listings = sandbox.client(ListingsItems)
    listed = listings.search_listings_items(SELLER, marketplaceIds=[US])
    assert listed.rate_limit == "5.0"
    assert sandbox.client(Orders).get_orders(CreatedAfter=SINCE).rate_limit == "0.0167"
    assert sandbox.client(Inventories).get_inventory_summary_marketplace().rate_limit == "2.0"
    assert sandbox.client(FulfillmentOutbound).list_all_fulfillment_orders().rate_limit == "2.0"
    created = sandbox.client(Feeds).create_feed_document(None, content_type="text/plain")
    assert created.rate_limit == "0.5"
    assert {name: USAGE_PLANS[name] for name in ("createFeed", "getFeedDocument", "searchOrders")} == {
        "createFeed": (0.0083, 15),
        "getFeedDocument": (0.0222, 10),
        "searchOrders": (0.0056, 20),
    }


@pytest.mark.parametrize(
    ("kind", "exception", "code"),
    [
        ("throttle", SellingApiRequestThrottledException, "QuotaExceeded"),
        ("server_error", SellingApiServerException, "InternalFailure"),
        ("unavailable", SellingApiTemporarilyUnavailableException, "ServiceUnavailable"),
    ],
)
def test_injected_error_faults_raise_the_librarys_exceptions(sandbox, kind, exception, code):
    sandbox.control("faults", {"next": [kind]})
    orders = sandbox.client(Orders)
    with pytest.raises(exception) as caught:
        orders.get_orders(CreatedAfter=SINCE)
    assert caught.value.amzn_code == code
    assert orders.get_orders(CreatedAfter=SINCE).payload["Orders"] == []  # the queue is spent


def test_dropped_connection_is_a_transport_error(sandbox):
    orders = sandbox.client(Orders)
    orders.get_orders(CreatedAfter=SINCE)
    sandbox.control("faults", {"next": ["drop"]})
    with pytest.raises(httpx.TransportError):
        orders.get_orders(CreatedAfter=SINCE)


def test_malformed_json_reaches_the_caller_as_an_empty_response(sandbox):
    orders = sandbox.client(Orders)
    orders.get_orders(CreatedAfter=SINCE)
    sandbox.control("faults", {"next": ["malformed"]})
    answer = orders.get_orders(CreatedAfter=SINCE)  # the library swallows the JSON error
    assert answer.payload == {} and answer.next_token is None


def test_slow_response_times_out_on_the_client(sandbox):
    orders = sandbox.client(Orders, timeout=0.3)
    orders.get_orders(CreatedAfter=SINCE)
    sandbox.control("faults", {"next": ["slow"], "slow_seconds": 1.0})
    with pytest.raises(httpx.ReadTimeout):
        orders.get_orders(CreatedAfter=SINCE)


def test_faults_can_target_one_operation(sandbox):
    sandbox.control("faults", {"unavailable": 1.0, "operations": ["getOrders"]})
    with pytest.raises(SellingApiTemporarilyUnavailableException):
        sandbox.client(Orders).get_orders(CreatedAfter=SINCE)
    assert sandbox.client(Inventories).get_inventory_summary_marketplace().payload["inventorySummaries"] == []
    assert sandbox.http.get("/_control/faults").json()["injected"]["unavailable"] == 1
