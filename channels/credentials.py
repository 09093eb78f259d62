"""Where adapters put refreshed tokens. AliExpress and Wish access tokens expire and are refreshed
by the adapter; Wish even revokes the old token on refresh, so two workers refreshing at once
would knock each other out. The store serialises refreshes per channel account and lets the
second worker pick up the first one's token instead of refreshing again."""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from typing import Protocol

Refresher = Callable[[Mapping[str, str]], Mapping[str, str]]


class CredentialStore(Protocol):
    def refresh(self, *, used: Mapping[str, str], key: str, refresher: Refresher) -> Mapping[str, str]:
        """Return credentials with a fresh `key` (e.g. access_token): the stored ones if someone
        else already replaced the value we `used`, otherwise `refresher(stored)`, saved."""
        ...


class MemoryCredentialStore:
    """For adapters built without a database row (tests, one-off scripts)."""

    def __init__(self, credentials: Mapping[str, str]) -> None:
        self.credentials = dict(credentials)
        self._lock = threading.Lock()

    def refresh(self, *, used: Mapping[str, str], key: str, refresher: Refresher) -> Mapping[str, str]:
        with self._lock:
            if self.credentials.get(key) != used.get(key):
                return dict(self.credentials)
            self.credentials = {**self.credentials, **refresher(self.credentials)}
            return dict(self.credentials)
