"""Apply: a publish job runs a plan's work through the adapters, the cheapest way each marketplace
allows, and records what was acknowledged.

- Amazon: one JSON_LISTINGS_FEED per marketplace above the account's feed threshold (its processing
  report tells each message's fate), single Listings Items calls below it; parents before children,
  the children's document uploaded while the parents' feed is processed.
- AliExpress / Wish: one product call per product to create or re-send, each answer written in one
  transaction on a thread of its own while the next call is out; price and stock changes in the
  adapters' batch calls.
- Every item is marked "sending" (committed) before its call. After a crash, or when the answer was
  lost (OutcomeUnknownError), the item is reconciled by reading the live state; a create is never
  sent again blind.
- Throttling waits (retry-after) and retries; the job counts them. Cancelling stops between calls;
  a job is resumable: items already done are never sent again.
"""

from __future__ import annotations

import functools
import logging
import queue
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from decimal import Decimal

from django.conf import settings
from django.db import connections, transaction
from django.db.models import F
from django.utils import timezone

from channels.exceptions import (
    ChannelError,
    NotFoundError,
    OutcomeUnknownError,
    RejectedError,
    ThrottledError,
    TransientError,
)
from channels.models import ChannelAccount
from channels.types import FeedMessage, FeedSubmission, Issue, ListingPayload, OfferUpdate
from hub.accounts.models import SellerAccount
from listings.builders.common import SALE_KEYS, payload_from_dict
from listings.models import (
    ItemState,
    JobStatus,
    Listing,
    ListingParent,
    ListingPush,
    ListingStatus,
    PublishItem,
    PublishJob,
    PushAction,
)
from listings.services.build import Selection, listings_build, settings_for
from listings.services.plan import plan_build

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 6
PROGRESS_SECONDS = 0.5  # how often a runner writes its progress counts and reads "cancel"
THROTTLE_PATIENCE = 900.0
OFFER_ACTIONS = (PushAction.PATCH_PRICE, PushAction.PATCH_QUANTITY, PushAction.PATCH_OFFER)
PUT_ACTIONS = (PushAction.CREATE, PushAction.REPLACE)
PAYLOAD_FIELDS = ("desired_payload", "acked_payload")


# --- creating jobs --------------------------------------------------------------------------------


def publish_job_create(
    *,
    account: SellerAccount,
    selection: Selection | None = None,
    user=None,
    build: bool = True,
    rebuild: bool = False,
    enqueue: bool = True,
    actions: Collection[str] | None = None,
) -> PublishJob:
    """Build the desired state of the selection (what changed; with `rebuild`, all of it), plan it,
    and queue its work as a job. `actions` keeps only that work (a quantity push sends patches,
    never a create another job is sending)."""
    selection = selection or Selection()
    if build:
        listings_build(account=account, selection=selection, changed_only=not rebuild)
    plan = plan_build(account=account, selection=selection)
    with transaction.atomic():
        job = PublishJob.objects.create(
            account=account,
            created_by=user if getattr(user, "pk", None) else None,
            selection=selection.as_dict(),
            summary={**plan.counts, "calls": plan.calls, "blocked": plan.blocked},
        )
        items = []
        parent_done: set[int] = set()
        for entry in plan.work:
            if actions is not None and entry.action not in actions:
                continue
            if entry.family != "amazon" and entry.kind == "listing" and entry.action == PushAction.DELIST:
                continue  # left out of its product's next call, or the product's delist covers it
            if entry.family != "amazon" and entry.kind == "listing" and entry.action in PUT_ACTIONS:
                # Sent inside its product's call: one item for the product.
                if entry.parent in parent_done:
                    continue
                parent_done.add(entry.parent)
                items.append(
                    PublishItem(
                        job=job,
                        family=entry.family,
                        channel_account_id=entry.channel_account,
                        marketplace_id=entry.marketplace_id,
                        parent_id=entry.parent,
                        action=entry.action,
                    )
                )
                continue
            if entry.kind == "parent" and entry.family != "amazon":
                if entry.pk in parent_done:
                    continue
                parent_done.add(entry.pk)
            items.append(
                PublishItem(
                    job=job,
                    family=entry.family,
                    channel_account_id=entry.channel_account,
                    marketplace_id=entry.marketplace_id,
                    listing_id=entry.pk if entry.kind == "listing" else None,
                    parent_id=entry.pk if entry.kind == "parent" else None,
                    action=entry.action,
                )
            )
        PublishItem.objects.bulk_create(items, batch_size=2000)
        job.total = len(items)
        if not items:
            job.status = JobStatus.DONE
            job.finished_at = timezone.now()
        job.save()
        Listing.objects.filter(pk__in=[i.listing_id for i in items if i.listing_id]).filter(
            status=ListingStatus.DRAFT
        ).update(status=ListingStatus.QUEUED)
        if enqueue and items:
            families = sorted({item.family for item in items})
            transaction.on_commit(lambda: publish_job_enqueue(job, families=families))
    return job


def publish_job_enqueue(job: PublishJob, *, families: Iterable[str] | None = None) -> None:
    from listings.tasks import publish_job_run_task

    if families is None:
        families = (
            PublishItem.objects.filter(job=job, state__in=[ItemState.PENDING, ItemState.SENDING])
            .values_list("family", flat=True)
            .distinct()
        )
    for family in sorted(set(families)):
        publish_job_run_task.apply_async(args=[job.pk, family], queue=settings.LISTINGS_QUEUES[family])


def publish_job_cancel(*, job: PublishJob) -> PublishJob:
    PublishJob.objects.filter(pk=job.pk).update(cancel_requested=True)
    job.refresh_from_db()
    if job.status == JobStatus.QUEUED:
        _finish_cancelled(job)
        job.refresh_from_db()
    return job


