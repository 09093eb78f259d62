"""AliExpress Open Platform requests, signed exactly as the platform signs them.

Signature (HMAC-SHA256, upper-case hex): sort every parameter that is sent (system and business,
empty values left out, `sign` itself excluded) by name in byte order, concatenate name+value,
and for system APIs addressed by path (e.g. /auth/token/refresh) put the path in front. Business
APIs go to {gateway}/sync with method=<api name>, the seller token as `session`; system APIs go
to {gateway}/rest<path>. Every parameter travels in the POST form body, so no secret is ever in
a URL. `timestamp` is epoch milliseconds (the platform refuses stale ones).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import time
from collections.abc import Mapping
from typing import Any

import httpx

from channels.aliexpress import consts
from channels.exceptions import (
    AuthFailedError,
    ChannelError,
    MalformedResponseError,
    NotFoundError,
    RejectedError,
    ThrottledError,
    TransientError,
)
from channels.tokens import TokenClient
from channels.types import Connection, Issue
from channels.wire import capped_wait, retry_after


def signature(secret: str, api: str, params: Mapping[str, Any]) -> str:
    """HMAC-SHA256 of `[api path] + k1v1k2v2...` over the sorted non-empty params, upper-case hex."""
    names = sorted(name for name, value in params.items() if name != "sign" and value is not None and value != "")
    base = (api if "/" in api else "") + "".join(f"{name}{params[name]}" for name in names)
    return hmac.new(secret.encode("utf-8"), base.encode("utf-8"), hashlib.sha256).hexdigest().upper()


def timestamp_ms(now: float | None = None) -> str:
    return str(int((time.time() if now is None else now) * 1000))


def form_value(value: Any) -> str:
    """Objects and lists travel as one JSON string; booleans as true/false."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict | list | tuple):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)
    return str(value)


def response_body(method: str, body: Any) -> Any:
    """The payload of a /sync answer: inside `<method_with_underscores>_response` (simplify=false)
    or at the root (simplify=true)."""
    if not isinstance(body, dict):
        return body
    wrapper = method.replace(".", "_") + "_response"
    if wrapper in body:
        return body[wrapper]
    return body


def unwrap_list(value: Any) -> list:
    """Lists arrive either plain or wrapped in an object keyed by the item type
    ({"order_dto": [...]}); either way, the list."""
    if isinstance(value, list):
        return value
    if isinstance(value, dict):
        lists = [item for item in value.values() if isinstance(item, list)]
        if len(lists) == 1:
            return lists[0]
    return []


_BAN_SECONDS = re.compile(r"(\d+)\s*(?:more\s+)?second", re.IGNORECASE)


def _classify(operation: str, response: httpx.Response) -> tuple[tuple[Issue, ...], ChannelError | None]:
    status = response.status_code
    if status == 429:
        return (), ThrottledError(f"{operation}: HTTP 429", retry_after=retry_after(response), status=status)
    if status >= 500:
        return (), TransientError(f"{operation}: HTTP {status}", status=status)
    try:
        body = response.json()
    except ValueError:
        return (), MalformedResponseError(f"{operation}: unreadable response body", status=status)
    if not isinstance(body, dict):
        return (), MalformedResponseError(f"{operation}: unexpected response body", status=status)
    error = body.get("error_response")
    if error is None and str(body.get("code", "0")) not in ("0", "", "None") and "type" in body:
        error = body  # system APIs answer errors flat: {type, code, message, request_id}
    if error is None:
        if status >= 400:
            return (), RejectedError(f"{operation}: HTTP {status}", status=status)
        if not isinstance(response_body(operation, body), dict):
            raise MalformedResponseError(f"{operation}: the answer's payload is not an object", status=status)
        return (), None
    if not isinstance(error, Mapping):
        raise MalformedResponseError(f"{operation}: error_response is not an object", status=status)
    return _classify_error(operation, status, error)


