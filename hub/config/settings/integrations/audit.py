"""Settings of the hardening pieces: API rate limits (hub.core.api.throttling) and the audit log
(hub.audit)."""

from hub.config.settings.env import env

# API rate limits ("N/s", "N/min", "N/hour" or "N/day"; empty switches one off). The login endpoint
# keeps its own per-address limit (LOGIN_THROTTLE_RATE) and the lock-out.
API_THROTTLE_RATES = {
    # API requests per token (per user for browser sessions); over it: 429 with Retry-After.
    "user": env("API_THROTTLE_USER_RATE", default="600/min") or None,
    # API requests per client address from callers without credentials; over it: 429.
    "anon": env("API_THROTTLE_ANON_RATE", default="120/min") or None,
}

# Audit entries older than this many days are pruned by beat (0 keeps them for ever).
AUDIT_RETENTION_DAYS = env.int("AUDIT_RETENTION_DAYS", default=0)
BEAT_SCHEDULE_AUDIT = {
    "audit-prune": {"task": "hub.audit.tasks.audit_prune_task", "schedule": 24 * 60 * 60},
}
