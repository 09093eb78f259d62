import logging
import random

import pytest
from celery import shared_task

from channels.exceptions import AuthFailedError, RejectedError, ThrottledError, TransientError
from channels.models import ChannelAccount
from channels.tasks import ChannelTask, RetryPlan, retry_countdown
from channels.wire import current_attempt
from tests.channels.factories import amazon_account

SCRIPT: list = []
ATTEMPTS: list[int] = []


@shared_task(base=ChannelTask, name="tests.channels.scripted_task")
def scripted_task(channel_account_pk: int) -> str:
    ATTEMPTS.append(current_attempt())
    outcome = SCRIPT.pop(0)
    if isinstance(outcome, Exception):
        raise outcome
    return outcome


@pytest.fixture(autouse=True)
def _reset():
    SCRIPT.clear()
    ATTEMPTS.clear()


def test_countdown_is_exponential_with_equal_jitter(settings):
    settings.CHANNELS_RETRY_BACKOFF_SECONDS = 2
    settings.CHANNELS_RETRY_BACKOFF_MAX_SECONDS = 600
    low, high = random.Random(), random.Random()
    low.random, high.random = (lambda: 0.0), (lambda: 0.999999)

    transient = TransientError("x")
    assert [retry_countdown(transient, n, rng=low) for n in range(4)] == [1.0, 2.0, 4.0, 8.0]
    assert [retry_countdown(transient, n, rng=high) for n in range(4)] == [2.0, 4.0, 8.0, 16.0]
    assert retry_countdown(transient, 20, rng=high) == 600.0


def test_throttle_waits_at_least_its_retry_after(settings):
    settings.CHANNELS_RETRY_BACKOFF_SECONDS = 2
    zero = random.Random()
    zero.random = lambda: 0.0

    assert retry_countdown(ThrottledError("x", retry_after=0.18), 0, rng=zero) == 0.18
    assert retry_countdown(ThrottledError("x", retry_after=30), 3, rng=zero) == 30.0


@pytest.mark.django_db
def test_throttled_and_transient_errors_retry_then_succeed(account, caplog, monkeypatch, settings):
    settings.CHANNELS_RETRY_BACKOFF_SECONDS = 2
    monkeypatch.setattr(random, "random", lambda: 0.5)  # the jitter's draw, fixed
    channel_account = amazon_account(account)
    SCRIPT.extend([ThrottledError("429", retry_after=0.5), TransientError("503"), "done"])

    with caplog.at_level(logging.INFO, logger="channels.tasks"):
        result = scripted_task.apply(args=[channel_account.pk])

    assert result.get() == "done"
    assert ATTEMPTS == [1, 2, 3]
    plans = [record.channel_retry for record in caplog.records if hasattr(record, "channel_retry")]
    assert plans == [
        # the throttle's 0.5 s in full + half the first backoff step (2 s) times the draw
        RetryPlan("tests.channels.scripted_task", 1, "throttled", 1.0),
        # transient, second step (4 s): half fixed + half times the draw
        RetryPlan("tests.channels.scripted_task", 2, "transient", 3.0),
    ]


@pytest.mark.django_db
def test_rejected_is_never_retried(account):
    channel_account = amazon_account(account)
    SCRIPT.extend([RejectedError("bad content"), "never"])

    result = scripted_task.apply(args=[channel_account.pk])

    assert isinstance(result.result, RejectedError)
    assert ATTEMPTS == [1]


@pytest.mark.django_db
def test_auth_failure_marks_the_channel_account_and_does_not_retry(account, caplog):
    channel_account = amazon_account(account)
    SCRIPT.extend([AuthFailedError("LWA refused the credentials: invalid_grant (client_secret=abc123)"), "never"])

    with caplog.at_level(logging.DEBUG):
        result = scripted_task.apply(args=[channel_account.pk])

    assert isinstance(result.result, AuthFailedError)
    assert ATTEMPTS == [1]
    channel_account = ChannelAccount.objects.get(pk=channel_account.pk)
    assert channel_account.status == "auth_failed"
    assert channel_account.last_error == "LWA refused the credentials: invalid_grant (client_secret=***)"
    assert "raised unexpected" in caplog.text  # Celery logged the failure, without the secret
    assert "abc123" not in caplog.text


@pytest.mark.django_db
def test_retries_stop_at_the_configured_maximum(account, settings, caplog):
    settings.CHANNELS_TASK_MAX_RETRIES = 2
    channel_account = amazon_account(account)
    SCRIPT.extend([TransientError("a"), TransientError("b"), TransientError("c"), "never"])

    with caplog.at_level(logging.INFO, logger="channels.tasks"):
        result = scripted_task.apply(args=[channel_account.pk])

    assert isinstance(result.result, TransientError) and result.result.message == "c"
    assert ATTEMPTS == [1, 2, 3]
    plans = [record.channel_retry for record in caplog.records if hasattr(record, "channel_retry")]
    assert [(plan.attempt, plan.gave_up) for plan in plans] == [(1, False), (2, False), (3, True)]


def test_base_task_acks_late():
    assert scripted_task.acks_late is True
    assert scripted_task.reject_on_worker_lost is True
