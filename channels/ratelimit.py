"""One token-bucket limiter shared by every worker process, keyed by (channel account, operation).

Marketplaces publish a rate (tokens per second) and a burst (bucket size) per operation; the
bucket refills continuously and a call with no token left is refused (HTTP 429). We keep the
same bucket on our side, a little tighter (`effective_rate`: CHANNELS_RATE_SAFETY times the
rate, and one token of burst held back when the burst is 3 or more), so the marketplace never
has to say no.

- Redis (settings.REDIS_URL): the bucket lives in a Redis hash and is updated by one Lua script,
  atomically, using Redis's own clock, so any number of processes on any number of machines
  share it exactly.
- No Redis: an in-process bucket behind a lock (one process's workers share it).

`acquire()` never sleeps: it takes a token and returns 0, or returns how many seconds until one
is available. Celery tasks turn that into ThrottledError(retry_after) and re-queue; callers
outside Celery may choose to wait (see `wait_for_token`).

When a response (a 2xx or a 429) carries x-amzn-RateLimit-Limit, `observe_rate()` stores it for
the key and the bucket refills at that rate, scaled like the table, from then on (for an hour,
after which the table applies again). A 429 empties the bucket (`throttled`). How long a throttle
makes a task wait is the task's business (channels.tasks.retry_countdown), not the limiter's.

A marketplace that limits by fixed windows and says on every answer how many calls are left in
the current one (Wish-Rate-Limit-Remaining) lets us spend that window: `observe_window()` stores
the calls left less a reserve as an allowance, and calls draw from it without waiting for the
bucket; once it is spent (or stale, or a 429 cleared it) the bucket paces again. The first 429 of
a spent window says when it resets.
"""

from __future__ import annotations

import contextlib
import logging
import math
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache

from django.conf import settings

from channels.exceptions import LimiterUnavailableError

logger = logging.getLogger(__name__)

OVERRIDE_TTL_SECONDS = 3600


@dataclass(frozen=True)
class Rate:
    """A documented usage plan: `per_second` refill, `burst` bucket size."""

    per_second: float
    burst: int


def effective_rate(rate: Rate) -> Rate:
    """The plan we pace at: the documented rate times the test speed-up and the safety margin;
    the burst less one token when it is 3 or more (a burst of 1 or 2 is used whole, never 0)."""
    speedup = float(getattr(settings, "CHANNELS_RATE_SPEEDUP", 1.0) or 1.0)
    safety = float(getattr(settings, "CHANNELS_RATE_SAFETY", 0.95) or 1.0)
    burst = max(1, rate.burst - 1) if rate.burst > 2 else max(1, rate.burst)
    return Rate(per_second=rate.per_second * speedup * safety, burst=burst)


# The time inside the scripts: Redis's own clock (TIME), so every process on every machine reads
# the same one; a test may pass its own instead (the last ARGV, empty = TIME).
_LUA_NOW = """
local now
if ARGV[#ARGV] ~= '' then
  now = tonumber(ARGV[#ARGV])
else
  local t = redis.call('TIME')
  now = tonumber(t[1]) + tonumber(t[2]) / 1000000
end
"""

# KEYS[1] bucket hash, KEYS[2] rate override, KEYS[3] window allowance; ARGV: rate, burst,
# requested tokens, ttl ms, now. Returns {granted (1/0), wait in microseconds}.
_LUA_ACQUIRE = (
    _LUA_NOW
    + """
local window = redis.call('HMGET', KEYS[3], 'calls', 'until')
local calls, valid = tonumber(window[1]), tonumber(window[2])
if calls and valid and valid > now and calls >= tonumber(ARGV[3]) then
  redis.call('HSET', KEYS[3], 'calls', tostring(calls - tonumber(ARGV[3])))
  return {1, 0}
end
local override = redis.call('GET', KEYS[2])
local rate = tonumber(override or ARGV[1])
local burst = tonumber(ARGV[2])
local wanted = tonumber(ARGV[3])
local state = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(state[1])
local ts = tonumber(state[2])
if tokens == nil then
  tokens = burst
  ts = now
end
tokens = math.min(burst, tokens + math.max(0, now - ts) * rate)
local granted = 0
local wait = 0
if tokens >= wanted then
  tokens = tokens - wanted
  granted = 1
else
  wait = (wanted - tokens) / rate
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', tostring(now))
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return {granted, math.ceil(wait * 1000000)}
"""
)

# KEYS[1] window allowance; ARGV: calls, seconds it is trusted, now.
_LUA_WINDOW = (
    _LUA_NOW
    + """
redis.call('HSET', KEYS[1], 'calls', ARGV[1], 'until', tostring(now + tonumber(ARGV[2])))
redis.call('PEXPIRE', KEYS[1], math.ceil(tonumber(ARGV[2]) * 1000))
return 1
"""
)