def publish_job_resume(*, job: PublishJob) -> PublishJob:
    if job.status in (JobStatus.DONE, JobStatus.CANCELLED):
        return job
    PublishJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, cancel_requested=False)
    publish_job_enqueue(job)
    job.refresh_from_db()
    return job


def _finish_cancelled(job: PublishJob) -> None:
    skipped = PublishItem.objects.filter(job=job, state=ItemState.PENDING).update(
        state=ItemState.SKIPPED, message="cancelled"
    )
    logger.info("Job %s cancelled, %s items skipped", job.pk, skipped)
    PublishJob.objects.filter(pk=job.pk).update(status=JobStatus.CANCELLED, finished_at=timezone.now())


def _job_finish_if_complete(job_pk: int) -> None:
    with transaction.atomic():
        job = PublishJob.objects.select_for_update().get(pk=job_pk)
        if job.status in (JobStatus.DONE, JobStatus.CANCELLED, JobStatus.FAILED):
            return
        if PublishItem.objects.filter(job=job, state__in=[ItemState.PENDING, ItemState.SENDING]).exists():
            return
        job.status = JobStatus.DONE if job.failed < job.total or job.total == 0 else JobStatus.FAILED
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "finished_at", "updated_at"])


# --- running --------------------------------------------------------------------------------------


class Runner:
    """Runs one job's items of one family. `sleep` is injectable for tests."""

    def __init__(self, job: PublishJob, family: str, *, sleep: Callable[[float], None] = time.sleep) -> None:
        self.job = job
        self.family = family
        self.sleep = sleep
        self.now = timezone.now
        self.feed_threshold = settings_for(job.account).feed_threshold
        self._counts = {"done": 0, "failed": 0, "waits": 0}
        self._counts_lock = threading.Lock()
        self._flushed_at = time.monotonic()
        self._cancel = False
        self._cancel_checked: float | None = None

    # bookkeeping ---------------------------------------------------------------------------------

    def cancelled(self) -> bool:
        """Whether the job was cancelled: read at most every PROGRESS_SECONDS (a cancel stops the
        run within that time, between calls)."""
        now = time.monotonic()
        if self._cancel_checked is None or now - self._cancel_checked >= PROGRESS_SECONDS or self._cancel:
            self._cancel = PublishJob.objects.filter(pk=self.job.pk, cancel_requested=True).exists()
            self._cancel_checked = now
        return self._cancel

    def _count(self, *, done: int = 0, failed: int = 0, waits: int = 0) -> None:
        """Progress counts, written to the job at most every PROGRESS_SECONDS (and at the end): the
        progress bar stays live without one job update per listing."""
        with self._counts_lock:  # the answers' writes count from a thread of their own
            self._counts["done"] += done
            self._counts["failed"] += failed
            self._counts["waits"] += waits
            due = time.monotonic() - self._flushed_at >= PROGRESS_SECONDS
        if due:
            self.flush()

    def flush(self) -> None:
        with self._counts_lock:
            counts, self._counts = self._counts, {"done": 0, "failed": 0, "waits": 0}
            self._flushed_at = time.monotonic()
        if not any(counts.values()):
            return
        PublishJob.objects.filter(pk=self.job.pk).update(
            done=F("done") + counts["done"],
            failed=F("failed") + counts["failed"],
            throttle_waits=F("throttle_waits") + counts["waits"],
            updated_at=timezone.now(),
        )

    def _mark_sending(self, items: list[PublishItem]) -> None:
        PublishItem.objects.filter(pk__in=[i.pk for i in items]).update(state=ItemState.SENDING)

    def _item_done(self, item: PublishItem, *, ok: bool, message: str = "", issues: Iterable[Issue] = ()) -> None:
        PublishItem.objects.filter(pk=item.pk).update(
            state=ItemState.DONE if ok else ItemState.FAILED,
            message=message[:2000],
            issues=[_issue_dict(i) for i in issues],
        )
        self._count(done=1 if ok else 0, failed=0 if ok else 1)

    def call(self, fn: Callable, *args, **kwargs):
        """One marketplace call: throttling is waited out (retry-after, counted in the job) for up to
        THROTTLE_PATIENCE seconds; transient failures are retried with backoff."""
        attempt = 0
        deadline = time.monotonic() + THROTTLE_PATIENCE
        while True:
            try:
                return fn(*args, **kwargs)
            except ThrottledError as error:
                if time.monotonic() > deadline:
                    raise
                self._count(waits=1)
                self.sleep(min(max(error.retry_after, 0.05), 60.0))
            except TransientError:
                attempt += 1
                if attempt >= MAX_ATTEMPTS:
                    raise
                self.sleep(min(2**attempt * 0.25, 10.0))

    # entry -------------------------------------------------------------------------------------

    def run(self) -> None:
        PublishJob.objects.filter(pk=self.job.pk, status=JobStatus.QUEUED).update(
            status=JobStatus.RUNNING, started_at=timezone.now()
        )
        # The payloads are left out: a product call reads its parent afresh, and a feed reads its
        # messages' payloads when it builds them (the children's while the parents' feed is
        # processed), so thousands of decoded payloads do not hold up the first call.
        items = (
            PublishItem.objects.filter(
                job=self.job, family=self.family, state__in=[ItemState.PENDING, ItemState.SENDING]
            )
            .select_related("listing", "parent")
            .defer(*(f"{row}__{field}" for row in ("listing", "parent") for field in PAYLOAD_FIELDS))
        )
        by_market: dict[tuple[int, str], list[PublishItem]] = defaultdict(list)
        for item in items.order_by("pk"):
            by_market[(item.channel_account_id, item.marketplace_id)].append(item)
        from channels.registry import adapter_for

        try:
            for (channel_account_pk, marketplace_id), market_items in by_market.items():
                if self.cancelled():
                    break
                channel_account = ChannelAccount.objects.get(pk=channel_account_pk)
                # The hub's pacing is waited out inside each call: a multi-call operation (Wish's
                # read-then-update of a product) retried whole after a pacing refusal spent its
                # first call's token again and again while another worker drew from the same bucket.
                adapter = adapter_for(channel_account, wait_seconds=settings.LISTINGS_RATE_WAIT_SECONDS)
                try:
                    if self.family == "amazon":
                        AmazonRun(self, adapter, channel_account, marketplace_id).run(market_items)
                    else:
                        ProductFamilyRun(self, adapter, channel_account, marketplace_id).run(market_items)
                finally:
                    close = getattr(adapter, "close", None)
                    if close:
                        close()
        finally:
            self.flush()
        if self.cancelled():
            _finish_cancelled(self.job)
            return
        _job_finish_if_complete(self.job.pk)


