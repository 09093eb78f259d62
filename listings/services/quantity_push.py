"""The debounced, batched quantity push: every committed stock or reservation change
(hub.inventory's `stock_changed`) marks its variants dirty; the first mark of a quiet account
schedules one push LISTINGS_QUANTITY_DEBOUNCE_SECONDS later, and that push sends every variant
marked until then in one job of quantity patches (batched per marketplace). The push runs on its own
queue (LISTINGS_QUANTITY_QUEUE) and sends the job itself, so it never waits behind a long publish
on the family queues.

With Redis (REDIS_URL) the dirty variants are a set per account and one push is scheduled per
window (SET NX); without it each change schedules a push of its own variants. The beat's
`quantity_sync` stays as a backstop for stock written outside hub.inventory's services."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable

from django.conf import settings

from hub.accounts.models import SellerAccount
from listings.models import Listing, PublishJob

logger = logging.getLogger(__name__)


def _dirty_key(account_id: int) -> str:
    return f"listings:quantity:dirty:{account_id}"


def _scheduled_key(account_id: int) -> str:
    return f"listings:quantity:scheduled:{account_id}"


def _redis():
    url = getattr(settings, "REDIS_URL", "")
    if not url:
        return None
    import redis

    return redis.Redis.from_url(url, socket_timeout=1.0, socket_connect_timeout=1.0)


def _schedule(account_id: int, variant_ids: list[int] | None, countdown: float) -> None:
    from listings.tasks import quantity_push_task

    quantity_push_task.apply_async(
        args=[account_id, variant_ids], countdown=countdown, queue=settings.LISTINGS_QUANTITY_QUEUE
    )


def quantity_mark_dirty(*, account_id: int, variant_ids: Iterable[int]) -> bool:
    """Mark the variants dirty and make sure a push is scheduled; False when none is listed."""
    ids = sorted(set(variant_ids))
    if not ids or not Listing.objects.filter(account_id=account_id, variant_id__in=ids, enabled=True).exists():
        return False
    debounce = float(settings.LISTINGS_QUANTITY_DEBOUNCE_SECONDS)
    client = _redis()
    if client is not None:
        try:
            pipe = client.pipeline()
            pipe.sadd(_dirty_key(account_id), *ids)
            # Expires by itself should a scheduled push be lost (the next change schedules again).
            pipe.set(_scheduled_key(account_id), "1", nx=True, ex=int(debounce * 6) + 60)
            _added, scheduled = pipe.execute()
        except Exception as error:  # Redis down: the change still gets its own push
            logger.warning("quantity push: Redis unavailable (%s); scheduling the change alone", error)
        else:
            if scheduled:
                _schedule(account_id, None, debounce)
            return True
    _schedule(account_id, ids, debounce)
    return True


def _take_dirty(account_id: int) -> set[int]:
    """The dirty variants, taken atomically; a change marked from now on schedules the next push."""
    client = _redis()
    if client is None:
        return set()
    client.delete(_scheduled_key(account_id))
    taken = f"{_dirty_key(account_id)}:{uuid.uuid4().hex}"
    try:
        client.rename(_dirty_key(account_id), taken)
    except Exception:  # no such key: nothing is dirty
        return set()
    pipe = client.pipeline()
    pipe.smembers(taken)
    pipe.delete(taken)
    members, _deleted = pipe.execute()
    return {int(member) for member in members}


def quantity_push(*, account_id: int, variant_ids: Iterable[int] | None = None) -> PublishJob | None:
    """Refresh the quantities of the dirty (or given) variants and send the patches now."""
    from listings.services.apply import publish_job_run
    from listings.services.sync import quantity_refresh

    ids = set(variant_ids) if variant_ids is not None else _take_dirty(account_id)
    if not ids:
        return None
    account = SellerAccount.objects.get(pk=account_id)
    job = quantity_refresh(account=account, variant_ids=ids, enqueue=False)
    if job is None:
        return None
    for family in sorted(set(job.items.values_list("family", flat=True))):
        publish_job_run(job.pk, family)
    job.refresh_from_db()
    return job
