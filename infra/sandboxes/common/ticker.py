"""A background thread that moves a sandbox's simulation on (generated orders, status changes)
while the sandbox is served: started by ServedSandbox.start(), stopped by ServedSandbox.stop()."""

import logging
import threading
from collections.abc import Callable

from infra.sandboxes.common.server import Sandbox

logger = logging.getLogger("sandbox")


class Ticker:
    def __init__(self, sandbox: Sandbox, tick: Callable[[], None], *, period: Callable[[], float], name: str) -> None:
        self._tick = tick
        self._period = period  # real seconds between ticks; asked again each time (speedup may change)
        self.name = name
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        sandbox.on_start(self.start)
        sandbox.on_stop(self.stop)

    def start(self) -> None:
        if self._thread is not None and self._thread.is_alive():
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name=self.name, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def _run(self) -> None:
        while not self._stop.wait(self._period()):
            try:
                self._tick()
            except Exception:  # keep ticking: one bad step (e.g. a reset racing us) must not stop the simulation
                logger.exception("%s tick failed", self.name)
