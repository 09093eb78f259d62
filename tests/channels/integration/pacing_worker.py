"""One worker process of the pacing test: calls getListingsItem through the Amazon adapter with
the Redis limiter until a deadline, then prints its counts as JSON.

    python -m tests.channels.integration.pacing_worker <config JSON>
"""

import json
import os
import sys
import time


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
    limiter = RateLimiter(RedisTokenBuckets(config["redis_url"]))
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
    adapter.close()
    return counts


if __name__ == "__main__":
    print(json.dumps(main(json.loads(sys.argv[1]))))
