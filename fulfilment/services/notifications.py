"""Push, not only poll: Amazon's ORDER_CHANGE and FULFILLMENT_ORDER_STATUS notifications, read
from SQS with boto3 (long poll), turned into a targeted read of the one order and the same
`order_ingest` path a pull takes (or an MCF follow), the message deleted once that committed.

Harmless twice and out of order: a NotificationId handled before is dropped (a receipt row per
id, unique in the database); a notification whose change time is not newer than the stored
order's marketplace update time costs no call; and whatever passes, the order is read again from
Amazon and `order_ingest` ignores an answer that is not newer than what is stored. Polling stays
the safety net (beat `fulfilment-orders-pull`): a notification lost or never sent is a change the
next pull sees.

The consumer is a long-running process (`manage.py notifications consume`, the Procfile's
`notifications` line), not a beat task: a long poll returns the moment a message arrives (a beat
task every N seconds would add up to N seconds and hold a worker slot in a 20 s receive), it scales
by running more of them (SQS hands each message to one receiver at a time), and a consumer that
dies leaves its messages to reappear after the visibility timeout. Messages that keep failing go
to the queue's dead-letter queue by its redrive policy (production configuration).
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, OperationalError, close_old_connections, connection, transaction
from django.utils import timezone

from channels.exceptions import ChannelError, NotFoundError, TransientError
from channels.models import ChannelAccount, ChannelAccountStatus
from channels.registry import adapter_class, adapter_for
from channels.types import MarketplaceNotification, NotificationKind
from fulfilment.models import NotificationReceipt, NotificationSubscription, Order, Shipment, ShipmentStatus
from fulfilment.services.ingest import IngestResult, order_ingest

logger = logging.getLogger(__name__)

ADAPTER_MAX_AGE_SECONDS = 600  # the consumer builds a channel account's adapter again after this
RATE_WAIT_SECONDS = 5.0  # wait this long for the rate limiter before giving a message back


# --- the queue ---------------------------------------------------------------------------------------


def sqs_client():  # type: ignore[no-untyped-def]
    import boto3

    return boto3.client("sqs", region_name=settings.AWS_SQS_REGION_NAME, endpoint_url=settings.AWS_SQS_ENDPOINT_URL)


def notifications_enabled() -> bool:
    return bool(settings.FULFILMENT_NOTIFICATIONS_QUEUE_URL)


def notifications_queue(client=None) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    """(queue URL, queue ARN) of the configured queue, created first when settings say so."""
    url = settings.FULFILMENT_NOTIFICATIONS_QUEUE_URL
    if not url:
        raise ValueError("FULFILMENT_NOTIFICATIONS_QUEUE_URL is not set")
    client = client or sqs_client()
    if settings.FULFILMENT_NOTIFICATIONS_CREATE_QUEUE:
        url = client.create_queue(QueueName=url.rstrip("/").rsplit("/", 1)[-1])["QueueUrl"]
    arn = (
        settings.FULFILMENT_NOTIFICATIONS_QUEUE_ARN
        or (client.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"])
    )
    return url, arn


# --- subscribing a channel account ---------------------------------------------------------------------


def notifications_subscribe(*, channel_account: ChannelAccount, adapter=None) -> NotificationSubscription | None:  # type: ignore[no-untyped-def]
    """Create (or find) the destination for our queue and the subscriptions for this Amazon
    account, and remember them. Idempotent; None when push is off or the account is not Amazon's."""
    if channel_account.family != "amazon" or not notifications_enabled():
        return None
    record, _ = NotificationSubscription.objects.get_or_create(channel_account=channel_account)
    try:
        _url, arn = notifications_queue()
    except Exception as error:  # SQS unreachable or refusing (botocore errors): a task tries again
        record.last_error = f"SQS: {error}"[:2000]
        record.save(update_fields=["last_error"])
        raise TransientError(f"SQS queue not available: {error}") from error
    own = adapter is None
    adapter = adapter or adapter_for(channel_account, wait_seconds=RATE_WAIT_SECONDS)
    try:
        setup = adapter.notifications_setup(destination_arn=arn)
    except ChannelError as error:
        record.last_error = error.message[:2000]
        record.save(update_fields=["last_error"])
        raise
    finally:
        if own:
            adapter.close()
    record.destination_id, record.destination_arn = setup.destination_id, setup.destination_arn
    record.subscriptions, record.set_up_at, record.last_error = dict(setup.subscriptions), timezone.now(), ""
    record.save()
    return record


