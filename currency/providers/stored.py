"""Providers that answer from stored rows: ECB reference rates, USD pegs, manual rates."""

from __future__ import annotations

from datetime import date

import requests
from django.conf import settings

from currency.exceptions import ProviderError, RateFileError
from currency.models import RateSource
from currency.parsers.common import RateRow
from currency.parsers.ecb import ecb_parse
from currency.providers.base import RateProvider, RateTable, direct_quote, hub_quote
from currency.types import Quote


class EcbProvider(RateProvider):
    name = "ecb"
    stored_sources = (RateSource.ECB.value,)

    def quote(self, table: RateTable, *, from_currency: str, to_currency: str, on_date: date) -> Quote | None:
        legs = hub_quote(
            table,
            source=RateSource.ECB.value,
            hub="EUR",
            from_currency=from_currency,
            to_currency=to_currency,
            on_date=on_date,
        )
        return Quote(legs) if legs else None

    def fetch_latest(self) -> list[RateRow]:
        """The ECB's daily XML (or any ECB file at CURRENCY_ECB_DAILY_URL, e.g. the 90-day one)."""
        url = settings.CURRENCY_ECB_DAILY_URL
        try:
            response = requests.get(url, timeout=settings.CURRENCY_ECB_TIMEOUT_SECONDS)
        except requests.RequestException as error:
            raise ProviderError(self.name, f"{url} did not answer: {type(error).__name__}: {error}") from error
        if response.status_code != 200:
            raise ProviderError(self.name, f"{url} answered HTTP {response.status_code}.")
        try:
            return ecb_parse(response.content)
        except RateFileError as error:
            raise ProviderError(self.name, f"{url} sent something that is not an ECB file: {error.message}") from error


class PegProvider(RateProvider):
    """Fixed USD pegs (currency/data/pegs.csv): derived from the pegging central banks' official
    rates, not published by the ECB. A peg row holds from its date until a newer peg row."""

    name = "peg"
    stored_sources = (RateSource.PEG.value,)
    expires = False

    def quote(self, table: RateTable, *, from_currency: str, to_currency: str, on_date: date) -> Quote | None:
        legs = hub_quote(
            table,
            source=RateSource.PEG.value,
            hub="USD",
            from_currency=from_currency,
            to_currency=to_currency,
            on_date=on_date,
        )
        return Quote(legs) if legs else None


class ManualProvider(RateProvider):
    """Rates entered by hand: the seller's own (their account only) and system-wide ones.

    The newest date wins. On the same date the seller's own rate wins over a system-wide manual
    rate: the seller entered it deliberately for their books (their bank's or the marketplace's
    rate), and it changes nobody else's conversions.
    """

    name = "manual"
    stored_sources = (RateSource.MANUAL.value,)

    def quote(self, table: RateTable, *, from_currency: str, to_currency: str, on_date: date) -> Quote | None:
        best = None
        scopes = (table.account_id, None) if table.account_id is not None else (None,)
        for account_id in scopes:
            found = direct_quote(
                table,
                source=RateSource.MANUAL.value,
                account_id=account_id,
                from_currency=from_currency,
                to_currency=to_currency,
                on_date=on_date,
            )
            if found and (best is None or found[0] > best[0]):
                best = found
        return Quote((best[1],)) if best else None
