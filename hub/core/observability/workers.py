"""Worker heartbeats: every Celery worker writes (hostname → time, queues, pid) every
WORKER_HEARTBEAT_SECONDS into the metrics store; a clean shutdown removes it at once, a killed
worker goes stale after WORKER_STALE_SECONDS. `/metrics` and the health details read them."""

from __future__ import annotations

import json
import os
import threading
import time
from dataclasses import dataclass

from django.conf import settings

from hub.core.observability.metrics import store

KEY = "workers"
FORGET_AFTER_SECONDS = 3600.0


@dataclass(frozen=True)
class Heartbeat:
    worker: str
    at: float
    queues: tuple[str, ...]
    pid: int

    @property
    def age(self) -> float:
        return max(0.0, time.time() - self.at)

    @property
    def alive(self) -> bool:
        return self.age <= float(settings.WORKER_STALE_SECONDS)


def beat_now(worker: str, queues: list[str]) -> None:
    payload = {"at": time.time(), "queues": sorted(queues), "pid": os.getpid()}
    store().hset(KEY, worker, json.dumps(payload))


def forget(worker: str) -> None:
    store().hdel(KEY, worker)


def heartbeats() -> list[Heartbeat]:
    out = []
    for worker, raw in sorted(store().hgetall(KEY).items()):
        try:
            data = json.loads(raw)
            beat = Heartbeat(worker, float(data["at"]), tuple(data.get("queues", ())), int(data.get("pid", 0)))
        except (ValueError, KeyError, TypeError):
            continue
        if beat.age > FORGET_AFTER_SECONDS:
            forget(worker)
            continue
        out.append(beat)
    return out


def known_queues() -> list[str]:
    """The queues the hub sends to: the default one, one per marketplace family and the listings'
    quantity pushes."""
    default = getattr(settings, "CELERY_TASK_DEFAULT_QUEUE", None) or "celery"
    return sorted({default, *settings.LISTINGS_QUEUES.values(), settings.LISTINGS_QUANTITY_QUEUE})


class HeartbeatThread(threading.Thread):
    def __init__(self, worker: str, queues: list[str]) -> None:
        super().__init__(name="hub-heartbeat", daemon=True)
        self.worker, self.queues = worker, queues
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            beat_now(self.worker, self.queues)
            self.stopped.wait(float(settings.WORKER_HEARTBEAT_SECONDS))

    def stop(self) -> None:
        self.stopped.set()
        forget(self.worker)
