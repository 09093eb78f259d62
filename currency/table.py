"""`RateTable`: the stored rates of a date window, loaded in one query, and the resolver that
turns a currency pair and a date into the legs of a conversion.

Resolution, for `from → to` on day D:
1. each provider in `settings.CURRENCY_PROVIDERS` order is asked for the pair; the first whose
   newest rate on or before D is not older than `CURRENCY_MAX_RATE_AGE_DAYS` answers (a provider
   that fails is logged and skipped);
2. if none can, the same is done through each pivot currency in `CURRENCY_PIVOTS` (EUR, USD):
   from → pivot and pivot → to may come from different providers (CNY → USD from the ECB,
   USD → AED from the peg);
3. otherwise the refusal names the pair and the date: "stale" with the newest rate found when
   there is one, "not found" when no source has the pair at all.

Answers are cached per (pair, day), so bulk conversion resolves each pair and day once.
"""

from __future__ import annotations

import bisect
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.db.models import Max, Q

from currency.exceptions import ProviderError, RateNotFoundError, RateStaleError, error_copy
from currency.models import ExchangeRate, RateSource
from currency.providers import providers_build
from currency.types import Quote, RateLeg, ResolvedRate  # noqa: F401 - Quote re-exported

logger = logging.getLogger(__name__)

SeriesKey = tuple[str, int | None, str, str]  # (source, account id or None, base, quote)


def days_before(day: date, days: int) -> date:
    """`day - days`, never before the first representable day (0001-01-01 minus 7 days overflows)."""
    return day - timedelta(days=days) if (day - date.min).days >= days else date.min


@dataclass(slots=True)
class Series:
    dates: list[date] = field(default_factory=list)
    rates: list[Decimal] = field(default_factory=list)

    def add(self, day: date, rate: Decimal) -> None:
        index = bisect.bisect_left(self.dates, day)
        if index < len(self.dates) and self.dates[index] == day:
            return
        self.dates.insert(index, day)
        self.rates.insert(index, rate)

    def newest(self, on_date: date) -> tuple[date, Decimal] | None:
        index = bisect.bisect_right(self.dates, on_date)
        return (self.dates[index - 1], self.rates[index - 1]) if index else None


