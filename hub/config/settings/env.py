"""The one environment reader every settings module shares (values from the process and `.env`).

Every read goes through `env` and is recorded in `REGISTRY` (name, default, type, the settings
module that read it, and its meaning: the comment just above the line that reads it, or an entry
of `MEANINGS` below). `manage.py env_reference` writes infra/deploy/env.reference from it, and a
test fails when that file is stale or a setting has no meaning — a new setting cannot be
forgotten. Variables read outside the settings (the sandboxes' ports, gunicorn's PORT...) are
listed with `declare()`.
"""

from __future__ import annotations

import linecache
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import environ

BASE_DIR = Path(__file__).resolve().parents[3]
VAR_DIR = BASE_DIR / "var"

# Meanings of settings whose reading line has no comment above it (one line each).
MEANINGS = {
    "SECRET_KEY": "Django's signing key (sessions, password-reset links, signed media URLs); required in production.",
    "DEBUG": "Django debug pages; never true in production.",
    "ALLOWED_HOSTS": "Host names this hub answers to (comma-separated).",
    "CSRF_TRUSTED_ORIGINS": "Origins (scheme://host) trusted for unsafe requests behind a proxy (comma-separated).",
    "SITE_URL": "The hub's public base URL, used in mails and links.",
    "DATABASE_URL": "The database: sqlite:///path (embedded default) or postgres://user:password@host:port/name.",
    "DB_CONN_MAX_AGE": "Seconds a PostgreSQL connection is kept open between requests.",
    "TEST_DATABASE_NAME": "Name of the database the test suite creates and drops.",
    "STATIC_ROOT": "Where `collectstatic` puts static files (served by whitenoise or nginx).",
    "MEDIA_ROOT": "Where uploaded media (product images, feed files) live on local storage.",
    "AWS_STORAGE_BUCKET_NAME": "S3 bucket for media; empty keeps media on local storage.",
    "AWS_S3_REGION_NAME": "Region of the media bucket.",
    "AWS_S3_ENDPOINT_URL": "S3-compatible endpoint (MinIO, moto); empty for AWS itself.",
    "UPLOAD_MAX_BYTES": "Largest spreadsheet or exchange-file upload; larger answers 400.",
    "IMAGE_MAX_BYTES": "Largest product image upload.",
    "EMAIL_BACKEND": "Django mail backend (console in development, smtp in production).",
    "DEFAULT_FROM_EMAIL": "Sender address of the hub's mails.",
    "EMAIL_HOST": "SMTP server.",
    "EMAIL_PORT": "SMTP port.",
    "EMAIL_HOST_USER": "SMTP user.",
    "EMAIL_HOST_PASSWORD": "SMTP password.",
    "EMAIL_USE_TLS": "STARTTLS to the SMTP server.",
    "EMAIL_TIMEOUT": "Seconds before an SMTP connection gives up.",
    "INVITATION_TTL_DAYS": "Days a member invitation stays valid.",
    "REDIS_URL": "Redis for the shared cache, rate limiter, metrics and beat lock; empty: process-local fallbacks.",
    "LOGIN_THROTTLE_RATE": "API token endpoint throttle (DRF rate, e.g. 60/min).",
    "CELERY_BROKER_URL": "Celery broker; defaults to REDIS_URL, else kombu's filesystem transport.",
    "CELERY_BROKER_DIR": "Folder of the filesystem broker (embedded default only).",
    "CELERY_RESULT_BACKEND": "Celery result backend; empty: results are not stored.",
    "LOG_LEVEL": "Root log level (DEBUG, INFO, WARNING...).",
    "LOG_FORMAT": "Log lines: json (one object per line with request_id, task_id, job_id) or plain.",
    "AXES_ENABLED": "Login lock-out after repeated failures (django-axes).",
    "AXES_FAILURE_LIMIT": "Failed logins per (e-mail, address) before the lock-out.",
    "AXES_COOLOFF_MINUTES": "Minutes a locked (e-mail, address) pair stays locked.",
    "SESSION_COOKIE_SECURE": "Session cookie only over HTTPS.",
    "CSRF_COOKIE_SECURE": "CSRF cookie only over HTTPS.",
    "SECURE_HSTS_SECONDS": "Strict-Transport-Security max-age; 0 sends no HSTS header.",
}


@dataclass
class EnvSetting:
    name: str
    cast: str
    defaults: dict[str, Any] = field(default_factory=dict)  # settings module -> default
    required_in: list[str] = field(default_factory=list)  # modules reading it without a default
    meaning: str = ""


REGISTRY: dict[str, EnvSetting] = {}


def _cast_name(cast: Any, default: Any) -> str:
    if cast is None and default not in (None, environ.Env.NOTSET):
        cast = type(default)
    if cast is None:
        return "str"
    if isinstance(cast, list | tuple):
        return "list"
    return getattr(cast, "__name__", str(cast))


def _comment_above(filename: str, lineno: int) -> str:
    """The `#` comment block above the reading line: directly above it, or above the paragraph
    (lines without a blank between) it belongs to."""
    lines: list[str] = []
    number = lineno - 1
    while number > 0:
        text = linecache.getline(filename, number).strip()
        if text.startswith("#") and not text.startswith("# ---"):
            lines.insert(0, text.lstrip("#").strip())
        elif lines or not text or text.startswith("# ---"):
            break
        number -= 1
    return " ".join(line for line in lines if line)


def _caller() -> tuple[str, str, int]:
    """(module name, file, line) of the settings code that asked for a variable."""
    frame = sys._getframe(1)
    here = os.path.abspath(__file__)
    package = os.path.dirname(os.path.abspath(environ.__file__))
    while frame is not None:
        filename = os.path.abspath(frame.f_code.co_filename)
        if filename != here and not filename.startswith(package):
            return frame.f_globals.get("__name__", "?"), filename, frame.f_lineno
        frame = frame.f_back
    return "?", "", 0


def _record(var: str, cast: Any, default: Any, module: str, meaning: str) -> None:
    setting = REGISTRY.get(var)
    if setting is None:
        setting = REGISTRY[var] = EnvSetting(name=var, cast=_cast_name(cast, default))
    if default is environ.Env.NOTSET:
        if module not in setting.required_in:
            setting.required_in.append(module)
    else:
        setting.defaults.setdefault(module, default)
    if not setting.meaning:
        setting.meaning = MEANINGS.get(var, "") or meaning


class RegisteringEnv(environ.Env):
    """django-environ's reader, recording every variable it is asked for."""

    # `env_reference` imports the production settings without their required variables.
    collecting = False
    _depth = 0

    def get_value(self, var, cast=None, default=environ.Env.NOTSET, parse_default=False):
        if RegisteringEnv._depth == 0:
            module, filename, lineno = _caller()
            _record(var, cast, default, module, _comment_above(filename, lineno) if filename else "")
        if self.collecting and default is environ.Env.NOTSET and var not in self.ENVIRON:
            default = ""
        RegisteringEnv._depth += 1
        try:
            return super().get_value(var, cast=cast, default=default, parse_default=parse_default)
        finally:
            RegisteringEnv._depth -= 1


def declare(var: str, default: Any, meaning: str, *, cast: type = str, reader: str = "") -> None:
    """List a variable read outside the settings (by a script, gunicorn, the sandboxes' launcher)."""
    _record(var, cast, default, reader or _caller()[0], meaning)


env = RegisteringEnv()
if not os.environ.get("HUB_ENV_REFERENCE"):  # the reference shows the code's defaults, not a .env
    environ.Env.read_env(BASE_DIR / ".env", overwrite=False)
