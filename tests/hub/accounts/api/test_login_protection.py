import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from tests.factories.accounts import PASSWORD


@pytest.fixture(autouse=True)
def _fresh_throttle_history():
    cache.clear()
    yield
    cache.clear()


def test_password_guessing_is_throttled_per_client(anonymous_client, user, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"login": "3/min"}}
    from rest_framework.settings import api_settings
    from rest_framework.throttling import ScopedRateThrottle

    api_settings.reload()
    ScopedRateThrottle.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES
    try:
        statuses = [
            anonymous_client.post("/api/auth/token/", {"email": user.email, "password": "wrong"}).status_code
            for _ in range(4)
        ]
        refused = anonymous_client.post("/api/auth/token/", {"email": user.email, "password": PASSWORD})
    finally:
        api_settings.reload()
        ScopedRateThrottle.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES

    assert statuses == [400, 400, 400, 429]
    assert refused.status_code == 429
    body = refused.json()
    assert body["code"] == "throttled"
    assert body["extra"]["retry_after"] > 0


def test_api_logout_also_ends_the_browser_session(user, client):
    client.force_login(user)
    api = APIClient(enforce_csrf_checks=False)
    api.cookies = client.cookies
    assert api.get("/api/me/").status_code == 200

    assert api.post("/api/auth/logout/").status_code == 204

    assert client.get("/api/me/").status_code in (401, 403)
