"""API rate limits: per token (or per user for a browser session) and per address without
credentials, rates from settings.API_THROTTLE_RATES; the over-limit answer is a 429 in the API's
error shape with Retry-After."""

import pytest
from django.core.cache import cache
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from hub.accounts.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def rates(settings):
    cache.clear()

    def set_rates(user=None, anon=None):
        settings.API_THROTTLE_RATES = {"user": user, "anon": anon}

    yield set_rates
    cache.clear()


def _statuses(client, url, count):
    return [client.get(url).status_code for _ in range(count)]


def test_a_token_over_its_rate_gets_429_with_retry_after(rates, owner_client, api_url):
    rates(user="3/min")

    statuses = _statuses(owner_client, api_url("catalog/products/"), 3)
    refused = owner_client.get(api_url("catalog/products/"))

    assert statuses == [200, 200, 200]
    assert refused.status_code == 429
    assert refused.json()["code"] == "throttled"
    assert 0 < int(refused["Retry-After"]) <= 60


def test_each_token_has_its_own_budget(rates, member_client, api_url):
    rates(user="2/min")
    first, second = member_client(Role.OWNER), member_client(Role.CATALOG)

    assert _statuses(first, api_url("catalog/products/"), 3) == [200, 200, 429]
    assert _statuses(second, api_url("catalog/products/"), 2) == [200, 200]


def test_a_new_token_of_the_same_user_starts_a_new_budget(rates, owner_client, api_url):
    rates(user="2/min")
    assert _statuses(owner_client, api_url("catalog/products/"), 3) == [200, 200, 429]

    Token.objects.filter(user=owner_client.user).delete()
    fresh = APIClient()
    fresh.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=owner_client.user).key}")

    assert fresh.get(api_url("catalog/products/")).status_code == 200


def test_a_browser_session_is_counted_per_user(rates, owner_client, api_url):
    rates(user="2/min")
    session = APIClient()
    session.force_login(owner_client.user)

    assert _statuses(session, api_url("catalog/products/"), 3) == [200, 200, 429]


def test_callers_without_credentials_are_counted_per_address(rates, anonymous_client):
    rates(anon="2/min")

    assert _statuses(anonymous_client, "/api/health/", 3) == [200, 200, 429]
    other_address = anonymous_client.get("/api/health/", REMOTE_ADDR="10.1.2.3")
    assert other_address.status_code == 200


def test_rates_switched_off_never_refuse(rates, owner_client, api_url):
    rates(user=None)

    assert set(_statuses(owner_client, api_url("catalog/products/"), 30)) == {200}


def test_the_default_rates_are_the_documented_ones():
    from hub.config.settings.integrations import audit

    assert audit.API_THROTTLE_RATES == {"user": "600/min", "anon": "120/min"}
