"""The HTTP layer every adapter sends through: timeouts, typed transport errors, the call log,
and the rate-limit gate. Marketplace-specific knowledge comes in as a `classify` function (how
to read that marketplace's errors); nothing here knows a wire format.

Every request goes through `WireClient.request`, which has the signature python-amazon-sp-api's
transport expects, so the SP-API client (and its LWA token client) use it as their transport.
"""

from __future__ import annotations

import contextlib
import contextvars
import json
import time
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import Any, Protocol
from urllib.parse import urlencode, urlsplit

import httpx
from django.conf import settings

from channels.exceptions import (
    ChannelError,
    MalformedResponseError,
    OutcomeUnknownError,
    ThrottledError,
    TransientError,
)
from channels.ratelimit import Rate, RateLimiter
from channels.redaction import (
    redact_query,
    redact_text,
    redact_value,
    redacted_logger,
    secrets_register_credentials,
)
from channels.types import Connection, Issue
from hub.core.observability import metrics

logger = redacted_logger(__name__)


# --- call scope ---------------------------------------------------------------------------------


@dataclass
class CallScope:
    operation: str
    attempt: int = 1


_scope: contextvars.ContextVar[CallScope | None] = contextvars.ContextVar("channels_call_scope", default=None)
_attempt: contextvars.ContextVar[int] = contextvars.ContextVar("channels_call_attempt", default=1)


@contextlib.contextmanager
def call_scope(operation: str) -> Iterator[CallScope]:
    """Names the marketplace operation for every HTTP request made inside (including a token
    refresh the SDK does on the way)."""
    token = _scope.set(CallScope(operation=operation, attempt=_attempt.get()))
    try:
        yield _scope.get()  # type: ignore[misc]
    finally:
        _scope.reset(token)


@contextlib.contextmanager
def attempt_scope(attempt: int) -> Iterator[None]:
    """Set by the Celery base task: which attempt (1 = first try) the calls inside belong to."""
    token = _attempt.set(max(1, int(attempt)))
    try:
        yield
    finally:
        _attempt.reset(token)


def current_attempt() -> int:
    return _attempt.get()


def current_operation(default: str = "unknown") -> str:
    scope = _scope.get()
    return scope.operation if scope else default


# --- call records ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class CallRecord:
    operation: str
    method: str
    url_path: str
    request_summary: Mapping[str, Any]
    http_status: int | None
    duration_ms: int
    messages: tuple[Issue, ...] = ()
    error_kind: str = ""
    attempt: int = 1


class CallSink(Protocol):
    def record(self, connection: Connection, record: CallRecord) -> None: ...


class NullSink:
    def record(self, connection: Connection, record: CallRecord) -> None:
        return None


@dataclass
class MemorySink:
    """Keeps records in a list (processes without a database, tests)."""

    records: list[CallRecord] = field(default_factory=list)

    def record(self, connection: Connection, record: CallRecord) -> None:
        self.records.append(record)


def _truncate(summary: dict[str, Any]) -> dict[str, Any]:
    limit = int(getattr(settings, "CHANNELS_CALL_SUMMARY_CHARS", 4000))
    text = json.dumps(summary, default=str, ensure_ascii=False)
    if len(text) <= limit:
        return summary
    return {**{k: v for k, v in summary.items() if k != "body"}, "body": text[:limit] + "…", "truncated": True}


SUMMARY_PARSE_BYTES = 64 * 1024  # raw bodies above this are summarized by their size


def summarize_request(
    method: str, url: str, *, params: Any = None, data: Any = None, content: Any = None, json_body: Any = None
) -> dict[str, Any]:
    """What was sent, secrets removed: method, path, query, and the body as JSON / form fields,
    or just its size for uploads."""
    parts = urlsplit(url)
    query = parts.query
    if params:
        extra = urlencode(list(params.items()) if isinstance(params, Mapping) else params, doseq=True)
        query = f"{query}&{extra}" if query else extra
    summary: dict[str, Any] = {"method": method, "path": parts.path}
    if query:
        summary["query"] = redact_query(query)
    body: Any = None
    if json_body is not None:
        body = redact_value(json_body)
    elif isinstance(data, Mapping):
        body = redact_value(dict(data))
    elif content is not None:
        raw = content.encode() if isinstance(content, str) else bytes(content)
        if len(raw) > SUMMARY_PARSE_BYTES:
            # A document upload (a 12,000-message feed is ~30 MB): parsing and redacting all of it to
            # keep its first few thousand characters cost seconds of CPU per upload; its size is kept.
            body = f"<{len(raw)} bytes>"
        else:
            try:
                body = redact_value(json.loads(raw))
            except (ValueError, UnicodeDecodeError):
                body = f"<{len(raw)} bytes>"
    if body is not None:
        summary["body"] = body
    return _truncate(summary)


# --- the client -----------------------------------------------------------------------------------

