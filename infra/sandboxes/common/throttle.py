"""Token buckets, the way the marketplaces describe their usage plans: each (caller, operation)
has a bucket of `burst` tokens refilled at `rate` per second; a call with no token left is
refused. `speedup` multiplies the refill rate so tests can run the real plans faster."""

import threading
import time
from dataclasses import dataclass


@dataclass
class Bucket:
    rate: float
    burst: float
    tokens: float
    updated: float


class Throttle:
    def __init__(self, speedup: float = 1.0) -> None:
        self.speedup = speedup
        self._buckets: dict[tuple[str, str], Bucket] = {}
        self._lock = threading.Lock()

    def acquire(self, caller: str, operation: str, rate: float, burst: float) -> tuple[bool, float]:
        """Take one token. Returns (allowed, seconds until a token is back)."""
        now = time.monotonic()
        effective_rate = rate * self.speedup
        with self._lock:
            bucket = self._buckets.get((caller, operation))
            if bucket is None or bucket.rate != effective_rate or bucket.burst != burst:
                bucket = Bucket(effective_rate, burst, burst, now)
                self._buckets[(caller, operation)] = bucket
            bucket.tokens = min(bucket.burst, bucket.tokens + (now - bucket.updated) * bucket.rate)
            bucket.updated = now
            if bucket.tokens >= 1:
                bucket.tokens -= 1
                return True, 0.0
            return False, (1 - bucket.tokens) / bucket.rate

    def reset(self) -> None:
        with self._lock:
            self._buckets.clear()
