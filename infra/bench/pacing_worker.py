"""Pacing of marketplace calls across processes: several worker processes share the Redis rate
limiter and call getListingsItem through the Amazon adapter against a sandbox until a deadline.
Used by the pacing test (tests/channels/integration/test_pacing.py) and `make bench`.

    python -m infra.bench.pacing_worker <config JSON>     # one worker; prints its counts as JSON
"""

import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OPERATION = "getListingsItem"


@dataclass
class PacingRun:
    workers: int
    duration: float
    documented_per_second: float
    results: list[dict]
    sandbox_statuses: list[int]

    @property
    def throughput(self) -> float:
        return sum(result["ok"] for result in self.results) / self.duration

    @property
    def sandbox_429s(self) -> int:
        return sum(1 for status in self.sandbox_statuses if status == 429)


def pacing_run(
    *, sandbox_url: str, sandbox_calls, redis_url: str, speedup: float, duration: float, workers: int
) -> PacingRun:
    """Start `workers` processes at the same moment and collect their counts. `sandbox_calls()`
    returns the sandbox's call log (its /_control/calls)."""
    from channels.amazon.consts import RATES

    demo = json.loads((ROOT / "infra" / "sandboxes" / "demo_credentials.json").read_text())["amazon"]
    config = {
        "url": sandbox_url,
        "redis_url": redis_url,
        "account_pk": 4242,
        "marketplace": "ATVPDKIKX0DER",
        "sku": "PACE-1",
        "seller": demo["seller_id"],
        "credentials": {key: demo[key] for key in ("lwa_app_id", "lwa_client_secret", "refresh_token")},
        "duration": duration,
        "start_at": time.time() + 4.0,
    }
    env = {**os.environ, "CHANNELS_RATE_SPEEDUP": str(speedup)}
    env.setdefault("DJANGO_SETTINGS_MODULE", "hub.config.settings.test")
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "infra.bench.pacing_worker", json.dumps(config)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(workers)
    ]
    results = []
    for process in processes:
        out, err = process.communicate(timeout=duration + 40)
        if process.returncode != 0:
            raise RuntimeError(f"pacing worker failed: {err[-2000:]}")
        results.append(json.loads(out.strip().splitlines()[-1]))
    statuses = [call["status"] for call in sandbox_calls() if call["operation"] == OPERATION]
    return PacingRun(workers, duration, RATES[OPERATION].per_second * speedup, results, statuses)


def main(config: dict) -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hub.config.settings.test")
    import django

    django.setup()
    from channels.amazon.adapter import AmazonAdapter
    from channels.exceptions import ChannelError, ThrottledError
    from channels.ratelimit import RateLimiter, RedisTokenBuckets
    from channels.types import Connection, Family
    from channels.wire import MemorySink

    connection = Connection(
        account_pk=config["account_pk"],
        seller_account_pk=1,
        family=Family.AMAZON,
        marketplaces=(config["marketplace"],),
        base_urls={"sp_api": config["url"], "lwa": config["url"]},
        credentials=config["credentials"],
        seller_reference=config["seller"],
    )
    sink = MemorySink()
    slept = [0.0]

    def sleep(seconds: float) -> None:  # the limiter's waits, counted: was it the limiter that set the pace?
        slept[0] += seconds
        time.sleep(seconds)

    limiter = RateLimiter(RedisTokenBuckets(config["redis_url"]), sleep=sleep)
    adapter = AmazonAdapter(connection, sink=sink, limiter=limiter, wait_seconds=2.0)
    adapter.client.fetch_access_token(marketplace_id=config["marketplace"])  # not part of the timing
    time.sleep(max(0.0, config["start_at"] - time.time()))
    deadline = config["start_at"] + config["duration"]
    counts = {"ok": 0, "late": 0, "refused_429": 0, "paced_out": 0, "errors": 0}
    while time.time() < deadline:
        try:
            adapter.listing_get(sku=config["sku"], marketplace_id=config["marketplace"])
        except ThrottledError as error:
            counts["refused_429" if error.status == 429 else "paced_out"] += 1
            continue
        except ChannelError:
            counts["errors"] += 1
            continue
        counts["ok" if time.time() <= deadline else "late"] += 1
    counts["statuses"] = sorted(str(r.http_status) for r in sink.records if r.operation == "getListingsItem")
    counts["statuses"] = {status: counts["statuses"].count(status) for status in set(counts["statuses"])}
    counts["slept"] = round(slept[0], 3)
    adapter.close()
    return counts


if __name__ == "__main__":
    print(json.dumps(main(json.loads(sys.argv[1]))))
