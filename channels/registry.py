"""Resolve the adapter for a channel account (dotted paths in settings.CHANNEL_ADAPTERS).

Imports point one way: tasks -> services -> registry -> (calllog, credential_store, wire, models);
nothing here imports services or tasks."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.module_loading import import_string

from channels.base import MarketplaceAdapter
from channels.calllog import DatabaseCallSink
from channels.credential_store import DatabaseCredentialStore
from channels.crypto import credentials_decrypt
from channels.models import ChannelAccount
from channels.types import Connection, Family
from channels.wire import CallSink


def connection_for(channel_account: ChannelAccount) -> Connection:
    return Connection(
        account_pk=channel_account.pk,
        seller_account_pk=channel_account.account_id,
        family=Family(channel_account.family),
        marketplaces=tuple(channel_account.marketplaces or ()),
        base_urls=dict(channel_account.base_urls or {}),
        credentials=credentials_decrypt(channel_account.credentials_encrypted),
        seller_reference=channel_account.seller_reference,
        options=dict(channel_account.options or {}),
    )


def adapter_class(family: str) -> type:
    return import_string(settings.CHANNEL_ADAPTERS[family])


def adapter_for(channel_account: ChannelAccount, *, sink: CallSink | None = None, **kwargs: Any) -> MarketplaceAdapter:
    """An adapter speaking for `channel_account`: calls are logged to the database, refreshed
    tokens are saved back to the account (encrypted). Extra keyword arguments (wait_seconds,
    timeout, limiter) go to the adapter."""
    kwargs.setdefault("credential_store", DatabaseCredentialStore(channel_account_pk=channel_account.pk))
    return adapter_class(channel_account.family)(
        connection_for(channel_account), sink=sink or DatabaseCallSink(), **kwargs
    )
