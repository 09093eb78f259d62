"""Thin Celery tasks over the fulfilment services. Marketplace calls go through ChannelTask
(retries throttled / transient errors, acks late); every task is safe to run twice."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings

from channels.models import ChannelAccount, ChannelAccountStatus
from channels.tasks import ChannelTask


@shared_task(base=ChannelTask, name="fulfilment.tasks.orders_pull_task")
def orders_pull_task(channel_account_pk: int, since: str | None = None, marketplace_id: str | None = None) -> dict:
    from datetime import datetime

    from django.db import OperationalError

    from channels.exceptions import TransientError
    from fulfilment.services.pull import orders_pull

    channel_account = ChannelAccount.objects.select_related("account").get(pk=channel_account_pk)
    start = datetime.fromisoformat(since) if since else None
    try:
        summary = orders_pull(
            channel_account=channel_account,
            since=start,
            wait_seconds=settings.FULFILMENT_PULL_RATE_WAIT_SECONDS,
            marketplace_ids=[marketplace_id] if marketplace_id else None,
        ).as_dict()
        if marketplace_id:
            _pull_scheduled_release(channel_account_pk, marketplace_id)
        return summary
    except OperationalError as error:
        # SQLite (the embedded default) answers "database is locked" when two workers write at
        # once; a pull is idempotent, so it is simply tried again.
        if "locked" not in str(error):
            raise
        raise TransientError(f"database busy: {error}") from error


@shared_task(name="fulfilment.tasks.orders_pull_all_task")
def orders_pull_all_task() -> int:
    """Beat: one pull task per (channel account, marketplace), so marketplaces pull in parallel."""
    from fulfilment.services.pull import pull_marketplaces

    accounts = list(
        ChannelAccount.objects.exclude(
            status__in=[ChannelAccountStatus.DISABLED, ChannelAccountStatus.AUTH_FAILED]
        ).exclude(credentials_encrypted="")
    )
    queued = 0
    for channel_account in accounts:
        for marketplace_id in pull_marketplaces(channel_account):
            if not _pull_scheduled_claim(channel_account.pk, marketplace_id):
                continue
            orders_pull_task.delay(channel_account.pk, None, marketplace_id)
            queued += 1
    return queued


# A marketplace whose pull is still queued, running or waiting to retry gets no second one: Amazon's
# searchOrders refills one call every 3 minutes, so pulls every 2 minutes per marketplace piled up
# and, sleeping on the pacing, held every worker slot (tracking pushes waited behind them). The
# claim lapses on its own after a few intervals in case its task died.
def _pull_scheduled_key(channel_account_pk: int, marketplace_id: str) -> str:
    return f"fulfilment:pull-scheduled:{channel_account_pk}:{marketplace_id}"


def _pull_scheduled_claim(channel_account_pk: int, marketplace_id: str) -> bool:
    from django.core.cache import cache

    timeout = settings.FULFILMENT_PULL_INTERVAL_SECONDS * 5
    return cache.add(_pull_scheduled_key(channel_account_pk, marketplace_id), 1, timeout=timeout)


def _pull_scheduled_release(channel_account_pk: int, marketplace_id: str) -> None:
    from django.core.cache import cache

    cache.delete(_pull_scheduled_key(channel_account_pk, marketplace_id))


@shared_task(base=ChannelTask, name="fulfilment.tasks.mcf_create_task")
def mcf_create_task(shipment_pk: int) -> str:
    from fulfilment.services.mcf import mcf_request

    return mcf_request(shipment_pk=shipment_pk)


@shared_task(base=ChannelTask, name="fulfilment.tasks.mcf_cancel_task")
def mcf_cancel_task(shipment_pk: int) -> str:
    from fulfilment.services.mcf import mcf_cancel

    return mcf_cancel(shipment_pk=shipment_pk)


@shared_task(base=ChannelTask, name="fulfilment.tasks.mcf_follow_task")
def mcf_follow_task(shipment_pk: int) -> str:
    from fulfilment.services.mcf import mcf_follow

    return mcf_follow(shipment_pk=shipment_pk)


@shared_task(base=ChannelTask, name="fulfilment.tasks.tracking_push_task")
def tracking_push_task(push_pk: int) -> str:
    from fulfilment.services.tracking import tracking_push_send

    return tracking_push_send(push_pk=push_pk)


@shared_task(name="fulfilment.tasks.fulfilment_follow_task")
def fulfilment_follow_task() -> dict:
    """Beat: follow requested MCF orders, send due tracking pushes, retry backorders and
    unconverted money."""
    from fulfilment.services.follow import fulfilment_follow_queue

    return fulfilment_follow_queue()


@shared_task(base=ChannelTask, name="fulfilment.tasks.inbound_pull_task")
def inbound_pull_task(channel_account_pk: int, marketplace_id: str) -> int:
    from fulfilment.services.inbound import inbound_pull

    channel_account = ChannelAccount.objects.get(pk=channel_account_pk)
    return inbound_pull(channel_account=channel_account, marketplace_id=marketplace_id)


@shared_task(name="fulfilment.tasks.inbound_pull_all_task")
def inbound_pull_all_task() -> int:
    queued = 0
    for channel_account in (
        ChannelAccount.objects.filter(family="amazon")
        .exclude(credentials_encrypted="")
        .exclude(status__in=[ChannelAccountStatus.DISABLED, ChannelAccountStatus.AUTH_FAILED])
    ):
        for marketplace_id in channel_account.marketplaces or []:
            inbound_pull_task.delay(channel_account.pk, marketplace_id)
            queued += 1
    return queued


@shared_task(base=ChannelTask, name="fulfilment.tasks.order_finances_task")
def order_finances_task(order_pk: int) -> dict:
    from fulfilment.services.refunds import order_finances_fetch

    return order_finances_fetch(order_pk=order_pk)


@shared_task(base=ChannelTask, name="fulfilment.tasks.notifications_setup_task")
def notifications_setup_task(channel_account_pk: int) -> dict:
    """Destination + subscriptions at Amazon for one channel account (after it connected)."""
    from fulfilment.services.notifications import notifications_subscribe

    channel_account = ChannelAccount.objects.get(pk=channel_account_pk)
    record = notifications_subscribe(channel_account=channel_account)
    return {"subscriptions": dict(record.subscriptions) if record else {}}


@shared_task(name="fulfilment.tasks.notifications_setup_all_task")
def notifications_setup_all_task() -> int:
    """Beat: set up the Amazon accounts that have no (working) subscriptions; prune old receipts."""
    from fulfilment.services.notifications import notification_receipts_prune, notifications_accounts_to_set_up

    notification_receipts_prune()
    due = notifications_accounts_to_set_up()
    for channel_account in due:
        notifications_setup_task.delay(channel_account.pk)
    return len(due)
