"""Providers against a real HTTP server on 127.0.0.1: forex-python's answers (JSON, HTML, a hang,
a 500) and the ECB daily file, and what the hub does when each one fails."""

import logging
import time
from datetime import date
from decimal import Decimal

import pytest

from currency import tasks
from currency.exceptions import RateNotFoundError
from currency.models import ExchangeRate
from currency.money import Money, RoundingPurpose
from currency.services import currency_convert, currency_convert_many, exchange_rates_refresh
from currency.types import ConversionRequest
from tests.currency.test_parsers import DAILY_XML

FRIDAY = date(2024, 3, 15)


@pytest.fixture
def forex_first(settings, rates_server):
    settings.CURRENCY_PROVIDERS = ["forex_python", "ecb", "peg"]
    settings.CURRENCY_FOREX_PYTHON_URL = rates_server.url + "api"
    settings.CURRENCY_FOREX_PYTHON_TIMEOUT_SECONDS = 0.5
    return rates_server


def usd_to_eur(on_date=FRIDAY):
    return currency_convert(
        amount=Money.of("100", "USD"), to_currency="EUR", on_date=on_date, purpose=RoundingPurpose.REPORT
    )


def test_forex_python_answer_is_used_and_stored(db, forex_first):
    forex_first.body = {"base": "USD", "date": "2024-03-15", "rates": {"EUR": 0.9181}}
    conversion = usd_to_eur()
    assert forex_first.requests == ["/api/2024-03-15?base=USD&symbols=EUR&rtype=fpy"]
    assert (conversion.amount, conversion.rate, conversion.source) == (
        Money.of("91.81", "EUR"),
        Decimal("0.9181"),
        "forex_python",
    )
    stored = ExchangeRate.objects.get(source="forex_python")
    assert (stored.date, stored.base, stored.quote, stored.rate) == (FRIDAY, "USD", "EUR", Decimal("0.9181"))
    # The stored row answers the same day again without a request.
    assert usd_to_eur().rate == Decimal("0.9181")
    assert len(forex_first.requests) == 1


def test_a_weekend_answer_carries_the_day_the_service_gives(db, forex_first):
    forex_first.body = {"base": "USD", "date": "2024-03-15", "rates": {"EUR": 0.9181}}
    conversion = usd_to_eur(date(2024, 3, 16))
    assert forex_first.requests == ["/api/2024-03-16?base=USD&symbols=EUR&rtype=fpy"]
    assert (conversion.rate_date, conversion.requested_date) == (FRIDAY, date(2024, 3, 16))


@pytest.mark.parametrize(
    ("mode", "logged"),
    [
        ("html", "did not answer JSON rates"),
        ("500", "Currency Rates Source Not Ready"),
        ("hang", "ReadTimeout"),
    ],
    ids=["html-with-200", "http-500", "hangs-past-timeout"],
)
def test_when_forex_python_fails_the_next_provider_answers(ecb_rates, forex_first, caplog, mode, logged):
    forex_first.mode = mode
    started = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="currency.table"):
        conversion = usd_to_eur()
    assert time.monotonic() - started < 1.5  # the 0.5 s timeout, not the server's 2 s
    assert (conversion.amount, conversion.source) == (Money.of("91.81", "EUR"), "ecb")
    assert forex_first.requests == ["/api/2024-03-15?base=USD&symbols=EUR&rtype=fpy"]
    messages = [record.getMessage() for record in caplog.records]
    assert len(messages) == 1
    assert "USD→EUR on 2024-03-15: forex_python:" in messages[0]
    assert logged in messages[0]
    assert not ExchangeRate.objects.filter(source="forex_python").exists()


def test_a_service_that_is_down_is_asked_once_per_bulk_run(ecb_rates, forex_first):
    forex_first.mode = "hang"
    days = [date(2024, 3, 12), date(2024, 3, 13), date(2024, 3, 14)]
    requests = [ConversionRequest(Money.of("10", "USD"), "EUR", day) for day in days]
    results = currency_convert_many(requests=requests, purpose=RoundingPurpose.REPORT)
    assert [result.source for result in results] == ["ecb", "ecb", "ecb"]
    assert len(forex_first.requests) == 1