def _issue_dict(issue: Issue, payload_hash: str = "") -> dict:
    return {
        "code": issue.code,
        "message": issue.message,
        "attribute": issue.attribute,
        "severity": issue.severity,
        "source": "marketplace",
        "blocking": issue.severity == "ERROR",
        "payload_hash": payload_hash,
    }


def _push(row, *, job: PublishJob, action: str, ok: bool, message: str = "", issues=(), submission_id="") -> None:
    ListingPush.objects.create(
        account_id=row.account_id,
        listing=row if isinstance(row, Listing) else None,
        parent=row if isinstance(row, ListingParent) else None,
        job=job,
        action=action,
        ok=ok,
        payload_hash=row.desired_hash,
        submission_id=submission_id,
        message=message[:2000],
        issues=[_issue_dict(i) for i in issues],
    )


def acknowledge(
    row, *, now: datetime, issues: Iterable[Issue] = (), external_id: str = "", sent_hash: str = ""
) -> None:
    """The marketplace accepted the desired payload: it is now what it holds. `sent_hash`: the
    desired hash of what was sent; when the desired state moved on while the call was out (a
    build, a re-price), what the marketplace holds is the payload sent, not the new one: the row is
    acknowledged as published with that older state, so the next plan sends the new one."""
    row.refresh_from_db()
    moved = bool(sent_hash) and sent_hash != row.desired_hash
    row.acked_payload = None if moved else row.desired_payload
    row.acked_hash = sent_hash if moved else row.desired_hash
    row.acked_content_hash = "" if moved else row.desired_content_hash
    row.acked_at = now
    row.last_pushed_at = now
    row.status = ListingStatus.PUBLISHED
    if external_id:
        row.external_id = external_id
    if isinstance(row, Listing):
        row.acked_price = None if moved else row.desired_price
        row.acked_quantity = None if moved else row.desired_quantity
    preflight = [i for i in row.issues or [] if i.get("source") != "marketplace"]
    row.issues = preflight + [_issue_dict(i, row.desired_hash) | {"blocking": False} for i in issues]
    row.save()


def acknowledge_sent(row, *, now: datetime, external_id: str = "") -> None:
    """`acknowledge` for a row as it was sent (its in-memory desired state), in one UPDATE; the
    marketplace's earlier issues are cleared, the pre-flight ones stay."""
    row.acked_payload = row.desired_payload
    row.acked_hash = row.desired_hash
    row.acked_content_hash = row.desired_content_hash
    row.acked_at = row.last_pushed_at = now
    row.status = ListingStatus.PUBLISHED
    row.external_id = external_id or row.external_id
    row.issues = [i for i in row.issues or [] if i.get("source") != "marketplace"]
    fields = ["acked_payload", "acked_hash", "acked_content_hash", "acked_at", "last_pushed_at", "status"]
    fields += ["external_id", "issues"]
    if isinstance(row, Listing):
        row.acked_price, row.acked_quantity = row.desired_price, row.desired_quantity
        fields += ["acked_price", "acked_quantity"]
    type(row).objects.filter(pk=row.pk).update(**{name: getattr(row, name) for name in fields}, updated_at=now)


def acknowledge_offer(row: Listing, *, now: datetime, sent: OfferUpdate) -> None:
    """The marketplace took the offer update `sent`: its figures (not the desired ones, which may
    have moved while the call was out) are what it holds."""
    price, quantity = sent.price is not None, sent.quantity is not None
    row.refresh_from_db()
    if price:
        row.acked_price = sent.price.amount
    if quantity:
        row.acked_quantity = sent.quantity
    if row.acked_payload is not None:
        acked = dict(row.acked_payload)
        desired = row.desired_payload or {}
        if price:
            acked["price"] = {"amount": format(sent.price.amount, "f"), "currency": sent.price.currency}
            for key in SALE_KEYS:  # the sale goes with the price
                acked.pop(key, None)
                if desired.get(key):
                    acked[key] = desired[key]
        if quantity:
            acked["quantity"] = sent.quantity
        if acked.get("variations") and desired.get("variations"):
            acked["variations"] = [
                {**old, **{k: new.get(k) for k in ("price", "quantity") if (k == "price") == price or quantity}}
                for old, new in zip(acked["variations"], desired["variations"], strict=False)
            ]
        row.acked_payload = acked
    if (
        row.desired_content_hash == row.acked_content_hash
        and row.desired_price == row.acked_price
        and row.desired_quantity == row.acked_quantity
    ):
        # Nothing moved while the call was out: the marketplace holds the desired state.
        row.acked_hash = row.desired_hash
        row.acked_payload = row.desired_payload
    row.acked_at = now
    row.last_pushed_at = now
    if row.status in (ListingStatus.QUEUED, ListingStatus.DRAFT, ListingStatus.ERROR):
        row.status = ListingStatus.PUBLISHED
    row.save()


