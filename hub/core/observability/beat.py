"""Celery beat runs once. `GuardedDatabaseScheduler` is django-celery-beat's database scheduler
behind a Redis lock: before each tick a beat takes (or renews) `hub:beat:lock` for
BEAT_LOCK_TTL_SECONDS; only the holder sends anything. A second beat (a redeploy, a second host)
stands by and ticks nothing until the holder stops renewing — then it takes over within one TTL.
The holder records each tick (`/metrics`: hub_beat_last_tick_*, the health details: beat:tick).
Without Redis (the embedded default: one machine, one beat in the Procfile) there is no lock."""

from __future__ import annotations

import logging
import os
import socket
import time
import uuid

from django.conf import settings
from django_celery_beat.schedulers import DatabaseScheduler

from hub.core.observability.metrics import store

logger = logging.getLogger(__name__)

LOCK_KEY = "hub:beat:lock"
TICK_KEY = "beat:last_tick"

# KEYS[1] lock; ARGV: owner, ttl ms. Takes a free lock or renews our own; 1 when we hold it.
_ACQUIRE = """
local holder = redis.call('GET', KEYS[1])
if holder == false then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
elseif holder == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
return 0
"""
_RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""


class BeatLock:
    def __init__(self, url: str, ttl: float, owner: str | None = None) -> None:
        import redis

        self.client = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
        self.ttl_ms = int(ttl * 1000)
        self.owner = owner or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self._acquire = self.client.register_script(_ACQUIRE)
        self._release = self.client.register_script(_RELEASE)

    def hold(self) -> bool:
        return bool(int(self._acquire(keys=[LOCK_KEY], args=[self.owner, self.ttl_ms])))

    def release(self) -> None:
        self._release(keys=[LOCK_KEY], args=[self.owner])

    def holder(self) -> str | None:
        value = self.client.get(LOCK_KEY)
        return value.decode() if value else None


def lock_url() -> str:
    url = getattr(settings, "REDIS_URL", "") or ""
    broker = str(getattr(settings, "CELERY_BROKER_URL", "") or "")
    return url or (broker if broker.startswith(("redis://", "rediss://")) else "")


class GuardedDatabaseScheduler(DatabaseScheduler):
    # What was sent reaches the database within this many seconds, so a standby taking over
    # knows it (django-celery-beat's default is three minutes).
    sync_every = 10

    def __init__(self, *args, **kwargs) -> None:
        url = lock_url()
        ttl = float(getattr(settings, "BEAT_LOCK_TTL_SECONDS", 30.0))
        self.lock = BeatLock(url, ttl) if url else None
        self.leading = self.lock is None
        self.standby_interval = max(0.5, ttl / 3)
        super().__init__(*args, **kwargs)

    def _lead(self) -> bool:
        if self.lock is None:
            return True
        try:
            holding = self.lock.hold()
        except Exception as error:  # Redis down: stop scheduling rather than risk a double beat
            logger.warning("beat lock unavailable, not scheduling: %s", error)
            holding = False
        if holding and not self.leading:
            logger.info("beat lock taken by %s: this beat schedules now", self.lock.owner)
            # Another beat may have run until now: start from what the database says it sent.
            self._initial_read = True
            self._heap = None
        elif not holding and self.leading:
            logger.warning("beat lock lost by %s: standing by", self.lock.owner)
        elif not holding and not getattr(self, "_said_standby", False):
            logger.info("another beat holds the lock (%s): standing by", self.lock.holder())
            self._said_standby = True
        self.leading = holding
        return holding

    def tick(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        if not self._lead():
            return self.standby_interval
        interval = super().tick(*args, **kwargs)
        store().set(TICK_KEY, repr(time.time()))
        return min(interval, self.standby_interval)

    def close(self) -> None:
        super().close()
        if self.lock is not None and self.leading:
            try:
                self.lock.release()
            except Exception as error:
                logger.warning("could not release the beat lock: %s", error)


def last_tick() -> float | None:
    value = store().get(TICK_KEY)
    try:
        return float(value) if value else None
    except ValueError:
        return None
