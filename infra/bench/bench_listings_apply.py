"""Apply throughput with the sandboxes' limits out of the way (sandboxes and the hub's pacing at
×1000): the demo catalog published to Wish and AliExpress by two worker processes (one per
marketplace family queue, as `make run`'s Celery workers take them), through the real apply path
over HTTP. Timed: from the two workers' start to the last acknowledgement. Also reported: database
queries per listing in the workers (each counts its own)."""

import io
import multiprocessing
import tempfile
import time
from pathlib import Path

from django.db import connection, connections

from infra.bench.demo_context import demo_on_sandboxes
from infra.bench.figures import Figure
from infra.run.sandbox_process import start_sandbox

SPEEDUP = 1000.0
FAMILIES = ("aliexpress", "wish")


def _worker(job_pk: int, family: str, results) -> None:
    """One worker process: runs the job's items of its family, counting its queries."""
    from listings.services.apply import publish_job_run

    queries = 0

    def count(execute, sql, params, many, context):
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    try:
        with connection.execute_wrapper(count):
            publish_job_run(job_pk, family)
        results.put((family, queries, ""))
    except BaseException as error:  # reported to the parent
        results.put((family, queries, repr(error)))
    finally:
        connections.close_all()


def run() -> list[Figure]:
    from channels.ratelimit import _limiter_for
    from channels.services import channel_account_verify
    from currency.services.rates import ecb_rates_load
    from infra.demo import loader
    from listings.models import Listing, ListingStatus
    from listings.services.apply import publish_job_create
    from listings.services.build import Selection

    context = multiprocessing.get_context("fork")
    with tempfile.TemporaryDirectory(prefix="bench-apply-") as state_dir:
        sandboxes = {name: start_sandbox(name, Path(state_dir), speedup=SPEEDUP) for name in FAMILIES}
        urls = {"amazon": "http://127.0.0.1:9", **{name: s.url for name, s in sandboxes.items()}}
        try:
            with demo_on_sandboxes(urls, speedup=SPEEDUP):
                ecb_rates_load()
                account = loader.load_demo(stdout=io.StringIO())
                channel_accounts = {ca.family: ca for ca in account.channel_accounts.all() if ca.family in FAMILIES}
                for channel_account in channel_accounts.values():
                    channel_account_verify(channel_account=channel_account, wait_seconds=5)
                selection = Selection(channel_accounts=[ca.pk for ca in channel_accounts.values()])
                job = publish_job_create(account=account, selection=selection, enqueue=False)
                connections.close_all()  # the workers open their own connections
                _limiter_for.cache_clear()
                results = context.Queue()
                workers = [context.Process(target=_worker, args=(job.pk, family, results)) for family in FAMILIES]
                started = time.monotonic()
                for worker in workers:
                    worker.start()
                reports = [results.get(timeout=1800) for _ in workers]
                for worker in workers:
                    worker.join()
                seconds = time.monotonic() - started
                errors = [error for _family, _queries, error in reports if error]
                if errors:
                    raise RuntimeError(f"worker failed: {errors[0]}")
                published = Listing.objects.filter(
                    account=account, family__in=list(channel_accounts), status=ListingStatus.PUBLISHED
                ).count()
                queries = sum(count for _family, count, _error in reports)
                job.refresh_from_db()
        finally:
            for sandbox in sandboxes.values():
                sandbox.stop()
            _limiter_for.cache_clear()
    note = (
        f"{published} listings in {job.total} product calls ({job.failed} failed), 2 worker processes, "
        f"sandboxes x{SPEEDUP:g}"
    )
    print(f"    {note}; {seconds:.1f} s; {queries} queries ({queries / max(published, 1):.1f} per listing)", flush=True)
    return [
        Figure("listings.apply_listings_per_second", published / seconds, "listings/s", 200, "higher", note),
        Figure("listings.apply_queries_per_listing", queries / max(published, 1), "queries", None, "lower", note),
    ]
