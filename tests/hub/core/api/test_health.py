"""GET /api/health/details/: database, broker, workers and beat; 503 when one is broken."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[4]
DETAILS = "/api/health/details/"
TOKEN = "health-token-for-tests"
BEARER = f"Bearer {TOKEN}"


def _checks(response) -> dict:
    return {check["name"]: check for check in response.json()["checks"]}


def _needs_redis_broker():
    if not str(django_settings.CELERY_BROKER_URL).startswith("redis://"):
        pytest.skip("needs the Redis broker (REDIS_URL); `make test` provides it")


@pytest.fixture
def health_settings(settings):
    settings.HEALTH_CHECKS = []  # other apps' checks (sandboxes) are tested by their apps
    settings.HEALTH_TOKEN = TOKEN
    settings.HEALTH_WORKER_TIMEOUT_SECONDS = 0.5
    return settings


def test_no_worker_answers_503(client, db, health_settings):
    _needs_redis_broker()

    response = client.get(DETAILS, HTTP_AUTHORIZATION=BEARER)

    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    checks = _checks(response)
    assert list(checks) == ["database", "broker", "workers", "beat"]
    assert (checks["database"]["ok"], checks["database"]["data"]) == (True, {"vendor": connection.vendor})
    assert checks["broker"]["ok"] is True
    assert (checks["workers"]["ok"], checks["workers"]["detail"], checks["workers"]["data"]) == (
        False,
        "no worker answered a ping",
        {"workers": []},
    )
    assert response.json()["ok"] is False


def test_unreachable_broker_is_503(client, db, health_settings, monkeypatch):
    from celery import Celery

    # The checks look the app up when they run: give them one whose broker port has no listener
    # (9, discard), and leave the real app and its connection pool untouched.
    unreachable = Celery("unreachable", broker="redis://127.0.0.1:9/0")
    unreachable.conf.update(broker_connection_timeout=0.5, broker_connection_max_retries=1)
    monkeypatch.setattr("hub.config.celery.app", unreachable)

    response = client.get(DETAILS, HTTP_AUTHORIZATION=BEARER)

    assert response.status_code == 503
    checks = _checks(response)
    assert checks["database"]["ok"] is True
    assert checks["broker"]["ok"] is False
    assert checks["broker"]["detail"].startswith("OperationalError")
    assert checks["workers"]["ok"] is False


def test_a_failing_extra_check_makes_it_503(client, db, health_settings):
    health_settings.HEALTH_CHECKS = ["tests.hub.core.api.test_health.failing_check"]

    response = client.get(DETAILS, HTTP_AUTHORIZATION=BEARER)

    assert response.status_code == 503
    assert _checks(response)["sandbox"] == {
        "name": "sandbox",
        "ok": False,
        "detail": "down",
        "data": {},
        "duration_ms": 0,
        "level": "error",
    }


def failing_check():
    from hub.core.health import HealthCheck

    return HealthCheck("sandbox", False, "down")


@pytest.fixture
def celery_worker(db):
    """A real `celery -A hub.config worker` on this test's Redis database and test database."""
    _needs_redis_broker()
    database = django_settings.DATABASES["default"]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "hub.config.settings.test",
        "CELERY_BROKER_URL": str(django_settings.CELERY_BROKER_URL),
        "REDIS_URL": str(django_settings.CELERY_BROKER_URL),
    }
    if database["ENGINE"].endswith("postgresql"):
        env["DATABASE_URL"] = (
            f"postgres://{database['USER']}:{database['PASSWORD']}@{database['HOST'] or '127.0.0.1'}:"
            f"{database['PORT'] or 5432}/{database['NAME']}"
        )
    name = f"health-{os.getpid()}@test"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "hub.config",
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--loglevel=WARNING",
            "-n",
            name,
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        yield name, process
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


@pytest.mark.integration
def test_a_running_worker_makes_it_200(client, health_settings, celery_worker):
    name, process = celery_worker
    health_settings.HEALTH_WORKER_TIMEOUT_SECONDS = 1.0

    deadline = time.monotonic() + 40
    response = client.get(DETAILS, HTTP_AUTHORIZATION=BEARER)
    while response.status_code != 200 and time.monotonic() < deadline:
        assert process.poll() is None, process.stderr.read().decode()[-2000:]
        time.sleep(0.5)
        response = client.get(DETAILS, HTTP_AUTHORIZATION=BEARER)

    assert response.status_code == 200, response.json()
    checks = _checks(response)
    assert response.json()["ok"] is True
    assert [checks[n]["ok"] for n in ("database", "broker", "workers")] == [True, True, True]
    assert checks["workers"]["data"] == {"workers": [name]}
    assert checks["workers"]["detail"] == "1 worker(s) answered"
