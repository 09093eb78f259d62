"""What every Wish handler needs. Options (SandboxConfig.options) the sandbox understands:

clients              {client_id: client_secret} accepted besides demo_credentials.json
clock                callable -> epoch seconds (tests pin time with it)
rate_limit           {"calls": 1000, "window_seconds": 300} per merchant per app (simulated seconds)
review_seconds       simulated seconds a new listing stays WISH_INACTIVE under review (default 60)
processing_seconds   simulated seconds tracking / refund requests stay IN_PROGRESS (default 30)
lifecycle            overrides of lifecycle.LIFECYCLE
access_token_seconds access token lifetime (default 30 days)
"""

from __future__ import annotations

import json
import random
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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
    clients: dict[str, str]
    limits: dict[str, Any] = field(default_factory=lambda: load("limits.json"))
    messages: dict[str, Any] = field(default_factory=lambda: load("messages.json"))
    carriers: dict[str, dict] = field(default_factory=dict)
    categories: dict[int, str] = field(default_factory=dict)
    buyers: dict[str, dict] = field(default_factory=dict)
    warehouses: list[dict] = field(default_factory=list)
    rng: random.Random = field(default_factory=random.Random)
    rng_lock: threading.Lock = field(default_factory=threading.Lock)
    _last_ms: int = 0
    _ms_lock: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def build(cls, config: SandboxConfig, sandbox: Sandbox, state: State) -> Runtime:
        demo = json.loads(DEMO_CREDENTIALS.read_text())["wish"]
        return cls(
            config=config,
            sandbox=sandbox,
            state=state,
            demo=demo,
            clients={demo["client_id"]: demo["client_secret"], **(config.options.get("clients") or {})},
            carriers={item["name"].lower(): item for item in load("carriers.json")["carriers"]},
            categories={item["id"]: item["name"] for item in load("categories.json")["categories"]},
            buyers=load("buyers.json")["countries"],
            warehouses=load("warehouses.json")["warehouses"],
            rng=random.Random(config.seed),
        )

    def option(self, name: str, default: Any = None) -> Any:
        return self.config.options.get(name, default)

    def now(self) -> float:
        clock = self.option("clock")
        return float(clock()) if clock else time.time()

    def now_ms(self) -> int:
        """A strictly increasing millisecond clock, so no two changes share an updated_at (the
        inclusive time-window pagination would otherwise need a tie-breaker Wish does not offer)."""
        with self._ms_lock:
            self._last_ms = max(int(self.now() * 1000), self._last_ms + 1)
            return self._last_ms

    def delay(self, simulated_seconds: float) -> float:
        return simulated_seconds / max(self.config.speedup, 1e-9)

    def new_id(self) -> str:
        """A BSON-style object id: 4 bytes of time, 8 random bytes (hex)."""
        with self.rng_lock:
            tail = self.rng.getrandbits(64)
        return f"{int(self.now()) & 0xFFFFFFFF:08x}{tail:016x}"

    def warehouse(self, warehouse_id: str) -> dict | None:
        return next((item for item in self.warehouses if item["id"] == warehouse_id), None)

    @property
    def standard_warehouse(self) -> dict:
        return next(item for item in self.warehouses if item["shipping_type"] == "STANDARD")

    @property
    def currency(self) -> str:
        return "USD"
