"""Restricted data tokens (Tokens API 2021-03-01): the buyer's name, street address and phone
come only with an RDT created for the operation's path and the data elements wanted. One RDT per
(account, path template, elements) is kept for its lifetime minus a margin, process-wide, so a
pull or a notification consumer asks the Tokens API (1 call/s, burst 10) about once an hour.

Without the PII role Amazon refuses the RDT (403): the call goes on with the ordinary access
token (city, postal code and country only) and no RDT is asked for again for a while."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from channels.exceptions import AuthFailedError, RejectedError

DATA_ELEMENTS = ("shippingAddress", "buyerInfo")
MARGIN_SECONDS = 300  # give a token up this long before Amazon would
REFUSED_SECONDS = 600  # after a refusal, ordinary tokens only for this long

T = TypeVar("T")
_cache: dict[tuple, tuple[str | None, float]] = {}
_lock = threading.Lock()


def rdt_cache_clear() -> None:
    with _lock:
        _cache.clear()


class RestrictedDataTokens:
    def __init__(self, client: Any, *, key: tuple) -> None:
        self.client = client
        self.key = key
        self.enabled = True

    def token(self, path: str, marketplace_id: str) -> str | None:
        if not self.enabled:
            return None
        key = (*self.key, path, DATA_ELEMENTS)
        now = time.monotonic()
        with _lock:
            cached = _cache.get(key)
        if cached is not None and cached[1] > now:
            return cached[0]
        try:
            answer = self.client.create_restricted_data_token(
                marketplace_id=marketplace_id,
                resources=[{"method": "GET", "path": path, "dataElements": list(DATA_ELEMENTS)}],
            )
        except (AuthFailedError, RejectedError):
            with _lock:
                _cache[key] = (None, now + REFUSED_SECONDS)
            return None
        token = str(answer.get("restrictedDataToken") or "") or None
        lifetime = float(answer.get("expiresIn") or 3600)
        with _lock:
            _cache[key] = (token, now + max(lifetime - MARGIN_SECONDS, lifetime / 2))
        return token

    def forget(self, path: str) -> None:
        with _lock:
            _cache.pop((*self.key, path, DATA_ELEMENTS), None)

    def call(self, path: str, marketplace_id: str, invoke: Callable[[str | None], T]) -> T:
        """`invoke(rdt)` with the path's RDT; an RDT refused (expired, revoked) is asked for again
        once, and after that the call goes without one."""
        token = self.token(path, marketplace_id)
        if token is None:
            return invoke(None)
        try:
            return invoke(token)
        except AuthFailedError:
            self.forget(path)
            return invoke(self.token(path, marketplace_id))
