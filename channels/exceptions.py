"""Typed marketplace errors. Adapters turn every wire failure into one of these, so callers (tasks,
services) decide retry or not from the type alone, never from a status code or an SDK class."""

from __future__ import annotations

from enum import StrEnum

from channels.types import Issue


class ErrorKind(StrEnum):
    """Stored on call log rows and returned by the API; one per exception class below."""

    THROTTLED = "throttled"
    TRANSIENT = "transient"
    REJECTED = "rejected"
    AUTH_FAILED = "auth_failed"
    NOT_FOUND = "not_found"
    UNSUPPORTED = "unsupported"
    OUTCOME_UNKNOWN = "outcome_unknown"


class ChannelError(Exception):
    kind: ErrorKind
    retryable = False

    def __init__(self, message: str, *, status: int | None = None, code: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.code = code


class ThrottledError(ChannelError):
    """The marketplace (or our own limiter, before the marketplace had to) said "not yet".
    `retry_after` is in seconds."""

    kind = ErrorKind.THROTTLED
    retryable = True

    def __init__(self, message: str, *, retry_after: float, status: int | None = None, code: str = "") -> None:
        super().__init__(message, status=status, code=code)
        self.retry_after = max(0.0, float(retry_after))


class TransientError(ChannelError):
    """5xx, timeouts, dropped connections, unreadable bodies: the same call may succeed later."""

    kind = ErrorKind.TRANSIENT
    retryable = True


class MalformedResponseError(TransientError):
    """The marketplace (or something in front of it) answered in a shape its adapter cannot read:
    not JSON, an error envelope of the wrong type, a field missing. Retryable like any unreadable
    body; for a call that creates something the wire layer turns it into OutcomeUnknownError."""


class LimiterUnavailableError(TransientError):
    """The shared rate limiter (Redis) refused, timed out or answered nonsense. Raised before the
    marketplace call is sent, so repeating it later is always safe."""


class OutcomeUnknownError(ChannelError):
    """A call that creates something (a product, a feed, a shipment confirmation) reached the
    marketplace and no usable answer came back: it may or may not have been applied. Not
    retryable, because repeating it could do it twice; the caller reads the marketplace's state
    (listing_get, order_get...) before deciding to send it again."""

    kind = ErrorKind.OUTCOME_UNKNOWN


class RejectedError(ChannelError):
    """The marketplace refused the content; repeating the call would be refused again."""

    kind = ErrorKind.REJECTED

    def __init__(
        self, message: str, *, issues: tuple[Issue, ...] = (), status: int | None = None, code: str = ""
    ) -> None:
        super().__init__(message, status=status, code=code)
        self.issues = tuple(issues)


class AuthFailedError(ChannelError):
    """Credentials were refused (bad secret, revoked or expired token that could not be refreshed)."""

    kind = ErrorKind.AUTH_FAILED


class NotFoundError(ChannelError):
    kind = ErrorKind.NOT_FOUND


class UnsupportedOperationError(ChannelError):
    """The marketplace has no such operation (Wish has no bulk feed, only Amazon has FBA)."""

    kind = ErrorKind.UNSUPPORTED
