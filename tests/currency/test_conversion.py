from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from currency.exceptions import RateNotFoundError, RateStaleError
from currency.models import ExchangeRate
from currency.money import Money, RoundingPurpose
from currency.services import currency_convert, currency_convert_each, currency_convert_many, exchange_rate_create
from currency.table import RateTable
from currency.types import ConversionRequest

REPORT = RoundingPurpose.REPORT


def convert(amount, source, target, on_date, purpose=REPORT, **kwargs):
    return currency_convert(
        amount=Money.of(amount, source), to_currency=target, on_date=on_date, purpose=purpose, **kwargs
    )


@pytest.mark.parametrize(
    ("day", "quote", "rate"),
    [
        (date(2024, 3, 15), "USD", "1.0892"),
        (date(2024, 3, 15), "JPY", "162.03"),
        (date(2024, 3, 15), "CNY", "7.838"),
        (date(2024, 3, 28), "GBP", "0.8551"),
        (date(2024, 4, 2), "SEK", "11.5575"),
    ],
)
def test_known_ecb_figures_from_the_shipped_file(ecb_rates, day, quote, rate):
    stored = ExchangeRate.objects.get(date=day, base="EUR", quote=quote, source="ecb", account=None)
    assert stored.rate == Decimal(rate)
    conversion = convert("1", "EUR", quote, day)
    assert conversion.rate == Decimal(rate)
    assert (conversion.rate_date, conversion.source) == (day, "ecb")


def test_usd_to_eur_divides_by_the_ecb_rate_and_rounds_once(ecb_rates):
    conversion = convert("100", "USD", "EUR", date(2024, 3, 15))
    # 100 / 1.0892 = 91.8105031215571...; the rate keeps 12 significant digits.
    assert conversion.rate == Decimal("0.918105031216")
    assert conversion.amount == Money.of("91.81", "EUR")
    assert [(leg.base, leg.quote, leg.rate, leg.inverted) for leg in conversion.legs] == [
        ("EUR", "USD", Decimal("1.0892"), True)
    ]
    # Reproducible from what is stored with it: amount = source × rate, rounded for the purpose.
    assert (conversion.source_amount.amount * conversion.rate).quantize(Decimal("0.01")) == Decimal("91.81")


def test_a_saturday_uses_fridays_rate(ecb_rates):
    conversion = convert("100", "EUR", "USD", date(2024, 3, 16))
    assert conversion.requested_date == date(2024, 3, 16)
    assert conversion.rate_date == date(2024, 3, 15)
    assert conversion.amount == Money.of("108.92", "USD")


def test_easter_monday_uses_maundy_thursdays_rate(ecb_rates):
    conversion = convert("100", "EUR", "USD", date(2024, 4, 1))
    assert conversion.rate_date == date(2024, 3, 28)
    assert conversion.rate == Decimal("1.0811")


def test_cross_rate_cny_to_jpy_checked_by_hand(ecb_rates):
    # ECB row 2024-03-15: 1 EUR = 7.838 CNY and 1 EUR = 162.03 JPY, so 1 CNY = 162.03 / 7.838 JPY
    # = 20.67236539933656... JPY; 1000 CNY = 20672.365... JPY, and yen have no minor unit.
    conversion = convert("1000", "CNY", "JPY", date(2024, 3, 15), RoundingPurpose.LISTING_PRICE)
    assert conversion.rate == Decimal("20.6723653993")
    assert conversion.amount == Money.of("20672", "JPY")
    assert conversion.amount.amount.as_tuple().exponent == 0
    assert [(leg.from_currency, leg.to_currency, leg.rate, leg.rate_date) for leg in conversion.legs] == [
        ("CNY", "EUR", Decimal("7.838"), date(2024, 3, 15)),
        ("EUR", "JPY", Decimal("162.03"), date(2024, 3, 15)),
    ]


def test_jpy_has_no_decimals_and_kwd_has_three(ecb_rates, account):
    # 12.34 EUR × 162.03 = 1999.4502 JPY.
    assert convert("12.34", "EUR", "JPY", date(2024, 3, 15)).amount.amount == Decimal("1999")
    exchange_rate_create(date=date(2024, 3, 15), base="KWD", quote="USD", rate=Decimal("3.252"), account=account)
    conversion = convert("1000", "USD", "KWD", date(2024, 3, 15), account=account)
    # 1000 / 3.252 = 307.5030750307...
    assert conversion.amount.amount == Decimal("307.503")
    assert str(conversion.amount.amount) == "307.503"
    assert conversion.source == "manual"


def test_a_missing_pair_names_itself_and_the_day(ecb_rates):
    with pytest.raises(RateNotFoundError) as caught:
        convert("10", "USD", "KWD", date(2024, 3, 15))
    error = caught.value
    assert str(error) == "No exchange rate for USD→KWD on or before 2024-03-15 from any configured source."
    assert error.extra == {"from": "USD", "to": "KWD", "date": "2024-03-15"}
    assert error.code == "rate_not_found"