def notifications_unsubscribe(*, channel_account: ChannelAccount, adapter=None) -> int | None:  # type: ignore[no-untyped-def]
    """Undo `notifications_subscribe` at Amazon (the disconnect calls this while the credentials
    still work): the seller's subscriptions are deleted, then the destination when no other
    channel account of the hub still uses it, then the record. Returns the subscriptions deleted;
    None when nothing was set up. Subscriptions are the Amazon seller's, so they stay while another
    channel account set up for the same seller (another hub account) still uses them. A failure
    raises ChannelError with the record kept and its last_error set."""
    if channel_account.family != "amazon":
        return None
    record = NotificationSubscription.objects.filter(channel_account=channel_account).first()
    if record is None:
        return None
    others = NotificationSubscription.objects.exclude(channel_account=channel_account).exclude(
        channel_account__status=ChannelAccountStatus.DISABLED
    )
    same_seller = bool(channel_account.seller_reference) and (
        others.filter(
            channel_account__family="amazon", channel_account__seller_reference=channel_account.seller_reference
        ).exists()
    )
    destination_shared = not record.destination_id or others.filter(destination_id=record.destination_id).exists()
    removed = 0
    if not (same_seller and destination_shared):
        own = adapter is None
        adapter = adapter or adapter_for(channel_account, wait_seconds=RATE_WAIT_SECONDS)
        try:
            if not same_seller:
                removed = adapter.notifications_teardown()
            if not destination_shared:
                adapter.notifications_destination_delete(destination_id=record.destination_id)
        except ChannelError as error:
            record.last_error = f"Unsubscribing: {error.message}"[:2000]
            record.save(update_fields=["last_error"])
            raise
        finally:
            if own:
                adapter.close()
    record.delete()
    logger.info(
        "Channel account %s: %s push subscription(s) deleted at Amazon%s",
        channel_account.pk,
        removed,
        "" if destination_shared else f", destination {record.destination_id} deleted",
    )
    return removed


def notifications_accounts_to_set_up() -> list[ChannelAccount]:
    """Connected Amazon accounts whose subscriptions are missing, failed, or for another queue."""
    if not notifications_enabled():
        return []
    arn = settings.FULFILMENT_NOTIFICATIONS_QUEUE_ARN
    accounts = (
        ChannelAccount.objects.filter(family="amazon", status=ChannelAccountStatus.CONNECTED)
        .exclude(credentials_encrypted="")
        .select_related("notification_subscription")
    )
    due = []
    for channel_account in accounts:
        record = getattr(channel_account, "notification_subscription", None)
        if record is None or record.set_up_at is None or record.last_error or (arn and record.destination_arn != arn):
            due.append(channel_account)
    return due


def notification_receipts_prune() -> int:
    cutoff = timezone.now() - timedelta(days=settings.FULFILMENT_NOTIFICATIONS_KEEP_DAYS)
    deleted, _ = NotificationReceipt.objects.filter(received_at__lt=cutoff).delete()
    return deleted


# --- one notification ----------------------------------------------------------------------------------


