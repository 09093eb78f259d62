"""Keep marketplace secrets out of logs, call records and API output.

Three nets, each catching what the others might miss:
1. field names: any value under a secret-sounding key (client_secret, refresh_token, sign, ...)
   is replaced, in dicts, query strings and form bodies (`code` only as OAuth's authorization
   code); in free text `key=value` is masked for those names as whole words;
2. known values: every credential secret and token the adapters handle is registered here (not
   identifiers such as app_key or client_id), and any text containing one has it replaced
   wherever it appears (headers, URLs, error messages), however many accounts there are;
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
from collections.abc import Iterable, Mapping
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
    "password",
    "authorization",
    "x-amz-access-token",
    "secret",
    "token",
    "api_key",
}
# Pagination cursors are called tokens but are not secrets, and they help when reading the log.
_NOT_SECRET_KEYS = {"nexttoken", "next_token", "paginationtoken", "pagetoken", "next_page_token"}
# `code` is a secret only as OAuth's authorization code: next to these keys (the token exchange
# sends grant_type=authorization_code and redirect_uri, the callback brings state). Anywhere
# else it is an error, country or currency code and stays readable.
_OAUTH_CODE_SIBLINGS = {"redirect_uri", "state"}

_KEY_VALUE_STOP = r"[^\s\"'&,;})\]]+"
_PATTERNS = [
    re.compile(r"Atz[ar]\|" + _KEY_VALUE_STOP),
    re.compile(r"amzn1\.oa2-cs\." + _KEY_VALUE_STOP),
    re.compile(r"(?i)(bearer\s+)[^\s\"',;})\]]+"),
    # key=value / "key": "value" with the key as a whole word (not `design=`); the short wire
    # names `session` and `sign` only as sent, lower case (not `Session:` in a sentence).
    re.compile(
        r"((?<![\w-])(?:(?i:access_token|refresh_token|lwa_client_secret|client_secret|app_secret|x-amz-access-token)|session|sign)"
        r"[\"']?\s*[=:]\s*[\"']?)" + _KEY_VALUE_STOP
    ),
]
_OAUTH_CODE_IN_TEXT = re.compile(r"([?&]code=)([^&\s\"'#]+)")
_OAUTH_CONTEXT_IN_TEXT = re.compile(r"[?&](?:state|redirect_uri)=|grant_type=authorization_code")

_MIN_SECRET_LENGTH = 6
_KEY_LENGTH = 12


class SecretIndex:
    """Known secret values, found in a text at a cost that does not grow with how many there are.

    A secret is filed under its last `_KEY_LENGTH` characters (token prefixes are shared, as in
    Atzr|IwEB..., their tails are random), a shorter one under its whole self. A text is scanned
    once: at each position within a run of non-space characters, the characters just before are
    looked up in those tables, so 5 or 200,000 registered secrets cost the same dictionary lookups
    per character (plus a startswith per secret sharing a tail). The most recently registered
    `limit` secrets are kept: every adapter registers its account's current credentials when it
    is built, so only superseded tokens ever age out."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._lock = threading.Lock()
        self._order: OrderedDict[str, None] = OrderedDict()
        # Tables are replaced, never changed in place, so a reader in another thread always
        # sees whole ones.
        self._by_tail: dict[str, tuple[str, ...]] = {}
        self._short: dict[int, frozenset[str]] = {}  # shorter than _KEY_LENGTH, by length
        self._with_spaces: tuple[str, ...] = ()  # not inside one non-space run: plain `in`

    def __len__(self) -> int:
        return len(self._order)

    def add(self, values: Iterable[Any]) -> None:
        with self._lock:
            for value in values:
                if not isinstance(value, str) or len(value) < _MIN_SECRET_LENGTH:
                    continue
                if value in self._order:
                    self._order.move_to_end(value)
                    continue
                self._order[value] = None
                self._file(value, add=True)
            while len(self._order) > self.limit:
                oldest, _ = self._order.popitem(last=False)
                self._file(oldest, add=False)

    def _file(self, value: str, *, add: bool) -> None:
        if any(character.isspace() for character in value):
            kept = {*self._with_spaces} - {value}
            self._with_spaces = tuple(sorted(kept | {value} if add else kept, key=len, reverse=True))
        elif len(value) < _KEY_LENGTH:
            kept = self._short.get(len(value), frozenset()) - {value}
            self._short = {**self._short, len(value): kept | {value} if add else kept}
        else:
            tail = value[-_KEY_LENGTH:]
            kept = {*self._by_tail.get(tail, ())} - {value}
            if add:
                kept.add(value)
            if kept:
                self._by_tail[tail] = tuple(sorted(kept, key=len, reverse=True))
            else:
                self._by_tail.pop(tail, None)

    def mask(self, text: str) -> str:
        for value in self._with_spaces:
            if value in text:
                text = text.replace(value, MASK)
        by_tail = self._by_tail
        short = sorted(((length, values) for length, values in self._short.items() if values), reverse=True)
        if not by_tail and not short:
            return text
        spans: list[list[int]] = []
        for run in _RUNS.finditer(text):
            run_start, run_end = run.span()
            for end in range(run_start + _MIN_SECRET_LENGTH, run_end + 1):
                start = -1
                if end - run_start >= _KEY_LENGTH:
                    for value in by_tail.get(text[end - _KEY_LENGTH : end], ()):
                        if end - len(value) >= run_start and text.startswith(value, end - len(value)):
                            start = end - len(value)
                            break
                if start < 0:
                    for length, values in short:
                        if end - run_start >= length and text[end - length : end] in values:
                            start = end - length
                            break
                if start < 0:
                    continue
                if spans and start <= spans[-1][1]:  # overlaps the last one: one mask for both
                    spans[-1][0] = min(spans[-1][0], start)
                    spans[-1][1] = end
                else:
                    spans.append([start, end])
        if not spans:
            return text
        pieces, done = [], 0
        for start, end in spans:
            pieces += [text[done:start], MASK]
            done = end
        pieces.append(text[done:])
        return "".join(pieces)