def test_a_rate_older_than_the_limit_is_refused(ecb_rates, settings):
    with pytest.raises(RateStaleError) as caught:
        convert("10", "USD", "EUR", date(2024, 4, 20))
    assert str(caught.value) == (
        "The newest USD→EUR rate for 2024-04-20 is from 2024-04-05 (ecb), 15 days older; the limit is 7 days."
    )
    assert caught.value.extra["newest_rate_date"] == "2024-04-05"
    settings.CURRENCY_MAX_RATE_AGE_DAYS = 15
    assert convert("10", "USD", "EUR", date(2024, 4, 20)).rate_date == date(2024, 4, 5)


def test_pegs_convert_gulf_currencies_and_are_documented_as_derived(ecb_rates):
    aed = ExchangeRate.objects.get(source="peg", quote="AED")
    assert (aed.base, aed.rate, aed.account) == ("USD", Decimal("3.6725"), None)
    assert "not ECB" in ExchangeRate._meta.get_field("source").choices[2][1]
    conversion = convert("100", "AED", "SAR", date(2024, 3, 15))
    # 100 × 3.75 / 3.6725 = 102.110279101...
    assert (conversion.amount, conversion.source) == (Money.of("102.11", "SAR"), "peg")
    assert conversion.rate_date == date(2024, 3, 15)  # a peg holds on the requested day


def test_cny_to_aed_goes_through_usd_with_legs_from_two_sources(ecb_rates):
    conversion = convert("1000", "CNY", "AED", date(2024, 3, 16))
    # 1000 / 7.838 × 1.0892 × 3.6725 = 510.34536871...
    assert conversion.amount == Money.of("510.35", "AED")
    assert conversion.source == "ecb+peg"
    assert conversion.rate_date == date(2024, 3, 15)
    assert [(leg.base, leg.quote, leg.source) for leg in conversion.legs] == [
        ("EUR", "CNY", "ecb"),
        ("EUR", "USD", "ecb"),
        ("USD", "AED", "peg"),
    ]


def test_an_accounts_manual_rate_counts_for_that_account_only(ecb_rates, account, other_account):
    exchange_rate_create(date=date(2024, 3, 14), base="USD", quote="CNY", rate=Decimal("7.10"), account=account)
    mine = convert("100", "USD", "CNY", date(2024, 3, 15), account=account)
    assert (mine.amount, mine.source, mine.legs[0].account_id) == (Money.of("710.00", "CNY"), "manual", account.pk)
    theirs = convert("100", "USD", "CNY", date(2024, 3, 15), account=other_account)
    # 100 / 1.0892 × 7.838 = 719.611641...
    assert (theirs.amount, theirs.source) == (Money.of("719.61", "CNY"), "ecb")
    assert convert("100", "USD", "CNY", date(2024, 3, 15)).source == "ecb"


def test_on_the_same_day_the_accounts_rate_beats_a_system_manual_rate(db, account):
    exchange_rate_create(date=date(2024, 3, 15), base="USD", quote="KWD", rate=Decimal("0.3070"))
    exchange_rate_create(date=date(2024, 3, 15), base="USD", quote="KWD", rate=Decimal("0.3080"), account=account)
    assert convert("1000", "USD", "KWD", date(2024, 3, 15), account=account).amount.amount == Decimal("308.000")
    assert convert("1000", "USD", "KWD", date(2024, 3, 15)).amount.amount == Decimal("307.000")
    # A newer system rate wins over an older account rate.
    exchange_rate_create(date=date(2024, 3, 16), base="USD", quote="KWD", rate=Decimal("0.3090"))
    assert convert("1000", "USD", "KWD", date(2024, 3, 16), account=account).amount.amount == Decimal("309.000")


def test_provider_order_decides_between_sources(ecb_rates, settings):
    exchange_rate_create(date=date(2024, 3, 15), base="EUR", quote="USD", rate=Decimal("1.2"))
    assert convert("1", "EUR", "USD", date(2024, 3, 15)).source == "manual"
    settings.CURRENCY_PROVIDERS = ["ecb", "manual", "peg"]
    assert convert("1", "EUR", "USD", date(2024, 3, 15)).source == "ecb"


def test_same_currency_is_only_rounded(db):
    conversion = convert("10.005", "EUR", "EUR", date(2024, 3, 15), RoundingPurpose.LISTING_PRICE)
    assert (conversion.amount, conversion.rate, conversion.source, conversion.legs) == (
        Money.of("10.01", "EUR"),
        Decimal(1),
        "identity",
        (),
    )


