"""Marketplace call pacing: three worker processes share the Redis limiter against the Amazon
sandbox enforcing getListingsItem's documented plan (5/s, burst 10) sped up 10 times. The hub
must reach the documented rate (within 10 %) without the marketplace ever answering 429."""

import os
import tempfile
from pathlib import Path

from infra.bench.figures import Figure
from infra.bench.pacing_worker import pacing_run
from infra.run.sandbox_process import start_sandbox

SPEEDUP = 10
DURATION = 15.0
WORKERS = 3


def run() -> list[Figure]:
    redis_url = os.environ.get("REDIS_URL")
    if not redis_url:
        raise RuntimeError("the pacing benchmark needs Redis (make bench starts it and sets REDIS_URL)")
    # A Redis database of its own, so nothing else's buckets count.
    redis_url = redis_url.rsplit("/", 1)[0] + "/12"
    with tempfile.TemporaryDirectory(prefix="bench-pacing-") as state_dir:
        sandbox = start_sandbox("amazon", Path(state_dir), speedup=SPEEDUP)
        try:
            result = pacing_run(
                sandbox_url=sandbox.url,
                sandbox_calls=sandbox.calls,
                redis_url=redis_url,
                speedup=SPEEDUP,
                duration=DURATION,
                workers=WORKERS,
            )
        finally:
            sandbox.stop()
    documented = result.documented_per_second
    note = f"{WORKERS} processes, {DURATION:g} s, sandbox x{SPEEDUP}; documented {documented:g}/s"
    return [
        Figure("channels.pacing_throughput", result.throughput, "calls/s", round(documented * 0.9, 3), "higher", note),
        Figure(
            "channels.pacing_throughput_over_documented",
            result.throughput,
            "calls/s",
            round(documented * 1.1, 3),
            note=note,
        ),
        Figure("channels.pacing_429_at_sandbox", result.sandbox_429s, "responses", 0, note=note),
    ]
