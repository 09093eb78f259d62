"""A Redis that hangs or is gone must cost a marketplace call a bounded time and a retryable
channel error, never a hang or an exception the task retry does not know."""

import socket
import time

import pytest
from celery import shared_task

from channels.exceptions import LimiterUnavailableError, TransientError
from channels.ratelimit import Rate, RateLimiter, RedisTokenBuckets
from channels.tasks import ChannelTask
from channels.wire import Gate, current_attempt
from tests.channels.factories import amazon_account


@pytest.fixture
def hung_redis_url():
    """A TCP port that accepts connections (the kernel's backlog) and never answers a byte."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(64)
    yield f"redis://127.0.0.1:{server.getsockname()[1]}/0"
    server.close()


@pytest.fixture
def closed_port_url():
    probe = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    return f"redis://127.0.0.1:{port}/0"


def test_a_hung_redis_is_a_retryable_channel_error_within_the_timeout(hung_redis_url):
    limiter = RateLimiter(RedisTokenBuckets(hung_redis_url, timeout=0.2))

    started = time.monotonic()
    with pytest.raises(LimiterUnavailableError) as raised:
        limiter.acquire(account_pk=1, operation="op", rate=Rate(5, 10))

    assert isinstance(raised.value, TransientError) and raised.value.retryable
    # One attempt of 0.2 s; without a bound (redis-py's defaults: 5 s x 11 attempts) it takes ~1 min.
    assert time.monotonic() - started < 3.0


def test_the_timeout_comes_from_settings(settings, hung_redis_url):
    settings.CHANNELS_REDIS_TIMEOUT_SECONDS = 0.25
    buckets = RedisTokenBuckets(hung_redis_url)

    kwargs = buckets.client.connection_pool.connection_kwargs
    assert (kwargs["socket_timeout"], kwargs["socket_connect_timeout"]) == (0.25, 0.25)
    assert buckets.client.get_retry().get_retries() == 0


def test_a_refused_redis_is_a_retryable_channel_error(closed_port_url):
    buckets = RedisTokenBuckets(closed_port_url, timeout=0.2)

    for call in (
        lambda: buckets.acquire("k", Rate(1, 2)),
        lambda: buckets.drain("k", Rate(1, 2)),
        lambda: buckets.set_rate("k", 1.0),
        lambda: buckets.get_rate("k"),
        lambda: buckets.reset("k"),
    ):
        with pytest.raises(LimiterUnavailableError):
            call()


def test_advice_to_the_limiter_does_not_fail_the_call_it_came_with(closed_port_url):
    limiter = RateLimiter(RedisTokenBuckets(closed_port_url, timeout=0.2))

    # A 2xx's rate header and a 429's drain are best effort: the answer stands without Redis.
    limiter.observe_rate(account_pk=1, operation="op", documented=Rate(5, 10), per_second=1.0)
    assert limiter.throttled(account_pk=1, operation="op", rate=Rate(4, 10)) == pytest.approx(1 / (4 * 0.95))


ATTEMPTS: list[int] = []
LIMITER: list[RateLimiter] = []


@shared_task(base=ChannelTask, name="tests.channels.limited_task")
def limited_task(channel_account_pk: int) -> str:
    ATTEMPTS.append(current_attempt())
    if current_attempt() == 1:
        gate = Gate(limiter=LIMITER[0], account_pk=channel_account_pk, rates={}, default=Rate(5, 10))
        gate.enter("getListingsItem")
    return "done"


@pytest.mark.django_db
def test_the_task_retry_catches_a_hung_limiter(account, hung_redis_url):
    channel_account = amazon_account(account)
    ATTEMPTS.clear()
    LIMITER[:] = [RateLimiter(RedisTokenBuckets(hung_redis_url, timeout=0.2))]

    result = limited_task.apply(args=[channel_account.pk])

    assert result.get() == "done"
    assert ATTEMPTS == [1, 2]
