"""/api/health/ entries for the marketplace sandboxes (settings.CHANNELS_SANDBOX_URLS).

Each sandbox is listed with its base URL and state. A sandbox that is down fails the health
check (503) only when settings.CHANNELS_SANDBOXES_REQUIRED is true (`make run` sets it); a
production hub talking to the real marketplaces does not depend on them.
"""

from __future__ import annotations

import time

import httpx
from django.conf import settings

from hub.core.health import HealthCheck


def _sandbox(name: str, url: str, *, required: bool, timeout: float) -> HealthCheck:
    started = time.monotonic()
    data: dict = {"url": url, "required": required}
    try:
        response = httpx.get(url.rstrip("/") + "/_control/health", timeout=timeout)
        body = response.json() if response.status_code == 200 else {}
        up = response.status_code == 200 and bool(body.get("ok", True))
        data.update(state="up" if up else "unhealthy", speedup=body.get("speedup"), http_status=response.status_code)
        detail = "up" if up else f"answered HTTP {response.status_code}"
    except (httpx.HTTPError, ValueError) as error:
        up = False
        data["state"] = "down"
        detail = f"down ({type(error).__name__})"
    if not up and not required:
        detail += "; not required"
    return HealthCheck(
        name=f"sandbox:{name}",
        ok=up or not required,
        detail=detail,
        data=data,
        duration_ms=int((time.monotonic() - started) * 1000),
    )


def check_sandboxes() -> list[HealthCheck]:
    required = bool(settings.CHANNELS_SANDBOXES_REQUIRED)
    timeout = float(settings.CHANNELS_SANDBOX_HEALTH_TIMEOUT_SECONDS)
    return [
        _sandbox(name, url, required=required, timeout=timeout)
        for name, url in sorted(settings.CHANNELS_SANDBOX_URLS.items())
        if url
    ]