_RUNS = re.compile(rf"\S{{{_MIN_SECRET_LENGTH},}}")
MAX_KNOWN_SECRETS = 200_000
_known = SecretIndex(MAX_KNOWN_SECRETS)


def secrets_register(values: Iterable[Any]) -> None:
    """Remember secret values so any text containing them is masked from now on."""
    _known.add(values)


def secrets_register_credentials(credentials: Mapping[str, Any]) -> None:
    """Register the secret fields of a credentials mapping (tokens, client secrets), not the
    identifiers beside them (app_key, client_id, lwa_app_id) or expiry times, which stay readable."""
    _known.add(value for name, value in credentials.items() if is_secret_key(name))


def is_secret_key(name: str) -> bool:
    lowered = str(name).lower()
    if lowered in _NOT_SECRET_KEYS:
        return False
    return lowered in _SECRET_KEYS or "secret" in lowered or lowered.endswith(("_token", "password"))


def _is_oauth_code(key: str, mapping: Mapping[str, Any]) -> bool:
    if str(key).lower() != "code":
        return False
    names = {str(name).lower() for name in mapping}
    return bool(names & _OAUTH_CODE_SIBLINGS) or str(mapping.get("grant_type", "")) == "authorization_code"


def _secret_in(key: str, mapping: Mapping[str, Any]) -> bool:
    return is_secret_key(key) or _is_oauth_code(key, mapping)


def redact_text(text: str) -> str:
    if not text:
        return text
    text = _known.mask(text)
    for pattern in _PATTERNS:
        if pattern.groups:
            text = pattern.sub(lambda match: match.group(1) + MASK, text)
        else:
            text = pattern.sub(MASK, text)
    if _OAUTH_CONTEXT_IN_TEXT.search(text):
        text = _OAUTH_CODE_IN_TEXT.sub(lambda match: match.group(1) + MASK, text)
    return text


def redact_value(value: Any) -> Any:
    """A deep copy of dicts / lists with secret-keyed values masked and all strings scrubbed."""
    if isinstance(value, dict):
        return {key: (MASK if _secret_in(key, value) else redact_value(item)) for key, item in value.items()}
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
    fields = dict(pairs)
    cleaned = [(key, MASK if _secret_in(key, fields) else redact_text(value)) for key, value in pairs]
    return urlencode(cleaned, safe="*,:|")


def _args_text(args: Any) -> str:
    try:
        return repr(redact_value(args if isinstance(args, dict) else list(args or ())))
    except Exception:
        return "<unprintable>"


class RedactingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: keep its parts, each redacted
            message = f"{record.msg} (unformattable log arguments: {_args_text(record.args)})"
        record.msg = redact_text(str(message))
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
