"""Celery tasks that talk to marketplaces, and the base class every such task uses.

ChannelTask retries ThrottledError and TransientError with exponential backoff and jitter (a
throttle's retry_after, at most CHANNELS_RETRY_AFTER_MAX_SECONDS, is the floor), acks late so a
killed worker loses nothing, and never retries RejectedError, NotFoundError, AuthFailedError or
OutcomeUnknownError (a create that may have been applied: the caller reads the marketplace's
state first); an AuthFailedError also marks the channel account (status and last error). Workers
never sleep waiting for the rate limiter: a "not yet" is a ThrottledError, re-queued with its
countdown.
"""

from __future__ import annotations

import random
from dataclasses import asdict, dataclass
from typing import Any

from celery import Task, shared_task
from django.conf import settings

from channels import services
from channels.exceptions import AuthFailedError, ChannelError, ThrottledError, TransientError
from channels.models import ChannelAccount
from channels.redaction import redacted_logger
from channels.registry import adapter_for
from channels.wire import attempt_scope, capped_wait
from hub.core.jsonable import jsonable

logger = redacted_logger(__name__)


@dataclass(frozen=True)
class RetryPlan:
    """What ChannelTask decided about a failed attempt, attached to its log record as
    `record.channel_retry` (tests and log processors read the fields, not the text)."""

    task: str
    attempt: int  # the attempt that failed; 1 = the first try
    error_kind: str
    countdown: float  # seconds until the next attempt (0 when it gave up)
    gave_up: bool = False


def retry_countdown(error: ChannelError, retries: int, *, rng: random.Random | None = None) -> float:
    """Seconds before the next attempt. Transient: exponential in the number of retries so far
    (CHANNELS_RETRY_BACKOFF_SECONDS doubling, at most CHANNELS_RETRY_BACKOFF_MAX_SECONDS), with
    "equal jitter" (half fixed, half random) so a crowd of tasks does not come back at once.
    Throttled: the retry_after in full, capped at CHANNELS_RETRY_AFTER_MAX_SECONDS, plus up to
    half the backoff step as jitter."""
    draw = (rng or random).random()
    base = float(settings.CHANNELS_RETRY_BACKOFF_SECONDS)
    cap = float(settings.CHANNELS_RETRY_BACKOFF_MAX_SECONDS)
    backoff = min(cap, base * (2**retries))
    if isinstance(error, ThrottledError):
        return round(capped_wait(error.retry_after) + draw * backoff / 2, 3)
    return round(backoff / 2 + draw * backoff / 2, 3)


class ChannelTask(Task):
    acks_late = True
    reject_on_worker_lost = True
    max_retries = None  # set from settings when the task runs (see __call__)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        retries = self.request.retries or 0
        with attempt_scope(retries + 1):
            try:
                return super().__call__(*args, **kwargs)
            except (ThrottledError, TransientError) as error:
                limit = int(settings.CHANNELS_TASK_MAX_RETRIES)
                if retries >= limit:
                    plan = RetryPlan(self.name, retries + 1, error.kind.value, 0.0, gave_up=True)
                    logger.warning(
                        "%s gave up after %s attempts: %s",
                        self.name,
                        retries + 1,
                        error.message,
                        extra={"channel_retry": plan},
                    )
                    raise
                countdown = retry_countdown(error, retries)
                plan = RetryPlan(self.name, retries + 1, error.kind.value, countdown)
                logger.info(
                    "%s: %s (%s); retry %s in %.3fs",
                    self.name,
                    error.kind,
                    error.message,
                    retries + 1,
                    countdown,
                    extra={"channel_retry": plan},
                )
                raise self.retry(exc=error, countdown=countdown, max_retries=limit) from None
            except AuthFailedError as error:
                channel_account_pk = kwargs.get("channel_account_pk", args[0] if args else None)
                if channel_account_pk is not None:
                    services.channel_account_mark_auth_failed(channel_account_pk=int(channel_account_pk), error=error)
                raise


@shared_task(base=ChannelTask, name="channels.tasks.channel_account_verify_task")
def channel_account_verify_task(channel_account_pk: int) -> str:
    channel_account = ChannelAccount.objects.get(pk=channel_account_pk)
    return services.channel_account_verify(channel_account=channel_account, wait_seconds=0).status


@shared_task(base=ChannelTask, name="channels.tasks.channel_listing_state_fetch_task")
def channel_listing_state_fetch_task(
    channel_account_pk: int, sku: str, marketplace_id: str, external_reference: str = ""
) -> dict[str, Any]:
    channel_account = ChannelAccount.objects.get(pk=channel_account_pk)
    adapter = adapter_for(channel_account, wait_seconds=0)
    try:
        state = adapter.listing_get(sku=sku, marketplace_id=marketplace_id, external_reference=external_reference)
    finally:
        adapter.close()
    return jsonable(asdict(state))


@shared_task(name="channels.tasks.channel_call_prune_task")
def channel_call_prune_task() -> int:
    return services.channel_call_prune()
