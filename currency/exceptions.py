"""Errors of the currency app. Conversion errors are ApplicationErrors (the API answers them as
400 with a code), provider errors stay inside the app: a failing provider is logged and skipped."""

from __future__ import annotations

import copy
import enum
from datetime import date

from hub.core.exceptions import ApplicationError


class CurrencyErrorCode(enum.StrEnum):
    RATE_NOT_FOUND = "rate_not_found"
    RATE_STALE = "rate_stale"
    UNKNOWN_CURRENCY = "unknown_currency"
    BAD_RATE_FILE = "bad_rate_file"
    CURRENCY_MISMATCH = "currency_mismatch"


class ConversionError(ApplicationError):
    def __init__(
        self,
        message: str,
        *,
        code: CurrencyErrorCode,
        from_currency: str,
        to_currency: str,
        on_date: date,
        extra: dict | None = None,
    ) -> None:
        super().__init__(
            message,
            code=code.value,
            extra={"from": from_currency, "to": to_currency, "date": on_date.isoformat(), **(extra or {})},
        )
        self.from_currency = from_currency
        self.to_currency = to_currency
        self.on_date = on_date


class RateNotFoundError(ConversionError):
    def __init__(self, *, from_currency: str, to_currency: str, on_date: date) -> None:
        super().__init__(
            f"No exchange rate for {from_currency}→{to_currency} on or before {on_date.isoformat()} "
            "from any configured source.",
            code=CurrencyErrorCode.RATE_NOT_FOUND,
            from_currency=from_currency,
            to_currency=to_currency,
            on_date=on_date,
        )


class RateStaleError(ConversionError):
    def __init__(
        self, *, from_currency: str, to_currency: str, on_date: date, newest: date, source: str, max_age_days: int
    ) -> None:
        age = (on_date - newest).days
        super().__init__(
            f"The newest {from_currency}→{to_currency} rate for {on_date.isoformat()} is from "
            f"{newest.isoformat()} ({source}), {age} days older; the limit is {max_age_days} days.",
            code=CurrencyErrorCode.RATE_STALE,
            from_currency=from_currency,
            to_currency=to_currency,
            on_date=on_date,
            extra={"newest_rate_date": newest.isoformat(), "source": source, "max_age_days": max_age_days},
        )


class ProviderError(Exception):
    """A rate provider could not answer (down, timed out, garbage). The caller logs it and moves
    on to the next provider; it never reaches a user as a crash."""

    def __init__(self, provider: str, message: str) -> None:
        super().__init__(f"{provider}: {message}")
        self.provider = provider


class RateFileError(ApplicationError):
    """A rate file that cannot be imported; `rows` lists every problem, nothing was written."""

    def __init__(self, message: str, rows: list[dict]) -> None:
        super().__init__(message, code=CurrencyErrorCode.BAD_RATE_FILE.value, extra={"rows": rows})
        self.rows = rows


def error_copy(error: Exception) -> Exception:
    """A new, never-raised instance equal to `error` (same class, args and attributes).

    For refusals that are cached and raised again: raising one instance again and again chains
    each raise's traceback onto it, and every traceback entry keeps its frame alive with all of
    its locals (an ingest's order and lines), so a cache holding the instance grows by a caller's
    frames per refusal. A copy is raised instead; its traceback goes when the caller drops it."""
    fresh = type(error).__new__(type(error), *error.args)
    fresh.args = error.args
    fresh.__dict__.update(copy.deepcopy(error.__dict__))
    return fresh


def row_error(row: int | None, column: str | None, message: str) -> dict:
    return {"row": row, "column": column, "message": message}
