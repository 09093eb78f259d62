"""Settings modules as a deployment loads them (a fresh interpreter with only the given environment)."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def _import_settings(module: str, **env: str) -> subprocess.CompletedProcess:
    clean = {key: value for key, value in os.environ.items() if key != "SECRET_KEY"}
    return subprocess.run(
        [sys.executable, "-c", f"import {module} as s; print(len(s.SECRET_KEY))"],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = _import_settings("hub.config.settings.production")

    assert result.returncode != 0
    assert "Set the SECRET_KEY environment variable" in result.stderr


STRONG_SECRET = "Zq3-" + "kV9xT2mB7nR4wL8pY1sD6fH0jG5cA3eU" * 2
PRODUCTION_ENV = {"SECRET_KEY": STRONG_SECRET, "ALLOWED_HOSTS": "hub.example.com"}


def test_production_uses_the_given_secret_key():
    result = _import_settings("hub.config.settings.production", **PRODUCTION_ENV)

    assert (result.returncode, result.stdout.strip()) == (0, str(len(STRONG_SECRET))), result.stderr


@pytest.mark.parametrize(
    ("override", "message"),
    [
        pytest.param({"DEBUG": "true"}, "DEBUG is on", id="debug"),
        pytest.param({"SECRET_KEY": ""}, "SECRET_KEY is empty", id="empty-secret"),
        pytest.param(
            {"SECRET_KEY": "dev-insecure-change-me-0123456789abcdef0123456789abcdef"},
            "SECRET_KEY is a development key",
            id="development-secret",
        ),
        pytest.param({"SECRET_KEY": "django-insecure-" + "x1y2z3" * 10}, "development key", id="django-insecure"),
        pytest.param({"SECRET_KEY": "k" * 50}, "SECRET_KEY is too weak", id="one-character-secret"),
        pytest.param({"SECRET_KEY": "short-but-varied-9"}, "SECRET_KEY is too weak", id="short-secret"),
        pytest.param({"ALLOWED_HOSTS": ""}, "ALLOWED_HOSTS is empty", id="no-hosts"),
        pytest.param({"ALLOWED_HOSTS": "*"}, "ALLOWED_HOSTS contains '*'", id="any-host"),
        pytest.param({"CSRF_TRUSTED_ORIGINS": "hub.example.com"}, "is not an origin", id="bad-origin"),
    ],
)
def test_production_refuses_to_start_with_unsafe_settings(override, message):
    result = _import_settings("hub.config.settings.production", **{**PRODUCTION_ENV, **override})

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def test_production_settings_are_hardened():
    script = (
        "import hub.config.settings.production as s; print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.SECURE_HSTS_SECONDS, s.SECURE_PROXY_SSL_HEADER, s.ALLOWED_HOSTS, s.CSRF_TRUSTED_ORIGINS, s.DEBUG)"
    )
    clean = {key: value for key, value in os.environ.items() if key not in ("SECRET_KEY", "ALLOWED_HOSTS")}
    environment = {**clean, **PRODUCTION_ENV, "ALLOWED_HOSTS": "hub.example.com,api.example.com"}
    environment["SITE_URL"] = "https://hub.example.com/"
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=60
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "True True 31536000 ('HTTP_X_FORWARDED_PROTO', 'https') ['hub.example.com', 'api.example.com'] "
        "['https://hub.example.com'] False"
    )


def test_production_passes_the_django_deploy_checks():
    environment = {key: value for key, value in os.environ.items() if key != "SECRET_KEY"}
    environment.update(PRODUCTION_ENV, DJANGO_SETTINGS_MODULE="hub.config.settings.production")
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--tag", "security"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    # Including subdomains and asking for preload are the operator's decision (both settings exist).
    reported = set(re.findall(r"\(security\.(\w+)\)", result.stdout + result.stderr))
    assert reported <= {"W005", "W021"}, result.stdout + result.stderr


def test_local_development_still_needs_no_secret_key():
    result = _import_settings("hub.config.settings.local")

    assert result.returncode == 0, result.stderr
