import pytest
import redis

from channels.ratelimit import LocalTokenBuckets, Rate, RateLimiter, RedisTokenBuckets, effective_rate
from tests.channels.support import FakeClock


def test_effective_rate_scales_by_speedup_keeps_a_margin_and_a_token_in_reserve(settings):
    settings.CHANNELS_RATE_SPEEDUP = 10
    settings.CHANNELS_RATE_SAFETY = 0.95

    assert effective_rate(Rate(5, 10)) == Rate(per_second=47.5, burst=9)
    assert effective_rate(Rate(2, 2)) == Rate(per_second=19.0, burst=2)
    assert effective_rate(Rate(0.0056, 20)).burst == 19


def _drain_burst(limiter, rate):
    granted = 0
    while limiter.acquire(account_pk=1, operation="op", rate=rate) == 0:
        granted += 1
    return granted


def buckets_for(backend, request, clock):
    """The in-process backend needs no Redis, so its tests do not ask for the fixture. Both read
    `clock`, so a test moves time by hand instead of sleeping and measuring."""
    if backend == "local":
        return LocalTokenBuckets(clock=clock)
    return RedisTokenBuckets(request.getfixturevalue("redis_url"), clock=clock)


@pytest.mark.parametrize("backend", ["local", "redis"])
def test_burst_then_wait_for_refill(backend, settings, request):
    settings.CHANNELS_RATE_SAFETY = 1.0
    clock = FakeClock()
    limiter = RateLimiter(buckets_for(backend, request, clock))
    rate = Rate(2, 5)  # effective burst 4 (one held back)

    assert _drain_burst(limiter, rate) == 4
    assert limiter.acquire(account_pk=1, operation="op", rate=rate) == pytest.approx(0.5)  # 1 token at 2/s
    clock.advance(0.25)
    assert limiter.acquire(account_pk=1, operation="op", rate=rate) == pytest.approx(0.25)
    clock.advance(0.25)
    assert limiter.acquire(account_pk=1, operation="op", rate=rate) == 0
    assert limiter.acquire(account_pk=1, operation="op", rate=rate) == pytest.approx(0.5)
    clock.advance(60)  # a long pause refills the burst, no more
    assert _drain_burst(limiter, rate) == 4


def test_two_processes_share_one_redis_bucket(settings, redis_url):
    settings.CHANNELS_RATE_SAFETY = 1.0
    first = RateLimiter(RedisTokenBuckets(redis_url))
    second = RateLimiter(RedisTokenBuckets(redis_url))  # its own connection, as another process has
    rate = Rate(1, 7)  # effective burst 6

    taken = [first.acquire(account_pk=9, operation="op", rate=rate) == 0 for _ in range(3)]
    taken += [second.acquire(account_pk=9, operation="op", rate=rate) == 0 for _ in range(4)]

    assert taken == [True, True, True, True, True, True, False]


def test_keys_are_per_account_and_operation(settings):
    settings.CHANNELS_RATE_SAFETY = 1.0
    limiter = RateLimiter(LocalTokenBuckets())
    rate = Rate(1, 2)

    assert limiter.acquire(account_pk=1, operation="a", rate=rate) == 0
    assert limiter.acquire(account_pk=1, operation="a", rate=rate) == 0
    assert limiter.acquire(account_pk=1, operation="a", rate=rate) > 0
    assert limiter.acquire(account_pk=1, operation="b", rate=rate) == 0
    assert limiter.acquire(account_pk=2, operation="a", rate=rate) == 0


@pytest.mark.parametrize("backend", ["local", "redis"])
def test_rate_header_overrides_the_table_until_it_matches_again(backend, settings, request):
    settings.CHANNELS_RATE_SAFETY = 1.0
    buckets = buckets_for(backend, request, FakeClock())
    limiter = RateLimiter(buckets)
    documented = Rate(5, 2)

    limiter.observe_rate(account_pk=3, operation="getX", documented=documented, per_second=0.5)
    assert buckets.get_rate("3:getX") == 0.5
    limiter.acquire(account_pk=3, operation="getX", rate=documented)
    limiter.acquire(account_pk=3, operation="getX", rate=documented)
    wait = limiter.acquire(account_pk=3, operation="getX", rate=documented)
    assert wait == pytest.approx(2.0)  # refilling at 0.5/s, not 5/s

    limiter.observe_rate(account_pk=3, operation="getX", documented=documented, per_second=5.0)
    assert buckets.get_rate("3:getX") is None


def test_throttled_drains_the_bucket_for_every_process(settings, redis_url):
    settings.CHANNELS_RATE_SAFETY = 1.0
    limiter = RateLimiter(RedisTokenBuckets(redis_url))
    rate = Rate(4, 10)

    assert limiter.throttled(account_pk=5, operation="op", rate=rate) == 0.25
    assert limiter.acquire(account_pk=5, operation="op", rate=rate) > 0
    assert redis.Redis.from_url(redis_url).ttl("channels:rl:5:op") > 0


def test_wait_for_token_sleeps_within_budget_only(settings):
    settings.CHANNELS_RATE_SAFETY = 1.0
    clock = FakeClock()
    limiter = RateLimiter(LocalTokenBuckets(clock=clock), clock=clock, sleep=clock.sleep)
    rate = Rate(10, 1)
    assert limiter.acquire(account_pk=1, operation="op", rate=rate) == 0

    assert limiter.wait_for_token(account_pk=1, operation="op", rate=rate, budget_seconds=1.0) == 0
    assert clock.sleeps == [pytest.approx(0.1)]  # one token at 10/s, slept once
    assert limiter.acquire(account_pk=1, operation="op", rate=rate) > 0

    slow = Rate(0.1, 1)
    assert limiter.wait_for_token(account_pk=2, operation="op", rate=slow, budget_seconds=0.01) == 0
    assert limiter.wait_for_token(account_pk=2, operation="op", rate=slow, budget_seconds=5) == pytest.approx(10)
    assert len(clock.sleeps) == 1  # a wait beyond the budget is returned, never slept


@pytest.mark.parametrize("backend", ["local", "redis"])
def test_a_fixed_window_the_marketplace_reports_is_spent_without_waiting_then_the_bucket_paces(
    backend, settings, request
):
    settings.CHANNELS_RATE_SAFETY = 1.0
    clock = FakeClock()
    limiter = RateLimiter(buckets_for(backend, request, clock))
    rate = Rate(1, 3)  # effective burst 2

    limiter.observe_window(account_pk=1, operation="op", remaining=10, reserve=4, ttl_seconds=30)

    assert _drain_burst(limiter, rate) == 6 + 2  # the window's 10 less the reserve, then the bucket's burst
    limiter.observe_window(account_pk=1, operation="op", remaining=3, reserve=4, ttl_seconds=30)
    assert limiter.acquire(account_pk=1, operation="op", rate=rate) == pytest.approx(1.0)  # inside the reserve
    limiter.observe_window(account_pk=1, operation="op", remaining=7, reserve=4, ttl_seconds=30)
    limiter.throttled(account_pk=1, operation="op", rate=rate)  # a 429: the figure was wrong
    assert limiter.acquire(account_pk=1, operation="op", rate=rate) == pytest.approx(1.0)
    clock.advance(60)
    limiter.observe_window(account_pk=1, operation="op", remaining=9, reserve=4, ttl_seconds=30)
    clock.advance(31)  # a stale figure is not trusted
    assert _drain_burst(limiter, rate) == 2
