"""Validation of channel account input per marketplace family: marketplaces, base URLs and
credential fields; and the masked view of stored credentials."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import SplitResult, urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError

from channels.aliexpress import consts as aliexpress_consts
from channels.amazon import consts as amazon_consts
from channels.crypto import credentials_decrypt
from channels.marketplaces import amazon_marketplace_by_code, amazon_marketplaces
from channels.models import ChannelAccount
from channels.types import Family
from channels.wish import consts as wish_consts


@dataclass(frozen=True)
class FamilyRules:
    required: tuple[str, ...]
    optional: tuple[str, ...]
    base_url_keys: tuple[str, ...]
    defaults: Mapping[str, str]
    any_of: tuple[str, ...] = ()  # at least one of these must be present


RULES = {
    Family.AMAZON: FamilyRules(
        required=amazon_consts.CREDENTIAL_FIELDS,
        optional=(),
        base_url_keys=("sp_api", "lwa"),
        defaults=amazon_consts.DEFAULT_BASE_URLS,
    ),
    Family.ALIEXPRESS: FamilyRules(
        required=("app_key", "app_secret", "access_token"),
        optional=("refresh_token", "access_token_expires_at"),
        base_url_keys=("gateway",),
        defaults=aliexpress_consts.DEFAULT_BASE_URLS,
    ),
    Family.WISH: FamilyRules(
        required=("client_id", "client_secret"),
        optional=("access_token", "refresh_token", "access_token_expires_at"),
        base_url_keys=("api",),
        defaults=wish_consts.DEFAULT_BASE_URLS,
        any_of=("access_token", "refresh_token"),
    ),
}
# Fields that identify rather than authenticate: shown (last characters) in API and admin hints.
IDENTIFIER_FIELDS = {"lwa_app_id", "app_key", "client_id"}


def family_validate(family: str) -> Family:
    try:
        return Family(family)
    except ValueError:
        raise ValidationError(
            {"family": [f"Unknown marketplace family {family!r}; use one of amazon, aliexpress, wish."]}
        )


def marketplaces_clean(family: Family, marketplaces: Any) -> list[str]:
    if family is not Family.AMAZON:
        if marketplaces in (None, [], [family.value]):
            return [family.value]
        raise ValidationError({"marketplaces": [f"{family.value.title()} has one marketplace: [{family.value!r}]."]})
    if not isinstance(marketplaces, list) or not marketplaces:
        raise ValidationError({"marketplaces": ["Enable at least one Amazon marketplace id."]})
    known = amazon_marketplaces()
    cleaned, errors = [], []
    for value in marketplaces:
        text = str(value).strip()
        if text not in known:
            by_code = amazon_marketplace_by_code(text)
            if by_code is None:
                errors.append(f"{text!r} is not an Amazon marketplace id.")
                continue
            text = by_code.marketplace_id
        if text not in cleaned:
            cleaned.append(text)
    if errors:
        raise ValidationError({"marketplaces": errors})
    return cleaned


# The real marketplace API hosts. Workers call whatever an account's base URLs say, so an owner
# must not be able to point them at internal services: other hosts need CHANNELS_EXTRA_API_HOSTS,
# the configured sandboxes, or (development and tests only) CHANNELS_ALLOW_LOOPBACK_HOSTS.
MARKETPLACE_API_HOSTS = frozenset(
    {urlsplit(url).hostname for url in amazon_consts.SP_API_ENDPOINTS.values()}
    | {f"sandbox.{urlsplit(url).hostname}" for url in amazon_consts.SP_API_ENDPOINTS.values()}
    | {urlsplit(amazon_consts.LWA_URL).hostname, urlsplit(aliexpress_consts.GATEWAY_URL).hostname}
    | {urlsplit(wish_consts.API_URL).hostname, f"sandbox.{urlsplit(wish_consts.API_URL).hostname}"}
)
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


def api_host_allowed(parts: SplitResult) -> bool:
    host = (parts.hostname or "").lower()
    if host in MARKETPLACE_API_HOSTS or host in {h.lower() for h in settings.CHANNELS_EXTRA_API_HOSTS}:
        return True
    sandboxes = {urlsplit(url).netloc.lower() for url in settings.CHANNELS_SANDBOX_URLS.values()}
    if parts.netloc.lower() in sandboxes:
        return True
    return settings.CHANNELS_ALLOW_LOOPBACK_HOSTS and host in LOOPBACK_HOSTS


def base_urls_clean(family: Family, base_urls: Any) -> dict[str, str]:
    if base_urls is None:
        return {}
    if not isinstance(base_urls, dict):
        raise ValidationError({"base_urls": ["Give an object of API name -> URL."]})
    allowed = RULES[family].base_url_keys
    errors = {}
    cleaned = {}
    for key, value in base_urls.items():
        if key not in allowed:
            errors[f"base_urls.{key}"] = [f"Unknown API for {family.value}; use {', '.join(allowed)}."]
            continue
        url = str(value or "").strip().rstrip("/")
        parts = urlsplit(url)
        if url and (parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment):
            errors[f"base_urls.{key}"] = ["Enter an http(s) URL without query or fragment."]
            continue
        if url and not api_host_allowed(parts):
            errors[f"base_urls.{key}"] = [
                f"{parts.netloc} is not a marketplace API host the hub may call (CHANNELS_EXTRA_API_HOSTS lists more)."
            ]
            continue
        cleaned[key] = url
    if errors:
        raise ValidationError(errors)
    return cleaned


def credentials_clean(family: Family, credentials: Any) -> dict[str, str]:
    if not isinstance(credentials, dict):
        raise ValidationError({"credentials": ["Give an object of credential fields."]})
    rules = RULES[family]
    allowed = set(rules.required) | set(rules.optional)
    errors: dict[str, list[str]] = {}
    for key in credentials:
        if key not in allowed:
            errors[f"credentials.{key}"] = [f"Not a credential field for {family.value}."]
    cleaned = {
        key: str(value).strip() for key, value in credentials.items() if key in allowed and value not in (None, "")
    }
    for key in rules.required:
        if not cleaned.get(key):
            errors[f"credentials.{key}"] = ["This field is required."]
    if rules.any_of and not any(cleaned.get(key) for key in rules.any_of):
        errors["credentials"] = [f"Give at least one of: {', '.join(rules.any_of)}."]
    if errors:
        raise ValidationError(errors)
    return cleaned


def credentials_hint(channel_account: ChannelAccount) -> dict[str, str]:
    """Which credential fields are set, never their values (identifiers show their last 4)."""
    if not channel_account.credentials_encrypted:
        return {}
    try:
        credentials = credentials_decrypt(channel_account.credentials_encrypted)
    except Exception:
        return {"error": "cannot be decrypted with the configured keys"}
    return {
        key: (f"…{value[-4:]}" if key in IDENTIFIER_FIELDS and len(value) > 8 else "set")
        for key, value in sorted(credentials.items())
        if key != "access_token_expires_at"
    }
