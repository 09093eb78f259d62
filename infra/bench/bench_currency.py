"""Bulk conversion: 100,000 amounts over 30 distinct days, through `currency_convert_many`.

The rates are generated here (ECB-shaped: 1 EUR = x, 30 working days, 14 currencies) so the
figure does not depend on the bundled file; the pegs come from the currency migration. The
pairs mix direct ECB rates, EUR cross rates (CNY→JPY) and cross-source paths (CNY→AED via USD).
Timed: loading the rate table (one query) plus the 100,000 conversions.
"""

import random
import time
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from currency.models import ExchangeRate
from currency.money import Money, RoundingPurpose
from currency.services import currency_convert, currency_convert_many
from currency.types import ConversionRequest
from infra.bench.figures import Figure

ECB_QUOTES = ["USD", "JPY", "GBP", "PLN", "SEK", "CHF", "CNY", "CZK", "HUF", "KRW", "MXN", "AUD", "CAD", "TRY"]
PAIRS = [
    ("USD", "EUR"),
    ("EUR", "GBP"),
    ("CNY", "USD"),
    ("CNY", "JPY"),
    ("USD", "JPY"),
    ("PLN", "SEK"),
    ("GBP", "EUR"),
    ("CNY", "AED"),
    ("SAR", "USD"),
    ("KRW", "EUR"),
]
CONVERSIONS = 100_000
DAYS = 30


def _working_days(count: int) -> list[date]:
    day, days = date(2025, 1, 6), []
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


def run() -> list[Figure]:
    rng = random.Random(20261125)
    days = _working_days(DAYS)
    now = timezone.now()
    ExchangeRate.objects.bulk_create(
        [
            ExchangeRate(
                date=day,
                base="EUR",
                quote=quote,
                rate=Decimal(rng.randint(5_000, 2_000_000)).scaleb(-4),
                source="ecb",
                fetched_at=now,
            )
            for day in days
            for quote in ECB_QUOTES
        ]
    )
    requests = []
    for _ in range(CONVERSIONS):
        source, target = PAIRS[rng.randrange(len(PAIRS))]
        amount = Money(Decimal(rng.randint(100, 5_000_000)).scaleb(-2), source)
        requests.append(ConversionRequest(amount, target, days[rng.randrange(DAYS)]))
    distinct_days = len({request.on_date for request in requests})

    started = time.perf_counter()
    results = currency_convert_many(requests=requests, purpose=RoundingPurpose.ORDER_AMOUNT)
    elapsed = time.perf_counter() - started

    # The bulk path must give what the one-at-a-time path gives.
    for request, result in zip(requests[:200], results[:200], strict=True):
        single = currency_convert(
            amount=request.amount,
            to_currency=request.to_currency,
            on_date=request.on_date,
            purpose=RoundingPurpose.ORDER_AMOUNT,
        )
        assert (single.amount, single.rate, single.rate_date) == (result.amount, result.rate, result.rate_date)
    print(f"    {len(results)} conversions over {distinct_days} dates: {elapsed:.3f} s")
    return [
        Figure(
            name="currency.bulk_convert_100k_30_dates",
            value=elapsed,
            unit="s",
            target=2.0,
            note=f"{len(results)} conversions, {len(PAIRS)} pairs, {distinct_days} dates",
        )
    ]
