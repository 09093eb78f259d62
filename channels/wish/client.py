"""Wish Merchant API v3 over HTTPS with an OAuth bearer token.

Every answer is {"code": int (0 = success), "message": str, "data": ...}. An expired or revoked
access token (codes 1007 / 1008 / 1016) is refreshed once through the credential store and the
call repeated; Wish revokes the old token on refresh, so the store lets a second worker reuse
the first worker's new token instead of refreshing again.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import httpx

from channels.exceptions import (
    AuthFailedError,
    ChannelError,
    MalformedResponseError,
    NotFoundError,
    RejectedError,
    ThrottledError,
    TransientError,
)
from channels.mapping import parse_time
from channels.tokens import TokenClient
from channels.types import Connection, Issue
from channels.wire import capped_wait, retry_after
from channels.wish import consts

OAUTH_OPERATION = "oauthRefreshToken"


def reset_seconds(value: str | None, now: float) -> float:
    """Wish-Rate-Limit-Reset says when the window resets; its format is not published, so accept
    epoch seconds or milliseconds, a number of seconds, or an ISO 8601 time."""
    if not value:
        return 1.0
    text = value.strip()
    try:
        number = float(text)
    except ValueError:
        moment = parse_time(text)
        return max(0.0, moment.timestamp() - now) if moment else 1.0
    if number > 1e12:
        return max(0.0, number / 1000 - now)
    if number > 1e9:
        return max(0.0, number - now)
    return max(0.0, number)


def _classify(operation: str, response: httpx.Response) -> tuple[tuple[Issue, ...], ChannelError | None]:
    status = response.status_code
    if status == 429:
        reset = response.headers.get("Wish-Rate-Limit-Reset")
        wait = capped_wait(reset_seconds(reset, time.time())) if reset else retry_after(response)
        return (), ThrottledError(f"{operation}: HTTP 429", retry_after=wait, status=status)
    if status >= 500:
        return (), TransientError(f"{operation}: HTTP {status}", status=status)
    if status == 204:
        return (), None
    try:
        body = response.json()
    except ValueError:
        body = None
    if not isinstance(body, dict):
        if status in (401, 403):  # a gateway's own refusal page: the credentials, all the same
            return (), AuthFailedError(f"{operation}: HTTP {status}", status=status)
        what = "unreadable" if body is None else "unexpected"
        return (), MalformedResponseError(f"{operation}: {what} response body", status=status)
    try:
        code = int(body.get("code", 0) or 0)
    except (TypeError, ValueError):
        code = -1
    if code == 0 and status < 400:
        return (), None
    message = str(body.get("message") or f"HTTP {status}")
    issues = (Issue(code=str(code), message=message),)
    text = f"{operation}: {code} {message}"
    if code in consts.AUTH_ERRORS or status in (401, 403):
        return issues, AuthFailedError(text, status=status, code=str(code))
    if status == 404 or any(phrase in message.lower() for phrase in consts.NOT_FOUND_PHRASES):
        return issues, NotFoundError(text, status=status, code=str(code))
    return issues, RejectedError(text, issues=issues, status=status, code=str(code))


class WishClient(TokenClient):
    token_operation = OAUTH_OPERATION

    def __init__(self, connection: Connection, **options: Any) -> None:
        if not connection.credentials.get("access_token") and not connection.credentials.get("refresh_token"):
            raise AuthFailedError("Wish credentials are missing: access_token or refresh_token")
        urls = {**consts.DEFAULT_BASE_URLS, **{k: v for k, v in connection.base_urls.items() if v}}
        super().__init__(
            connection,
            classify=_classify,
            base_url=urls["api"],
            non_idempotent=consts.NON_IDEMPOTENT_OPERATIONS,
            **options,
        )

    def request(
        self, method: str, path: str, *, operation: str, params: Mapping[str, Any] | None = None, body: Any = None
    ) -> Any:
        """Returns the envelope's `data` (None for 204)."""
        response = self.send(
            operation,
            lambda: self.wire.request(
                method,
                self.base_url + consts.API_PREFIX + path,
                params=dict(params) if params else None,
                json_body=body,
                headers={"Authorization": f"Bearer {self.credentials.get('access_token', '')}"},
            ),
        )
        self._observe_window(operation, response)
        if response.status_code == 204 or not response.content:
            return None
        return response.json().get("data")

    def _observe_window(self, operation: str, response: httpx.Response) -> None:
        try:
            remaining = int(response.headers.get("Wish-Rate-Limit-Remaining", ""))
        except ValueError:
            return
        self.gate.window(
            operation, remaining, reserve=consts.WINDOW_RESERVE, ttl_seconds=consts.WINDOW_ALLOWANCE_SECONDS
        )

    # --- the access token ----------------------------------------------------------------------------

    def token_refused(self, error: AuthFailedError, used: Mapping[str, str]) -> bool:
        expired = error.code.isdigit() and int(error.code) in consts.REFRESHABLE_TOKEN_ERRORS
        return expired or not used.get("access_token")

    def token_expiring(self) -> bool:
        expiry = parse_time(self.credentials.get("access_token_expires_at"))
        return not self.credentials.get("access_token") or bool(expiry and expiry.timestamp() - 60 <= self.clock())

    def token_fetch(self, stored: Mapping[str, str]) -> Mapping[str, str]:
        missing = [name for name in ("client_id", "client_secret", "refresh_token") if not stored.get(name)]
        if missing:
            raise AuthFailedError(f"Wish token expired and cannot be refreshed: missing {', '.join(missing)}")
        # The documented refresh call is a GET with the client secret in the query string; the call
        # log and our log filters mask it.
        response = self.wire.request(
            "GET",
            self.base_url + consts.API_PREFIX + "/oauth/refresh_token",
            params={
                "client_id": stored["client_id"],
                "client_secret": stored["client_secret"],
                "refresh_token": stored["refresh_token"],
                "grant_type": "refresh_token",
            },
        )
        data = (response.json() or {}).get("data") or {}
        if not isinstance(data, dict):
            raise MalformedResponseError("Wish answered the token refresh with no token object")
        token = data.get("access_token")
        if not token:
            raise AuthFailedError("Wish did not issue an access token on refresh")
        updated = {"access_token": str(token)}
        if data.get("refresh_token"):
            updated["refresh_token"] = str(data["refresh_token"])
        if data.get("expiry_time"):
            expiry = parse_time(data["expiry_time"])
            updated["access_token_expires_at"] = (expiry or datetime.now(UTC)).isoformat()
        return updated