Classifier = Callable[[str, httpx.Response], tuple[tuple[Issue, ...], ChannelError | None]]

# Failures that prove the request never reached the marketplace's application: safe to repeat
# whatever the call does. Any other failure of a call that creates something leaves its outcome
# unknown (a read timeout, a dropped connection, a gateway's 502 / 504, an unreadable 2xx).
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.UnsupportedProtocol)
_NOT_PROCESSED_STATUSES = {503}


def retry_after_cap() -> float:
    return float(settings.CHANNELS_RETRY_AFTER_MAX_SECONDS)


def capped_wait(seconds: float) -> float:
    """A wait a marketplace asked for, never negative and never above
    settings.CHANNELS_RETRY_AFTER_MAX_SECONDS."""
    return min(retry_after_cap(), max(0.0, float(seconds)))


def retry_after(response: httpx.Response, default: float = 1.0, *, now: float | None = None) -> float:
    """Seconds to wait before asking again, from the response's `Retry-After` (RFC 9110: a
    number of seconds or an HTTP date), else `default`; capped by capped_wait."""
    value = (response.headers.get("Retry-After") or "").strip()
    if not value:
        return capped_wait(default)
    try:
        return capped_wait(float(value))
    except ValueError:
        pass
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return capped_wait(default)
    if moment.tzinfo is None:  # an HTTP date is always GMT
        return capped_wait(default)
    return capped_wait(moment.timestamp() - (time.time() if now is None else now))


def no_errors(operation: str, response: httpx.Response) -> tuple[tuple[Issue, ...], ChannelError | None]:
    if response.status_code >= 500:
        return (), TransientError(f"HTTP {response.status_code}", status=response.status_code)
    if response.status_code == 429:
        return (), ThrottledError("HTTP 429", retry_after=retry_after(response), status=429)
    return (), None


def _body_issue(what: str, response: httpx.Response) -> Issue:
    """An unreadable answer's call-log message keeps the start of the raw body (redacted when
    recorded), so the log shows what came back."""
    raw = response.content[:500].decode("utf-8", errors="replace")
    return Issue(code="MALFORMED_RESPONSE", message=f"{what[:300]}; body: {raw}", severity="ERROR")


class WireClient:
    """httpx with a timeout, the call log and typed transport errors. `classify` reads one
    marketplace's error format and says which typed error (if any) a response is; the error is
    recorded and raised from here, so SDKs on top of this never see a failed response.

    `non_idempotent` names the operations that would do something twice if repeated (create a
    product, confirm a shipment): a retryable failure of one of them after it may have reached
    the marketplace becomes OutcomeUnknownError, which no task retries."""

    def __init__(
        self,
        *,
        connection: Connection,
        sink: CallSink,
        classify: Classifier = no_errors,
        operation: str | None = None,
        timeout: float | None = None,
        transport: httpx.BaseTransport | None = None,
        non_idempotent: Collection[str] = (),
    ) -> None:
        self.connection = connection
        self.sink = sink
        self.classify = classify
        self.fixed_operation = operation
        self.non_idempotent = frozenset(non_idempotent)
        seconds = timeout if timeout is not None else float(settings.CHANNELS_HTTP_TIMEOUT_SECONDS)
        self._client = httpx.Client(timeout=httpx.Timeout(seconds), transport=transport, follow_redirects=False)
        secrets_register_credentials(connection.credentials)

    # The SP-API library calls request(method, url, params=, data=, content=, headers=).
    def request(
        self,
        method: str,
        url: str,
        *,
        params: Any = None,
        data: Any = None,
        content: Any = None,
        headers: Mapping[str, str] | None = None,
        json_body: Any = None,
        operation: str | None = None,
    ) -> httpx.Response:
        operation = operation or self.fixed_operation or current_operation()
        attempt = _attempt.get()
        summary = summarize_request(method, url, params=params, data=data, content=content, json_body=json_body)
        headers = {k: v for k, v in (headers or {}).items() if k.lower() != "host"}
        started = time.monotonic()
        try:
            response = self._client.request(
                method, url, params=params, data=data, content=content, headers=headers, json=json_body
            )
            response.read()
        except httpx.TimeoutException as error:
            raise self._failed(operation, method, url, summary, started, attempt, "timed out", error) from None
        except httpx.TransportError as error:
            raise self._failed(operation, method, url, summary, started, attempt, "connection failed", error) from None
        duration_ms = int((time.monotonic() - started) * 1000)
        try:
            messages, error = self.classify(operation, response)
        except MalformedResponseError as raised:
            messages, error = (_body_issue(raised.message, response),), raised
        except ChannelError as raised:
            messages, error = (), raised
        except Exception as raised:  # a classifier that trips over the body: the answer is malformed
            error = MalformedResponseError(
                f"{operation}: unexpected response (HTTP {response.status_code}, {type(raised).__name__})",
                status=response.status_code,
            )
            messages = (_body_issue(f"{type(raised).__name__}: {raised}", response),)
        if (
            isinstance(error, TransientError)
            and operation in self.non_idempotent
            and response.status_code not in _NOT_PROCESSED_STATUSES
        ):
            error = OutcomeUnknownError(
                f"{error.message}; {operation} may have been applied", status=error.status, code=error.code
            )
        self._record(
            CallRecord(
                operation=operation,
                method=method,
                url_path=urlsplit(url).path[:500],
                request_summary=summary,
                http_status=response.status_code,
                duration_ms=duration_ms,
                messages=tuple(_clean_issue(issue) for issue in (getattr(error, "issues", None) or messages)),
                error_kind=error.kind.value if error else "",
                attempt=attempt,
            )
        )
        if error is not None:
            error.message = redact_text(error.message)
            error.args = (error.message,)
            raise error
        return response

    def _failed(
        self,
        operation: str,
        method: str,
        url: str,
        summary: dict[str, Any],
        started: float,
        attempt: int,
        what: str,
        cause: Exception,
    ) -> ChannelError:
        text = redact_text(f"{operation}: {what} ({type(cause).__name__})")
        error: ChannelError
        if operation in self.non_idempotent and not isinstance(cause, _NOT_SENT):
            error = OutcomeUnknownError(f"{text}; {operation} may have been applied")
        else:
            error = TransientError(text)
        self._record(
            CallRecord(
                operation=operation,
                method=method,
                url_path=urlsplit(url).path[:500],
                request_summary=summary,
                http_status=None,
                duration_ms=int((time.monotonic() - started) * 1000),
                messages=(Issue(code=type(cause).__name__, message=what, severity="ERROR"),),
                error_kind=error.kind.value,
                attempt=attempt,
            )
        )
        return error

    def _record(self, record: CallRecord) -> None:
        try:
            self.sink.record(self.connection, record)
        except Exception:  # the call log must never break the call it describes
            logger.warning("could not record a %s call", record.operation, exc_info=True)

    # The SP-API transport interface also has stream() and close().
    def stream(self, method: str, url: str, **kwargs: Any):  # pragma: no cover - unused by our calls
        return self._client.stream(method, url, **kwargs)

    def close(self) -> None:
        self._client.close()


