"""Counters and histograms written by every process (web, workers, beat) and read by `/metrics`.

Why Redis and not prometheus_client's multiprocess directory: the hub scales out to workers on
other hosts, and a scrape of the web must see what they did. Every process adds its counts into
Redis hashes (HINCRBYFLOAT, one pipelined round trip per event); `/metrics` reads them back and
prometheus_client formats them. Metrics never break the work they count: a Redis error drops the
sample and Redis is left alone for a few seconds. Without Redis (the embedded default) a process
counts in its own memory.

`METRICS` is the catalogue: every metric the hub exposes, its type, help and labels. The alert
rules (infra/deploy/alerts.yml) are tested against it.
"""

from __future__ import annotations

import json
import logging
import math
import threading
import time
from collections import defaultdict
from dataclasses import dataclass
from functools import cache

from django.conf import settings

logger = logging.getLogger(__name__)

PREFIX = "hub:metrics:"
BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0, math.inf)


@dataclass(frozen=True)
class Spec:
    kind: str  # counter, histogram, gauge
    help: str
    labels: tuple[str, ...] = ()


METRICS: dict[str, Spec] = {
    # written by the processes (stored in Redis)
    "hub_http_requests_total": Spec(
        "counter", "HTTP requests by route, method and status.", ("route", "method", "status")
    ),
    "hub_http_request_duration_seconds": Spec("histogram", "HTTP request duration by route.", ("route", "method")),
    "hub_celery_tasks_total": Spec("counter", "Celery tasks finished, by task and state.", ("task", "state")),
    "hub_celery_task_failures_total": Spec(
        "counter", "Celery task failures by task and exception.", ("task", "exception")
    ),
    "hub_celery_task_duration_seconds": Spec("histogram", "Celery task run time by task.", ("task",)),
    "hub_marketplace_calls_total": Spec(
        "counter", "Marketplace HTTP calls by family, operation and status.", ("family", "operation", "status", "kind")
    ),
    "hub_marketplace_call_duration_seconds": Spec("histogram", "Marketplace call duration.", ("family", "operation")),
    "hub_marketplace_throttle_waits_total": Spec(
        "counter",
        "Calls held back for a rate limit: by the hub's limiter (source=hub) or refused with 429 (source=marketplace).",
        ("operation", "source"),
    ),
    "hub_marketplace_throttle_wait_seconds_total": Spec(
        "counter", "Seconds of waiting asked by the rate limits.", ("operation", "source")
    ),
    # computed at scrape time
    "hub_celery_queue_length": Spec("gauge", "Messages waiting in each Celery queue.", ("queue",)),
    "hub_celery_queue_workers": Spec("gauge", "Live workers consuming each queue.", ("queue",)),
    "hub_celery_worker_up": Spec("gauge", "1 while a worker's heartbeat is fresh, 0 once stale.", ("worker",)),
    "hub_celery_worker_heartbeat_age_seconds": Spec(
        "gauge", "Seconds since each worker's last heartbeat.", ("worker",)
    ),
    "hub_beat_last_tick_timestamp_seconds": Spec("gauge", "Unix time of the scheduling beat's last tick.", ()),
    "hub_beat_last_tick_age_seconds": Spec("gauge", "Seconds since the scheduling beat's last tick.", ()),
    "hub_order_lag_seconds": Spec(
        "gauge",
        "Per channel account: now minus the newest order update its pulls have seen.",
        ("channel_account", "family", "account"),
    ),
    "hub_order_pull_age_seconds": Spec(
        "gauge", "Per channel account: seconds since its last finished order pull.", ("channel_account", "family")
    ),
    "hub_tracking_outbox_pending": Spec("gauge", "Tracking pushes waiting to be accepted, by family.", ("family",)),
    "hub_tracking_outbox_oldest_age_seconds": Spec("gauge", "Age of the oldest pending tracking push.", ("family",)),
    "hub_tracking_outbox_failed": Spec(
        "gauge", "Tracking pushes parked as rejected (a person must look).", ("family",)
    ),
    "hub_channel_accounts": Spec("gauge", "Channel accounts by family and status.", ("family", "status")),
    "hub_metrics_scrape_duration_seconds": Spec("gauge", "Time this scrape took to compute.", ()),
}


