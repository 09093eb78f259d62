"""The credential store adapters get when they speak for a channel account row: refreshed tokens
go back to the row, encrypted (see channels.credentials for the protocol)."""

from __future__ import annotations

from collections.abc import Mapping

from django.db import transaction

from channels.credentials import Refresher
from channels.crypto import credentials_decrypt, credentials_encrypt
from channels.exceptions import ChannelError
from channels.models import ChannelAccount


class DatabaseCredentialStore:
    """Refreshed tokens go back to the account row, encrypted; the row lock makes concurrent
    refreshes of one account take turns (the second one finds the first one's token)."""

    def __init__(self, *, channel_account_pk: int) -> None:
        self.channel_account_pk = channel_account_pk

    def refresh(self, *, used: Mapping[str, str], key: str, refresher: Refresher) -> Mapping[str, str]:
        failure: ChannelError | None = None
        with transaction.atomic():
            row = ChannelAccount.objects.select_for_update().get(pk=self.channel_account_pk)
            stored = credentials_decrypt(row.credentials_encrypted)
            if stored.get(key) != used.get(key):
                return stored
            try:
                updated = {**stored, **refresher(stored)}
            except ChannelError as error:
                # Raised after the block commits, so the refused token call stays in the call log.
                failure = error
            else:
                row.credentials_encrypted = credentials_encrypt(updated)
                row.save(update_fields=["credentials_encrypted", "updated_at"])
                return updated
        raise failure
