"""Real Celery processes on the test database and Redis: a killed worker shows in the health
details and /metrics within a minute; two beats never double the schedule (and without the guard
they would)."""

import json
import time
import uuid

import pytest
import redis
from django.conf import settings as django_settings
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from hub.core.observability.workers import known_queues
from tests.hub.core.observability.conftest import samples, scrape

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

TOKEN = "health-token-for-tests"


def _wait(predicate, timeout, step=0.5):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(step)
    return predicate()


def _needs_redis():
    if not str(django_settings.CELERY_BROKER_URL).startswith("redis://"):
        pytest.skip("needs the Redis broker (REDIS_URL); `make test` provides it")


def _health(client):
    response = client.get("/api/health/details/", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    return response.status_code, {check["name"]: check for check in response.json()["checks"]}


def test_a_killed_worker_shows_in_health_and_metrics_within_a_minute(client, settings, hub_process, metrics_token):
    _needs_redis()
    settings.HEALTH_TOKEN = TOKEN
    settings.HEALTH_CHECKS = ["hub.core.observability.health.check_heartbeats"]
    settings.HEALTH_WORKER_TIMEOUT_SECONDS = 0.5
    settings.WORKER_STALE_SECONDS = 5
    name = f"obs-{uuid.uuid4().hex[:8]}@test"
    worker = hub_process(
        [
            "celery",
            "-A",
            "hub.config",
            "worker",
            "-P",
            "solo",
            "-Q",
            ",".join(known_queues()),
            "-n",
            name,
            "--without-gossip",
            "--without-mingle",
            "--loglevel",
            "INFO",
        ],
        name="worker",
        WORKER_HEARTBEAT_SECONDS=1,
    )

    def served():
        status, checks = _health(client)
        return checks["workers:queues"]["level"] == "ok" and checks

    checks = _wait(served, 60)
    assert checks, worker.log_path.read_text()[-3000:]
    assert checks["workers:queues"]["data"]["queues"] == {queue: [name] for queue in known_queues()}
    found = scrape(client, metrics_token)
    assert list(samples(found, "hub_celery_worker_up", worker=name).values()) == [1.0]
    per_queue = {dict(key[1])["queue"]: value for key, value in samples(found, "hub_celery_queue_workers").items()}
    assert per_queue == dict.fromkeys(known_queues(), 1.0)
    log_lines = [json.loads(line) for line in worker.log_path.read_text().splitlines() if line.startswith("{")]
    assert any("consuming" in line["message"] for line in log_lines), "the worker logs JSON lines"

    worker.kill()  # SIGKILL: no goodbye, the heartbeat just stops
    killed = time.monotonic()
    worker.wait(timeout=10)

    def reported_down():
        status, checks = _health(client)
        return status == 503 and checks["workers:queues"]["level"] == "error" and checks

    checks = _wait(reported_down, 60)
    seconds = time.monotonic() - killed
    assert checks and seconds < 60
    assert name in checks["workers:queues"]["data"]["stale"]
    assert checks["workers"]["ok"] is False  # nobody answers the ping either
    found = scrape(client, metrics_token)
    assert list(samples(found, "hub_celery_worker_up", worker=name).values()) == [0.0]
    assert set(samples(found, "hub_celery_queue_workers").values()) == {0.0}


def _beat(hub_process, name, *extra):
    return hub_process(
        ["celery", "-A", "hub.config", "beat", "--loglevel", "INFO", "--max-interval", "1", *extra],
        name=name,
        BEAT_LOCK_TTL_SECONDS=3,
        REDIS_URL=django_settings.CELERY_BROKER_URL,
    )


def _every_second(queue):
    every, _ = IntervalSchedule.objects.get_or_create(every=1, period=IntervalSchedule.SECONDS)
    PeriodicTask.objects.create(name=f"obs-beat-{queue}", task="tests.observability.tick", interval=every, queue=queue)


def _sent(client, queue):
    return client.llen(queue)


def test_a_second_beat_stands_by_and_takes_over(hub_process, tmp_path):
    _needs_redis()
    broker = redis.Redis.from_url(django_settings.CELERY_BROKER_URL)
    broker.delete("hub:beat:lock")
    queue = f"obs-beat-{uuid.uuid4().hex[:8]}"
    _every_second(queue)
    try:
        first = _beat(hub_process, "beat-1", "--schedule", str(tmp_path / "s1"))
        assert _wait(lambda: _sent(broker, queue) >= 2, 60), first.log_path.read_text()[-3000:]
        second = _beat(hub_process, "beat-2", "--schedule", str(tmp_path / "s2"))
        assert _wait(lambda: "standing by" in second.log_path.read_text(), 60), second.log_path.read_text()[-3000:]

        start, started = _sent(broker, queue), time.monotonic()
        time.sleep(8)
        both = _sent(broker, queue) - start
        window = time.monotonic() - started
        assert both <= window + 1.5, f"{both} sends in {window:.1f} s with two beats: doubled"
        assert both >= window - 3

        first.terminate()  # the leader goes away; the standby takes over within a lock TTL
        first.wait(timeout=20)
        before = _sent(broker, queue)
        assert _wait(lambda: _sent(broker, queue) >= before + 3, 30), second.log_path.read_text()[-3000:]
        assert "this beat schedules now" in second.log_path.read_text()
    finally:
        broker.delete(queue, "hub:beat:lock")


def test_without_the_guard_two_beats_double_the_schedule(hub_process, tmp_path):
    """The control: django-celery-beat's plain scheduler, twice — what the guard prevents."""
    _needs_redis()
    broker = redis.Redis.from_url(django_settings.CELERY_BROKER_URL)
    queue = f"obs-beat-{uuid.uuid4().hex[:8]}"
    _every_second(queue)
    plain = ("--scheduler", "django_celery_beat.schedulers:DatabaseScheduler")
    try:
        beats = [_beat(hub_process, f"plain-{n}", "--schedule", str(tmp_path / f"p{n}"), *plain) for n in (1, 2)]
        assert _wait(lambda: _sent(broker, queue) >= 4, 60), beats[0].log_path.read_text()[-3000:]
        start, started = _sent(broker, queue), time.monotonic()
        time.sleep(8)
        both = _sent(broker, queue) - start
        window = time.monotonic() - started
        assert both >= 1.5 * window, f"{both} sends in {window:.1f} s"
    finally:
        broker.delete(queue)
