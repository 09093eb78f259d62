"""Keep marketplace secrets out of logs, call records and API output.

Three nets, each catching what the others might miss:
1. field names: any value under a secret-sounding key (client_secret, refresh_token, sign, ...)
   is replaced, in dicts, query strings and form bodies;
2. known values: every credential and token the adapters handle is registered here, and any
   text containing one has it replaced wherever it appears (headers, URLs, error messages);
3. shapes: Amazon LWA tokens (Atza|, Atzr|), LWA client secrets and bearer tokens are masked
   even when they were never registered.

`install_log_redaction()` puts a filter on the loggers of the HTTP stacks and SDKs we use, so
their DEBUG output (the SP-API library logs request headers, urllib3 logs full URLs) is clean.
"""

from __future__ import annotations

import logging
import re
import threading
from collections import OrderedDict
from collections.abc import Iterable
from typing import Any
from urllib.parse import parse_qsl, urlencode

MASK = "***"

_SECRET_KEYS = {
    "access_token",
    "refresh_token",
    "client_secret",
    "lwa_client_secret",
    "app_secret",
    "session",
    "sign",
    "code",
    "password",
    "authorization",
    "x-amz-access-token",
    "secret",
    "token",
    "api_key",
}
# Pagination cursors are called tokens but are not secrets, and they help when reading the log.
_NOT_SECRET_KEYS = {"nexttoken", "next_token", "paginationtoken", "pagetoken", "next_page_token"}

_PATTERNS = [
    re.compile(r"Atz[ar]\|[^\s\"'&,;})\]]+"),
    re.compile(r"amzn1\.oa2-cs\.[^\s\"'&,;})\]]+"),
    re.compile(r"(?i)(bearer\s+)[^\s\"',;})\]]+"),
    re.compile(
        r"(?i)((?:access_token|refresh_token|client_secret|app_secret|session|sign|x-amz-access-token)"
        r"[\"']?\s*[=:]\s*[\"']?)[^\s\"'&,;})\]]+"
    ),
]

_MIN_SECRET_LENGTH = 6
_MAX_KNOWN = 2000
_known: OrderedDict[str, None] = OrderedDict()
_known_lock = threading.Lock()


def secrets_register(values: Iterable[Any]) -> None:
    """Remember secret values so any text containing them is masked from now on."""
    with _known_lock:
        for value in values:
            if isinstance(value, str) and len(value) >= _MIN_SECRET_LENGTH:
                _known[value] = None
                _known.move_to_end(value)
        while len(_known) > _MAX_KNOWN:
            _known.popitem(last=False)


def _known_secrets() -> list[str]:
    with _known_lock:
        # Longest first, so a secret that contains another is masked whole.
        return sorted(_known, key=len, reverse=True)


def is_secret_key(name: str) -> bool:
    lowered = str(name).lower()
    if lowered in _NOT_SECRET_KEYS:
        return False
    return lowered in _SECRET_KEYS or "secret" in lowered or lowered.endswith(("_token", "password"))


def redact_text(text: str) -> str:
    if not text:
        return text
    for secret in _known_secrets():
        if secret in text:
            text = text.replace(secret, MASK)
    for pattern in _PATTERNS:
        if pattern.groups:
            text = pattern.sub(lambda match: match.group(1) + MASK, text)
        else:
            text = pattern.sub(MASK, text)
    return text


def redact_value(value: Any) -> Any:
    """A deep copy of dicts / lists with secret-keyed values masked and all strings scrubbed."""
    if isinstance(value, dict):
        return {key: (MASK if is_secret_key(key) else redact_value(item)) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [redact_value(item) for item in value]
    if isinstance(value, str):
        return redact_text(value)
    return value


def redact_query(query: str) -> str:
    """`a=1&client_secret=x` -> `a=1&client_secret=***` (keeps the order, decodes for reading)."""
    if not query:
        return ""
    pairs = parse_qsl(query, keep_blank_values=True)
    cleaned = [(key, MASK if is_secret_key(key) else redact_text(value)) for key, value in pairs]
    return urlencode(cleaned, safe="*,:|")


class RedactingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string is not ours to fix; let logging report it
            return True
        record.msg = redact_text(message)
        record.args = ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact_text(record.exc_text)
        return True


LOGGER_PREFIXES = ("sp_api", "httpx", "httpcore", "urllib3", "requests", "channels", "celery.app.trace")
_filter = RedactingFilter()


def redacted_logger(name: str) -> logging.Logger:
    """A module logger with the filter on it from the start: filters do not inherit, and a module
    imported after `install_log_redaction()` ran (channels.tasks in a worker) would log unfiltered."""
    target = logging.getLogger(name)
    if _filter not in target.filters:
        target.addFilter(_filter)
    return target


def install_log_redaction() -> None:
    """Attach the filter to every logger of the HTTP stacks (filters do not inherit, so each
    module's logger gets its own). Safe to call more than once: channels/amazon/client.py calls it
    again once python-amazon-sp-api is imported, so the SDK's loggers get it too."""
    import httpx  # noqa: F401  (import so their module loggers exist)
    import requests  # noqa: F401
    import urllib3  # noqa: F401

    names = {
        "httpx",
        "httpcore.connection",
        "httpcore.http11",
        "httpcore.http2",
        "httpcore.proxy",
        "urllib3.connectionpool",
        "celery.app.trace",
        "celery.worker.request",
    }
    names.update(name for name in logging.root.manager.loggerDict if name.startswith(LOGGER_PREFIXES))
    for name in names:
        target = logging.getLogger(name)
        if _filter not in target.filters:
            target.addFilter(_filter)
