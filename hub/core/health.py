"""Health checks behind `GET /api/health/`. Each check returns a `HealthCheck`; more checks (the
marketplace sandboxes, for instance) are added by listing them in `settings.HEALTH_CHECKS`."""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field
from typing import Any

from django.conf import settings
from django.db import connection
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class HealthCheck:
    name: str
    ok: bool
    detail: str = ""
    data: dict[str, Any] = field(default_factory=dict)
    duration_ms: int = 0


def _timed(name: str, func) -> HealthCheck:
    started = time.monotonic()
    try:
        ok, detail, data = func()
    except Exception as error:
        ok, detail, data = False, f"{type(error).__name__}: {error}", {}
    return HealthCheck(name, ok, detail, data, int((time.monotonic() - started) * 1000))


def check_database() -> HealthCheck:
    def run():
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return True, connection.vendor, {"vendor": connection.vendor}

    return _timed("database", run)


def check_broker() -> HealthCheck:
    from hub.config.celery import app

    def run():
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
            transport = conn.transport_cls
        return True, str(transport), {"transport": str(transport)}

    return _timed("broker", run)


def check_workers() -> HealthCheck:
    from hub.config.celery import app

    def run():
        replies = app.control.ping(timeout=settings.HEALTH_WORKER_TIMEOUT_SECONDS) or []
        names = sorted(name for reply in replies for name in reply)
        if not names:
            return False, "no worker answered a ping", {"workers": []}
        return True, f"{len(names)} worker(s) answered", {"workers": names}

    return _timed("workers", run)


DEFAULT_CHECKS = ["hub.core.health.check_database", "hub.core.health.check_broker", "hub.core.health.check_workers"]


def health_report() -> dict[str, Any]:
    checks = [import_string(path)() for path in [*DEFAULT_CHECKS, *getattr(settings, "HEALTH_CHECKS", [])]]
    flat: list[HealthCheck] = []
    for check in checks:
        flat.extend(check if isinstance(check, list) else [check])
    return {"ok": all(check.ok for check in flat), "checks": [asdict(check) for check in flat]}