def reject(row, *, now: datetime, issues: Iterable[Issue], status: str = ListingStatus.REJECTED) -> None:
    row.refresh_from_db()
    preflight = [i for i in row.issues or [] if i.get("source") != "marketplace"]
    row.issues = preflight + [_issue_dict(i, row.desired_hash) for i in issues]
    row.status = status
    row.last_pushed_at = now
    row.save()


@dataclass
class _Feed:
    """A feed's items and messages; `document_id` once its document is uploaded ahead."""

    items: list[PublishItem]
    messages: list[FeedMessage]
    by_message: dict[int, PublishItem]
    document_id: str = ""
    # (model, pk) -> desired hash of the payload its UPDATE message carries: what is acknowledged.
    sent_hashes: dict[tuple[type, int], str] = field(default_factory=dict)


class AmazonRun:
    def __init__(self, runner: Runner, adapter, channel_account: ChannelAccount, marketplace_id: str) -> None:
        self.runner = runner
        self.adapter = adapter
        self.channel_account = channel_account
        self.marketplace_id = marketplace_id

    def run(self, items: list[PublishItem]) -> None:
        parents = [i for i in items if i.parent_id]
        children = [i for i in items if i.listing_id]
        # After a crash, items that were being sent are first compared with the live listing.
        for item in [i for i in items if i.state == ItemState.SENDING]:
            self.reconcile(item)
        pending = lambda group: [i for i in group if i.state == ItemState.PENDING]  # noqa: E731
        if len(pending(parents) + pending(children)) > self.runner.feed_threshold:
            self.feeds([pending(parents), pending(children)])
            return
        for item in pending(parents) + pending(children):
            if self.runner.cancelled():
                return
            self.single(item)

    def _row(self, item: PublishItem):
        return item.parent if item.parent_id else item.listing

    def reconcile(self, item: PublishItem) -> None:
        row = self._row(item)
        try:
            state = self.runner.call(self.adapter.listing_get, sku=row.sku, marketplace_id=self.marketplace_id)
        except ChannelError as error:
            self.runner._item_done(item, ok=False, message=f"reconcile: {error}")
            return
        now = self.runner.now()
        if item.action == PushAction.DELIST:
            ok = not state.exists
        elif item.action in OFFER_ACTIONS and isinstance(row, Listing):
            ok = (
                state.exists
                and _same_price(state.price, row.desired_price)
                and (row.desired_quantity is None or state.quantity == row.desired_quantity)
            )
        else:
            ok = state.exists and (isinstance(row, ListingParent) or _same_price(state.price, row.desired_price))
        if ok:
            if item.action == PushAction.DELIST:
                _mark_delisted(row, now)
            else:
                acknowledge(row, now=now, issues=state.issues, external_id=state.external_reference)
            _push(row, job=self.runner.job, action=PushAction.RECONCILE, ok=True, message="live state matches")
            self.runner._item_done(item, ok=True, message="reconciled from the live listing")
        else:
            # Not (or not fully) applied: sending again is safe, Amazon keys listings by SKU.
            item.state = ItemState.PENDING
            PublishItem.objects.filter(pk=item.pk).update(state=ItemState.PENDING)
            _push(row, job=self.runner.job, action=PushAction.RECONCILE, ok=False, message="not live yet: resend")

    def single(self, item: PublishItem) -> None:
        row = self._row(item)
        self.runner._mark_sending([item])
        now = self.runner.now()
        try:
            if item.action == PushAction.DELIST:
                result = self.runner.call(self.adapter.listing_delist, sku=row.sku, marketplace_id=self.marketplace_id)
                _mark_delisted(row, now)
                _push(row, job=self.runner.job, action=item.action, ok=True, submission_id=result.submission_id)
                self.runner._item_done(item, ok=True)
                return
            if item.action in OFFER_ACTIONS:
                update = _offer_update(row, item.action)
                (result,) = self.runner.call(self.adapter.offers_update, [update])
                if result.ok:
                    acknowledge_offer(row, now=now, sent=update)
                else:
                    reject(row, now=now, issues=result.issues, status=row.status)
                _push(row, job=self.runner.job, action=item.action, ok=result.ok, issues=result.issues)
                self.runner._item_done(item, ok=result.ok, issues=result.issues)
                return
            payload = payload_from_dict(row.desired_payload)
            sent_hash = row.desired_hash
            result = self.runner.call(self.adapter.listing_put, payload)
            acknowledge(row, now=now, issues=result.issues, sent_hash=sent_hash)
            _push(
                row,
                job=self.runner.job,
                action=item.action,
                ok=True,
                submission_id=result.submission_id,
                issues=result.issues,
            )
            self.runner._item_done(item, ok=True, message=result.status)
        except RejectedError as error:
            issues = error.issues if hasattr(error, "issues") else ()
            reject(row, now=now, issues=issues or (Issue(code=error.code or "rejected", message=error.message),))
            _push(row, job=self.runner.job, action=item.action, ok=False, message=error.message, issues=issues)
            self.runner._item_done(item, ok=False, message=error.message, issues=issues)
        except OutcomeUnknownError as error:
            _push(row, job=self.runner.job, action=item.action, ok=False, message=str(error))
            self.reconcile(item)
            if PublishItem.objects.filter(pk=item.pk, state=ItemState.PENDING).exists():
                self.single(item)
        except ChannelError as error:
            reject(
                row, now=now, issues=(Issue(code=error.kind.value, message=error.message),), status=ListingStatus.ERROR
            )
            _push(row, job=self.runner.job, action=item.action, ok=False, message=error.message)
            self.runner._item_done(item, ok=False, message=error.message)

    def feed(self, items: list[PublishItem]) -> None:
        self.feeds([items])

    def feeds(self, groups: list[list[PublishItem]]) -> None:
        """One feed per group, each sent once the one before is done (children after their
        parents). While a feed is processed the next one's document is built and uploaded, so its
        createFeed goes out as soon as the feed before it is done; its items are marked "sending"
        only then, just before that call."""
        groups = [group for group in groups if group]
        ahead: _Feed | None = None
        for index, group in enumerate(groups):
            feed = ahead or self._feed_build(group)
            ahead = None
            submission = self._feed_send(feed)
            if submission is None:
                continue
            if index + 1 < len(groups):
                ahead = self._feed_build(groups[index + 1], upload=True)
            self._feed_record(feed, submission)

    def _feed_build(self, items: list[PublishItem], *, upload: bool = False) -> _Feed:
        messages = []
        by_message: dict[int, PublishItem] = {}
        puts = [item for item in items if item.action not in OFFER_ACTIONS and item.action != PushAction.DELIST]
        payloads, sent_hashes = {}, {}
        for model, pks in (
            (ListingParent, [i.parent_id for i in puts if i.parent_id]),  # as _row() picks
            (Listing, [i.listing_id for i in puts if not i.parent_id]),
        ):
            rows = model.objects.filter(pk__in=pks).order_by().values_list("pk", "desired_payload", "desired_hash")
            for pk, payload, desired_hash in rows if pks else ():
                payloads[(model, pk)] = payload
                sent_hashes[(model, pk)] = desired_hash
        for number, item in enumerate(items, start=1):
            row = self._row(item)
            if item.action == PushAction.DELIST:
                message = FeedMessage(message_id=number, sku=row.sku, operation="DELETE")
            elif item.action in OFFER_ACTIONS:
                message = FeedMessage(
                    message_id=number, sku=row.sku, operation="PATCH", offer=_offer_update(row, item.action)
                )
            else:
                payload = payloads[(type(row), row.pk)]
                message = FeedMessage(
                    message_id=number, sku=row.sku, operation="UPDATE", payload=payload_from_dict(payload)
                )
            messages.append(message)
            by_message[number] = item
        feed = _Feed(items=items, messages=messages, by_message=by_message, sent_hashes=sent_hashes)
        uploader = getattr(self.adapter, "feed_upload", None)
        if upload and uploader is not None:
            try:
                feed.document_id = self.runner.call(uploader, marketplace_id=self.marketplace_id, messages=messages)
            except ChannelError as error:  # uploaded again with the feed's creation
                logger.warning("Could not upload a feed document ahead: %s", error)
        return feed

    def _feed_send(self, feed: _Feed) -> FeedSubmission | None:
        """Creates the feed (uploading its document first unless that was done ahead). None when
        the answer was lost: the items were then reconciled and sent one by one."""
        items = feed.items
        self.runner._mark_sending(items)
        try:
            if feed.document_id:
                submission = self.runner.call(
                    self.adapter.feed_create, marketplace_id=self.marketplace_id, document_id=feed.document_id
                )
            else:
                submission = self.runner.call(
                    self.adapter.feed_submit, marketplace_id=self.marketplace_id, messages=feed.messages
                )
        except OutcomeUnknownError:
            # The feed may exist: the items are reconciled one by one from the live listings.
            for item in items:
                self.reconcile(item)
            for item in items:
                if PublishItem.objects.filter(pk=item.pk, state=ItemState.PENDING).exists():
                    self.single(item)
            return None
        return submission

    def _feed_record(self, feed: _Feed, submission: FeedSubmission) -> None:
        """Waits for the feed to be done and records its processing report's outcome per item."""
        items, by_message = feed.items, feed.by_message
        PublishItem.objects.filter(pk__in=[i.pk for i in items]).update(message=f"feed {submission.feed_id}")
        deadline = time.monotonic() + settings.LISTINGS_FEED_WAIT_SECONDS
        status = None
        while time.monotonic() < deadline:
            status = self.runner.call(self.adapter.feed_get, feed_id=submission.feed_id)
            if status.is_done:
                break
            self.runner.sleep(settings.LISTINGS_FEED_POLL_SECONDS)
        if status is None or not status.is_done:
            logger.warning("Feed %s not done in time; the job resumes later", submission.feed_id)
            return
        issues: dict[int, list[Issue]] = defaultdict(list)
        for entry in status.issues:
            issues[entry.message_id].append(entry.issue)
        now = self.runner.now()
        fatal = status.processing_status != "DONE"
        accepted: list[PublishItem] = []
        # The report's outcomes in one transaction (one commit for the feed, not several per item).
        with transaction.atomic():
            for number, item in by_message.items():
                row = self._row(item)
                found = issues.get(number, [])
                errors = [i for i in found if i.severity == "ERROR"]
                if fatal:
                    errors = errors or [
                        Issue(code="FEED_" + status.processing_status, message="the feed was not processed")
                    ]
                if errors:
                    reject(row, now=now, issues=found or errors)
                    _push(
                        row,
                        job=self.runner.job,
                        action=item.action,
                        ok=False,
                        issues=found or errors,
                        submission_id=submission.feed_id,
                    )
                    self.runner._item_done(item, ok=False, issues=found or errors)
                    continue
                if item.action in PUT_ACTIONS and not found:
                    accepted.append(item)  # acknowledged together below
                    continue
                if item.action == PushAction.DELIST:
                    _mark_delisted(row, now)
                elif item.action in OFFER_ACTIONS:
                    acknowledge_offer(row, now=now, sent=feed.messages[number - 1].offer)
                else:
                    acknowledge(row, now=now, issues=found, sent_hash=feed.sent_hashes.get((type(row), row.pk), ""))
                _push(
                    row,
                    job=self.runner.job,
                    action=item.action,
                    ok=True,
                    issues=found,
                    submission_id=submission.feed_id,
                )
                self.runner._item_done(item, ok=True, message=f"feed {submission.feed_id}")
            self._accept_all(accepted, now=now, feed_id=submission.feed_id, sent_hashes=feed.sent_hashes)

    def _accept_all(
        self, items: list[PublishItem], *, now: datetime, feed_id: str, sent_hashes: dict[tuple[type, int], str]
    ) -> None:
        """Creates / replaces the feed report found nothing to say about: acknowledged set-based
        (desired → acknowledged columns in one UPDATE per model), their pushes and items in bulk.
        A row whose desired state moved after its message was built (a build, a re-price during
        the feed's minutes) is acknowledged with the hash sent, not the new state (see
        `acknowledge`): the next plan sends the new one."""
        if not items:
            return
        hashes: dict[type, dict[int, str]] = {Listing: {}, ListingParent: {}}
        for model, pks in (
            (Listing, [i.listing_id for i in items if i.listing_id]),
            (ListingParent, [i.parent_id for i in items if i.parent_id]),
        ):
            if not pks:
                continue
            rows = list(
                model.objects.select_for_update()
                .filter(pk__in=pks)
                .order_by()
                .values_list("pk", "issues", "desired_hash")
            )
            moved = {
                pk: sent_hashes[(model, pk)]
                for pk, _issues, desired_hash in rows
                if sent_hashes.get((model, pk), desired_hash) != desired_hash
            }
            for pk, sent_hash in moved.items():
                stale = {"acked_payload": None, "acked_hash": sent_hash, "acked_content_hash": ""}
                if model is Listing:
                    stale.update(acked_price=None, acked_quantity=None)
                model.objects.filter(pk=pk).update(
                    **stale, acked_at=now, last_pushed_at=now, status=ListingStatus.PUBLISHED, updated_at=now
                )
            pks = [pk for pk in pks if pk not in moved]
            columns = {
                "acked_payload": F("desired_payload"),
                "acked_hash": F("desired_hash"),
                "acked_content_hash": F("desired_content_hash"),
                "acked_at": now,
                "last_pushed_at": now,
                "status": ListingStatus.PUBLISHED,
                "updated_at": now,
            }
            if model is Listing:
                columns.update(acked_price=F("desired_price"), acked_quantity=F("desired_quantity"))
            model.objects.filter(pk__in=pks).update(**columns)
            for pk, issues, desired_hash in rows:
                hashes[model][pk] = moved.get(pk, desired_hash)  # the push records what was sent
                preflight = [i for i in issues or [] if i.get("source") != "marketplace"]
                if len(preflight) != len(issues or []):
                    model.objects.filter(pk=pk).update(issues=preflight)
        ListingPush.objects.bulk_create(
            [
                ListingPush(
                    account_id=self.runner.job.account_id,
                    listing_id=item.listing_id,
                    parent_id=item.parent_id,
                    job=self.runner.job,
                    action=item.action,
                    ok=True,
                    payload_hash=hashes[Listing].get(item.listing_id)
                    or hashes[ListingParent].get(item.parent_id)
                    or "",
                    submission_id=feed_id,
                )
                for item in items
            ],
            batch_size=2000,
        )
        PublishItem.objects.filter(pk__in=[i.pk for i in items]).update(
            state=ItemState.DONE, message=f"feed {feed_id}", issues=[]
        )
        self.runner._count(done=len(items))