def order_fetch_ingest(
    *,
    channel_account: ChannelAccount,
    order_reference: str,
    marketplace_id: str = "",
    adapter=None,  # type: ignore[no-untyped-def]
    context=None,  # type: ignore[no-untyped-def]
) -> IngestResult:
    """Read one order from its marketplace and take it in through `order_ingest`."""
    own = adapter is None
    adapter = adapter or adapter_for(channel_account, wait_seconds=RATE_WAIT_SECONDS)
    try:
        kwargs = {"marketplace_id": marketplace_id} if marketplace_id and channel_account.family == "amazon" else {}
        canonical = adapter.order_get(order_reference=order_reference, **kwargs)
    finally:
        if own:
            adapter.close()
    return order_ingest(
        account=channel_account.account, channel_account=channel_account, canonical=canonical, context=context
    )


def _accounts_for(notification: MarketplaceNotification) -> list[ChannelAccount]:
    accounts = (
        ChannelAccount.objects.filter(family="amazon", seller_reference=notification.seller_reference)
        .exclude(status=ChannelAccountStatus.DISABLED)
        .exclude(credentials_encrypted="")
        .select_related("account")
        .order_by("pk")
    )
    return [
        channel_account
        for channel_account in accounts
        if not notification.marketplace_id
        or not channel_account.marketplaces
        or notification.marketplace_id in channel_account.marketplaces
    ]


def _order_outcome(notification, channel_account, adapters) -> str:  # type: ignore[no-untyped-def]
    stored = (
        Order.objects.filter(channel_account=channel_account, external_id=notification.reference)
        .values_list("marketplace_updated_at", flat=True)
        .first()
    )
    # Amazon's order answers give the last update to the second, its notifications to the
    # millisecond: compare whole seconds (a second change within the same second is the pull's).
    changed = notification.changed_at.replace(microsecond=0) if notification.changed_at else None
    if stored is not None and changed is not None and stored >= changed:
        return "stale"  # we already hold this change or a newer one: no call
    try:
        result = order_fetch_ingest(
            channel_account=channel_account,
            order_reference=notification.reference,
            marketplace_id=notification.marketplace_id,
            adapter=adapters.get(channel_account),
        )
    except NotFoundError:
        return "unknown"  # not this seller's order (or gone): nothing to take in
    return "ingested" if result.changed else "unchanged"


def _fulfillment_outcome(notification, channel_account, adapters) -> str:  # type: ignore[no-untyped-def]
    from fulfilment.services.mcf import mcf_follow

    shipment = (
        Shipment.objects.filter(
            seller_fulfillment_order_id=notification.reference, order__account_id=channel_account.account_id
        )
        .only("pk", "status")
        .first()
    )
    if shipment is None:
        return "unknown"
    if shipment.status != ShipmentStatus.REQUESTED:
        return "stale"
    mcf_follow(shipment_pk=shipment.pk, adapter=adapters.get(channel_account))
    return "followed"


def notification_handle(notification: MarketplaceNotification, *, adapters: AdapterPool | None = None) -> str:
    """Act on one notification; returns the outcome (duplicate, stale, ingested, unchanged,
    followed, unknown). Marketplace errors propagate: the message stays in the queue."""
    if NotificationReceipt.objects.filter(notification_id=notification.notification_id).exists():
        return "duplicate"
    adapters = adapters or AdapterPool()
    accounts = _accounts_for(notification)
    outcome = "unknown"
    for channel_account in accounts:
        if notification.kind is NotificationKind.ORDER:
            outcome = _order_outcome(notification, channel_account, adapters)
        else:
            outcome = _fulfillment_outcome(notification, channel_account, adapters)
    try:
        with transaction.atomic():
            NotificationReceipt.objects.create(
                notification_id=notification.notification_id,
                channel_account=accounts[0] if accounts else None,
                notification_type=notification.notification_type,
                reference=notification.reference[:120],
                changed_at=notification.changed_at,
                outcome=outcome,
            )
    except IntegrityError:
        return "duplicate"  # another consumer handled the same id meanwhile; both were harmless
    return outcome


