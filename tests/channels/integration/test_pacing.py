"""Three worker processes share the Redis limiter against an Amazon sandbox that enforces the
documented usage plans (sped up N times): no request may be refused with 429, and together they
must reach the documented rate within 10%."""

import json
import os
import subprocess
import sys
import time

import pytest

from channels.amazon.consts import RATES
from hub.config.settings.env import BASE_DIR
from tests.channels.integration.sandboxes import start_sandbox

SPEEDUP = 10
DURATION = 15.0
WORKERS = 3
OPERATION = "getListingsItem"


@pytest.fixture
def fast_amazon_sandbox(tmp_path):
    sandbox = start_sandbox("amazon", tmp_path / "fast", speedup=SPEEDUP)
    yield sandbox
    sandbox.stop()


def test_three_workers_pace_at_the_documented_rate_without_429(fast_amazon_sandbox, redis_url, settings):
    demo = json.loads((BASE_DIR / "infra" / "sandboxes" / "demo_credentials.json").read_text())["amazon"]
    config = {
        "url": fast_amazon_sandbox.url,
        "redis_url": redis_url,
        "account_pk": 4242,
        "marketplace": "ATVPDKIKX0DER",
        "sku": "PACE-1",
        "seller": demo["seller_id"],
        "credentials": {key: demo[key] for key in ("lwa_app_id", "lwa_client_secret", "refresh_token")},
        "duration": DURATION,
        "start_at": time.time() + 4.0,
    }
    env = {**os.environ, "CHANNELS_RATE_SPEEDUP": str(SPEEDUP), "DJANGO_SETTINGS_MODULE": "hub.config.settings.test"}
    workers = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.channels.integration.pacing_worker", json.dumps(config)],
            cwd=BASE_DIR,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(WORKERS)
    ]
    results = []
    for worker in workers:
        out, err = worker.communicate(timeout=DURATION + 40)
        assert worker.returncode == 0, err[-2000:]
        results.append(json.loads(out.strip().splitlines()[-1]))

    seen = [call for call in fast_amazon_sandbox.calls() if call["operation"] == OPERATION]
    documented = RATES[OPERATION].per_second * SPEEDUP
    total_ok = sum(result["ok"] for result in results)
    throughput = total_ok / DURATION
    print(
        f"\npacing: {WORKERS} workers, {DURATION}s, documented {documented}/s, measured {throughput:.2f}/s, "
        f"per worker {[r['ok'] for r in results]}, sandbox saw {len(seen)} calls, "
        f"429 at sandbox {sum(1 for c in seen if c['status'] == 429)}"
    )

    assert sum(result["refused_429"] for result in results) == 0
    assert [call for call in seen if call["status"] == 429] == []
    assert all(result["errors"] == 0 for result in results)
    assert all(result["ok"] > 0 for result in results)  # every process got its share
    assert abs(throughput - documented) <= 0.10 * documented
