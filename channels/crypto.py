"""Marketplace credentials at rest: a JSON object encrypted with Fernet (AES-128-CBC + HMAC).

Keys come from settings.CHANNELS_CREDENTIAL_KEYS, newest first. MultiFernet decrypts with any
of them and encrypts with the first, so rotation is: put the new key in front, run
`manage.py channels_rotate_key`, then drop the old key.
"""

from __future__ import annotations

import base64
import hashlib
import json
import warnings
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings


class CredentialsKeyError(Exception):
    """No configured key decrypts a stored value (a key was dropped before rotating)."""


def derive_development_key(secret_key: str) -> bytes:
    digest = hashlib.sha256(f"channels-credentials:{secret_key}".encode()).digest()
    return base64.urlsafe_b64encode(digest)


def _configured_keys() -> tuple[str, ...]:
    keys = tuple(key.strip() for key in settings.CHANNELS_CREDENTIAL_KEYS if key.strip())
    if keys:
        return keys
    warnings.warn(
        "CHANNELS_CREDENTIAL_KEYS is not set: marketplace credentials are encrypted with a key derived "
        "from SECRET_KEY. Set CHANNELS_CREDENTIAL_KEYS in production.",
        RuntimeWarning,
        stacklevel=3,
    )
    return (derive_development_key(settings.SECRET_KEY).decode(),)


@cache
def _fernet_for(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key.encode()) for key in keys])


def fernet() -> MultiFernet:
    # Cached per key tuple, so overriding settings in tests takes effect immediately.
    return _fernet_for(_configured_keys())


def credentials_encrypt(credentials: dict[str, str]) -> str:
    if not credentials:
        return ""
    plain = json.dumps(credentials, sort_keys=True, separators=(",", ":")).encode()
    return fernet().encrypt(plain).decode()


def credentials_decrypt(token: str) -> dict[str, str]:
    if not token:
        return {}
    try:
        plain = fernet().decrypt(token.encode())
    except InvalidToken as error:
        raise CredentialsKeyError("No configured credentials key decrypts this value.") from error
    return json.loads(plain)


def credentials_reencrypt(token: str) -> str:
    """The same secret encrypted with the first (newest) key."""
    if not token:
        return ""
    try:
        return fernet().rotate(token.encode()).decode()
    except InvalidToken as error:
        raise CredentialsKeyError("No configured credentials key decrypts this value.") from error
