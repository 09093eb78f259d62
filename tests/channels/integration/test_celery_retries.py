"""Retry behaviour in a real Celery worker process (Redis broker and result backend, the sandbox
injecting faults): throttled and transient errors come back after their countdown, rejected and
auth failures don't. Each test waits for the task's final state from the result backend (no
sleeping "long enough" for a retry that should not come)."""

import os
import subprocess
import sys
import uuid

import pytest
import redis
from celery import Celery
from django.db import connection

from channels.models import ChannelAccount, ChannelCall
from channels.registry import adapter_for
from channels.services import channel_account_update
from hub.config.settings.env import BASE_DIR
from tests.channels.conftest import TEST_KEY
from tests.channels.integration.listings import US, luggage_payload

# A queue of its own per run: nothing else consumes it and nothing stale is left in it.
QUEUE = f"channels-test-{uuid.uuid4().hex[:12]}"


@pytest.fixture
def broker_url(redis_url):
    yield redis_url
    redis.Redis.from_url(redis_url).delete(QUEUE)


@pytest.fixture
def worker(broker_url, transactional_db, tmp_path):
    settings_db = connection.settings_dict
    database_url = f"postgres://{settings_db['USER']}:{settings_db['PASSWORD']}@{settings_db['HOST']}:{settings_db['PORT']}/{settings_db['NAME']}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "hub.config.settings.test",
        "DATABASE_URL": database_url,
        "CELERY_BROKER_URL": broker_url,
        "CELERY_RESULT_BACKEND": broker_url,
        "REDIS_URL": broker_url,
        "CHANNELS_CREDENTIAL_KEYS": TEST_KEY,
        "CHANNELS_RETRY_BACKOFF_SECONDS": "0.5",
        "CHANNELS_TASK_MAX_RETRIES": "4",
    }
    log = (tmp_path / "worker.log").open("wb")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "hub.config",
            "worker",
            "-P",
            "solo",
            "-Q",
            QUEUE,
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
            "-n",
            f"channels-test-{os.getpid()}@%h",
            "--loglevel",
            "INFO",
        ],
        cwd=BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    app = Celery(broker=broker_url, backend=broker_url)
    yield app
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


def listing_calls():
    return list(
        ChannelCall.objects.filter(operation="getListingsItem")
        .order_by("pk")
        .values_list("http_status", "error_kind", "attempt", "created_at")
    )


def test_throttled_then_transient_are_retried_after_their_countdown(worker, amazon_sandbox, connect):
    channel_account = connect(amazon=amazon_sandbox)["amazon"]
    adapter_for(channel_account).listing_put(luggage_payload())
    amazon_sandbox.faults({"next": ["throttle", "server_error"], "operations": ["getListingsItem"]})

    result = worker.send_task(
        "channels.tasks.channel_listing_state_fetch_task", args=[channel_account.pk, "BAG-1", US], queue=QUEUE
    )

    state = result.get(timeout=60)  # the final answer, after every retry
    result.forget()
    assert state["exists"] is True
    calls = listing_calls()
    assert [(status, kind, attempt) for status, kind, attempt, _ in calls] == [
        (429, "throttled", 1),
        (500, "transient", 2),
        (200, "", 3),
    ]
    first_gap = (calls[1][3] - calls[0][3]).total_seconds()
    second_gap = (calls[2][3] - calls[1][3]).total_seconds()
    assert first_gap >= 0.2  # the 429's retry_after (1 / paced rate) is the floor
    assert second_gap >= 0.5  # transient: half of the 2nd backoff step (0.5 s * 2) at least


def test_rejected_is_not_retried(worker, amazon_sandbox, connect):
    channel_account = connect(amazon=amazon_sandbox)["amazon"]

    result = worker.send_task(
        "channels.tasks.channel_listing_state_fetch_task",
        args=[channel_account.pk, "BAG-1", "NOTAMARKETPLACE"],
        queue=QUEUE,
    )

    result.get(timeout=60, propagate=False)  # FAILURE is final: no retry is scheduled after it
    assert (result.state, type(result.result).__name__) == ("FAILURE", "RejectedError")
    result.forget()
    assert [(status, kind, attempt) for status, kind, attempt, _ in listing_calls()] == [(400, "rejected", 1)]


def test_auth_failure_marks_the_account_in_the_worker(worker, amazon_sandbox, connect):
    channel_account = connect(amazon=amazon_sandbox)["amazon"]
    channel_account_update(channel_account=channel_account, credentials={"refresh_token": "Atzr|not-a-real-token"})

    result = worker.send_task("channels.tasks.channel_account_verify_task", args=[channel_account.pk], queue=QUEUE)

    assert result.get(timeout=60) == "auth_failed"  # verify stores the refusal and returns the status
    result.forget()
    account = ChannelAccount.objects.get(pk=channel_account.pk)
    assert "not-a-real-token" not in account.last_error
    assert list(ChannelCall.objects.values_list("operation", "error_kind")) == [("lwaToken", "auth_failed")]
