"""Apply throughput with the sandboxes' limits out of the way (sandboxes and the hub's pacing at
×1000): the demo catalog published to Wish and AliExpress by two runners in parallel (one per
marketplace family, as the two family queues' workers would), through the real apply path over
HTTP. Timed: the two runners, from the first call to the last acknowledgement."""

import io
import tempfile
import threading
import time
from pathlib import Path
from unittest import mock

from django.db import connection
from django.test import override_settings

from infra.bench.figures import Figure
from infra.run.sandbox_process import start_sandbox

SPEEDUP = 1000.0


def run() -> list[Figure]:
    from channels import tasks as channel_tasks
    from channels.ratelimit import _limiter_for
    from channels.services import channel_account_verify
    from currency.services.rates import ecb_rates_load
    from infra.demo import loader
    from listings.models import Listing, ListingStatus
    from listings.services.apply import publish_job_create, publish_job_run
    from listings.services.build import Selection

    with tempfile.TemporaryDirectory(prefix="bench-apply-") as state_dir:
        sandboxes = {name: start_sandbox(name, Path(state_dir), speedup=SPEEDUP) for name in ("aliexpress", "wish")}
        urls = {"amazon": "http://127.0.0.1:9", **{name: s.url for name, s in sandboxes.items()}}
        try:
            with (
                override_settings(CHANNELS_SANDBOX_URLS=urls, CHANNELS_RATE_SPEEDUP=SPEEDUP, REDIS_URL=""),
                mock.patch.object(channel_tasks.channel_account_verify_task, "delay", lambda *a, **k: None),
                mock.patch.object(
                    loader, "DEMO_EXTENSIONS", [p for p in loader.DEMO_EXTENSIONS if not p.endswith("publish_demo")]
                ),
            ):
                _limiter_for.cache_clear()
                ecb_rates_load()
                account = loader.load_demo(stdout=io.StringIO())
                channel_accounts = {
                    ca.family: ca for ca in account.channel_accounts.all() if ca.family in ("aliexpress", "wish")
                }
                for channel_account in channel_accounts.values():
                    channel_account_verify(channel_account=channel_account, wait_seconds=5)
                selection = Selection(channel_accounts=[ca.pk for ca in channel_accounts.values()])
                job = publish_job_create(account=account, selection=selection, enqueue=False)
                errors: list[BaseException] = []

                def runner(family: str) -> None:
                    try:
                        publish_job_run(job.pk, family)
                    except BaseException as error:
                        errors.append(error)
                    finally:
                        connection.close()

                started = time.monotonic()
                threads = [threading.Thread(target=runner, args=(family,)) for family in channel_accounts]
                for thread in threads:
                    thread.start()
                for thread in threads:
                    thread.join()
                seconds = time.monotonic() - started
                if errors:
                    raise errors[0]
                published = Listing.objects.filter(
                    account=account, family__in=list(channel_accounts), status=ListingStatus.PUBLISHED
                ).count()
                job.refresh_from_db()
        finally:
            for sandbox in sandboxes.values():
                sandbox.stop()
            _limiter_for.cache_clear()
    note = f"{published} listings in {job.total} product calls ({job.failed} failed), 2 runners, sandboxes x{SPEEDUP:g}"
    print(f"    {note}; {seconds:.1f} s", flush=True)
    return [Figure("listings.apply_listings_per_second", published / seconds, "listings/s", 200, "higher", note)]