def test_a_currency_the_service_lacks_falls_through_to_the_peg(ecb_rates, forex_first):
    forex_first.body = {"base": "USD", "date": "2024-03-15", "rates": {}}
    conversion = currency_convert(
        amount=Money.of("100", "USD"), to_currency="AED", on_date=FRIDAY, purpose=RoundingPurpose.REPORT
    )
    assert (conversion.amount, conversion.source) == (Money.of("367.25", "AED"), "peg")


def test_forex_python_rates_without_a_date_or_with_a_bad_rate_are_refused(ecb_rates, forex_first, caplog):
    forex_first.body = {"base": "USD", "rates": {"EUR": 0.9181}}
    with caplog.at_level(logging.WARNING, logger="currency.table"):
        assert usd_to_eur().source == "ecb"
    assert "the answer's date '' is not YYYY-MM-DD" in caplog.text


def test_refresh_stores_the_ecb_daily_file(db, settings, rates_server):
    rates_server.mode = "file"
    rates_server.body = DAILY_XML
    settings.CURRENCY_ECB_DAILY_URL = rates_server.url + "eurofxref-daily.xml"
    summary = exchange_rates_refresh()
    assert (summary.source, summary.created, summary.skipped, summary.last_date) == ("ecb", 2, 0, "2024-03-15")
    assert exchange_rates_refresh().created == 0  # idempotent
    assert set(ExchangeRate.objects.filter(source="ecb").values_list("quote", "rate")) == {
        ("USD", Decimal("1.0892")),
        ("JPY", Decimal("162.03")),
    }


def test_refresh_falls_back_to_forex_python_when_the_ecb_is_down(db, settings, rates_server, closed_port_url):
    settings.CURRENCY_ECB_DAILY_URL = closed_port_url + "eurofxref-daily.xml"
    settings.CURRENCY_FOREX_PYTHON_URL = rates_server.url + "api/"
    rates_server.body = {"base": "EUR", "date": "2024-03-15", "rates": {"USD": 1.0892, "JPY": 162.03, "XX1": 1}}
    summary = exchange_rates_refresh()
    assert summary.source == "forex_python"
    assert summary.created == 2
    assert [failure["provider"] for failure in summary.failures] == ["ecb"]
    assert rates_server.requests == ["/api/latest?base=EUR&rtype=fpy"]


def test_offline_refresh_logs_and_does_not_crash(db, settings, closed_port_url, caplog):
    settings.CURRENCY_ECB_DAILY_URL = closed_port_url + "eurofxref-daily.xml"
    settings.CURRENCY_FOREX_PYTHON_URL = closed_port_url + "api/"
    with caplog.at_level(logging.WARNING):
        result = tasks.exchange_rates_refresh()
    assert result["source"] == ""
    assert result["created"] == 0
    assert [failure["provider"] for failure in result["failures"]] == ["ecb", "forex_python"]
    assert "ConnectionError" in result["failures"][0]["error"]
    assert "Rate refresh: no provider answered" in caplog.text
    assert not ExchangeRate.objects.exclude(source="peg").exists()


def test_refresh_refuses_an_answer_that_is_not_an_ecb_file(db, settings, rates_server):
    rates_server.mode = "html"
    settings.CURRENCY_ECB_DAILY_URL = rates_server.url + "eurofxref-daily.xml"
    summary = exchange_rates_refresh()
    assert summary.created == 0
    assert "not an ECB file" in summary.failures[0]["error"]


def test_the_daily_refresh_is_on_the_beat_schedule(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["currency-exchange-rates-refresh"]
    assert entry["task"] == tasks.exchange_rates_refresh.name


def test_a_refused_pair_is_not_asked_again_while_explaining_a_refusal(db, forex_first):
    forex_first.body = {"base": "USD", "date": "2024-03-15", "rates": {}}
    with pytest.raises(RateNotFoundError, match="USD→KWD"):
        currency_convert(amount=Money.of("1", "USD"), to_currency="KWD", on_date=FRIDAY, purpose=RoundingPurpose.REPORT)
    # USD→KWD directly, then USD→EUR for the EUR pivot; never the same question twice.
    assert forex_first.requests == [
        "/api/2024-03-15?base=USD&symbols=KWD&rtype=fpy",
        "/api/2024-03-15?base=USD&symbols=EUR&rtype=fpy",
    ]
