"""The provider interface and the lookups stored providers share."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Protocol

from currency.parsers.common import RateRow
from currency.types import Quote, RateLeg


class RateTable(Protocol):
    """What providers need of `currency.table.RateTable` (which builds the providers): the
    stored rates loaded for a window. A protocol, so providers never import the table."""

    account_id: int | None

    def newest(
        self, source: str, account_id: int | None, base: str, quote: str, on_date: date
    ) -> tuple[date, Decimal] | None: ...

    def add(self, source: str, account_id: int | None, base: str, quote: str, day: date, rate: Decimal) -> None: ...


# Bound on how far back a cross rate searches for a day both currencies were quoted.
_MAX_CROSS_STEPS = 400


class RateProvider:
    name: str = ""
    # Sources of stored rows this provider reads (the table loads only these).
    stored_sources: tuple[str, ...] = ()
    # False for pegs: a fixed peg does not age.
    expires: bool = True

    @property
    def is_enabled(self) -> bool:
        """A provider that is not configured (no URL) is left out of the order entirely."""
        return True

    def quote(self, table: RateTable, *, from_currency: str, to_currency: str, on_date: date) -> Quote | None:
        """The newest way from one currency to the other on or before `on_date`, or None.
        Raises ProviderError when the provider cannot answer at all (down, garbage)."""
        raise NotImplementedError

    def fetch_latest(self) -> list[RateRow] | None:
        """Fresh rates from outside, or None when this provider has nothing to fetch."""
        return None


def direct_quote(
    table: RateTable, *, source: str, account_id: int | None, from_currency: str, to_currency: str, on_date: date
) -> tuple[date, RateLeg] | None:
    """The newest stored row for the pair in either direction (the direct one on a tie)."""
    best: tuple[date, RateLeg] | None = None
    for base, quote in ((from_currency, to_currency), (to_currency, from_currency)):
        found = table.newest(source, account_id, base, quote, on_date)
        if found and (best is None or found[0] > best[0]):
            day, rate = found
            best = (day, RateLeg(from_currency, to_currency, base, quote, rate, day, source, account_id))
    return best


def hub_quote(
    table: RateTable, *, source: str, hub: str, from_currency: str, to_currency: str, on_date: date
) -> tuple[RateLeg, ...] | None:
    """A pair through the source's own base currency (the ECB quotes everything against EUR, the
    pegs against USD): both rows from the same day, the newest day on or before `on_date`."""
    found = direct_quote(
        table, source=source, account_id=None, from_currency=from_currency, to_currency=to_currency, on_date=on_date
    )
    if found:
        return (found[1],)
    if hub in (from_currency, to_currency):
        return None
    day = on_date
    for _ in range(_MAX_CROSS_STEPS):
        first = table.newest(source, None, hub, from_currency, day)
        second = table.newest(source, None, hub, to_currency, day)
        if first is None or second is None:
            return None
        if first[0] == second[0]:
            return (
                RateLeg(from_currency, hub, hub, from_currency, first[1], first[0], source),
                RateLeg(hub, to_currency, hub, to_currency, second[1], second[0], source),
            )
        day = min(first[0], second[0])
    return None
