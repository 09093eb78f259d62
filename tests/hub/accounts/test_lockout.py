"""Password guessing is stopped per (e-mail, address) pair on the login page, the API token
endpoint and the admin: after 5 failures that pair is refused — also with the right password —
with a clear message, while other users behind the same address still log in."""

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from tests.factories.accounts import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

OFFICE = "203.0.113.7"
HOME = "198.51.100.20"


@pytest.fixture(autouse=True)
def _axes_on(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 5
    # The per-address throttle of the token endpoint must not be what stops the attempts here.
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"login": "1000/min"}}
    from django.core.cache import cache
    from rest_framework.settings import api_settings
    from rest_framework.throttling import ScopedRateThrottle

    cache.clear()
    api_settings.reload()
    ScopedRateThrottle.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES
    yield
    api_settings.reload()
    ScopedRateThrottle.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES
    cache.clear()


def _form_login(client, email, password, ip=OFFICE, url="/login/"):
    return client.post(url, {"username": email, "password": password}, REMOTE_ADDR=ip)


def _token(email, password, ip=OFFICE):
    return APIClient().post("/api/auth/token/", {"email": email, "password": password}, format="json", REMOTE_ADDR=ip)


def test_the_login_form_locks_after_five_failures_even_for_the_right_password(client):
    victim = UserFactory()
    statuses = [_form_login(client, victim.email, f"wrong-{i}").status_code for i in range(30)]

    right = _form_login(client, victim.email, PASSWORD)

    assert statuses[:4] == [200] * 4  # the form again, with its error
    assert set(statuses[4:]) == {429}  # the fifth failure locks
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session
    assert "Too many failed logins for this account from your address" in right.content.decode()


def test_the_token_endpoint_locks_the_pair_not_the_office(db):
    victim, colleague = UserFactory(), UserFactory()
    assert [_token(victim.email, f"wrong-{i}").status_code for i in range(5)] == [400, 400, 400, 400, 429]

    locked = _token(victim.email, PASSWORD)

    assert locked.status_code == 429
    assert locked.json()["code"] == "locked_out"
    assert set(locked.json()) == {"message", "code", "fields", "extra"}
    assert locked.json()["extra"]["retry_after"] == 30 * 60
    # The same office address, another account: not affected. The victim from home: not affected.
    assert _token(colleague.email, PASSWORD).status_code == 200
    assert _token(victim.email, PASSWORD, ip=HOME).status_code == 200


def test_failures_on_the_form_and_the_api_count_together_case_insensitively(client):
    victim = UserFactory()
    for i in range(3):
        _form_login(client, victim.email.upper(), f"wrong-{i}")
    for i in range(2):
        _token(victim.email, f"wrong-{i}")

    assert _token(victim.email, PASSWORD).status_code == 429


def test_the_admin_login_is_locked_too(client):
    admin = UserFactory(is_staff=True, is_superuser=True)
    for i in range(5):
        _form_login(client, admin.email, f"wrong-{i}", url="/admin/login/")

    response = _form_login(client, admin.email, PASSWORD, url="/admin/login/")

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_unlock_command_lets_the_user_in_again(client):
    victim = UserFactory()
    for i in range(5):
        _token(victim.email, f"wrong-{i}")
    assert _token(victim.email, PASSWORD).status_code == 429

    call_command("axes_reset_username", victim.email)

    assert _token(victim.email, PASSWORD).status_code == 200