# Empty the bucket and drop the window allowance (the marketplace said 429: our picture of it was
# wrong). KEYS[1] bucket hash, KEYS[2] window allowance; ARGV: ttl ms, now.
_LUA_DRAIN = (
    _LUA_NOW
    + """
redis.call('HSET', KEYS[1], 'tokens', '0', 'ts', tostring(now))
redis.call('PEXPIRE', KEYS[1], ARGV[1])
redis.call('DEL', KEYS[2])
return 1
"""
)


@contextlib.contextmanager
def _redis_errors() -> Iterator[None]:
    """Any Redis failure (refused, timed out, a broken reply) as a retryable channel error: a task
    re-queues it like a 503 instead of dying on an exception it does not know."""
    import redis

    try:
        yield
    except redis.RedisError as error:
        raise LimiterUnavailableError(f"rate limiter unavailable: {type(error).__name__}: {error}") from None


class RedisTokenBuckets:
    """Every call is bounded: `timeout` seconds to connect and to read a reply, one attempt (the
    task's retry is the retry), so a hung Redis costs a call `timeout` seconds, not forever."""

    def __init__(
        self,
        url: str,
        prefix: str = "channels:rl:",
        *,
        timeout: float | None = None,
        clock: Callable[[], float] | None = None,
    ) -> None:
        import redis
        from redis.backoff import NoBackoff
        from redis.retry import Retry

        seconds = float(getattr(settings, "CHANNELS_REDIS_TIMEOUT_SECONDS", 0.5) if timeout is None else timeout)
        self.client = redis.Redis.from_url(
            url,
            socket_timeout=seconds,
            socket_connect_timeout=seconds,
            retry_on_timeout=False,
            retry=Retry(NoBackoff(), 0),
        )
        self.prefix = prefix
        self.clock = clock  # None: Redis's own clock
        self._acquire = self.client.register_script(_LUA_ACQUIRE)
        self._drain = self.client.register_script(_LUA_DRAIN)
        self._window = self.client.register_script(_LUA_WINDOW)

    def _keys(self, key: str) -> list[str]:
        return [f"{self.prefix}{key}", f"{self.prefix}{key}:rate", f"{self.prefix}{key}:window"]

    def _now(self) -> str:
        return repr(float(self.clock())) if self.clock else ""

    def acquire(self, key: str, rate: Rate, tokens: int = 1) -> float:
        ttl_ms = int(math.ceil(rate.burst / rate.per_second * 1000)) + 60_000
        with _redis_errors():
            granted, wait_us = self._acquire(
                keys=self._keys(key), args=[rate.per_second, rate.burst, tokens, ttl_ms, self._now()]
            )
        return 0.0 if int(granted) else int(wait_us) / 1_000_000

    def drain(self, key: str, rate: Rate) -> None:
        ttl_ms = int(math.ceil(rate.burst / rate.per_second * 1000)) + 60_000
        with _redis_errors():
            keys = self._keys(key)
            self._drain(keys=[keys[0], keys[2]], args=[ttl_ms, self._now()])

    def set_allowance(self, key: str, calls: int, ttl_seconds: float) -> None:
        window_key = self._keys(key)[2]
        with _redis_errors():
            if calls <= 0:
                self.client.delete(window_key)
            else:
                self._window(keys=[window_key], args=[int(calls), float(ttl_seconds), self._now()])

    def set_rate(self, key: str, per_second: float | None) -> None:
        rate_key = self._keys(key)[1]
        with _redis_errors():
            if per_second is None:
                self.client.delete(rate_key)
            else:
                self.client.set(rate_key, repr(float(per_second)), ex=OVERRIDE_TTL_SECONDS)

    def get_rate(self, key: str) -> float | None:
        with _redis_errors():
            value = self.client.get(self._keys(key)[1])
        return float(value) if value is not None else None

    def reset(self, key: str) -> None:
        with _redis_errors():
            self.client.delete(*self._keys(key))


