"""Order pulls: per (channel account, marketplace), from the watermark minus an overlap, every
page. The watermark moves only after the last page, so a pull that dies half-way is repeated
from the same point and the idempotent upsert makes the repetition harmless."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from channels.exceptions import ThrottledError, TransientError
from channels.models import ChannelAccount
from channels.registry import adapter_for
from channels.types import Order as CanonicalOrder
from fulfilment.models import PullCursor
from fulfilment.services.context import IngestContext
from fulfilment.services.ingest import orders_ingest

logger = logging.getLogger(__name__)


@dataclass
class PullSummary:
    channel_account_pk: int
    marketplaces: list[str] = field(default_factory=list)
    pages: int = 0
    seen: int = 0
    created: int = 0
    changed: int = 0

    def as_dict(self) -> dict:
        return self.__dict__.copy()


def pull_marketplaces(channel_account: ChannelAccount) -> list[str]:
    if channel_account.family == "amazon":
        return list(channel_account.marketplaces or [])
    return [channel_account.family]


def _complete(adapter, family: str, order: CanonicalOrder) -> CanonicalOrder:  # type: ignore[no-untyped-def]
    """AliExpress's order list has neither the order amount nor the address: read the order."""
    if family == "aliexpress" and (order.total is None or order.ship_to is None):
        detail = adapter.order_get(order_reference=order.external_reference)
        return replace(
            detail, updated_at=max(detail.updated_at, order.updated_at), status=order.status or detail.status
        )
    return order


def orders_pull(
    *,
    channel_account: ChannelAccount,
    since: datetime | None = None,
    marketplace_ids: list[str] | None = None,
    adapter=None,  # type: ignore[no-untyped-def]
    wait_seconds: float | None = None,
    on_page=None,  # type: ignore[no-untyped-def]
) -> PullSummary:
    """`on_page(orders seen so far)` after each page (benchmarks follow memory with it)."""
    summary = PullSummary(channel_account.pk)
    own_adapter = adapter is None
    if adapter is None:
        kwargs = {"wait_seconds": wait_seconds} if wait_seconds is not None else {}
        adapter = adapter_for(channel_account, **kwargs)
    overlap = timedelta(seconds=settings.FULFILMENT_PULL_OVERLAP_SECONDS)
    context = IngestContext(channel_account.account_id)
    try:
        for marketplace in marketplace_ids or pull_marketplaces(channel_account):
            cursor, _ = PullCursor.objects.get_or_create(channel_account=channel_account, marketplace_id=marketplace)
            start = since or (
                cursor.watermark - overlap
                if cursor.watermark
                else timezone.now() - timedelta(days=settings.FULFILMENT_INITIAL_LOOKBACK_DAYS)
            )
            cursor.last_started_at = timezone.now()
            cursor.save(update_fields=["last_started_at"])
            newest = cursor.watermark
            pages = seen = 0
            token: str | None = None
            markets = [marketplace] if channel_account.family == "amazon" else []
            while True:
                page = _page(adapter, since=start, marketplace_ids=markets, next_token=token)
                pages += 1
                answers = [_complete(adapter, channel_account.family, raw) for raw in page.orders]
                for result in orders_ingest(
                    account=channel_account.account,
                    channel_account=channel_account,
                    canonicals=answers,
                    context=context,
                ):
                    summary.created += int(result.created)
                    summary.changed += int(result.changed)
                for raw in answers:
                    seen += 1
                    if newest is None or raw.updated_at > newest:
                        newest = raw.updated_at
                token = page.next_token
                del answers, page  # a page at a time: nothing of it outlives the next one
                if on_page is not None:
                    on_page(summary.seen + seen)
                if not token:
                    break
            cursor.watermark = newest
            cursor.last_finished_at = timezone.now()
            cursor.last_pages, cursor.last_orders, cursor.last_error = pages, seen, ""
            cursor.save()
            summary.marketplaces.append(marketplace)
            summary.pages += pages
            summary.seen += seen
    except Exception as error:
        PullCursor.objects.filter(channel_account=channel_account).update(last_error=str(error)[:2000])
        raise
    finally:
        if own_adapter and hasattr(adapter, "close"):
            adapter.close()
    return summary


PAGE_ATTEMPTS = 5  # a page that failed this often fails the pull (which is repeated from its watermark)


def _page(adapter, **query):  # type: ignore[no-untyped-def]
    """One page, tried again on a throttled or transient answer: the watermark moves only after
    the last page, so without this one 5xx in a long backfill (50 pages of 100) would repeat the
    whole pull, and at a 10 % fault rate it would almost never finish."""
    for attempt in range(1, PAGE_ATTEMPTS + 1):
        try:
            return adapter.orders_changed_since(**query)
        except (ThrottledError, TransientError) as error:
            if attempt == PAGE_ATTEMPTS:
                raise
            wait = getattr(error, "retry_after", None) or 0.25 * 2 ** (attempt - 1)
            if wait > settings.FULFILMENT_PULL_RATE_WAIT_SECONDS:
                # Minutes of pacing (Amazon's searchOrders): not slept in a worker slot; the
                # task is retried after it instead, and what was read so far is already stored.
                raise
            wait = min(wait, 10.0)
            logger.info("order page failed (%s), attempt %s; again in %.2fs", error, attempt, wait)
            time.sleep(wait)
    raise AssertionError("unreachable")