def test_today_is_the_default_date(db):
    today = timezone.localdate()
    exchange_rate_create(date=today, base="USD", quote="KWD", rate=Decimal("0.3075"))
    conversion = currency_convert(amount=Money.of("2", "USD"), to_currency="KWD", purpose=REPORT)
    assert (conversion.requested_date, conversion.amount.amount) == (today, Decimal("0.615"))


def test_bulk_conversion_loads_rates_in_one_query(ecb_rates, django_assert_num_queries):
    days = [date(2024, 3, day) for day in range(4, 30)]
    pairs = [("USD", "EUR"), ("CNY", "JPY"), ("EUR", "GBP"), ("CNY", "AED"), ("PLN", "SEK")]
    requests = [
        ConversionRequest(Money.of(f"{index}.99", source), target, days[index % len(days)])
        for index in range(2000)
        for source, target in [pairs[index % len(pairs)]]
    ]
    with django_assert_num_queries(1):
        results = currency_convert_many(requests=requests, purpose=RoundingPurpose.ORDER_AMOUNT)
    assert len(results) == 2000
    for request, result in zip(requests[:50], results[:50], strict=True):
        single = currency_convert(
            amount=request.amount,
            to_currency=request.to_currency,
            on_date=request.on_date,
            purpose=RoundingPurpose.ORDER_AMOUNT,
        )
        assert (result.amount, result.rate, result.rate_date, result.source) == (
            single.amount,
            single.rate,
            single.rate_date,
            single.source,
        )


def test_bulk_conversion_raises_for_the_first_bad_item_and_each_variant_collects_errors(ecb_rates):
    requests = [
        ConversionRequest(Money.of("1", "USD"), "EUR", date(2024, 3, 15)),
        ConversionRequest(Money.of("1", "USD"), "KWD", date(2024, 3, 15)),
    ]
    with pytest.raises(RateNotFoundError, match="USD→KWD"):
        currency_convert_many(requests=requests, purpose=REPORT)
    first, second = currency_convert_each(requests=requests, purpose=REPORT)
    assert first.amount == Money.of("0.92", "EUR")
    assert isinstance(second, RateNotFoundError)


def test_a_rate_table_can_be_built_from_rows_without_the_database():
    table = RateTable([("ecb", None, "EUR", "USD", date(2024, 3, 15), Decimal("1.0892"))], providers=["ecb"], pivots=[])
    resolved = table.resolve("USD", "EUR", date(2024, 3, 17))
    assert (resolved.rate, resolved.rate_date, resolved.source) == (Decimal("0.918105031216"), date(2024, 3, 15), "ecb")


def test_a_cached_refusal_raised_again_keeps_no_callers_frame_alive():
    """The CA worker of the 100,000-order backfill grew ~10 MB per 1,000 stale CAD orders: the
    table raised its one cached RateStaleError every time, each raise chained a traceback onto it,
    and each traceback entry kept the ingest frame (order, lines) alive for the whole pull."""
    import gc
    import weakref

    table = RateTable(
        [
            ("ecb", None, "EUR", quote, date(2024, 3, 1), Decimal(rate))
            for quote, rate in (("USD", "1.08"), ("CAD", "1.49"))
        ],
        providers=["ecb"],
        max_age_days=7,
    )

    class Page:  # what an ingest frame holds while it converts
        pass

    def convert(page: Page) -> tuple:  # one frame per order, as order_money_convert
        try:
            table.resolve("CAD", "USD", date(2024, 3, 20))
        except RateStaleError as error:
            return (error.message, error.code, error.extra, type(error))
        raise AssertionError("not refused")

    held, errors = [], []
    for _ in range(50):
        page = Page()
        held.append(weakref.ref(page))
        errors.append(convert(page))
        del page
    gc.collect()
    assert [ref for ref in held if ref() is not None] == []
    assert len(set(map(repr, errors))) == 1  # every raise the same refusal, word for word
    message, code, extra, kind = errors[0]
    assert kind is RateStaleError and code == "rate_stale" and "CAD→USD" in message
    assert extra["newest_rate_date"] == "2024-03-01"
    cached = table._cache[("CAD", "USD", date(2024, 3, 20))]
    assert cached.__traceback__ is None


def test_a_datetime_is_refused_as_a_conversion_date(db):
    with pytest.raises(TypeError, match="dates, not datetime"):
        currency_convert(
            amount=Money.of("1", "USD"), to_currency="EUR", on_date=timezone.now(), purpose=RoundingPurpose.REPORT
        )


def test_no_float_anywhere_in_the_currency_app():
    from pathlib import Path

    import currency

    root = Path(currency.__file__).parent
    offenders = [str(path) for path in root.rglob("*.py") if "float(" in path.read_text(encoding="utf-8")]
    assert offenders == []