class _Recorder:
    """Runs a product family's answer writes in order on a thread of its own (with its own
    database connection) while the runner's thread sends the next call. At most a few answers
    wait; the first failure stops the writing and is raised to the runner (at its next hand-over
    or at `close`): items not written stay "sending" and are reconciled on resume."""

    QUEUED = 4

    def __init__(self) -> None:
        self._tasks: queue.Queue[Callable[[], None] | None] = queue.Queue(maxsize=self.QUEUED)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._work, name="publish-recorder", daemon=True)
        self._thread.start()

    def _work(self) -> None:
        try:
            while (task := self._tasks.get()) is not None:
                if self._error is None:
                    try:
                        task()
                    except BaseException as error:  # raised again on the runner's thread
                        self._error = error
        finally:
            connections.close_all()  # this thread's connections only

    def check(self) -> None:
        """Raises the failure of an earlier answer's writes, if any."""
        if self._error is not None:
            error, self._error = self._error, None
            raise error

    def submit(self, task: Callable[[], None]) -> None:
        self.check()
        self._tasks.put(task)

    def close(self) -> None:
        self._tasks.put(None)
        self._thread.join()
        self.check()


class ProductFamilyRun:
    """AliExpress and Wish: product calls for creates / re-sends, batch calls for offers."""

    def __init__(self, runner: Runner, adapter, channel_account: ChannelAccount, marketplace_id: str) -> None:
        self.runner = runner
        self.adapter = adapter
        self.channel_account = channel_account
        self.marketplace_id = marketplace_id
        self._recorder: _Recorder | None = None

    def run(self, items: list[PublishItem]) -> None:
        for item in [i for i in items if i.state == ItemState.SENDING]:
            self.reconcile(item)
        pending = [i for i in items if i.state == ItemState.PENDING]
        products = [i for i in pending if i.parent_id and i.action in PUT_ACTIONS]
        delists = [i for i in pending if i.action == PushAction.DELIST]
        offers = [i for i in pending if i.listing_id and i.action in OFFER_ACTIONS]
        # Each answer is recorded on a thread of its own while the next product's call is out (a
        # product's writes took as long as its call). Not inside a caller's transaction: another
        # connection would not see its rows.
        if len(products + delists) > 1 and not transaction.get_connection().in_atomic_block:
            self._recorder = _Recorder()
        try:
            for item in products + delists:
                if self.runner.cancelled():
                    return
                self.product(item)
        finally:
            recorder, self._recorder = self._recorder, None
            if recorder is not None:
                recorder.close()  # every answer written (or its failure raised) before going on
        size = max(1, int(getattr(self.adapter, "offer_batch_size", 20)))
        for start in range(0, len(offers), size * 10):
            if self.runner.cancelled():
                return
            self.offers(offers[start : start + size * 10])

    def reconcile(self, item: PublishItem) -> None:
        row = item.parent if item.parent_id else item.listing
        row.refresh_from_db()
        external = row.external_id
        if not external and item.parent_id:
            finder = getattr(self.adapter, "listing_find", None)
            if finder is not None:
                # Wish finds a product by its parent SKU, AliExpress by one of its SKU codes.
                variations = (row.desired_payload or {}).get("variations") or [{}]
                key = row.sku if self.channel_account.family == "wish" else variations[0].get("sku", row.sku)
                try:
                    found = self.runner.call(finder, sku=key, marketplace_id=self.marketplace_id)
                except ChannelError as error:
                    self.runner._item_done(item, ok=False, message=f"reconcile: {error}")
                    return
                external = found.external_reference if found.exists else ""
        if not external:
            if item.action == PushAction.CREATE and getattr(self.adapter, "listing_find", None) is None:
                # Cannot tell whether the product exists: leave it to a person, never resend blind.
                self.runner._item_done(
                    item, ok=False, message="outcome unknown; check the marketplace before resending"
                )
                return
            PublishItem.objects.filter(pk=item.pk).update(state=ItemState.PENDING)
            item.state = ItemState.PENDING
            return
        if item.action == PushAction.CREATE and not row.external_id:
            now = self.runner.now()
            self._acknowledge_product(row, external, now)
            _push(row, job=self.runner.job, action=PushAction.RECONCILE, ok=True, message=f"found product {external}")
            self.runner._item_done(item, ok=True, message="reconciled: the product exists")
            return
        PublishItem.objects.filter(pk=item.pk).update(state=ItemState.PENDING)
        item.state = ItemState.PENDING

    def _acknowledge_product(self, parent: ListingParent, external: str, now: datetime) -> None:
        """The product call was accepted: the parent and every variant it carried now hold their
        desired state. Set-based (three queries per product, whatever its variant count, unless
        something needs fixing: marketplace issues to clear, quantities moved, disabled variants)."""
        acknowledge_sent(parent, now=now, external_id=external)
        variations = (parent.desired_payload or {}).get("variations") or []
        sent = {variation["sku"]: variation.get("quantity") or 0 for variation in variations}
        sent_prices = {
            variation["sku"]: Decimal(str(variation["price"]["amount"]))
            for variation in variations
            if variation.get("price")
        }
        Listing.objects.filter(parent=parent, sku__in=sent).update(
            acked_payload=F("desired_payload"),
            acked_hash=F("desired_hash"),
            acked_content_hash=F("desired_content_hash"),
            acked_price=F("desired_price"),
            acked_quantity=F("desired_quantity"),
            acked_at=now,
            last_pushed_at=now,
            status=ListingStatus.PUBLISHED,
            external_id=external,
            updated_at=now,
        )
        # Read after the update: a desired quantity that moved meanwhile is seen as moved.
        rows = list(
            Listing.objects.filter(parent=parent)
            .order_by()
            .values_list("pk", "sku", "issues", "desired_quantity", "variant_id", "enabled", "status", "desired_price")
        )
        for pk, sku, *_rest, desired_price in rows:
            if sku in sent_prices and desired_price is not None and desired_price != sent_prices[sku]:
                # Re-priced while the call was out: the marketplace holds the price sent, and the
                # product's hash (never the listing's desired one) leaves the patch to the next plan.
                Listing.objects.filter(pk=pk).update(acked_price=sent_prices[sku], acked_hash=parent.desired_hash)
        rows = [row[:-1] for row in rows]
        for pk, sku, issues, _desired, _variant, _enabled, _status in rows:
            if sku not in sent:
                continue
            preflight = [i for i in issues or [] if i.get("source") != "marketplace"]
            if len(preflight) != len(issues or []):
                Listing.objects.filter(pk=pk).update(issues=preflight)
        self._moved_during_call(
            parent,
            [
                (pk, sent[sku], variant_id)
                for pk, sku, _issues, desired, variant_id, _enabled, _status in rows
                if sku in sent and (desired or 0) != sent[sku]
            ],
        )
        disabled = [
            pk
            for pk, _sku, _issues, _desired, _variant, enabled, status in rows
            if not enabled and status != ListingStatus.DELISTED
        ]
        if disabled:
            Listing.objects.filter(pk__in=disabled).update(
                status=ListingStatus.DELISTED, last_pushed_at=now, acked_hash="", acked_content_hash="", updated_at=now
            )

    def _moved_during_call(self, parent: ListingParent, moved: list[tuple[int, int, int]]) -> None:
        """A stock change committed while the product call was out (a quantity push moved the
        desired figures, and skipped the variants as the product had no id yet): the marketplace
        holds the quantities sent, so they are what is acknowledged, and the variants are marked
        for the next quantity push, which finds the product's id now. `moved`: (listing pk,
        quantity sent, variant id)."""
        if not moved:
            return
        from listings.services.quantity_push import quantity_mark_dirty

        for pk, quantity, _variant_id in moved:
            # The product's hash, never the listing's desired one: the plan sees the patch still to send.
            Listing.objects.filter(pk=pk).update(acked_quantity=quantity, acked_hash=parent.desired_hash)
        variant_ids = [variant_id for _pk, _q, variant_id in moved]
        # Once the acknowledgement is committed: the push must read the quantities written above.
        transaction.on_commit(lambda: quantity_mark_dirty(account_id=parent.account_id, variant_ids=variant_ids))

    def product(self, item: PublishItem) -> None:
        # The newest desired state (a quantity push may have moved it), payloads included.
        if self._recorder is not None:
            self._recorder.check()  # no further call once writing an answer failed
        parent = item.parent = ListingParent.objects.get(pk=item.parent_id)
        now = self.runner.now()
        self.runner._mark_sending([item])
        row = item.listing or parent
        try:
            if item.action == PushAction.DELIST:
                result = self.runner.call(
                    self.adapter.listing_delist,
                    sku=row.sku,
                    marketplace_id=self.marketplace_id,
                    external_reference=parent.external_id,
                )
            else:
                payload = replace(payload_from_dict(parent.desired_payload), external_reference=parent.external_id)
                result = self.runner.call(self.adapter.listing_put, payload)
        except RejectedError as error:
            issues = error.issues or (Issue(code=error.code or "rejected", message=error.message),)
            self._record(functools.partial(self._rejected, item, parent, now, error, issues))
            return
        except OutcomeUnknownError as error:
            _push(parent, job=self.runner.job, action=item.action, ok=False, message=str(error))
            self.reconcile(item)
            return
        except ChannelError as error:
            self._record(functools.partial(self._failed, item, parent, now, error))
            return
        self._record(functools.partial(self._accepted, item, parent, now, result))

    def _record(self, write: Callable[[], None]) -> None:
        if self._recorder is not None:
            self._recorder.submit(write)
        else:
            write()

    # What an answer settles (the product, its variants, the push, the item) is one transaction:
    # one commit per product instead of one per statement (each waits for the WAL flush), and a
    # crash leaves the item "sending" with nothing half-acknowledged, to be reconciled.

    def _rejected(self, item: PublishItem, parent: ListingParent, now: datetime, error, issues) -> None:
        with transaction.atomic():
            reject(parent, now=now, issues=issues)
            for child in Listing.objects.filter(parent=parent):
                reject(child, now=now, issues=issues)
            _push(parent, job=self.runner.job, action=item.action, ok=False, message=error.message, issues=issues)
            self.runner._item_done(item, ok=False, message=error.message, issues=issues)

    def _failed(self, item: PublishItem, parent: ListingParent, now: datetime, error: ChannelError) -> None:
        with transaction.atomic():
            reject(
                parent,
                now=now,
                issues=(Issue(code=error.kind.value, message=error.message),),
                status=ListingStatus.ERROR,
            )
            _push(parent, job=self.runner.job, action=item.action, ok=False, message=error.message)
            self.runner._item_done(item, ok=False, message=error.message)

    def _accepted(self, item: PublishItem, parent: ListingParent, now: datetime, result) -> None:
        with transaction.atomic():
            if item.action == PushAction.DELIST:
                _mark_delisted(parent, now)
                for child in Listing.objects.filter(parent=parent):
                    _mark_delisted(child, now)
                _push(parent, job=self.runner.job, action=item.action, ok=True)
                self.runner._item_done(item, ok=True, message=result.status)
                return
            self._acknowledge_product(parent, result.external_reference or parent.external_id, now)
            _push(parent, job=self.runner.job, action=item.action, ok=True, submission_id=result.submission_id)
            self.runner._item_done(item, ok=True, message=f"product {result.external_reference}")

    def offers(self, items: list[PublishItem]) -> None:
        updates = [_offer_update(item.listing, item.action) for item in items]
        self.runner._mark_sending(items)
        now = self.runner.now()
        try:
            results = self.runner.call(self.adapter.offers_update, updates)
        except ChannelError as error:
            for item in items:
                _push(item.listing, job=self.runner.job, action=item.action, ok=False, message=str(error))
                self.runner._item_done(item, ok=False, message=str(error))
            return
        with transaction.atomic():  # one commit for the batch's answers, not several per listing
            for item, update, result in zip(items, updates, results, strict=True):
                row = item.listing
                if result.ok:
                    acknowledge_offer(row, now=now, sent=update)
                else:
                    reject(row, now=now, issues=result.issues, status=row.status)
                _push(row, job=self.runner.job, action=item.action, ok=result.ok, issues=result.issues)
                self.runner._item_done(item, ok=result.ok, issues=result.issues)


