"""How SP-API and Login with Amazon say no, as typed errors (no SDK import here)."""

from __future__ import annotations

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
from channels.redaction import secrets_register
from channels.types import Issue
from channels.wire import Classifier, Gate, retry_after


def errors_to_issues(body: Any) -> tuple[Issue, ...]:
    if not isinstance(body, dict):
        return ()
    issues = []
    for error in body.get("errors") or []:
        if isinstance(error, dict):
            issues.append(
                Issue(
                    code=str(error.get("code", "")),
                    message=str(error.get("message", "")),
                    severity="ERROR",
                    attribute=str(error.get("details") or ""),
                )
            )
    return tuple(issues)


def json_or_none(response: httpx.Response) -> Any:
    if not response.content:
        return {}
    try:
        return response.json()
    except ValueError:
        return None


def sp_api_classifier(gate: Gate) -> Classifier:
    """Every SP-API error is an ErrorList; the status decides the type. Any answer that carries
    x-amzn-RateLimit-Limit (a 2xx or a 429) tells the shared limiter the operation's current rate;
    a 429 empties our bucket and waits the longer of its Retry-After and one token at that rate."""

    def classify(operation: str, response: httpx.Response) -> tuple[tuple[Issue, ...], ChannelError | None]:
        status = response.status_code
        body = json_or_none(response)
        issues = errors_to_issues(body)
        limit = response.headers.get("x-amzn-RateLimit-Limit")
        if limit:
            try:
                gate.observed(operation, float(limit))
            except ValueError:
                pass
        if 200 <= status < 300:
            if body is None:
                return (), MalformedResponseError(f"{operation}: unreadable response body", status=status)
            return issues, None
        code = issues[0].code if issues else ""
        text = f"{operation}: HTTP {status}" + (f" {issues[0].code}: {issues[0].message}" if issues else "")
        if status == 429:
            wait = max(gate.refused(operation), retry_after(response, default=0.0))
            return issues, ThrottledError(text, retry_after=wait, status=status, code=code)
        if status >= 500:
            return issues, TransientError(text, status=status, code=code)
        if status in (401, 403):
            return issues, AuthFailedError(text, status=status, code=code)
        if status == 404:
            return issues, NotFoundError(text, status=status, code=code)
        return issues, RejectedError(text, issues=issues, status=status, code=code)

    return classify


def classify_lwa(operation: str, response: httpx.Response) -> tuple[tuple[Issue, ...], ChannelError | None]:
    status = response.status_code
    body = json_or_none(response)
    if status == 200:
        if not isinstance(body, dict) or not body.get("access_token"):
            return (), MalformedResponseError("LWA: unreadable token response", status=status)
        secrets_register([body.get("access_token"), body.get("refresh_token")])
        return (), None
    error = body.get("error", "") if isinstance(body, dict) else ""
    description = body.get("error_description", "") if isinstance(body, dict) else ""
    issues = (Issue(code=str(error), message=str(description)),) if error else ()
    if status == 429:
        return issues, ThrottledError("LWA: HTTP 429", retry_after=retry_after(response), status=status)
    if status >= 500:
        return issues, TransientError(f"LWA: HTTP {status}", status=status)
    return issues, AuthFailedError(f"LWA refused the credentials: {error or status}", status=status, code=str(error))


def classify_document(operation: str, response: httpx.Response) -> tuple[tuple[Issue, ...], ChannelError | None]:
    status = response.status_code
    if 200 <= status < 300:
        return (), None
    if status == 429:
        return (), ThrottledError(f"{operation}: HTTP 429", retry_after=retry_after(response), status=status)
    if status >= 500:
        return (), TransientError(f"{operation}: HTTP {status}", status=status)
    if status == 404:
        return (), NotFoundError(f"{operation}: HTTP 404", status=status)
    if status in (401, 403):
        return (), AuthFailedError(f"{operation}: HTTP {status}", status=status)
    return (), RejectedError(f"{operation}: HTTP {status}", status=status)
