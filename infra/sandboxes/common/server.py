"""What every marketplace sandbox shares: configuration, the control endpoints, fault injection
and throttling around each operation, a request log, and a way to serve the app on loopback.

A sandbox is a Flask app made by `create_app(config: SandboxConfig)` in
`infra/sandboxes/<name>/app.py`; it builds a `Sandbox` and calls `sandbox.guard(...)` at the
start of every marketplace operation. The marketplace code supplies `error_response(kind,
operation, retry_after)` so injected faults and throttling answer in that marketplace's own
error format.
"""

from __future__ import annotations

import collections
import json
import logging
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flask import Blueprint, Flask, Response, g, jsonify, request
from werkzeug.serving import BaseWSGIServer, make_server

from infra.sandboxes.common.faults import FaultPlan, Faults
from infra.sandboxes.common.throttle import Throttle

logger = logging.getLogger("sandbox")

ErrorResponder = Callable[[str, str, float], Response]


@dataclass
class SandboxConfig:
    name: str
    state_path: str | Path = ":memory:"
    speedup: float = 1.0  # multiplies documented refill rates and simulated time (order/shipment progress)
    base_url: str = ""  # the URL the sandbox is reachable at (filled in when it starts serving)
    faults: dict[str, Any] = field(default_factory=dict)
    seed: int | None = None
    # Seconds (of simulated time) between generated orders; 0 turns the generator off.
    order_interval: float = 0.0
    # Scheduled orders only for what the seller has listed (buyable, in stock): shoppers on a real
    # marketplace cannot buy anything else. Off, the generator invents items for an empty shop.
    scheduled_orders_need_listings: bool = False
    options: dict[str, Any] = field(default_factory=dict)


