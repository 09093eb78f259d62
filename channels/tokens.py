"""What the AliExpress and Wish clients share: an access token that expires, refreshed through
the credential store (so two workers never refresh one account at once), one refresh-and-repeat
when the marketplace refuses the token, and the rate-limit gate before every attempt.

A subclass says how a refusal reads (`token_refused`), when its token is due (`token_expiring`)
and how to get a new one (`token_fetch`); nothing here knows a wire format.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Collection, Mapping

import httpx

from channels.credentials import CredentialStore, MemoryCredentialStore
from channels.exceptions import AuthFailedError, ThrottledError
from channels.redaction import secrets_register_credentials
from channels.types import Connection
from channels.wire import CallSink, Classifier, Gate, WireClient, call_scope


class TokenClient:
    # The call-log and rate-limit name of the token refresh.
    token_operation = "refreshToken"

    def __init__(
        self,
        connection: Connection,
        *,
        sink: CallSink,
        gate: Gate,
        classify: Classifier,
        base_url: str,
        non_idempotent: Collection[str] = (),
        wait_seconds: float = 0.0,
        timeout: float | None = None,
        transport: httpx.BaseTransport | None = None,
        credential_store: CredentialStore | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.connection = connection
        self.gate = gate
        self.wait_seconds = wait_seconds
        self.clock = clock
        self.credentials = dict(connection.credentials)
        self.store = credential_store or MemoryCredentialStore(self.credentials)
        self.base_url = base_url.rstrip("/")
        self.wire = WireClient(
            connection=connection,
            sink=sink,
            classify=classify,
            timeout=timeout,
            transport=transport,
            non_idempotent=non_idempotent,
        )

    # --- what a marketplace says ------------------------------------------------------------------

    def token_refused(self, error: AuthFailedError, used: Mapping[str, str]) -> bool:
        """Whether a fresh access token could cure this refusal."""
        raise NotImplementedError

    def token_expiring(self) -> bool:
        """Whether the access token held is missing or about to expire."""
        raise NotImplementedError

    def token_fetch(self, stored: Mapping[str, str]) -> Mapping[str, str]:
        """New token fields (access_token, maybe refresh_token and expiry) for `stored` credentials."""
        raise NotImplementedError

    # --- sending ------------------------------------------------------------------------------------

    def send(self, operation: str, request: Callable[[], httpx.Response]) -> httpx.Response:
        """One marketplace call through the gate; `request` builds and sends it with the current
        credentials. A refused token is refreshed once (when we hold a refresh token) and the call
        repeated: the refusal means the first attempt did nothing."""
        if self.credentials.get("refresh_token") and self.token_expiring():
            self.refresh_token(used=dict(self.credentials))
        for attempt in (1, 2):
            self.gate.enter(operation, wait_seconds=self.wait_seconds)
            used = dict(self.credentials)
            with call_scope(operation):
                try:
                    return request()
                except ThrottledError as error:
                    if error.status == 429 or error.code:  # the marketplace refused, not our own pacing
                        self.gate.refused(operation)
                    raise
                except AuthFailedError as error:
                    if attempt == 1 and used.get("refresh_token") and self.token_refused(error, used):
                        self.refresh_token(used=used)
                        continue
                    raise
        raise AssertionError("unreachable")

    def refresh_token(self, *, used: Mapping[str, str]) -> None:
        self.credentials = dict(self.store.refresh(used=used, key="access_token", refresher=self._refreshed))
        secrets_register_credentials(self.credentials)

    def _refreshed(self, stored: Mapping[str, str]) -> Mapping[str, str]:
        self.gate.enter(self.token_operation, wait_seconds=self.wait_seconds)
        with call_scope(self.token_operation):
            updated = self.token_fetch(stored)
        secrets_register_credentials(updated)
        return updated

    def close(self) -> None:
        self.wire.close()
