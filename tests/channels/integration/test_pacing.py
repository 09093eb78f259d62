"""Three worker processes share the Redis limiter against an Amazon sandbox that enforces the
documented usage plans (sped up N times): no request may be refused with 429, together they may
never go more than 10% over the documented rate, and when the limiter set the pace (every worker
spent a fifth of the run waiting for tokens) they reach it within 10%. On a machine too loaded
for three workers to make 50 calls a second between them, the workers never wait for the limiter
and the last bound says nothing about it, so it is not asserted then."""

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
    assert run.throughput <= 1.10 * run.documented_per_second
    limiter_bound = all(result["slept"] >= 0.2 * DURATION for result in run.results)
    print(f"limiter waits per worker {[result['slept'] for result in run.results]} s (bound: {limiter_bound})")
    if limiter_bound:
        assert run.throughput >= 0.90 * run.documented_per_second
