"""Writes for the channels app: channel accounts, their credentials, verification, the call log's
pruning and key rotation. (The demo's sandbox connections are infra/demo/channels.py.)"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from channels.crypto import credentials_decrypt, credentials_encrypt, credentials_reencrypt
from channels.exceptions import AuthFailedError, ChannelError
from channels.models import ChannelAccount, ChannelAccountStatus, ChannelCall
from channels.redaction import redact_text
from channels.registry import adapter_for
from channels.signals import channel_account_connected
from channels.types import Family
from channels.validation import (
    base_urls_clean,
    credentials_clean,
    family_validate,
    marketplaces_clean,
)
from hub.accounts.models import SellerAccount

# --- channel accounts ---------------------------------------------------------------------------------


@transaction.atomic
def channel_account_create(
    *,
    account: SellerAccount,
    name: str,
    family: str,
    marketplaces: list[str] | None = None,
    base_urls: dict[str, str] | None = None,
    options: dict[str, Any] | None = None,
    seller_reference: str = "",
    credentials: dict[str, str] | None = None,
) -> ChannelAccount:
    kind = family_validate(family)
    name = (name or "").strip()
    errors: dict[str, list[str]] = {}
    if not name:
        errors["name"] = ["This field is required."]
    elif ChannelAccount.objects.filter(account=account, name=name).exists():
        errors["name"] = ["A channel account with this name exists already."]
    if kind is Family.AMAZON and not (seller_reference or "").strip():
        errors["seller_reference"] = ["Amazon needs the seller id (merchant token)."]
    if errors:
        raise ValidationError(errors)
    channel_account = ChannelAccount(
        account=account,
        name=name,
        family=kind.value,
        marketplaces=marketplaces_clean(kind, marketplaces),
        base_urls=base_urls_clean(kind, base_urls),
        options=dict(options or {}),
        seller_reference=(seller_reference or "").strip(),
    )
    if credentials is not None:
        channel_account.credentials_encrypted = credentials_encrypt(credentials_clean(kind, credentials))
    channel_account.full_clean(exclude=["credentials_encrypted"])
    channel_account.save()
    return channel_account


@transaction.atomic
def channel_account_update(*, channel_account: ChannelAccount, **fields: Any) -> ChannelAccount:
    """Partial update. `credentials` are merged into the stored ones (send only what changes;
    an empty string removes an optional field) and re-validated as a whole."""
    kind = Family(channel_account.family)
    changed: list[str] = []
    if "name" in fields:
        name = (fields["name"] or "").strip()
        if not name:
            raise ValidationError({"name": ["This field is required."]})
        if (
            ChannelAccount.objects.filter(account_id=channel_account.account_id, name=name)
            .exclude(pk=channel_account.pk)
            .exists()
        ):
            raise ValidationError({"name": ["A channel account with this name exists already."]})
        channel_account.name = name
        changed.append("name")
    if "marketplaces" in fields:
        channel_account.marketplaces = marketplaces_clean(kind, fields["marketplaces"])
        changed.append("marketplaces")
    if "base_urls" in fields:
        channel_account.base_urls = base_urls_clean(kind, fields["base_urls"])
        changed.append("base_urls")
    if "options" in fields:
        if not isinstance(fields["options"], dict):
            raise ValidationError({"options": ["Give an object."]})
        channel_account.options = fields["options"]
        changed.append("options")
    if "seller_reference" in fields:
        channel_account.seller_reference = (fields["seller_reference"] or "").strip()
        if kind is Family.AMAZON and not channel_account.seller_reference:
            raise ValidationError({"seller_reference": ["Amazon needs the seller id (merchant token)."]})
        changed.append("seller_reference")
    if fields.get("credentials") is not None:
        if not isinstance(fields["credentials"], dict):
            raise ValidationError({"credentials": ["Give an object of credential fields."]})
        stored = credentials_decrypt(channel_account.credentials_encrypted)
        merged = {**stored, **fields["credentials"]}
        channel_account.credentials_encrypted = credentials_encrypt(credentials_clean(kind, merged))
        # New credentials have not been tried yet.
        channel_account.status = ChannelAccountStatus.NEW
        channel_account.last_error = ""
        changed += ["credentials_encrypted", "status", "last_error"]
    if changed:
        channel_account.save(update_fields=[*changed, "updated_at"])
    return channel_account


def channel_account_delete(*, channel_account: ChannelAccount) -> None:
    channel_account.delete()


def channel_account_mark_auth_failed(*, channel_account_pk: int, error: ChannelError) -> None:
    ChannelAccount.objects.filter(pk=channel_account_pk).update(
        status=ChannelAccountStatus.AUTH_FAILED, last_error=redact_text(error.message)[:2000], updated_at=timezone.now()
    )


def channel_account_verify(*, channel_account: ChannelAccount, **adapter_options: Any) -> ChannelAccount:
    """Ask the marketplace who we are. Auth failures and other marketplace errors are stored on
    the account; throttled / transient errors are re-raised so a task can retry them."""
    try:
        adapter = adapter_for(channel_account, **adapter_options)
        try:
            check = adapter.account_verify()
        finally:
            adapter.close()
    except AuthFailedError as error:
        channel_account_mark_auth_failed(channel_account_pk=channel_account.pk, error=error)
        channel_account.refresh_from_db()
        return channel_account
    except ChannelError as error:
        if error.retryable:
            raise
        channel_account.status = ChannelAccountStatus.ERROR
        channel_account.last_error = redact_text(error.message)[:2000]
        channel_account.save(update_fields=["status", "last_error", "updated_at"])
        return channel_account
    channel_account.status = ChannelAccountStatus.CONNECTED
    channel_account.last_error = ""
    channel_account.last_verified_at = timezone.now()
    fields = ["status", "last_error", "last_verified_at", "updated_at"]
    if check.seller_id and not channel_account.seller_reference:
        channel_account.seller_reference = check.seller_id
        fields.append("seller_reference")
    missing = {key: value for key, value in check.suggested_options.items() if key not in channel_account.options}
    if missing:
        channel_account.options = {**channel_account.options, **missing}
        fields.append("options")
    channel_account.save(update_fields=fields)
    channel_account_connected.send(sender=ChannelAccount, channel_account=channel_account)
    return channel_account


# --- call log and keys --------------------------------------------------------------------------------


def channel_call_prune(*, older_than_days: int | None = None) -> int:
    days = settings.CHANNELS_CALL_LOG_DAYS if older_than_days is None else older_than_days
    cutoff = timezone.now() - timedelta(days=days)
    deleted, _ = ChannelCall.objects.filter(created_at__lt=cutoff).delete()
    return deleted


def channel_credentials_rotate() -> int:
    """Re-encrypt every account's credentials with the first configured key."""
    count = 0
    with transaction.atomic():
        for row in ChannelAccount.objects.select_for_update().exclude(credentials_encrypted=""):
            row.credentials_encrypted = credentials_reencrypt(row.credentials_encrypted)
            row.save(update_fields=["credentials_encrypted"])
            count += 1
    return count
