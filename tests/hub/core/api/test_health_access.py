"""/api/health/ tells anyone only up or down, fast; /api/health/details/ is for staff or the
health token; stale exchange rates and a silent beat are warnings, not "ok"."""

import time
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from currency.models import ExchangeRate
from hub.accounts.roles import Role
from hub.core.health import HealthCheck

DETAILS = "/api/health/details/"
TOKEN = "a-long-health-token"


@pytest.fixture
def health_settings(settings):
    settings.HEALTH_TOKEN = TOKEN
    settings.HEALTH_WORKER_TIMEOUT_SECONDS = 0.2
    settings.HEALTH_CHECKS = ["currency.health.check_rates_fresh"]
    settings.CURRENCY_MAX_RATE_AGE_DAYS = 7
    return settings


def test_public_health_says_only_up_and_is_fast(client, db, health_settings):
    health_settings.HEALTH_WORKER_TIMEOUT_SECONDS = 3  # the details would wait this long for workers

    started = time.monotonic()
    response = client.get("/api/health/")
    elapsed = time.monotonic() - started

    assert response.status_code == 200
    assert response.json() == {"status": "up"}
    assert elapsed < 1.0


def test_public_health_says_down_when_the_database_does_not_answer(client, db, monkeypatch):
    monkeypatch.setattr("hub.core.health.check_database", lambda: HealthCheck("database", False, "down"))

    response = client.get("/api/health/")

    assert (response.status_code, response.json()) == (503, {"status": "down"})


def test_details_need_staff_or_the_token(client, db, health_settings, member_client):
    assert client.get(DETAILS).status_code == 401
    assert client.get(DETAILS, HTTP_AUTHORIZATION="Bearer wrong").status_code == 401
    assert member_client(Role.OWNER).get(DETAILS).status_code == 403
    health_settings.HEALTH_TOKEN = ""
    assert client.get(DETAILS, HTTP_AUTHORIZATION="Bearer ").status_code == 401


def test_details_with_the_token_list_every_check(client, db, health_settings):
    response = client.get(DETAILS, HTTP_AUTHORIZATION=f"Bearer {TOKEN}")

    names = [check["name"] for check in response.json()["checks"]]
    assert names == ["database", "broker", "workers", "beat", "currency_rates"]
    assert all(check["level"] in ("ok", "warning", "error") for check in response.json()["checks"])


def test_details_for_staff(client, db, health_settings, django_user_model):
    staff = django_user_model.objects.create_user(email="ops@example.com", password="x" * 12, is_staff=True)
    client.force_login(staff)

    assert "checks" in client.get(DETAILS).json()


def _rates_check(client):
    body = client.get(DETAILS, HTTP_AUTHORIZATION=f"Bearer {TOKEN}").json()
    return body, next(check for check in body["checks"] if check["name"] == "currency_rates")


def test_stale_rates_are_a_warning_not_ok(client, db, health_settings, monkeypatch):
    monkeypatch.setattr("hub.core.health.DEFAULT_CHECKS", [])
    old = timezone.localdate() - timedelta(days=34)
    ExchangeRate.objects.create(
        date=old, base="EUR", quote="USD", rate=Decimal("1.08"), source="ecb", fetched_at=timezone.now()
    )

    body, check = _rates_check(client)

    assert (check["ok"], check["level"]) == (False, "warning")
    assert "34 day(s) old" in check["detail"]
    assert (body["status"], body["ok"]) == ("warning", False)


def test_fresh_rates_are_ok(client, db, health_settings, monkeypatch):
    monkeypatch.setattr("hub.core.health.DEFAULT_CHECKS", [])
    ExchangeRate.objects.create(
        date=timezone.localdate() - timedelta(days=1),
        base="EUR",
        quote="USD",
        rate=Decimal("1.08"),
        source="ecb",
        fetched_at=timezone.now(),
    )

    body, check = _rates_check(client)

    assert (check["ok"], check["level"], body["status"]) == (True, "ok", "ok")


def _beat_check(client):
    body = client.get(DETAILS, HTTP_AUTHORIZATION=f"Bearer {TOKEN}").json()
    return next(check for check in body["checks"] if check["name"] == "beat")


def test_a_silent_beat_is_a_warning(client, db, health_settings):
    every_minute = IntervalSchedule.objects.create(every=1, period=IntervalSchedule.MINUTES)
    task = PeriodicTask.objects.create(
        name="tick", task="x.tick", interval=every_minute, last_run_at=timezone.now() - timedelta(hours=2)
    )

    assert _beat_check(client)["level"] == "warning"

    task.last_run_at = timezone.now() - timedelta(seconds=30)
    task.save()
    assert _beat_check(client)["level"] == "ok"


def test_a_report_with_an_error_is_503_and_a_warning_is_200(client, db, health_settings, monkeypatch):
    monkeypatch.setattr("hub.core.health.DEFAULT_CHECKS", [])
    health_settings.HEALTH_CHECKS = ["currency.health.check_rates_fresh"]
    ExchangeRate.objects.create(
        date=date(2000, 1, 3), base="EUR", quote="USD", rate=Decimal("1.0"), source="ecb", fetched_at=timezone.now()
    )

    assert client.get(DETAILS, HTTP_AUTHORIZATION=f"Bearer {TOKEN}").status_code == 200
    health_settings.HEALTH_CHECKS = ["tests.hub.core.api.test_health.failing_check"]
    assert client.get(DETAILS, HTTP_AUTHORIZATION=f"Bearer {TOKEN}").status_code == 503
