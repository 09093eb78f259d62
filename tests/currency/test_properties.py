"""Property: converting there and back stays within one minor unit per leg.

Leg one rounds to the target's minor unit (at most half a unit off), leg two rounds back (at most
half a unit of the source); the rates themselves keep 12 significant digits. So the round trip
may differ from the start by at most one source unit plus one target unit valued in the source.
"""

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from currency.codes import currency_quantum
from currency.money import Money, RoundingPurpose
from currency.services import conversion_apply, exchange_rate_create
from currency.table import RateTable

CURRENCIES = ["EUR", "USD", "JPY", "GBP", "CNY", "PLN", "SEK", "CHF", "KRW", "HUF", "KWD", "AED", "SAR"]
DAYS = [date(2024, 3, 4) + timedelta(days=offset) for offset in range(28)]


def test_property_there_and_back_within_one_minor_unit_per_leg(ecb_rates):
    for day, rate in [(date(2024, 3, 1), "3.2520"), (date(2024, 3, 8), "3.2541"), (date(2024, 3, 15), "3.2533"),
                      (date(2024, 3, 22), "3.2519"), (date(2024, 3, 29), "3.2502")]:  # fmt: skip
        exchange_rate_create(date=day, base="KWD", quote="USD", rate=Decimal(rate))
    table = RateTable.load(start=DAYS[0], end=DAYS[-1])

    @hypothesis_settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(
        source=st.sampled_from(CURRENCIES),
        target=st.sampled_from(CURRENCIES),
        day=st.sampled_from(DAYS),
        units=st.integers(min_value=1, max_value=10**9),
        purpose=st.sampled_from([RoundingPurpose.REPORT, RoundingPurpose.LISTING_PRICE]),
    )
    def check(source, target, day, units, purpose):
        start = Money(Decimal(units) * currency_quantum(source), source)
        there = conversion_apply(amount=start, resolved=table.resolve(source, target, day), purpose=purpose)
        back = conversion_apply(amount=there.amount, resolved=table.resolve(target, source, day), purpose=purpose)
        allowed = currency_quantum(source) + currency_quantum(target) * back.rate
        assert abs(back.amount.amount - start.amount) <= allowed, (start, there.amount, back.amount, allowed)

    check()
