"""Disconnecting a marketplace account from the connections page: what other apps set up at the
marketplace with its credentials is undone first (the `channel_account_disconnecting` signal:
Amazon push subscriptions), then the stored credentials are erased and the account is disabled;
its call log and the listings that name it stay."""

from __future__ import annotations

import logging

from django.db import transaction

from channels.models import ChannelAccount, ChannelAccountStatus
from channels.signals import channel_account_disconnecting

logger = logging.getLogger(__name__)


def channel_account_disconnect(*, channel_account: ChannelAccount) -> ChannelAccount:
    # Outside the transaction: receivers call the marketplace, and no row lock is held meanwhile.
    # A receiver that fails does not keep the credentials: the seller asked for them to go.
    if channel_account.credentials_encrypted:
        for receiver, outcome in channel_account_disconnecting.send_robust(
            sender=ChannelAccount, channel_account=channel_account
        ):
            if isinstance(outcome, Exception):
                logger.warning(
                    "Disconnecting channel account %s: %s failed: %s",
                    channel_account.pk,
                    getattr(receiver, "__qualname__", receiver),
                    outcome,
                )
    with transaction.atomic():
        row = ChannelAccount.objects.select_for_update().get(pk=channel_account.pk)
        row.credentials_encrypted = ""
        row.status = ChannelAccountStatus.DISABLED
        row.last_error = ""
        row.save(update_fields=["credentials_encrypted", "status", "last_error", "updated_at"])
    return row
