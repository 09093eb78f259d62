"""Throttle answers: Retry-After (seconds or an HTTP date) and the marketplaces' own headers are
honoured, capped by CHANNELS_RETRY_AFTER_MAX_SECONDS; x-amzn-RateLimit-Limit feeds the limiter."""

import random
from email.utils import formatdate

import httpx
import pytest

from channels.exceptions import ThrottledError
from channels.tasks import retry_countdown
from channels.wire import retry_after
from tests.channels import test_amazon_adapter as amazon_tests
from tests.channels.support import ScriptedServer
from tests.channels.test_aliexpress_adapter import make_adapter as make_aliexpress
from tests.channels.test_wish_adapter import make_adapter as make_wish

NOW = 1_800_000_000.0
server = amazon_tests.server
amazon = amazon_tests.amazon


@pytest.fixture(autouse=True)
def _cap(settings):
    settings.CHANNELS_RETRY_AFTER_MAX_SECONDS = 120.0


def answer(headers):
    return httpx.Response(429, headers=headers)


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({}, 1.0),
        ({"Retry-After": "7"}, 7.0),
        ({"Retry-After": " 2.5 "}, 2.5),
        ({"Retry-After": formatdate(NOW + 30, usegmt=True)}, 30.0),
        ({"Retry-After": formatdate(NOW - 30, usegmt=True)}, 0.0),
        ({"Retry-After": "-4"}, 0.0),
        ({"Retry-After": "soon"}, 1.0),
        ({"Retry-After": "86400"}, 120.0),
        ({"Retry-After": formatdate(NOW + 86400, usegmt=True)}, 120.0),
    ],
    ids=["none", "seconds", "fraction", "date", "past-date", "negative", "garbage", "capped", "capped-date"],
)
def test_retry_after_reads_seconds_and_http_dates(headers, expected):
    assert retry_after(answer(headers), now=NOW) == pytest.approx(expected)


def test_aliexpress_429_and_ban_honour_the_marketplace_and_the_cap():
    server = ScriptedServer()
    server.add("POST", "/sync", httpx.Response(429, headers={"Retry-After": "12"}))
    server.add(
        "POST",
        "/sync",
        httpx.Response(
            200, json={"error_response": {"code": "ApiCallLimit", "msg": "this ban will last 3600 seconds"}}
        ),
    )
    adapter = make_aliexpress(server)

    for expected in (12.0, 120.0):
        adapter.gate.limiter.reset(account_pk=7, operation="aliexpress.solution.product.info.get")
        with pytest.raises(ThrottledError) as raised:
            adapter.listing_get(sku="A", marketplace_id="aliexpress", external_reference="5")
        assert raised.value.retry_after == expected


def test_wish_429_uses_retry_after_when_there_is_no_reset_header():
    server = ScriptedServer()
    server.add("GET", "/api/v3/products/p1", httpx.Response(429, headers={"Retry-After": "9"}))
    adapter = make_wish(server)

    with pytest.raises(ThrottledError) as raised:
        adapter.listing_get(sku="A", marketplace_id="wish", external_reference="p1")

    assert raised.value.retry_after == 9.0


def test_amazon_429_waits_its_retry_after_and_its_rate_header_feeds_the_limiter(amazon, server):
    server.add(
        "GET",
        amazon_tests.LISTING_PATH,
        httpx.Response(429, headers={"Retry-After": "6", "x-amzn-RateLimit-Limit": "0.5"}, json={"errors": []}),
    )

    with pytest.raises(ThrottledError) as raised:
        amazon.listing_get(sku="SKU 1/ä", marketplace_id=amazon_tests.US)

    assert raised.value.retry_after == 6.0
    assert amazon.gate.limiter.buckets.get_rate("7:getListingsItem") == 0.5


def test_amazon_429_without_retry_after_waits_one_token_at_the_observed_rate(amazon, server):
    server.add(
        "GET", amazon_tests.LISTING_PATH, httpx.Response(429, headers={"x-amzn-RateLimit-Limit": "0.5"}, json={})
    )

    with pytest.raises(ThrottledError) as raised:
        amazon.listing_get(sku="SKU 1/ä", marketplace_id=amazon_tests.US)

    assert raised.value.retry_after == pytest.approx(2.0)  # 1 / 0.5 per second, not the table's 5


def test_the_task_countdown_waits_a_throttle_in_full_up_to_the_cap(settings):
    settings.CHANNELS_RETRY_BACKOFF_SECONDS = 2
    settings.CHANNELS_RETRY_BACKOFF_MAX_SECONDS = 600
    zero = random.Random()
    zero.random = lambda: 0.0

    assert retry_countdown(ThrottledError("x", retry_after=90), 0, rng=zero) == 90.0
    assert retry_countdown(ThrottledError("x", retry_after=500), 0, rng=zero) == 120.0
