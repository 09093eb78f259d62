"""Settings of the channels app (read from the environment through `env`)."""

from hub.config.settings.env import env
from infra.sandboxes.registry import SANDBOXES, sandbox_url

# Which adapter speaks for each marketplace family (dotted paths, resolved by channels.registry).
CHANNEL_ADAPTERS = {
    "amazon": "channels.amazon.adapter.AmazonAdapter",
    "aliexpress": "channels.aliexpress.adapter.AliExpressAdapter",
    "wish": "channels.wish.adapter.WishAdapter",
}

# Fernet keys for credentials at rest, newest first (comma-separated urlsafe base64 keys). Empty:
# a development key is derived from SECRET_KEY (a warning says so). `manage.py channels_rotate_key`
# re-encrypts every row with the first key after a new one is put in front.
CHANNELS_CREDENTIAL_KEYS = env.list("CHANNELS_CREDENTIAL_KEYS", default=[])

# Multiplies every documented marketplace rate, so the hub keeps pace with a sandbox run with
# --speedup N. 1 against the real marketplaces.
CHANNELS_RATE_SPEEDUP = env.float("CHANNELS_RATE_SPEEDUP", default=1.0)
# Pace a little under the documented rate (and keep one token of a burst of 3 or more in
# reserve): clocks and network jitter must not turn our last token into the marketplace's 429.
CHANNELS_RATE_SAFETY = env.float("CHANNELS_RATE_SAFETY", default=0.95)
# Seconds an adapter may wait for the limiter when its caller names no wait. Most Celery tasks
# re-queue with a countdown instead; the publish apply and order pulls, which would re-spend
# their calls when restarted, wait (LISTINGS_RATE_WAIT_SECONDS, FULFILMENT_PULL_RATE_WAIT_SECONDS).
CHANNELS_RATE_WAIT_SECONDS = env.float("CHANNELS_RATE_WAIT_SECONDS", default=0.0)

# The shared rate limiter's Redis: seconds to connect and to read each reply (one attempt; a
# failure is a retryable channel error, so a hung Redis cannot block a marketplace call).
CHANNELS_REDIS_TIMEOUT_SECONDS = env.float("CHANNELS_REDIS_TIMEOUT_SECONDS", default=0.5)

# Outbound HTTP: every marketplace call has a timeout (connect, read).
CHANNELS_HTTP_TIMEOUT_SECONDS = env.float("CHANNELS_HTTP_TIMEOUT_SECONDS", default=20.0)

# Celery retries of throttled / transient marketplace errors: exponential backoff with jitter.
CHANNELS_TASK_MAX_RETRIES = env.int("CHANNELS_TASK_MAX_RETRIES", default=8)
CHANNELS_RETRY_BACKOFF_SECONDS = env.float("CHANNELS_RETRY_BACKOFF_SECONDS", default=2.0)
CHANNELS_RETRY_BACKOFF_MAX_SECONDS = env.float("CHANNELS_RETRY_BACKOFF_MAX_SECONDS", default=600.0)
# The longest wait a marketplace's throttle answer may ask for (Retry-After in seconds or as an
# HTTP date, Wish-Rate-Limit-Reset, AliExpress's "ban will last N seconds"): a longer one is
# waited only this long, then the retry meets the limiter or the marketplace again.
CHANNELS_RETRY_AFTER_MAX_SECONDS = env.float("CHANNELS_RETRY_AFTER_MAX_SECONDS", default=300.0)

# Call log: rows older than this are pruned by beat.
CHANNELS_CALL_LOG_DAYS = env.int("CHANNELS_CALL_LOG_DAYS", default=30)
# Request summaries are cut to this many characters.
CHANNELS_CALL_SUMMARY_CHARS = env.int("CHANNELS_CALL_SUMMARY_CHARS", default=4000)

# The bundled sandboxes (`python -m infra.sandboxes`). The demo seller is connected to them; the
# health endpoint reports each one. Required: a sandbox that is down makes /api/health/ answer 503
# (`make run` sets it); otherwise it is reported but does not fail the health check.
# SANDBOX_<NAME>_URL, or the loopback URL of SANDBOX_<NAME>_PORT (defaults 9101-9103).
CHANNELS_SANDBOX_URLS = {name: sandbox_url(name) for name in SANDBOXES}
CHANNELS_SANDBOXES_REQUIRED = env.bool("CHANNELS_SANDBOXES_REQUIRED", default=False)
# Base URLs may only name the real marketplace API hosts, the sandbox URLs above, these extra hosts
# (e.g. a proxy), and — in development and tests, never in production — any loopback port.
CHANNELS_EXTRA_API_HOSTS = env.list("CHANNELS_EXTRA_API_HOSTS", default=[])
CHANNELS_ALLOW_LOOPBACK_HOSTS = env.bool("CHANNELS_ALLOW_LOOPBACK_HOSTS", default=True)
CHANNELS_SANDBOX_HEALTH_TIMEOUT_SECONDS = env.float("CHANNELS_SANDBOX_HEALTH_TIMEOUT_SECONDS", default=1.0)

BEAT_SCHEDULE_CHANNELS = {
    "channels-call-log-prune": {
        "task": "channels.tasks.channel_call_prune_task",
        "schedule": 6 * 60 * 60,
    },
}
HEALTH_CHECKS_CHANNELS = ["channels.health.check_sandboxes"]