def _same_price(live, desired) -> bool:
    if desired is None:
        return True
    return live is not None and live.amount == desired


def _offer_update(row: Listing, action: str) -> OfferUpdate:
    from currency.money import Money

    row.refresh_from_db()
    price = (
        Money(row.desired_price, row.currency)
        if action in (PushAction.PATCH_PRICE, PushAction.PATCH_OFFER) and row.desired_price is not None
        else None
    )
    quantity = row.desired_quantity if action in (PushAction.PATCH_QUANTITY, PushAction.PATCH_OFFER) else None
    desired = row.desired_payload or {}
    sale = desired.get("sale_price") if price is not None else None
    return OfferUpdate(
        sku=row.sku,
        marketplace_id=row.marketplace_id,
        price=price,
        quantity=quantity,
        external_reference=row.external_id,
        product_type=desired.get("product_type", ""),
        sale_price=Money(Decimal(str(sale["amount"])), sale["currency"]) if sale else None,
        sale_start=desired.get("sale_start", "") if sale else "",
        sale_end=desired.get("sale_end", "") if sale else "",
    )


def _mark_delisted(row, now: datetime) -> None:
    row.refresh_from_db()
    row.status = ListingStatus.DELISTED
    row.last_pushed_at = now
    row.acked_hash = ""
    row.acked_content_hash = ""
    row.save()


def publish_job_run(job_pk: int, family: str, *, sleep: Callable[[float], None] = time.sleep) -> None:
    job = PublishJob.objects.select_related("account").get(pk=job_pk)
    if job.status in (JobStatus.DONE, JobStatus.CANCELLED):
        return
    Runner(job, family, sleep=sleep).run()


def listing_payload(row) -> ListingPayload:
    return payload_from_dict(row.desired_payload)


def _not_found(_error: NotFoundError) -> None:  # pragma: no cover - kept for symmetry
    return None
