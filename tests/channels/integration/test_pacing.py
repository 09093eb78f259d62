"""Three worker processes share the Redis limiter against an Amazon sandbox that enforces the
documented usage plans (sped up N times): no request may be refused with 429, and together they
must reach the documented rate within 10%."""

import pytest

from infra.bench.pacing_worker import pacing_run
from infra.run.sandbox_process import start_sandbox

SPEEDUP = 10
DURATION = 15.0
WORKERS = 3


@pytest.fixture
def fast_amazon_sandbox(tmp_path):
    sandbox = start_sandbox("amazon", tmp_path / "fast", speedup=SPEEDUP)
    yield sandbox
    sandbox.stop()


def test_three_workers_pace_at_the_documented_rate_without_429(fast_amazon_sandbox, redis_url):
    run = pacing_run(
        sandbox_url=fast_amazon_sandbox.url,
        sandbox_calls=fast_amazon_sandbox.calls,
        redis_url=redis_url,
        speedup=SPEEDUP,
        duration=DURATION,
        workers=WORKERS,
    )
    print(
        f"\npacing: {WORKERS} workers, {DURATION}s, documented {run.documented_per_second}/s, "
        f"measured {run.throughput:.2f}/s, per worker {[r['ok'] for r in run.results]}, "
        f"sandbox saw {len(run.sandbox_statuses)} calls, 429 at sandbox {run.sandbox_429s}"
    )

    assert sum(result["refused_429"] for result in run.results) == 0
    assert run.sandbox_429s == 0
    assert all(result["errors"] == 0 for result in run.results)
    assert all(result["ok"] > 0 for result in run.results)  # every process got its share
    assert abs(run.throughput - run.documented_per_second) <= 0.10 * run.documented_per_second
