"""Wish limits calls per merchant per app in fixed windows: every response says how many calls are
left in the current window (Wish-Rate-Limit-Remaining); past the limit the answer is 429 with
Wish-Rate-Limit-Reset, the time the window resets. Wish publishes no numbers: the sandbox default
is 1000 calls per 300-second window (simulated time, so speedup shortens the window)."""

from __future__ import annotations

import threading

from infra.sandboxes.wish.runtime import Runtime

DEFAULT = {"calls": 1000, "window_seconds": 300}


class WindowLimiter:
    def __init__(self, rt: Runtime) -> None:
        self.rt = rt
        self._windows: dict[str, tuple[float, int]] = {}
        self._lock = threading.Lock()

    def _settings(self) -> tuple[int, float]:
        settings = {**DEFAULT, **(self.rt.option("rate_limit") or {})}
        return int(settings["calls"]), self.rt.delay(float(settings["window_seconds"]))

    def _window(self, key: str, now: float) -> tuple[float, int]:
        calls, length = self._settings()
        start, used = self._windows.get(key, (now, 0))
        if now >= start + length:
            start, used = now, 0
        return start, used

    def take(self, key: str) -> tuple[bool, int, float]:
        """→ (allowed, calls left in the window, epoch seconds when the window resets)."""
        calls, length = self._settings()
        now = self.rt.now()
        with self._lock:
            start, used = self._window(key, now)
            allowed = used < calls
            used = used + 1 if allowed else used
            self._windows[key] = (start, used)
        return allowed, calls - used, start + length

    def peek(self, key: str) -> tuple[int, float]:
        calls, length = self._settings()
        with self._lock:
            start, used = self._window(key, self.rt.now())
        return calls - used, start + length

    def reset(self) -> None:
        with self._lock:
            self._windows.clear()
