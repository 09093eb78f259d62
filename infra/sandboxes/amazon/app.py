"""The Amazon Selling Partner API sandbox: `create_app(config)` builds the Flask app the launcher
(`python -m infra.sandboxes`) and the tests serve. See infra/sandboxes/README.md for what it
accepts; each API lives in its own module.
"""

from __future__ import annotations

import random
import threading
from concurrent.futures import Future, ThreadPoolExecutor

from flask import Flask, Response, request

from infra.sandboxes.amazon import (
    auth,
    control,
    definitions,
    feeds,
    finances,
    generator,
    inbound,
    inventory,
    listings,
    mcf,
    notifications,
    orders,
    orders_2026,
    outbound,
    sellers,
)
from infra.sandboxes.amazon.store import SCHEMA, Clock
from infra.sandboxes.amazon.wire import amazon_response, fault_response
from infra.sandboxes.common.server import Sandbox, SandboxConfig
from infra.sandboxes.common.state import State
from infra.sandboxes.common.ticker import Ticker

MAX_PASSES = 100
MAX_GENERATED_PER_PASS = 200  # scheduled orders made at most per advance()
TICK_SECONDS = 0.2  # how often (real time) the background thread moves simulated processes on


class AmazonSandbox:
    """What the operations share: configuration, state, the simulated clock, credentials, the
    seeded random source, and `advance()`, which applies every simulated step that is due."""

    def __init__(self, app: Flask, config: SandboxConfig) -> None:
        self.config = config
        self.sandbox = Sandbox(app, config, fault_response)
        self.state = State(config.state_path, SCHEMA)
        self.clock = Clock(lambda: self.config.speedup)
        self.auth = auth.Auth(config.options)
        self.random = random.Random(config.seed)
        self.default_seller = self.auth.refresh_tokens and next(iter(self.auth.refresh_tokens.values()))[1]
        # Simulation steps and operations take turns: both read-modify-write the same rows.
        self.lock = threading.RLock()
        self.next_generated_at = self.clock.now() + config.order_interval if config.order_interval else None
        self.sandbox.on_reset(self.reset)
        self.notifier = notifications.Notifier(config.options)
        self.ticker = Ticker(self.sandbox, self.advance, period=lambda: TICK_SECONDS, name="amazon-sandbox")
        # Listings feeds are checked while they wait and run (feeds.py); one thread, started on first use.
        self.feed_prechecks: dict[str, Future] = {}
        # A document's marketplace (from createFeedDocument) and its check begun at upload, by document id.
        self.document_marketplaces: dict[str, str] = {}
        self.early_prechecks: dict[str, tuple[str, Future]] = {}
        self._precheck_pool: ThreadPoolExecutor | None = None
        self.prechecks_may_run = threading.Event()  # cleared while a feed's end is written
        self.prechecks_may_run.set()

    def precheck_pool(self) -> ThreadPoolExecutor:
        with self.lock:
            if self._precheck_pool is None:
                self._precheck_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="amazon-feed-precheck")
            return self._precheck_pool

    def now(self) -> float:
        return self.clock.now()

    def advance(self) -> None:
        """Apply every simulated step due by now (order updates, MCF and inbound progress, feed
        processing, scheduled order generation). Called before each operation and by the ticker."""
        with self.lock:
            now = self.clock.now()
            if self.next_generated_at is not None and self.config.order_interval > 0:
                for _ in range(MAX_GENERATED_PER_PASS):
                    if self.next_generated_at > now:
                        break
                    generator.generate_orders(
                        self,
                        count=1,
                        at=self.next_generated_at,
                        listed_only=self.config.scheduled_orders_need_listings,
                    )
                    self.next_generated_at += self.config.order_interval
                else:  # a long clock jump: skip the backlog rather than flood the shop
                    self.next_generated_at = max(self.next_generated_at, now + self.config.order_interval)
            # A step may schedule the next one before `now` (after a clock jump): repeat until settled.
            for _ in range(MAX_PASSES):
                moved = generator.progress_orders(self, now) + mcf.progress(self, now)
                moved += inbound.progress(self, now) + feeds.progress(self, now)
                if not moved:
                    break

    def reset(self) -> None:
        with self.lock:
            self.state.wipe()
            self.feed_prechecks.clear()
            self.document_marketplaces.clear()
            self.early_prechecks.clear()
            self.notifier.reset()
            self.random.seed(self.config.seed)
            self.auth.reset()
            now = self.clock.now()
            self.next_generated_at = now + self.config.order_interval if self.config.order_interval else None


def create_app(config: SandboxConfig) -> Flask:
    app = Flask("amazon_sandbox")
    app.url_map.strict_slashes = False
    amazon = AmazonSandbox(app, config)
    app.extensions["amazon"] = amazon
    for module in (
        auth,
        listings,
        orders,
        orders_2026,
        outbound,
        inventory,
        inbound,
        feeds,
        definitions,
        finances,
        sellers,
        notifications,
    ):
        app.register_blueprint(module.blueprint)
    control.register(app, amazon)

    @app.errorhandler(404)
    def unknown_path(_error: Exception) -> Response:
        return amazon_response(
            {"errors": [{"code": "NotFound", "message": "Resource not found.", "details": request.path}]}, 404
        )

    @app.errorhandler(405)
    def wrong_method(_error: Exception) -> Response:
        message = f"Method {request.method} is not allowed on {request.path}."
        return amazon_response({"errors": [{"code": "MethodNotAllowed", "message": message, "details": ""}]}, 405)

    return app