def _labels_key(name: str, labels: dict[str, object]) -> str:
    spec = METRICS[name]
    return json.dumps([str(labels.get(label, "")) for label in spec.labels], separators=(",", ":"))


class LocalStore:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.data: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
        self.hashes: dict[str, dict[str, str]] = defaultdict(dict)
        self.values: dict[str, str] = {}

    def add(self, items: list[tuple[str, str, float]]) -> None:
        with self._lock:
            for key, field, value in items:
                self.data[key][field] += value

    def read(self, key: str) -> dict[str, float]:
        with self._lock:
            return dict(self.data.get(key, {}))

    def read_many(self, keys: list[str]) -> list[dict[str, float]]:
        return [self.read(key) for key in keys]

    def hset(self, key: str, field: str, value: str) -> None:
        with self._lock:
            self.hashes[key][field] = value

    def hdel(self, key: str, field: str) -> None:
        with self._lock:
            self.hashes[key].pop(field, None)

    def hgetall(self, key: str) -> dict[str, str]:
        with self._lock:
            return dict(self.hashes.get(key, {}))

    def set(self, key: str, value: str) -> None:
        with self._lock:
            self.values[key] = value

    def get(self, key: str) -> str | None:
        with self._lock:
            return self.values.get(key)

    def reset(self) -> None:
        with self._lock:
            self.data.clear()
            self.hashes.clear()
            self.values.clear()


class RedisStore:
    """Errors drop the sample and pause Redis use for `PAUSE_SECONDS` (one slow Redis must not add
    its timeout to every request)."""

    PAUSE_SECONDS = 5.0

    def __init__(self, url: str, timeout: float) -> None:
        import redis

        self.client = redis.Redis.from_url(
            url, socket_timeout=timeout, socket_connect_timeout=timeout, retry_on_timeout=False, decode_responses=True
        )
        self._url = url
        self._paused_until = 0.0

    def _guard(self, func, default=None):  # type: ignore[no-untyped-def]
        import redis

        if time.monotonic() < self._paused_until:
            return default
        try:
            return func()
        except redis.RedisError as error:
            self._paused_until = time.monotonic() + self.PAUSE_SECONDS
            logger.warning("metrics store unavailable: %s", error)
            return default

    def add(self, items: list[tuple[str, str, float]]) -> None:
        def run():
            pipe = self.client.pipeline(transaction=False)
            for key, field, value in items:
                pipe.hincrbyfloat(PREFIX + key, field, value)
            pipe.execute()

        self._guard(run)

    def read(self, key: str) -> dict[str, float]:
        return self.read_many([key])[0]

    def read_many(self, keys: list[str]) -> list[dict[str, float]]:
        def run():
            pipe = self.client.pipeline(transaction=False)
            for key in keys:
                pipe.hgetall(PREFIX + key)
            return [{field: float(value) for field, value in result.items()} for result in pipe.execute()]

        return self._guard(run, default=[{} for _ in keys])

    def hset(self, key: str, field: str, value: str) -> None:
        self._guard(lambda: self.client.hset(PREFIX + key, field, value))

    def hdel(self, key: str, field: str) -> None:
        self._guard(lambda: self.client.hdel(PREFIX + key, field))

    def hgetall(self, key: str) -> dict[str, str]:
        return self._guard(lambda: self.client.hgetall(PREFIX + key), default={}) or {}

    def set(self, key: str, value: str) -> None:
        self._guard(lambda: self.client.set(PREFIX + key, value))

    def get(self, key: str) -> str | None:
        return self._guard(lambda: self.client.get(PREFIX + key))

    def reset(self) -> None:
        """Not guarded: a reset skipped during a pause (or a timeout) would leave old counts under
        the new ones without a word; it is rare, so it gets a patient client and raises."""
        import redis

        client = redis.Redis.from_url(self._url, socket_timeout=10, decode_responses=True)
        try:
            keys = list(client.scan_iter(PREFIX + "*", count=500))
            if keys:
                client.delete(*keys)
        finally:
            client.close()
        self._paused_until = 0.0


