"""Faults a sandbox can be told to inject, to test how the hub copes with a misbehaving
marketplace. Set them with `POST /_control/faults` (JSON below) or the SANDBOX_FAULTS env var.

    {"throttle": 0.2, "server_error": 0.1, "unavailable": 0.05, "slow": 0.1, "slow_seconds": 12,
     "drop": 0.05, "malformed": 0.05, "duplicate_page": 0.5, "seed": 7,
     "next": ["throttle", "throttle", "malformed"], "operations": ["getOrders"]}

Shares are probabilities per request. `next` is a queue of faults for the next requests, in
order (deterministic tests). `operations`, when given, limits faults to those operation names.
"""

import json
import random
import threading
from dataclasses import dataclass, field

KINDS = ("throttle", "server_error", "unavailable", "slow", "drop", "malformed", "duplicate_page")


@dataclass
class FaultPlan:
    shares: dict[str, float] = field(default_factory=dict)
    slow_seconds: float = 10.0
    queue: list[str] = field(default_factory=list)
    operations: set[str] = field(default_factory=set)
    seed: int | None = None

    @classmethod
    def from_dict(cls, data: dict) -> "FaultPlan":
        unknown = set(data) - set(KINDS) - {"slow_seconds", "next", "operations", "seed"}
        if unknown:
            raise ValueError(f"unknown fault settings: {', '.join(sorted(unknown))}")
        queue = list(data.get("next") or [])
        bad = [kind for kind in queue if kind not in KINDS]
        if bad:
            raise ValueError(f"unknown fault kinds: {', '.join(bad)}")
        shares = {kind: float(data[kind]) for kind in KINDS if kind in data}
        if any(not 0 <= share <= 1 for share in shares.values()):
            raise ValueError("fault shares are between 0 and 1")
        return cls(
            shares=shares,
            slow_seconds=float(data.get("slow_seconds", 10.0)),
            queue=queue,
            operations=set(data.get("operations") or []),
            seed=data.get("seed"),
        )

    def as_dict(self) -> dict:
        return {
            **self.shares,
            "slow_seconds": self.slow_seconds,
            "next": self.queue,
            "operations": sorted(self.operations),
            "seed": self.seed,
        }


class Faults:
    """Thread-safe holder of the current plan; `draw(operation)` says which fault (if any) the
    current request gets. `duplicate_page` is drawn separately by list endpoints."""

    def __init__(self, plan: FaultPlan | None = None) -> None:
        self._lock = threading.Lock()
        self.set(plan or FaultPlan())
        self.injected: dict[str, int] = dict.fromkeys(KINDS, 0)

    def set(self, plan: FaultPlan) -> None:
        with self._lock:
            self.plan = plan
            self._random = random.Random(plan.seed)

    @classmethod
    def from_env(cls, value: str | None) -> "Faults":
        return cls(FaultPlan.from_dict(json.loads(value)) if value else None)

    def draw(self, operation: str, *, kinds: tuple[str, ...] = KINDS[:-1]) -> str | None:
        with self._lock:
            plan = self.plan
            if plan.operations and operation not in plan.operations:
                return None
            for index, kind in enumerate(plan.queue):
                if kind in kinds:
                    plan.queue.pop(index)
                    self.injected[kind] += 1
                    return kind
            for kind in kinds:
                share = plan.shares.get(kind, 0.0)
                if share and self._random.random() < share:
                    self.injected[kind] += 1
                    return kind
        return None