class LocalTokenBuckets:
    """Same algorithm in process memory, for the embedded default without Redis. `clock` is any
    monotonic seconds function (tests pass one they move by hand)."""

    def __init__(self, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self._lock = threading.Lock()
        self._buckets: dict[str, tuple[float, float]] = {}
        self._rates: dict[str, tuple[float, float]] = {}  # key -> (rate, expires at)
        self._allowances: dict[str, tuple[int, float]] = {}  # key -> (calls, expires at)

    def _rate_for(self, key: str, default: float, now: float) -> float:
        override = self._rates.get(key)
        if override and override[1] > now:
            return override[0]
        return default

    def acquire(self, key: str, rate: Rate, tokens: int = 1) -> float:
        with self._lock:
            now = self.clock()
            calls, expires = self._allowances.get(key, (0, 0.0))
            if expires > now and calls >= tokens:
                self._allowances[key] = (calls - tokens, expires)
                return 0.0
            per_second = self._rate_for(key, rate.per_second, now)
            level, stamp = self._buckets.get(key, (float(rate.burst), now))
            level = min(float(rate.burst), level + max(0.0, now - stamp) * per_second)
            if level >= tokens:
                self._buckets[key] = (level - tokens, now)
                return 0.0
            self._buckets[key] = (level, now)
            return (tokens - level) / per_second

    def drain(self, key: str, rate: Rate) -> None:
        with self._lock:
            self._buckets[key] = (0.0, self.clock())
            self._allowances.pop(key, None)

    def set_allowance(self, key: str, calls: int, ttl_seconds: float) -> None:
        with self._lock:
            if calls <= 0:
                self._allowances.pop(key, None)
            else:
                self._allowances[key] = (int(calls), self.clock() + ttl_seconds)

    def set_rate(self, key: str, per_second: float | None) -> None:
        with self._lock:
            if per_second is None:
                self._rates.pop(key, None)
            else:
                self._rates[key] = (float(per_second), self.clock() + OVERRIDE_TTL_SECONDS)

    def get_rate(self, key: str) -> float | None:
        with self._lock:
            override = self._rates.get(key)
            return override[0] if override and override[1] > self.clock() else None

    def reset(self, key: str) -> None:
        with self._lock:
            self._buckets.pop(key, None)
            self._rates.pop(key, None)
            self._allowances.pop(key, None)


class RateLimiter:
    """Paces calls per (channel account, operation) at the documented plan of each operation."""

    def __init__(
        self,
        buckets: RedisTokenBuckets | LocalTokenBuckets,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.buckets = buckets
        self.clock = clock  # wait_for_token's budget; the buckets keep their own time
        self.sleep = sleep

    @staticmethod
    def key(account_pk: int, operation: str) -> str:
        return f"{account_pk}:{operation}"

    def acquire(self, *, account_pk: int, operation: str, rate: Rate) -> float:
        """0.0 when a token was taken; otherwise the seconds until one will be available."""
        return self.buckets.acquire(self.key(account_pk, operation), effective_rate(rate))

    def wait_for_token(self, *, account_pk: int, operation: str, rate: Rate, budget_seconds: float) -> float:
        """Take a token, sleeping up to `budget_seconds` for one (never inside Celery workers).
        Returns 0.0 on success, or the remaining wait when the budget would be exceeded."""
        deadline = self.clock() + budget_seconds
        while True:
            wait = self.acquire(account_pk=account_pk, operation=operation, rate=rate)
            if wait <= 0:
                return 0.0
            if self.clock() + wait > deadline:
                return wait
            self.sleep(wait)

    def observe_rate(self, *, account_pk: int, operation: str, documented: Rate, per_second: float) -> None:
        """The marketplace told us this operation's current rate (x-amzn-RateLimit-Limit). It is in
        the marketplace's own units, so it is scaled like the documented plan."""
        if per_second <= 0:
            return
        key = self.key(account_pk, operation)
        scaled = effective_rate(Rate(per_second, documented.burst)).per_second
        try:
            if math.isclose(per_second, documented.per_second, rel_tol=1e-3):
                if self.buckets.get_rate(key) is not None:
                    self.buckets.set_rate(key, None)
                return
            current = self.buckets.get_rate(key)
            if current is None or not math.isclose(current, scaled, rel_tol=1e-3):
                self.buckets.set_rate(key, scaled)
        except LimiterUnavailableError as error:  # advice only: the call it came with succeeded
            logger.warning("could not store the observed rate of %s: %s", key, error.message)

    def observe_window(
        self, *, account_pk: int, operation: str, remaining: int, reserve: int, ttl_seconds: float
    ) -> None:
        """The marketplace said `remaining` calls are left in its current fixed window: up to
        `remaining - reserve` calls may go without waiting for the bucket (until `ttl_seconds` from
        now, or a 429). Each answer replaces the figure, so calls other processes made meanwhile
        are counted by the marketplace's own arithmetic."""
        key = self.key(account_pk, operation)
        try:
            self.buckets.set_allowance(key, int(remaining) - int(reserve), ttl_seconds)
        except LimiterUnavailableError as error:  # advice only: the bucket paces without it
            logger.warning("could not store the window allowance of %s: %s", key, error.message)

    def throttled(self, *, account_pk: int, operation: str, rate: Rate) -> float:
        """The marketplace refused with 429: empty our bucket so every process waits, and say how
        long until the next token."""
        key = self.key(account_pk, operation)
        effective = effective_rate(rate)
        try:
            self.buckets.drain(key, effective)
            override = self.buckets.get_rate(key)
        except LimiterUnavailableError as error:  # the 429 is raised all the same
            logger.warning("could not empty the bucket of %s: %s", key, error.message)
            override = None
        return 1.0 / (override or effective.per_second)

    def reset(self, *, account_pk: int, operation: str) -> None:
        self.buckets.reset(self.key(account_pk, operation))


@cache
def _limiter_for(redis_url: str) -> RateLimiter:
    return RateLimiter(RedisTokenBuckets(redis_url) if redis_url else LocalTokenBuckets())


def rate_limiter() -> RateLimiter:
    return _limiter_for(getattr(settings, "REDIS_URL", "") or "")