def _classify_error(operation: str, status: int, error: Mapping[str, Any]) -> tuple[tuple[Issue, ...], ChannelError]:
    code = str(error.get("code", ""))
    sub_code = str(error.get("sub_code") or "")
    message = str(error.get("msg") or error.get("message") or "")
    sub_message = str(error.get("sub_msg") or "")
    text = " ".join(part for part in (message, sub_message) if part)
    issues = (Issue(code=sub_code or code, message=text or code, severity="ERROR"),)
    summary = f"{operation}: {code}" + (f" ({sub_code})" if sub_code else "") + (f": {text}" if text else "")
    kind = str(error.get("type", "")).upper()
    if code in consts.THROTTLE_ERRORS or sub_code in consts.THROTTLE_SUB_ERRORS:
        match = _BAN_SECONDS.search(text)
        ban = capped_wait(float(match.group(1))) if match else 1.0
        return issues, ThrottledError(summary, retry_after=ban, status=status, code=code)
    if code in consts.TOKEN_ERRORS or code in consts.CREDENTIAL_ERRORS:
        return issues, AuthFailedError(summary, status=status, code=code)
    if code in consts.NOT_FOUND_ERRORS or sub_code in consts.NOT_FOUND_ERRORS or "not-found" in sub_code.lower():
        return issues, NotFoundError(summary, status=status, code=code)
    if kind in ("ISP", "SYSTEM") or code in ("ServiceUnavailable", "InternalError", "ServiceTimeout"):
        return issues, TransientError(summary, status=status, code=code)
    return issues, RejectedError(summary, issues=issues, status=status, code=code)


class AliExpressClient(TokenClient):
    token_operation = consts.TOKEN_REFRESH_PATH

    def __init__(self, connection: Connection, **options: Any) -> None:
        missing = [name for name in ("app_key", "app_secret") if not connection.credentials.get(name)]
        if missing:
            raise AuthFailedError(f"AliExpress credentials are missing: {', '.join(missing)}")
        urls = {**consts.DEFAULT_BASE_URLS, **{k: v for k, v in connection.base_urls.items() if v}}
        super().__init__(
            connection,
            classify=_classify,
            base_url=urls["gateway"],
            non_idempotent=consts.NON_IDEMPOTENT_OPERATIONS,
            **options,
        )

    # --- requests ------------------------------------------------------------------------------------

    def signed_params(self, api: str, business: Mapping[str, Any], *, with_session: bool) -> dict[str, str]:
        params = {
            "app_key": self.credentials["app_key"],
            "timestamp": timestamp_ms(self.clock()),
            "sign_method": consts.SIGN_METHOD,
            "format": "json",
            "simplify": "false",
            "method": api,
        }
        if with_session and self.credentials.get("access_token"):
            params["session"] = self.credentials["access_token"]
        params.update({name: form_value(value) for name, value in business.items() if value is not None})
        params = {name: value for name, value in params.items() if value != ""}
        params["sign"] = signature(self.credentials["app_secret"], api, params)
        return params

    def execute(self, method: str, business: Mapping[str, Any]) -> Any:
        """Call a business API on /sync; returns the payload inside the `_response` wrapper. An
        expired or refused token is refreshed once (if we hold a refresh token) and retried."""
        response = self.send(
            method,
            lambda: self.wire.request(
                "POST", self.base_url + consts.SYNC_PATH, data=self.signed_params(method, business, with_session=True)
            ),
        )
        return response_body(method, response.json())

    # --- the access token ----------------------------------------------------------------------------

    def token_refused(self, error: AuthFailedError, used: Mapping[str, str]) -> bool:
        return error.code in consts.TOKEN_ERRORS

    def token_expiring(self) -> bool:
        expires_at = self.credentials.get("access_token_expires_at")  # epoch milliseconds
        try:
            return bool(expires_at) and int(expires_at) / 1000 - 60 <= self.clock()
        except ValueError:
            return False

    def token_fetch(self, stored: Mapping[str, str]) -> Mapping[str, str]:
        self.credentials = {**self.credentials, **stored}
        api = consts.TOKEN_REFRESH_PATH
        params = self.signed_params(api, {"refresh_token": stored.get("refresh_token", "")}, with_session=False)
        body = self.wire.request("POST", self.base_url + consts.REST_PATH + api, data=params).json()
        token = body.get("access_token") if isinstance(body, dict) else None
        if not token:
            raise AuthFailedError("AliExpress did not issue an access token on refresh")
        updated = {"access_token": str(token)}
        if body.get("refresh_token"):
            updated["refresh_token"] = str(body["refresh_token"])
        if body.get("expire_time"):
            updated["access_token_expires_at"] = str(body["expire_time"])
        elif body.get("expires_in"):
            updated["access_token_expires_at"] = str(int((self.clock() + int(body["expires_in"])) * 1000))
        return updated