class RateTable:
    def __init__(
        self,
        rows: Iterable[tuple[str, int | None, str, str, date, Decimal]] = (),
        *,
        account_id: int | None = None,
        providers: Sequence[str] | None = None,
        max_age_days: int | None = None,
        pivots: Sequence[str] | None = None,
        history_start: date | None = None,
    ) -> None:
        self.account_id = account_id
        self.max_age_days = settings.CURRENCY_MAX_RATE_AGE_DAYS if max_age_days is None else max_age_days
        self.pivots = tuple(settings.CURRENCY_PIVOTS if pivots is None else pivots)
        self.providers = providers_build(settings.CURRENCY_PROVIDERS if providers is None else providers)
        self.series: dict[SeriesKey, Series] = {}
        # Rows before this date were not loaded; looked up only to explain a refusal.
        self.history_start = history_start
        self._cache: dict[tuple[str, str, date], ResolvedRate | Exception] = {}
        # Per pair and day: the usable answer (or None) and the stale answers seen on the way.
        self._quotes: dict[tuple[str, str, date], tuple[Quote | None, list[Quote]]] = {}
        for source, account, base, quote, day, rate in rows:
            self.add(source, account, base, quote, day, rate)

    # --- loading ----------------------------------------------------------------------------------
    @classmethod
    def load(
        cls,
        *,
        start: date,
        end: date,
        account_id: int | None = None,
        providers: Sequence[str] | None = None,
        max_age_days: int | None = None,
        pivots: Sequence[str] | None = None,
    ) -> RateTable:
        """Every stored rate that can answer for a day in [start, end]: one query."""
        table = cls(account_id=account_id, providers=providers, max_age_days=max_age_days, pivots=pivots)
        table.history_start = days_before(start, table.max_age_days)
        # Pegs stay valid from their date on, so all of them are loaded whatever their age.
        rows = ExchangeRate.objects.filter(
            Q(date__gte=table.history_start) | Q(source=RateSource.PEG),
            table._scope(),
            date__lte=end,
            source__in=table.stored_sources,
        ).values_list("source", "account_id", "base", "quote", "date", "rate")
        for row in rows.iterator(chunk_size=5000):
            table.add(*row)
        return table

    @property
    def stored_sources(self) -> list[str]:
        return sorted({source for provider in self.providers for source in provider.stored_sources})

    def _scope(self) -> Q:
        scope = Q(account__isnull=True)
        return scope | Q(account_id=self.account_id) if self.account_id is not None else scope

    def _history_load(self) -> None:
        """The newest row before the loaded window for every series: what a stale refusal names."""
        if self.history_start is None:
            return
        before, self.history_start = self.history_start, None
        newest = (
            ExchangeRate.objects.filter(self._scope(), date__lt=before, source__in=self.stored_sources)
            .values("source", "account_id", "base", "quote")
            .annotate(newest=Max("date"))
        )
        wanted = Q()
        for row in newest:
            wanted |= Q(
                source=row["source"],
                account_id=row["account_id"],
                base=row["base"],
                quote=row["quote"],
                date=row["newest"],
            )
        if not wanted:
            return
        rows = ExchangeRate.objects.filter(wanted).values_list("source", "account_id", "base", "quote", "date", "rate")
        for row in rows:
            self.add(*row)

    def add(self, source: str, account_id: int | None, base: str, quote: str, day: date, rate: Decimal) -> None:
        key = (source, account_id, base, quote)
        series = self.series.get(key)
        if series is None:
            series = self.series[key] = Series()
        series.add(day, rate)

    def newest(
        self, source: str, account_id: int | None, base: str, quote: str, on_date: date
    ) -> tuple[date, Decimal] | None:
        series = self.series.get((source, account_id, base, quote))
        return series.newest(on_date) if series else None

    # --- resolving --------------------------------------------------------------------------------
    def oldest_allowed(self, on_date: date) -> date:
        return days_before(on_date, self.max_age_days)

    def resolve(self, from_currency: str, to_currency: str, on_date: date) -> ResolvedRate:
        key = (from_currency, to_currency, on_date)
        cached = self._cache.get(key)
        if cached is None:
            try:
                cached = self._resolve(from_currency, to_currency, on_date)
            except (RateNotFoundError, RateStaleError) as error:
                # Kept without its traceback and context (they hold this call's frames), and
                # raised as a fresh copy each time (see error_copy): a 100,000-order backfill
                # with stale days otherwise kept every unconverted order's frame alive.
                cached = error.with_traceback(None)
                cached.__context__ = None
            self._cache[key] = cached
        if isinstance(cached, Exception):
            raise error_copy(cached)
        return cached

    def _resolve(self, from_currency: str, to_currency: str, on_date: date) -> ResolvedRate:
        if from_currency == to_currency:
            return ResolvedRate.from_legs(from_currency, to_currency, on_date, ())
        stale: list[Quote] = []
        legs = self._path(from_currency, to_currency, on_date, stale)
        if legs is None and self.history_start is not None:
            # Nothing usable in the window: look further back, only to say how stale the newest is.
            self._history_load()
            self._quotes.clear()
            legs = self._path(from_currency, to_currency, on_date, stale)
        if legs is not None:
            return ResolvedRate.from_legs(from_currency, to_currency, on_date, legs)
        if stale:
            newest = max(stale, key=lambda quote: quote.oldest.rate_date).oldest
            raise RateStaleError(
                from_currency=from_currency,
                to_currency=to_currency,
                on_date=on_date,
                newest=newest.rate_date,
                source=newest.source,
                max_age_days=self.max_age_days,
            )
        raise RateNotFoundError(from_currency=from_currency, to_currency=to_currency, on_date=on_date)

    def _path(self, from_currency: str, to_currency: str, on_date: date, stale: list[Quote]):
        direct = self._ask(from_currency, to_currency, on_date, stale)
        if direct is not None:
            return direct.legs
        for pivot in self.pivots:
            if pivot in (from_currency, to_currency):
                continue
            first = self._ask(from_currency, pivot, on_date, stale)
            if first is None:
                continue
            second = self._ask(pivot, to_currency, on_date, stale)
            if second is not None:
                return first.legs + second.legs
        return None

    def _ask(self, from_currency: str, to_currency: str, on_date: date, stale: list[Quote]) -> Quote | None:
        """The first usable answer of the providers, in their configured order."""
        key = (from_currency, to_currency, on_date)
        if key in self._quotes:
            answer, seen_stale = self._quotes[key]
            stale.extend(seen_stale)
            return answer
        oldest = self.oldest_allowed(on_date)
        answer = None
        seen_stale: list[Quote] = []
        for provider in self.providers:
            try:
                quote = provider.quote(self, from_currency=from_currency, to_currency=to_currency, on_date=on_date)
            except ProviderError as error:
                logger.warning("Rate provider failed for %s→%s on %s: %s", from_currency, to_currency, on_date, error)
                continue
            if quote is None:
                continue
            if provider.expires and quote.oldest.rate_date < oldest:
                seen_stale.append(quote)
                continue
            answer = quote
            break
        self._quotes[key] = (answer, seen_stale)
        stale.extend(seen_stale)
        return answer


def table_for_dates(*, dates: Iterable[date], account_id: int | None = None, **options) -> RateTable:
    days = list(dates)
    if not days:
        return RateTable(account_id=account_id, **options)
    return RateTable.load(start=min(days), end=max(days), account_id=account_id, **options)
