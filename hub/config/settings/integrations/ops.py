"""Operations: structured logs, Prometheus metrics, worker heartbeats, the single-beat guard
(hub.core.observability)."""

from hub.config.settings.env import declare, env

# Log lines: "json" (one JSON object per line with request_id, task_id and job_id, for a log
# shipper) or "plain" (human-readable, same fields at the end).
LOG_FORMAT = env("LOG_FORMAT", default="json")

# /metrics (Prometheus text format) answers staff, or `Authorization: Bearer <METRICS_TOKEN>`.
# Empty: only staff sessions (a scraper needs the token).
METRICS_TOKEN = env("METRICS_TOKEN", default="")
# Counters and histograms written by every web and worker process go to this Redis (REDIS_URL when
# empty), so one scrape of any web process sees all hosts. Without Redis each process counts alone.
METRICS_REDIS_URL = env("METRICS_REDIS_URL", default="")
# Seconds a metrics write may take before it is dropped (metrics never slow a request or a task).
METRICS_REDIS_TIMEOUT_SECONDS = env.float("METRICS_REDIS_TIMEOUT_SECONDS", default=0.2)

# Every Celery worker writes a heartbeat (its queues, its pid) this often; a worker whose heartbeat
# is older than WORKER_STALE_SECONDS is reported down by /metrics and the health details.
WORKER_HEARTBEAT_SECONDS = env.float("WORKER_HEARTBEAT_SECONDS", default=10.0)
WORKER_STALE_SECONDS = env.float("WORKER_STALE_SECONDS", default=30.0)

# Celery beat runs once: every beat process takes a Redis lock before it sends anything; only the
# holder schedules, a second beat waits as a standby and takes over when the lock expires.
BEAT_LOCK_TTL_SECONDS = env.float("BEAT_LOCK_TTL_SECONDS", default=30.0)

declare(
    "PORT", "8000", "Port the web server (gunicorn) binds to (Procfile, infra/deploy).", reader="infra/run/Procfile"
)
declare(
    "WEB_CONCURRENCY", "2", "gunicorn worker processes (infra/deploy/gunicorn.conf.py).", cast=int, reader="gunicorn"
)
declare(
    "DJANGO_SETTINGS_MODULE",
    "hub.config.settings.local",
    "Settings module: hub.config.settings.local (embedded default) or hub.config.settings.production.",
    reader="manage.py",
)
declare(
    "PROMETHEUS_MULTIPROC_DIR",
    "",
    "Not used: the hub's metrics are shared through Redis (METRICS_REDIS_URL), across hosts too.",
    reader="prometheus_client",
)
for _name, _port in (("AMAZON", 9101), ("ALIEXPRESS", 9102), ("WISH", 9103)):
    declare(
        f"SANDBOX_{_name}_PORT",
        str(_port),
        f"Loopback port of the bundled {_name.title()} sandbox (infra.sandboxes.registry).",
        cast=int,
        reader="infra.sandboxes.registry",
    )
    declare(
        f"SANDBOX_{_name}_URL",
        "",
        f"URL the hub reaches the {_name.title()} sandbox at; empty: the loopback port above.",
        reader="infra.sandboxes.registry",
    )

declare(
    "SANDBOX_BIND_HOST",
    "127.0.0.1",
    "Address the bundled sandboxes listen on; 0.0.0.0 in docker compose's `sandboxes` profile.",
    reader="infra.sandboxes",
)

# Behind nginx: local media are checked by the hub (member or signed URL) and then sent by nginx
# from this internal location (X-Accel-Redirect), e.g. /protected-media/. Empty: the hub streams
# the file itself.
MEDIA_X_ACCEL_REDIRECT_PREFIX = env("MEDIA_X_ACCEL_REDIRECT_PREFIX", default="")

HEALTH_CHECKS_OPS = [
    "hub.core.observability.health.check_heartbeats",
    "hub.core.observability.health.check_marketplaces",
]