class AdapterPool:
    """The consumer's adapters, one per channel account, rebuilt every ADAPTER_MAX_AGE_SECONDS
    (credentials or base URLs may have changed)."""

    def __init__(self) -> None:
        self._adapters: dict[int, tuple[object, float]] = {}

    def get(self, channel_account: ChannelAccount):  # type: ignore[no-untyped-def]
        entry = self._adapters.get(channel_account.pk)
        if entry is not None and time.monotonic() - entry[1] < ADAPTER_MAX_AGE_SECONDS:
            return entry[0]
        if entry is not None:
            entry[0].close()
        adapter = adapter_for(channel_account, wait_seconds=RATE_WAIT_SECONDS)
        self._adapters[channel_account.pk] = (adapter, time.monotonic())
        return adapter

    def close(self) -> None:
        for adapter, _ in self._adapters.values():
            adapter.close()
        self._adapters.clear()


# --- the consumer ---------------------------------------------------------------------------------------


@dataclass
class ConsumeSummary:
    received: int = 0
    deleted: int = 0
    retried: int = 0
    dropped: int = 0  # not a notification we act on (deleted)
    outcomes: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {**self.__dict__, "outcomes": dict(self.outcomes)}


RETRYABLE = (OperationalError,)


def notifications_consume(
    *,
    stop: threading.Event | None = None,
    max_receives: int | None = None,
    idle_exit: bool = False,
    wait_seconds: int | None = None,
    client=None,  # type: ignore[no-untyped-def]
) -> ConsumeSummary:
    """Receive, handle and delete until `stop` is set (or `max_receives` receive calls were made,
    or — with `idle_exit` — a receive came back empty)."""
    client = client or sqs_client()
    url, _arn = notifications_queue(client)
    wait = settings.FULFILMENT_NOTIFICATIONS_WAIT_SECONDS if wait_seconds is None else wait_seconds
    parse = adapter_class("amazon").notification_parse
    summary, adapters, receives = ConsumeSummary(), AdapterPool(), 0
    try:
        while not (stop is not None and stop.is_set()) and (max_receives is None or receives < max_receives):
            receives += 1
            answer = client.receive_message(
                QueueUrl=url,
                MaxNumberOfMessages=10,
                WaitTimeSeconds=wait,
                VisibilityTimeout=settings.FULFILMENT_NOTIFICATIONS_VISIBILITY_SECONDS,
            )
            messages = answer.get("Messages") or []
            if not messages and idle_exit:
                break
            if not connection.in_atomic_block:  # a long-running process: drop a dead connection
                close_old_connections()
            done = []
            for message in messages:
                summary.received += 1
                notification = parse(message.get("Body") or "")
                if notification is None:
                    summary.dropped += 1
                    done.append(message)
                    continue
                try:
                    outcome = notification_handle(notification, adapters=adapters)
                except (ChannelError, *RETRYABLE) as error:
                    summary.retried += 1
                    if isinstance(error, ChannelError) and not error.retryable:
                        # Refused or unauthorised: back after the visibility timeout, and to the
                        # dead-letter queue after the redrive policy's receive count.
                        logger.warning("notification %s: %s", notification.notification_id, error)
                        continue
                    logger.info("notification %s later: %s", notification.notification_id, error)
                    # Throttled or unavailable: back soon rather than after the whole timeout.
                    client.change_message_visibility(
                        QueueUrl=url,
                        ReceiptHandle=message["ReceiptHandle"],
                        VisibilityTimeout=settings.FULFILMENT_NOTIFICATIONS_RETRY_SECONDS,
                    )
                    continue
                summary.outcomes[outcome] = summary.outcomes.get(outcome, 0) + 1
                done.append(message)
            for start in range(0, len(done), 10):
                entries = [
                    {"Id": str(index), "ReceiptHandle": message["ReceiptHandle"]}
                    for index, message in enumerate(done[start : start + 10])
                ]
                client.delete_message_batch(QueueUrl=url, Entries=entries)
                summary.deleted += len(entries)
    finally:
        adapters.close()
    return summary
