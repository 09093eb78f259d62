"""Converting amounts: one at a time (`currency_convert`) or many at once (`currency_convert_many`).

Both go through a `RateTable`: the stored rates of the needed days, loaded in one query, with each
(pair, day) resolved once. Amounts are multiplied exactly and rounded once, to the target
currency's minor unit, with the rounding mode of the caller's purpose.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime

from django.utils import timezone

from currency.codes import currency_quantum, currency_validate
from currency.money import EXACT, Money, RoundingPurpose
from currency.table import RateTable, table_for_dates
from currency.types import Conversion, ConversionRequest, ResolvedRate
from hub.accounts.models import SellerAccount


def _account_id(account: SellerAccount | int | None) -> int | None:
    return account.pk if isinstance(account, SellerAccount) else account


def _day(on_date: date) -> date:
    # A datetime would compare wrongly with rate dates; which calendar day an order falls on
    # depends on a time zone the caller knows (the account's), so the caller decides.
    if isinstance(on_date, datetime) or not isinstance(on_date, date):
        raise TypeError(f"Conversion dates are dates, not {type(on_date).__name__}; take .date() in the right zone.")
    return on_date


def conversion_apply(*, amount: Money, resolved: ResolvedRate, purpose: RoundingPurpose) -> Conversion:
    """`amount` × the resolved rate, rounded once for `purpose`."""
    target = resolved.to_currency
    value = EXACT.multiply(amount.amount, resolved.rate).quantize(
        currency_quantum(target), rounding=purpose.rounding, context=EXACT
    )
    return Conversion(
        amount=Money(value, target),
        source_amount=amount,
        rate=resolved.rate,
        rate_date=resolved.rate_date,
        source=resolved.source,
        legs=resolved.legs,
        requested_date=resolved.requested_date,
        purpose=purpose,
    )


def currency_convert(
    *,
    amount: Money,
    to_currency: str,
    purpose: RoundingPurpose,
    on_date: date | None = None,
    account: SellerAccount | int | None = None,
    table: RateTable | None = None,
) -> Conversion:
    """Convert `amount` at the rate of `on_date` (default today), or the newest earlier day with
    a rate. With `account`, that seller's manual rates count too. Raises RateNotFoundError or
    RateStaleError (both name the pair and the day)."""
    currency_validate(to_currency)
    on_date = _day(on_date) if on_date is not None else timezone.localdate()
    if table is None:
        table = RateTable.load(start=on_date, end=on_date, account_id=_account_id(account))
    resolved = table.resolve(amount.currency, to_currency, on_date)
    return conversion_apply(amount=amount, resolved=resolved, purpose=purpose)


def currency_convert_many(
    *,
    requests: Sequence[ConversionRequest] | Iterable[ConversionRequest],
    purpose: RoundingPurpose,
    account: SellerAccount | int | None = None,
    table: RateTable | None = None,
) -> list[Conversion]:
    """Convert many amounts (order ingest, re-pricing) with one rate query for all of them.

    All or nothing: the first amount that cannot be converted raises, naming its pair and day.
    Callers that want to keep going past bad rows use `currency_convert_each`.
    """
    items = list(requests)
    if table is None:
        table = table_for_dates(dates={item.on_date for item in items}, account_id=_account_id(account))
    resolve = table.resolve
    results = []
    resolved_cache: dict[tuple[str, str, date], ResolvedRate] = {}
    for item in items:
        key = (item.amount.currency, item.to_currency, item.on_date)
        resolved = resolved_cache.get(key)
        if resolved is None:
            currency_validate(item.to_currency)
            _day(item.on_date)
            resolved = resolved_cache[key] = resolve(*key)
        results.append(conversion_apply(amount=item.amount, resolved=resolved, purpose=purpose))
    return results


def currency_convert_each(
    *,
    requests: Sequence[ConversionRequest] | Iterable[ConversionRequest],
    purpose: RoundingPurpose,
    account: SellerAccount | int | None = None,
    table: RateTable | None = None,
) -> list[Conversion | Exception]:
    """Like `currency_convert_many`, but each item gets its Conversion or its error."""
    from currency.exceptions import ConversionError

    items = list(requests)
    if table is None:
        table = table_for_dates(dates={item.on_date for item in items}, account_id=_account_id(account))
    results: list[Conversion | Exception] = []
    for item in items:
        try:
            resolved = table.resolve(item.amount.currency, currency_validate(item.to_currency), item.on_date)
            results.append(conversion_apply(amount=item.amount, resolved=resolved, purpose=purpose))
        except ConversionError as error:
            results.append(error)
    return results
