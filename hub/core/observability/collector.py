"""What `/metrics` answers: the counters and histograms every process wrote (metrics.store()),
plus gauges computed at scrape time — queue depths from the broker, worker heartbeats, beat's
last tick, order lag per channel account, the tracking outbox. A handful of grouped queries,
whatever the number of channel accounts (the scrape-time benchmark holds it to 100 ms)."""

from __future__ import annotations

import math
import time
from functools import cache

from django.conf import settings
from django.db.models import Count, Max, Min
from django.utils import timezone
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, HistogramMetricFamily
from prometheus_client.registry import CollectorRegistry

from hub.core.observability import beat, metrics, workers
from hub.core.observability.metrics import METRICS

# kombu's Redis transport keeps priorities 3, 6 and 9 of a queue in lists of their own.
PRIORITY_SUFFIXES = ("", "\x06\x163", "\x06\x166", "\x06\x169")


def _family(name: str, labels: tuple[str, ...] | None = None):  # type: ignore[no-untyped-def]
    spec = METRICS[name]
    labels = spec.labels if labels is None else labels
    if spec.kind == "counter":
        return CounterMetricFamily(name.removesuffix("_total"), spec.help, labels=list(labels))
    if spec.kind == "histogram":
        return HistogramMetricFamily(name, spec.help, labels=list(labels))
    return GaugeMetricFamily(name, spec.help, labels=list(labels))


def _stored():  # type: ignore[no-untyped-def]
    for name, spec in METRICS.items():
        if spec.kind == "counter":
            family = _family(name)
            for labels, value in sorted(metrics.read_counter(name).items()):
                if len(labels) == len(spec.labels):
                    family.add_metric(list(labels), value)
            yield family
        elif spec.kind == "histogram":
            family = _family(name)
            for labels, (buckets, total, _count) in sorted(metrics.read_histogram(name).items()):
                if len(labels) != len(spec.labels):
                    continue
                cumulative, rows = 0.0, []
                for le in metrics.BUCKETS:
                    key = "+Inf" if math.isinf(le) else repr(le)
                    cumulative += buckets.get(key, 0.0)
                    rows.append((key, cumulative))
                family.add_metric(list(labels), rows, total)
            yield family


@cache
def _broker_client(url: str):  # type: ignore[no-untyped-def]
    import redis

    return redis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1)


def _queues():  # type: ignore[no-untyped-def]
    import redis

    family = _family("hub_celery_queue_length")
    url = str(settings.CELERY_BROKER_URL or "")
    queues = workers.known_queues()
    if url.startswith(("redis://", "rediss://")):
        try:
            pipe = _broker_client(url).pipeline(transaction=False)
            for queue in queues:
                for suffix in PRIORITY_SUFFIXES:
                    pipe.llen(queue + suffix)
            lengths = pipe.execute()
        except redis.RedisError:
            lengths = None
        if lengths is not None:
            step = len(PRIORITY_SUFFIXES)
            for index, queue in enumerate(queues):
                family.add_metric([queue], float(sum(lengths[index * step : (index + 1) * step])))
    yield family

    beats = workers.heartbeats()
    per_queue = _family("hub_celery_queue_workers")
    for queue in queues:
        per_queue.add_metric([queue], float(sum(1 for b in beats if b.alive and queue in b.queues)))
    yield per_queue
    up = _family("hub_celery_worker_up")
    age = _family("hub_celery_worker_heartbeat_age_seconds")
    for heartbeat in beats:
        up.add_metric([heartbeat.worker], 1.0 if heartbeat.alive else 0.0)
        age.add_metric([heartbeat.worker], heartbeat.age)
    yield up
    yield age

    tick = beat.last_tick()
    stamp = _family("hub_beat_last_tick_timestamp_seconds")
    tick_age = _family("hub_beat_last_tick_age_seconds")
    if tick is not None:
        stamp.add_metric([], tick)
        tick_age.add_metric([], max(0.0, time.time() - tick))
    yield stamp
    yield tick_age


def _orders():  # type: ignore[no-untyped-def]
    from channels.models import ChannelAccount
    from fulfilment.models import PullCursor, TrackingPush
    from fulfilment.models.choices import PushState

    now = timezone.now()
    accounts = {row["pk"]: row for row in ChannelAccount.objects.values("pk", "family", "account_id", "status")}
    counts = _family("hub_channel_accounts")
    tally: dict[tuple[str, str], int] = {}
    for row in accounts.values():
        tally[(row["family"], row["status"])] = tally.get((row["family"], row["status"]), 0) + 1
    for (family_name, status), count in sorted(tally.items()):
        counts.add_metric([family_name, status], float(count))
    yield counts

    lag = _family("hub_order_lag_seconds")
    pulled = _family("hub_order_pull_age_seconds")
    cursors = PullCursor.objects.values("channel_account_id").annotate(
        newest=Max("watermark"), finished=Max("last_finished_at")
    )
    for row in cursors:
        account = accounts.get(row["channel_account_id"])
        if account is None:
            continue
        labels = [str(row["channel_account_id"]), account["family"]]
        if row["newest"] is not None:
            lag.add_metric([*labels, str(account["account_id"])], max(0.0, (now - row["newest"]).total_seconds()))
        if row["finished"] is not None:
            pulled.add_metric(labels, max(0.0, (now - row["finished"]).total_seconds()))
    yield lag
    yield pulled

    pending = _family("hub_tracking_outbox_pending")
    oldest = _family("hub_tracking_outbox_oldest_age_seconds")
    failed = _family("hub_tracking_outbox_failed")
    rows = (
        TrackingPush.objects.filter(state__in=[PushState.PENDING, PushState.REJECTED])
        .values("state", "order__family")
        .annotate(count=Count("pk"), oldest=Min("created_at"))
    )
    for row in rows:
        if row["state"] == PushState.PENDING:
            pending.add_metric([row["order__family"]], float(row["count"]))
            oldest.add_metric([row["order__family"]], max(0.0, (now - row["oldest"]).total_seconds()))
        else:
            failed.add_metric([row["order__family"]], float(row["count"]))
    yield pending
    yield oldest
    yield failed


class HubCollector:
    def collect(self):  # type: ignore[no-untyped-def]
        started = time.perf_counter()
        yield from _stored()
        yield from _queues()
        yield from _orders()
        duration = _family("hub_metrics_scrape_duration_seconds")
        duration.add_metric([], time.perf_counter() - started)
        yield duration


def registry() -> CollectorRegistry:
    reg = CollectorRegistry(auto_describe=False)
    reg.register(HubCollector())
    return reg