def _clean_issue(issue: Issue) -> Issue:
    return Issue(
        code=redact_text(issue.code)[:120],
        message=redact_text(issue.message)[:2000],
        severity=issue.severity,
        attribute=issue.attribute[:200],
    )


# --- the rate-limit gate --------------------------------------------------------------------------


class Gate:
    """Takes a limiter token for (account, operation) before a call, or raises ThrottledError with
    the wait. `wait_seconds` > 0 lets callers outside Celery wait that long instead. With `shared`
    set, every operation draws from one bucket (marketplaces that limit per app, not per call)."""

    def __init__(
        self,
        *,
        limiter: RateLimiter,
        account_pk: int,
        rates: Mapping[str, Rate],
        default: Rate,
        shared: str | None = None,
    ) -> None:
        self.limiter = limiter
        self.account_pk = account_pk
        self.rates = rates
        self.default = default
        self.shared = shared

    def rate(self, operation: str) -> Rate:
        return self.rates.get(operation, self.default)

    def _key(self, operation: str) -> str:
        return self.shared or operation

    def enter(self, operation: str, *, wait_seconds: float = 0.0) -> None:
        rate, key = self.rate(operation), self._key(operation)
        if wait_seconds > 0:
            wait = self.limiter.wait_for_token(
                account_pk=self.account_pk, operation=key, rate=rate, budget_seconds=wait_seconds
            )
        else:
            wait = self.limiter.acquire(account_pk=self.account_pk, operation=key, rate=rate)
        if wait > 0:
            metrics.throttle_wait(operation=operation, source="hub", seconds=wait)
            raise ThrottledError(f"{operation}: paced by the hub's rate limiter", retry_after=wait)

    def observed(self, operation: str, per_second: float) -> None:
        self.limiter.observe_rate(
            account_pk=self.account_pk,
            operation=self._key(operation),
            documented=self.rate(operation),
            per_second=per_second,
        )

    def window(self, operation: str, remaining: int, *, reserve: int, ttl_seconds: float) -> None:
        """The marketplace said how many calls are left in its current fixed window."""
        self.limiter.observe_window(
            account_pk=self.account_pk,
            operation=self._key(operation),
            remaining=remaining,
            reserve=reserve,
            ttl_seconds=ttl_seconds,
        )

    def refused(self, operation: str) -> float:
        wait = self.limiter.throttled(
            account_pk=self.account_pk, operation=self._key(operation), rate=self.rate(operation)
        )
        metrics.throttle_wait(operation=operation, source="marketplace", seconds=wait)
        return wait