@cache
def _store_for(url: str, timeout: float) -> LocalStore | RedisStore:
    return RedisStore(url, timeout) if url else LocalStore()


def metrics_redis_url() -> str:
    return getattr(settings, "METRICS_REDIS_URL", "") or getattr(settings, "REDIS_URL", "") or ""


def store() -> LocalStore | RedisStore:
    return _store_for(metrics_redis_url(), float(getattr(settings, "METRICS_REDIS_TIMEOUT_SECONDS", 0.2)))


# --- writers -----------------------------------------------------------------------------------------


def _inc(items: list, name: str, labels: dict[str, object], value: float = 1.0) -> None:
    items.append((f"c:{name}", _labels_key(name, labels), float(value)))


def _observe(items: list, name: str, labels: dict[str, object], seconds: float) -> None:
    key = _labels_key(name, labels)
    bucket = next(le for le in BUCKETS if seconds <= le)
    items.append((f"h:{name}:b", json.dumps([key, "+Inf" if math.isinf(bucket) else repr(bucket)]), 1.0))
    items.append((f"h:{name}:s", key, float(seconds)))
    items.append((f"h:{name}:n", key, 1.0))


def http_request(*, route: str, method: str, status: int, seconds: float) -> None:
    items: list = []
    _inc(items, "hub_http_requests_total", {"route": route, "method": method, "status": status})
    _observe(items, "hub_http_request_duration_seconds", {"route": route, "method": method}, seconds)
    store().add(items)


def task_finished(*, task: str, state: str, seconds: float | None) -> None:
    items: list = []
    _inc(items, "hub_celery_tasks_total", {"task": task, "state": state})
    if seconds is not None:
        _observe(items, "hub_celery_task_duration_seconds", {"task": task}, seconds)
    store().add(items)


def task_failed(*, task: str, exception: str) -> None:
    items: list = []
    _inc(items, "hub_celery_task_failures_total", {"task": task, "exception": exception})
    store().add(items)


def marketplace_call(*, family: str, operation: str, status: int | None, kind: str, seconds: float) -> None:
    items: list = []
    _inc(
        items,
        "hub_marketplace_calls_total",
        {"family": family, "operation": operation, "status": status or 0, "kind": kind or "ok"},
    )
    _observe(items, "hub_marketplace_call_duration_seconds", {"family": family, "operation": operation}, seconds)
    store().add(items)


def throttle_wait(*, operation: str, source: str, seconds: float) -> None:
    items: list = []
    _inc(items, "hub_marketplace_throttle_waits_total", {"operation": operation, "source": source})
    _inc(items, "hub_marketplace_throttle_wait_seconds_total", {"operation": operation, "source": source}, seconds)
    store().add(items)


# --- readers -----------------------------------------------------------------------------------------


def read_counter(name: str) -> dict[tuple[str, ...], float]:
    return {tuple(json.loads(field)): value for field, value in store().read(f"c:{name}").items()}


def read_histogram(name: str) -> dict[tuple[str, ...], tuple[dict[str, float], float, float]]:
    buckets, sums, counts = store().read_many([f"h:{name}:b", f"h:{name}:s", f"h:{name}:n"])
    out: dict[tuple[str, ...], tuple[dict[str, float], float, float]] = {}
    per_key: dict[str, dict[str, float]] = defaultdict(dict)
    for field, value in buckets.items():
        key, le = json.loads(field)
        per_key[key][le] = value
    for key, count in counts.items():
        out[tuple(json.loads(key))] = (per_key.get(key, {}), sums.get(key, 0.0), count)
    return out
