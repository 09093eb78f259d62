"""Disconnecting a marketplace account from the connections page: the stored credentials are
erased and the account is disabled; its call log and the listings that name it stay."""

from __future__ import annotations

from django.db import transaction

from channels.models import ChannelAccount, ChannelAccountStatus


@transaction.atomic
def channel_account_disconnect(*, channel_account: ChannelAccount) -> ChannelAccount:
    row = ChannelAccount.objects.select_for_update().get(pk=channel_account.pk)
    row.credentials_encrypted = ""
    row.status = ChannelAccountStatus.DISABLED
    row.last_error = ""
    row.save(update_fields=["credentials_encrypted", "status", "last_error", "updated_at"])
    return row