class Sandbox:
    def __init__(self, app: Flask, config: SandboxConfig, error_response: ErrorResponder) -> None:
        self.app = app
        self.config = config
        self.throttle = Throttle(config.speedup)
        self.faults = Faults(FaultPlan.from_dict(config.faults) if config.faults else None)
        self.error_response = error_response
        self.calls: collections.deque[dict[str, Any]] = collections.deque(maxlen=5000)
        # Every request since the last reset, by (operation, status, throttled): the log above keeps
        # only the last 5,000, so a long run's throttled answers are counted here.
        self.counts: collections.Counter[tuple[str, int, bool]] = collections.Counter()
        self._counts_lock = threading.Lock()
        # Bumped by every reset: a request still running when a reset comes (a slow fault's sleep
        # outlasting its client's timeout) is not logged into the next test's calls.
        self._generation = 0
        self.started = time.monotonic()
        self._reset_hooks: list[Callable[[], None]] = []
        self._start_hooks: list[Callable[[], None]] = []
        self._stop_hooks: list[Callable[[], None]] = []
        self._control = Blueprint("control", __name__)
        self._register_control()
        app.register_blueprint(self._control, url_prefix="/_control")
        app.before_request(self._note_generation)
        app.after_request(self._log_call)
        # A deliberately dropped connection is not an error worth a traceback in the log.
        app.register_error_handler(ConnectionAbortedError, lambda _error: Response(status=499))
        app.extensions["sandbox"] = self

    # --- per operation --------------------------------------------------------------------------
    def guard(self, operation: str, caller: str, rate: float, burst: float) -> Response | None:
        """Call first in every operation. Returns a response to send instead (an injected fault or
        a throttled call), or None to go on. May sleep (slow fault) or drop the connection."""
        g.sandbox_operation = operation
        g.sandbox_caller = caller
        fault = self.faults.draw(operation)
        if fault == "slow":
            time.sleep(self.faults.plan.slow_seconds)
        elif fault == "drop":
            self._drop_connection()
        elif fault == "malformed":
            return Response('{"payload": {"truncated": tr', status=200, mimetype="application/json")
        elif fault in ("throttle", "server_error", "unavailable"):
            g.sandbox_throttled = fault == "throttle"
            return self.error_response(fault, operation, 1.0 / max(rate * self.config.speedup, 1e-6))
        allowed, retry_after = self.throttle.acquire(caller, operation, rate, burst)
        if not allowed:
            # Counted as throttled whatever the status (AliExpress answers ApiCallLimit with HTTP 200).
            g.sandbox_throttled = True
            return self.error_response("throttle", operation, retry_after)
        return None

    def wants_duplicate_page(self, operation: str) -> bool:
        return self.faults.draw(operation, kinds=("duplicate_page",)) == "duplicate_page"

    def simulated_seconds_since(self, started_monotonic: float) -> float:
        return (time.monotonic() - started_monotonic) * self.config.speedup

    def on_reset(self, hook: Callable[[], None]) -> None:
        self._reset_hooks.append(hook)

    def on_start(self, hook: Callable[[], None]) -> None:
        """Run when the app starts serving (ServedSandbox.start), e.g. a background thread."""
        self._start_hooks.append(hook)

    def on_stop(self, hook: Callable[[], None]) -> None:
        """Run when ServedSandbox.stop() shuts the server down: stop what on_start started."""
        self._stop_hooks.append(hook)

    def started_serving(self) -> None:
        for hook in self._start_hooks:
            hook()

    def stopped_serving(self) -> None:
        for hook in reversed(self._stop_hooks):
            hook()

    @staticmethod
    def _drop_connection() -> None:
        sock = request.environ.get("werkzeug.socket")
        if isinstance(sock, socket.socket):
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()
        raise ConnectionAbortedError("sandbox dropped the connection on purpose")

    def _note_generation(self) -> None:
        g.sandbox_generation = self._generation

    def _log_call(self, response: Response) -> Response:
        if request.path.startswith("/_control"):
            return response
        operation = getattr(g, "sandbox_operation", None)
        throttled = response.status_code == 429 or bool(getattr(g, "sandbox_throttled", False))
        entry = {
            "at": time.time(),
            "method": request.method,
            "path": request.path,
            "operation": operation,
            "caller": getattr(g, "sandbox_caller", None),
            "status": response.status_code,
        }
        with self._counts_lock:
            if getattr(g, "sandbox_generation", self._generation) == self._generation:
                self.counts[(operation or "", response.status_code, throttled)] += 1
                self.calls.append(entry)
        return response

    # --- control endpoints ------------------------------------------------------------------------
    def _register_control(self) -> None:
        bp = self._control

        @bp.get("/health")
        def health() -> Response:
            return jsonify(
                {
                    "sandbox": self.config.name,
                    "ok": True,
                    "speedup": self.config.speedup,
                    "uptime_seconds": round(time.monotonic() - self.started, 1),
                }
            )

        @bp.get("/faults")
        def faults_get() -> Response:
            return jsonify({"plan": self.faults.plan.as_dict(), "injected": self.faults.injected})

        @bp.post("/faults")
        def faults_set() -> Response:
            try:
                self.faults.set(FaultPlan.from_dict(request.get_json(force=True) or {}))
            except (ValueError, TypeError) as error:
                return jsonify({"error": str(error)}), 400
            return jsonify({"plan": self.faults.plan.as_dict()})

        @bp.post("/reset")
        def reset() -> Response:
            self.faults.set(FaultPlan())
            self.throttle.speedup = self.config.speedup  # undo POST /_control/limits
            self.throttle.reset()
            with self._counts_lock:
                self._generation += 1
                self.calls.clear()
                self.counts.clear()
            for hook in self._reset_hooks:
                hook()
            return jsonify({"reset": True})

        @bp.get("/calls")
        def calls() -> Response:
            return jsonify({"calls": list(self.calls)})

        @bp.get("/calls/counts")
        def call_counts() -> Response:
            with self._counts_lock:
                counts = sorted(self.counts.items())
            return jsonify(
                {
                    "counts": [
                        {"operation": op, "status": status, "throttled": throttled, "count": n}
                        for (op, status, throttled), n in counts
                    ]
                }
            )

        @bp.post("/speedup")
        def speedup() -> Response:
            value = float((request.get_json(force=True) or {}).get("speedup", 1))
            if value <= 0:
                return jsonify({"error": "speedup must be positive"}), 400
            self.config.speedup = value
            self.throttle.speedup = value
            self.throttle.reset()
            return jsonify({"speedup": value})

        @bp.post("/limits")
        def limits() -> Response:
            """Multiply the usage plans' refill rates only (simulated time keeps its speed): a
            test that is about faults, not about a marketplace's published rates."""
            value = (request.get_json(force=True, silent=True) or {}).get("speedup", 1)
            if not isinstance(value, int | float) or value <= 0:
                return jsonify({"error": "speedup must be a positive number"}), 400
            self.throttle.speedup = float(value)
            self.throttle.reset()
            return jsonify({"limits_speedup": float(value), "speedup": self.config.speedup})

    def control_route(self, rule: str, **options: Any) -> Callable:
        """Marketplace code adds its own control routes (e.g. /_control/orders/generate) with this
        decorator; the common blueprint is registered already, so routes go on the app itself."""
        return self.app.route(f"/_control{rule}", **options)


class ServedSandbox:
    """A sandbox serving on 127.0.0.1 in a background thread (threaded WSGI server)."""

    def __init__(self, app: Flask, port: int = 0, host: str = "127.0.0.1") -> None:
        self.server: BaseWSGIServer = make_server(host, port, app, threaded=True)
        self.host, self.port = host, self.server.server_port
        self.url = f"http://{host}:{self.port}"
        self.app = app
        sandbox = app.extensions.get("sandbox")
        if sandbox is not None and not sandbox.config.base_url:
            sandbox.config.base_url = self.url
        # A short poll interval lets stop() return quickly (tests start and stop many sandboxes).
        self._thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, name=f"sandbox-{self.port}", daemon=True
        )

    def start(self) -> ServedSandbox:
        self._thread.start()
        sandbox = self.app.extensions.get("sandbox")
        if sandbox is not None:
            sandbox.started_serving()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self._thread.join(timeout=5)
        sandbox = self.app.extensions.get("sandbox")
        if sandbox is not None:
            sandbox.stopped_serving()


def json_response(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(
        json.dumps(body, ensure_ascii=False), status=status, mimetype="application/json", headers=headers or {}
    )
