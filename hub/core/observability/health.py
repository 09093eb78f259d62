"""Health details added by operations (settings.HEALTH_CHECKS_OPS):

- `workers:queues`: every queue the hub sends to has a live worker (heartbeats, WORKER_STALE_SECONDS);
  a queue nobody serves is an error — its work piles up.
- `beat:tick`: the scheduling beat ticked recently (the single-beat guard records each tick).
- `marketplace:<family>`: per marketplace family with channel accounts, its last 15 minutes of
  calls from the call log: errors (5xx, timeouts, refused credentials) against successes, and
  accounts whose credentials were refused.
"""

from __future__ import annotations

import time
from datetime import timedelta

from django.db.models import Count, Max, Q
from django.utils import timezone

from hub.core.health import ERROR, OK, WARNING, HealthCheck, _timed
from hub.core.observability import beat, workers

MARKETPLACE_WINDOW = timedelta(minutes=15)
BEAT_STALE_SECONDS = 60.0


def check_heartbeats() -> list[HealthCheck]:
    def queues():
        beats = [b for b in workers.heartbeats() if b.alive]
        served = {queue: sorted(b.worker for b in beats if queue in b.queues) for queue in workers.known_queues()}
        missing = sorted(queue for queue, names in served.items() if not names)
        data = {"queues": served, "stale": sorted(b.worker for b in workers.heartbeats() if not b.alive)}
        if missing:
            return ERROR, f"no live worker consumes {', '.join(missing)}", data
        return OK, f"{len(beats)} live worker(s) cover {len(served)} queue(s)", data

    def tick():
        last = beat.last_tick()
        if not beat.lock_url():
            return OK, "single machine: beat is not locked, its tick is not recorded", {}
        if last is None:
            return WARNING, "no beat tick recorded", {"last_tick": None}
        age = time.time() - last
        data = {"last_tick": last, "age_seconds": round(age, 1)}
        if age > BEAT_STALE_SECONDS:
            return WARNING, f"beat last ticked {age:.0f} s ago", data
        return OK, f"beat ticked {age:.0f} s ago", data

    return [_timed("workers:queues", queues), _timed("beat:tick", tick)]


def check_marketplaces() -> list[HealthCheck]:
    from channels.models import ChannelAccount, ChannelAccountStatus, ChannelCall

    since = timezone.now() - MARKETPLACE_WINDOW
    families = sorted(
        set(ChannelAccount.objects.exclude(status=ChannelAccountStatus.DISABLED).values_list("family", flat=True))
    )
    checks = []
    for family in families:

        def run(family=family):
            calls = ChannelCall.objects.filter(channel_account__family=family, created_at__gte=since).aggregate(
                total=Count("pk"),
                errors=Count("pk", filter=Q(error_kind__in=["transient", "auth_failed", "outcome_unknown"])),
                throttled=Count("pk", filter=Q(error_kind="throttled")),
                last_ok=Max("created_at", filter=Q(error_kind="")),
            )
            refused = ChannelAccount.objects.filter(family=family, status=ChannelAccountStatus.AUTH_FAILED).count()
            data = {
                "calls_15m": calls["total"],
                "errors_15m": calls["errors"],
                "throttled_15m": calls["throttled"],
                "last_ok": calls["last_ok"].isoformat() if calls["last_ok"] else None,
                "auth_failed_accounts": refused,
            }
            if calls["total"] >= 5 and calls["errors"] * 2 > calls["total"]:
                return ERROR, f"{calls['errors']} of {calls['total']} calls failed in 15 min", data
            if refused or calls["errors"]:
                return WARNING, f"{calls['errors']} failed call(s), {refused} account(s) with refused credentials", data
            return OK, f"{calls['total']} call(s) in 15 min, none failed", data

        checks.append(_timed(f"marketplace:{family}", run))
    return checks
