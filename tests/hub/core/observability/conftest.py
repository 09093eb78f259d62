"""Sandboxes as separate processes (the channels and listings integration fixtures), a clean
metrics store, and a helper to start real Celery processes on the test database."""

import os
import subprocess
import sys

import pytest
from django.db import connection

from hub.config.settings.env import BASE_DIR
from tests.channels.conftest import local_limiter  # noqa: F401
from tests.channels.integration.conftest import (  # noqa: F401
    aliexpress_sandbox_process,
    amazon_sandbox,
    amazon_sandbox_process,
    connect,
    wish_sandbox_process,
)
from tests.listings.conftest import sandboxes  # noqa: F401


@pytest.fixture(autouse=True)
def metrics_store(settings):
    from hub.core.observability import metrics

    metrics.store().reset()
    yield metrics.store()
    metrics.store().reset()


def scrape(client, token="metrics-token-for-tests"):
    """GET /metrics → {(name, frozenset(labels)): value}."""
    from prometheus_client.parser import text_string_to_metric_families

    response = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200, response.status_code
    found = {}
    for family in text_string_to_metric_families(response.content.decode()):
        for sample in family.samples:
            found[(sample.name, frozenset(sample.labels.items()))] = sample.value
    return found


def samples(found, name, **labels):
    return {key: value for key, value in found.items() if key[0] == name and set(labels.items()) <= key[1]}


@pytest.fixture
def metrics_token(settings):
    settings.METRICS_TOKEN = "metrics-token-for-tests"
    return settings.METRICS_TOKEN


@pytest.fixture
def hub_process(transactional_db, tmp_path):
    """hub_process(args, **env) → a Celery (or other) process of the hub on the test database."""
    started = []
    db = connection.settings_dict
    database_url = f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"

    def start(args, name="proc", **extra):
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "hub.config.settings.test",
            "DATABASE_URL": database_url,
            "CELERY_BROKER_URL": os.environ["REDIS_URL"],
            "LOG_FORMAT": "json",
            **{key: str(value) for key, value in extra.items()},
        }
        log = (tmp_path / f"{name}-{len(started)}.log").open("wb")
        process = subprocess.Popen(
            [sys.executable, "-m", *args], cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT
        )
        process.log_path = tmp_path / f"{name}-{len(started)}.log"
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)
