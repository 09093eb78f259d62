"""A 100,000-order backfill with flat memory: the Amazon sandbox (limits off) holds BACKFILL_ORDERS
orders (default 100,000) in two marketplaces; two worker processes pull one marketplace each,
every page, through conversion, reservation and routing, on PostgreSQL. Figures: each process's
peak RSS (both workers and the sandbox) and each worker's RSS growth between its share of the
10,000th order (10 % of the backfill) and the end (target under 20 %); orders/s for the record.

Quick run: `BACKFILL_ORDERS=10000 infra/scripts/bench.sh orders_backfill`. `BACKFILL_TRACEMALLOC=<frames>`
prints each worker's Python-heap growth from the 10 % mark to the end by allocation traceback
(about 30 times slower: 10,000 orders took 11 minutes with 20 frames).

The sandbox clock runs SPEEDUP times faster, so the generated orders span days of simulated time
(100,000: about 13 days) while rates are stored for yesterday, today and tomorrow only: most CAD
orders are refused as stale (36,836 of 49,936 on 2026-12-04; money state "unconverted", printed
per marketplace), the path the backfill once leaked on (see currency.exceptions.error_copy)."""

from __future__ import annotations

import multiprocessing
import os
import resource
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from infra.bench.bench_orders_ingest import MARKETPLACES, SPEEDUP, _setup
from infra.bench.figures import Figure
from infra.run.sandbox_process import start_sandbox

ORDERS = int(os.environ.get("BACKFILL_ORDERS", "100000"))
FIRST_MARK = 0.10  # the 10,000th of 100,000


def _rss_mb(pid: int | str = "self", field: str = "VmRSS") -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


