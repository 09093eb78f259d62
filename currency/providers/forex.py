"""forex-python behind our provider interface.

forex-python hard-codes its service URL (which has moved five times and has been down since
mid-2025), has no timeout, and lets request errors and non-JSON bodies escape as they are. The
subclass below takes its URL from settings, always sets a timeout, reads the answer's own date
(a weekend request is answered with Friday's rates) and the provider turns every failure into
ProviderError.
"""

from __future__ import annotations

import json
import logging
from datetime import date
from decimal import Decimal

import requests
from django.conf import settings
from django.utils import timezone
from forex_python.converter import CurrencyRates, RatesNotAvailableError

from currency.exceptions import ProviderError, error_copy
from currency.models import ExchangeRate, RateSource
from currency.parsers.common import RateRow, currency_parse, rate_parse
from currency.providers.base import RateProvider, RateTable, hub_quote
from currency.types import Quote, RateLeg

logger = logging.getLogger(__name__)


class HubCurrencyRates(CurrencyRates):
    """forex-python's CurrencyRates with a configurable source URL and a timeout.

    Requests have forex-python's shape, `GET {url}{YYYY-MM-DD|latest}?base=..&symbols=..&rtype=fpy`,
    and its own pieces are kept: the source URL hook, the date string and RatesNotAvailableError.
    The HTTP call itself is ours because the library's passes no timeout.
    """

    def __init__(self, *, source_url: str, timeout: float) -> None:
        super().__init__(force_decimal=True)
        self.source_url = source_url if source_url.endswith("/") else source_url + "/"
        self.timeout = timeout

    def _source_url(self) -> str:
        return self.source_url

    def _decode_body(self, response: requests.Response) -> dict:
        # Numbers straight to Decimal (forex-python's force_decimal does the same); ValueError for
        # HTML and other garbage.
        body = json.loads(response.text, parse_float=Decimal)
        if not isinstance(body, dict) or not isinstance(body.get("rates"), dict):
            raise ValueError("the answer has no 'rates' object")
        return body

    def rates_on(self, base_cur: str, date_obj: date | None = None, symbols: str | None = None) -> tuple[str, dict]:
        """(the answer's date, {currency: rate}) for `base_cur` on `date_obj` (None: latest)."""
        params = {"base": base_cur, "symbols": symbols, "rtype": "fpy"}  # None drops "symbols"
        response = requests.get(
            self._source_url() + self._get_date_string(date_obj), params=params, timeout=self.timeout
        )
        if response.status_code != 200:
            raise RatesNotAvailableError("Currency Rates Source Not Ready")
        body = self._decode_body(response)
        return str(body.get("date", "")), body["rates"]

    def rate_on(self, base_cur: str, dest_cur: str, date_obj: date | None = None) -> tuple[str, Decimal]:
        answered, rates = self.rates_on(base_cur, date_obj, symbols=dest_cur)
        rate = rates.get(dest_cur)
        if not rate:
            raise RatesNotAvailableError(
                f"Currency Rate {base_cur} => {dest_cur} not available for Date {self._get_date_string(date_obj)}"
            )
        return answered, rate


class ForexPythonProvider(RateProvider):
    name = "forex_python"
    stored_sources = (RateSource.FOREX_PYTHON.value,)

    def __init__(self) -> None:
        self.url = settings.CURRENCY_FOREX_PYTHON_URL
        self.timeout = settings.CURRENCY_FOREX_PYTHON_TIMEOUT_SECONDS
        # Once the service is down (timeout, refused, 5xx), it is not asked again in this run;
        # a pair it could not answer for a day is not asked again either.
        self.down: str | None = None
        self.refused: dict[tuple[str, str, date], ProviderError] = {}

    @property
    def is_enabled(self) -> bool:
        return bool(self.url)

    def _client(self) -> HubCurrencyRates:
        if self.down:
            raise ProviderError(self.name, f"skipped, it failed earlier in this run ({self.down})")
        return HubCurrencyRates(source_url=self.url, timeout=self.timeout)

    def _call(self, function, *args):
        try:
            return function(*args)
        except RatesNotAvailableError as error:
            if "Not Ready" in str(error):
                self.down = str(error)
            raise ProviderError(self.name, str(error)) from error
        except requests.RequestException as error:
            self.down = type(error).__name__
            raise ProviderError(self.name, f"{self.url} did not answer: {type(error).__name__}: {error}") from error
        except ValueError as error:
            self.down = "not JSON"
            raise ProviderError(self.name, f"{self.url} did not answer JSON rates: {error}") from error

    def _answer_date(self, text: str) -> date:
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise ProviderError(self.name, f"the answer's date '{text}' is not YYYY-MM-DD") from None

    def _rate(self, value: object) -> Decimal:
        try:
            return rate_parse(str(value))
        except ValueError as error:
            raise ProviderError(self.name, f"bad rate in the answer: {error}") from None

    def quote(self, table: RateTable, *, from_currency: str, to_currency: str, on_date: date) -> Quote | None:
        # Rows this provider stored before, for exactly this day, spare a request.
        legs = hub_quote(
            table,
            source=RateSource.FOREX_PYTHON.value,
            hub="EUR",
            from_currency=from_currency,
            to_currency=to_currency,
            on_date=on_date,
        )
        if legs and all(leg.rate_date == on_date for leg in legs):
            return Quote(legs)
        key = (from_currency, to_currency, on_date)
        if key in self.refused:
            raise error_copy(self.refused[key])  # the cached one itself would collect every raise's frames
        try:
            answered, value = self._call(self._client().rate_on, from_currency, to_currency, on_date)
            day, rate = self._answer_date(answered), self._rate(value)
            if day > on_date:
                raise ProviderError(self.name, f"asked for {on_date}, answered with rates of {day}")
        except ProviderError as error:
            self.refused[key] = error_copy(error)
            raise
        self._store([RateRow(day, from_currency, to_currency, rate, 0)])
        table.add(self.name, None, from_currency, to_currency, day, rate)
        return Quote((RateLeg(from_currency, to_currency, from_currency, to_currency, rate, day, self.name),))

    def fetch_latest(self) -> list[RateRow]:
        client = self._client()
        answered, rates = self._call(client.rates_on, "EUR", None)
        day = self._answer_date(answered)
        rows = []
        for code, value in rates.items():
            try:
                quote = currency_parse(str(code))
            except ValueError:
                logger.info("forex-python answered an unknown currency %r; ignored", code)
                continue
            if quote != "EUR":
                rows.append(RateRow(day, "EUR", quote, self._rate(value), 0))
        if not rows:
            raise ProviderError(self.name, "the answer holds no rates")
        return rows

    def _store(self, rows: list[RateRow]) -> None:
        # Stored so the conversion can be explained and reproduced later from the table.
        now = timezone.now()
        ExchangeRate.objects.bulk_create(
            [
                ExchangeRate(date=r.date, base=r.base, quote=r.quote, rate=r.rate, source=self.name, fetched_at=now)
                for r in rows
            ],
            ignore_conflicts=True,
        )
