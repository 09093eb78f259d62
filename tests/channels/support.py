"""Helpers for request-building tests: an in-process httpx transport that records requests and
answers from a script (a queue of responses per "METHOD path" key)."""

from __future__ import annotations

import json
from collections import defaultdict, deque
from collections.abc import Callable
from urllib.parse import parse_qs

import httpx

from channels.ratelimit import LocalTokenBuckets, RateLimiter
from channels.types import Connection, Family
from channels.wire import MemorySink


class ScriptedServer:
    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []
        self.routes: dict[str, deque] = defaultdict(deque)
        self.fallback: dict[str, Callable[[httpx.Request], httpx.Response]] = {}

    def add(self, method: str, path: str, *responses: httpx.Response | Callable | Exception) -> None:
        self.routes[f"{method} {path}"].extend(responses)

    def always(self, method: str, path: str, responder: Callable[[httpx.Request], httpx.Response]) -> None:
        self.fallback[f"{method} {path}"] = responder

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        key = f"{request.method} {raw_path(request)}"
        queue = self.routes.get(key)
        if queue:
            answer = queue.popleft()
        elif key in self.fallback:
            answer = self.fallback[key]
        else:
            return httpx.Response(404, json={"errors": [{"code": "NotFound", "message": f"no route {key}"}]})
        if isinstance(answer, Exception):
            raise answer
        return answer(request) if callable(answer) else answer

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handle)

    def sent(self, method: str, path: str) -> list[httpx.Request]:
        return [r for r in self.requests if r.method == method and raw_path(r) == path]


def raw_path(request: httpx.Request) -> str:
    """The path as sent (percent-encoding kept)."""
    return request.url.raw_path.decode().split("?")[0]


def form(request: httpx.Request) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(request.content.decode(), keep_blank_values=True).items()}


def body(request: httpx.Request):
    return json.loads(request.content)


def connection(family: Family, credentials: dict, *, base_urls: dict, marketplaces=(), seller="S1", options=None):
    return Connection(
        account_pk=7,
        seller_account_pk=1,
        family=family,
        marketplaces=tuple(marketplaces),
        base_urls=base_urls,
        credentials=dict(credentials),
        seller_reference=seller,
        options=options or {},
    )


def adapter_kit():
    return MemorySink(), RateLimiter(LocalTokenBuckets())


class FakeClock:
    """A clock that moves only when told: `clock()` reads it, `clock.advance(s)` (or `sleep(s)`,
    for code that sleeps) moves it; `sleeps` lists what was slept."""

    def __init__(self, start: float = 1_000.0) -> None:
        self.now = start
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.advance(seconds)