def _worker(channel_account_pk: int, marketplace_id: str, sandbox_url: str, share: int, results) -> None:  # type: ignore[no-untyped-def]
    from django.conf import settings
    from django.db import connections, reset_queries

    connections.close_all()
    settings.CHANNELS_SANDBOX_URLS = {
        "amazon": sandbox_url,
        "aliexpress": "http://127.0.0.1:9",
        "wish": "http://127.0.0.1:9",
    }
    settings.CHANNELS_RATE_SPEEDUP = SPEEDUP
    assert not settings.DEBUG  # DEBUG keeps every query in memory
    from channels.models import ChannelAccount
    from fulfilment.services.pull import orders_pull

    channel_account = ChannelAccount.objects.select_related("account").get(pk=channel_account_pk)
    mark = {"at": None, "rss": None, "samples": [], "snapshot": None}
    # BACKFILL_TRACEMALLOC=<frames>: what the Python heap gained between the 10 % mark and the end.
    trace_frames = int(os.environ.get("BACKFILL_TRACEMALLOC", "0"))
    if trace_frames:
        import tracemalloc

        tracemalloc.start(trace_frames)

    def on_page(seen: int) -> None:
        reset_queries()
        rss = _rss_mb()
        if mark["at"] is None and seen >= share * FIRST_MARK:
            mark["at"], mark["rss"] = seen, rss
            if trace_frames:
                mark["snapshot"] = tracemalloc.take_snapshot()
        if len(mark["samples"]) < 400:
            mark["samples"].append((seen, round(rss, 1)))

    started = time.monotonic()
    summary = orders_pull(
        channel_account=channel_account,
        marketplace_ids=[marketplace_id],
        wait_seconds=30,
        since=datetime.now(UTC) - timedelta(days=3),
        on_page=on_page,
    )
    if trace_frames and mark["snapshot"] is not None:
        _heap_growth_print(marketplace_id, mark["snapshot"], tracemalloc.take_snapshot())
    results.put(
        {
            "marketplace": marketplace_id,
            "seen": summary.seen,
            "seconds": time.monotonic() - started,
            "peak_rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "mark_at": mark["at"],
            "mark_rss": mark["rss"],
            "end_rss": _rss_mb(),
            "samples": mark["samples"][:: max(1, len(mark["samples"]) // 10)],
        }
    )
    connections.close_all()


def _heap_growth_print(name: str, before, after) -> None:  # type: ignore[no-untyped-def]
    import tracemalloc

    keep = [tracemalloc.Filter(False, tracemalloc.__file__)]
    before, after = before.filter_traces(keep), after.filter_traces(keep)
    total = sum(stat.size_diff for stat in after.compare_to(before, "filename"))
    lines = [f"    {name}: Python heap {total / 2**20:+.1f} MB from the 10 % mark to the end; largest growth:"]
    for stat in after.compare_to(before, "traceback")[:12]:
        lines.append(f"      {stat.size_diff / 2**20:+8.2f} MB {stat.count_diff:+9d} blocks")
        lines.extend(f"          {frame}" for frame in stat.traceback.format())
    print("\n".join(lines), flush=True)


def run() -> list[Figure]:
    from django.db import connections
    from django.db.models import Count

    from fulfilment.models import Order

    with tempfile.TemporaryDirectory(prefix="bench-backfill-") as state_dir:
        sandbox = start_sandbox("amazon", Path(state_dir), speedup=SPEEDUP)
        try:
            account, amazon = _setup(sandbox.url)
            share = ORDERS // len(MARKETPLACES)
            generating = time.monotonic()
            for marketplace_id in MARKETPLACES:
                for start in range(0, share, 100):  # small calls: each answers well within its timeout
                    sandbox.control(
                        "POST",
                        "orders/generate",
                        {
                            "count": min(100, share - start),
                            "marketplaceId": marketplace_id,
                            "fulfillmentChannel": "MFN",
                        },
                    )
            print(f"    generated {ORDERS} sandbox orders in {time.monotonic() - generating:.0f} s", flush=True)
            sandbox.control("POST", "clock/advance", {"seconds": 30 * 60})
            connections.close_all()
            context = multiprocessing.get_context("fork")
            results = context.Queue()
            started = time.monotonic()
            workers = [
                context.Process(target=_worker, args=(amazon.pk, marketplace_id, sandbox.url, share, results))
                for marketplace_id in MARKETPLACES
            ]
            for worker in workers:
                worker.start()
            outcomes = [results.get(timeout=3600) for _ in workers]
            for worker in workers:
                worker.join(timeout=60)
            wall = time.monotonic() - started
            sandbox_peak = _rss_mb(sandbox.process.pid, "VmHWM")
        finally:
            sandbox.stop()
    ingested = Order.objects.filter(account=account).count()
    states = Order.objects.filter(account=account).values_list("marketplace_id", "money_state").annotate(n=Count("pk"))
    print(f"    money states (marketplace, state, orders): {sorted(states)}", flush=True)
    figures = [
        Figure(
            "orders.backfill_throughput",
            ingested / wall,
            "orders/s",
            note=f"{ingested} of {ORDERS} orders in {wall:.0f} s by 2 processes (one per marketplace)",
        )
    ]
    for outcome in sorted(outcomes, key=lambda o: o["marketplace"]):
        name = outcome["marketplace"]
        growth = 100 * (outcome["end_rss"] - outcome["mark_rss"]) / outcome["mark_rss"] if outcome["mark_rss"] else 0.0
        print(f"    {name}: RSS (orders seen, MB) {outcome['samples']}", flush=True)
        figures.append(Figure(f"orders.backfill_peak_rss_{name}", outcome["peak_rss"], "MB", note="reported"))
        figures.append(
            Figure(
                f"orders.backfill_rss_growth_{name}",
                growth,
                "%",
                20,
                "lower",
                f"{outcome['mark_rss']:.1f} MB at its order {outcome['mark_at']} (10 %), "
                f"{outcome['end_rss']:.1f} MB at its order {outcome['seen']}",
            )
        )
    figures.append(Figure("orders.backfill_peak_rss_sandbox", sandbox_peak, "MB", note="reported"))
    return figures
