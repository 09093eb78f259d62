"""Signal receivers of the fulfilment app."""

from __future__ import annotations

from django.db import transaction


def channel_account_connected_subscribe(sender, channel_account, **kwargs) -> None:  # type: ignore[no-untyped-def]
    """A connected Amazon account gets its push subscriptions (a task, after commit)."""
    from fulfilment.services.notifications import notifications_enabled

    if channel_account.family != "amazon" or not notifications_enabled():
        return
    from fulfilment.tasks import notifications_setup_task

    transaction.on_commit(lambda pk=channel_account.pk: notifications_setup_task.delay(pk))


def channel_account_disconnecting_unsubscribe(sender, channel_account, **kwargs) -> None:  # type: ignore[no-untyped-def]
    """An Amazon account being disconnected loses its push subscriptions at Amazon now, while its
    credentials still work (a task after the disconnect would find them erased)."""
    if channel_account.family != "amazon":
        return
    from fulfilment.services.notifications import notifications_unsubscribe

    notifications_unsubscribe(channel_account=channel_account)
