"""What every AliExpress handler needs: configuration, state, data tables, the sandbox clock and
a seeded random source. Options (SandboxConfig.options) the sandbox understands:

    apps                        {app_key: app_secret} accepted besides demo_credentials.json
    clock                       callable -> epoch seconds (tests pin time with it)
    timestamp_tolerance_seconds how far `timestamp` may be from now (default 600; None = off)
    rate_limits                 {method: [per_second, burst]} over data/rate_limits.json
    pacific_tz                  "PST" (fixed UTC-8, default) or "America/Los_Angeles"
    currency                    the seller's listing currency (USD; RUB/EUR for Russian/Spanish sellers)
    audit_seconds               simulated seconds a new product stays "auditing" (default 60)
    feed_seconds                simulated seconds before a feed job is processed (default 30)
    lifecycle                   overrides of generator.LIFECYCLE (delays and shares)
    access_token_seconds        access token lifetime (default 30 days)
    refresh_token_seconds       refresh token lifetime (default 60 days)
"""

from __future__ import annotations

import json
import random
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from infra.sandboxes.aliexpress import timefmt
from infra.sandboxes.common.server import Sandbox, SandboxConfig
from infra.sandboxes.common.state import State

DATA = Path(__file__).parent / "data"
DEMO_CREDENTIALS = Path(__file__).parent.parent / "demo_credentials.json"


def load(name: str) -> dict:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


@dataclass
class Runtime:
    config: SandboxConfig
    sandbox: Sandbox
    state: State
    demo: dict[str, str]
    apps: dict[str, str]
    limits: dict[str, Any] = field(default_factory=lambda: load("limits.json"))
    services: dict[str, dict] = field(default_factory=dict)
    categories: dict[int, str] = field(default_factory=dict)
    buyers: dict[str, dict] = field(default_factory=dict)
    rate_limits: dict[str, list[float]] = field(default_factory=dict)
    rng: random.Random = field(default_factory=random.Random)
    rng_lock: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def build(cls, config: SandboxConfig, sandbox: Sandbox, state: State) -> Runtime:
        demo = json.loads(DEMO_CREDENTIALS.read_text())["aliexpress"]
        apps = {demo["app_key"]: demo["app_secret"], **(config.options.get("apps") or {})}
        rates = {key: value for key, value in load("rate_limits.json").items() if not key.startswith("_")}
        rates.update(config.options.get("rate_limits") or {})
        return cls(
            config=config,
            sandbox=sandbox,
            state=state,
            demo=demo,
            apps=apps,
            services={item["service_name"]: item for item in load("logistics_services.json")["services"]},
            categories={item["id"]: item["name"] for item in load("categories.json")["categories"]},
            buyers=load("buyers.json")["countries"],
            rate_limits=rates,
            rng=random.Random(config.seed),
        )

    def option(self, name: str, default: Any = None) -> Any:
        return self.config.options.get(name, default)

    def now(self) -> float:
        clock = self.option("clock")
        return float(clock()) if clock else time.time()

    def delay(self, simulated_seconds: float) -> float:
        """Real seconds until something `simulated_seconds` away happens (speedup shortens it)."""
        return simulated_seconds / max(self.config.speedup, 1e-9)

    @property
    def zone(self):
        return timefmt.pacific_zone(self.option("pacific_tz"))

    @property
    def currency(self) -> str:
        return self.option("currency", "USD")

    def rate(self, operation: str) -> tuple[float, float]:
        rate, burst = self.rate_limits.get(operation) or self.rate_limits["*"]
        return float(rate), float(burst)

    def random(self) -> random.Random:
        """The shared seeded generator; hold `rng_lock` while drawing from it."""
        return self.rng

    def new_number(self, prefix: str, digits: int) -> int:
        """A random id shaped like AliExpress's (product ids start 1005, order ids 8...)."""
        with self.rng_lock:
            tail = self.rng.randrange(10 ** (digits - len(prefix) - 1), 10 ** (digits - len(prefix)))
        return int(f"{prefix}{tail}")

    def pacific(self, epoch_seconds: float | None) -> str | None:
        return timefmt.to_text(epoch_seconds, self.zone)
