"""Health checks.

`GET /api/health/` is public and fast: `{"status": "up"}` (200) or `{"status": "down"}` (503),
from the database alone. `GET /api/health/details/` (staff, or `Authorization: Bearer
<HEALTH_TOKEN>`) runs every check: each returns a `HealthCheck` with a level — "ok", "warning"
(works, but needs attention: stale exchange rates, a silent beat) or "error" (broken: 503). More
checks (the marketplace sandboxes, for instance) are added by listing them in `settings.HEALTH_CHECKS`."""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field
from typing import Any

from django.conf import settings
from django.db import connection
from django.utils.module_loading import import_string

OK, WARNING, ERROR = "ok", "warning", "error"
LEVELS = (OK, WARNING, ERROR)


@dataclass(frozen=True)
class HealthCheck:
    name: str
    ok: bool
    detail: str = ""
    data: dict[str, Any] = field(default_factory=dict)
    duration_ms: int = 0
    # "ok", "warning" or "error"; empty: derived from `ok`. A warning has ok=False but does not fail.
    level: str = ""

    def __post_init__(self) -> None:
        if not self.level:
            object.__setattr__(self, "level", OK if self.ok else ERROR)
        elif self.level not in LEVELS:
            raise ValueError(f"level must be one of {LEVELS}")
        object.__setattr__(self, "ok", self.level == OK)


def warning(name: str, detail: str, data: dict[str, Any] | None = None) -> HealthCheck:
    return HealthCheck(name, False, detail, data or {}, level=WARNING)


def _timed(name: str, func) -> HealthCheck:
    """Run `func() -> (ok or level, detail, data)`; an exception is an error."""
    started = time.monotonic()
    try:
        result, detail, data = func()
    except Exception as error:
        result, detail, data = False, f"{type(error).__name__}: {error}", {}
    level = result if isinstance(result, str) else OK if result else ERROR
    return HealthCheck(name, level == OK, detail, data, int((time.monotonic() - started) * 1000), level=level)


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


def check_beat() -> HealthCheck:
    """Celery beat is alive when its periodic tasks keep running: a warning when none of them has
    run within twice its interval (plus the scheduler's sync delay)."""
    from datetime import timedelta

    from django.utils import timezone
    from django_celery_beat.models import PeriodicTask

    def run():
        tasks = list(PeriodicTask.objects.filter(enabled=True, interval__isnull=False).select_related("interval"))
        if not tasks:
            return True, "no periodic tasks scheduled", {"tasks": 0}
        now = timezone.now()
        grace = timedelta(seconds=settings.HEALTH_BEAT_GRACE_SECONDS)
        late = []
        newest = None
        for task in tasks:
            every = timedelta(**{task.interval.period: task.interval.every})
            if task.last_run_at is None or now - task.last_run_at > 2 * every + grace:
                late.append(task.name)
            if task.last_run_at and (newest is None or task.last_run_at > newest):
                newest = task.last_run_at
        data = {"tasks": len(tasks), "late": sorted(late), "newest_run": newest.isoformat() if newest else None}
        if len(late) == len(tasks):
            return WARNING, "beat seems stopped: no periodic task ran on time", data
        return True, f"{len(tasks) - len(late)} of {len(tasks)} periodic task(s) on time", data

    return _timed("beat", run)


DEFAULT_CHECKS = [
    "hub.core.health.check_database",
    "hub.core.health.check_broker",
    "hub.core.health.check_workers",
    "hub.core.health.check_beat",
]


def health_status() -> str:
    """The public liveness answer: "up" when the database answers, else "down". No details."""
    return "up" if check_database().ok else "down"


def health_report() -> dict[str, Any]:
    checks = [import_string(path)() for path in [*DEFAULT_CHECKS, *getattr(settings, "HEALTH_CHECKS", [])]]
    flat: list[HealthCheck] = []
    for check in checks:
        flat.extend(check if isinstance(check, list) else [check])
    levels = {check.level for check in flat}
    status = ERROR if ERROR in levels else WARNING if WARNING in levels else OK
    return {"status": status, "ok": status == OK, "checks": [asdict(check) for check in flat]}
