"""Building the desired state of the demo catalog on every marketplace it sells on (the first
publish's build: every listing new), then again with nothing changed.

- build_demo_rate: listings built per second, the Amazon product type definitions served from the
  sandbox once and cached (as in `make run`)
- build_demo_unchanged: the same build with nothing changed (build_inputs' change check only)
"""

import os
import tempfile
import time
from pathlib import Path

from infra.bench.bench_listings_quantity import demo_account
from infra.bench.demo_context import demo_on_sandboxes
from infra.bench.figures import Figure
from infra.run.sandbox_process import start_sandbox

FAMILIES = ("amazon", "aliexpress", "wish")
PROFILE = os.environ.get("BENCH_BUILD_PROFILE", "")  # a path: write cProfile stats of the first build


def run() -> list[Figure]:
    from channels.services import channel_account_verify
    from currency.services.rates import ecb_rates_load
    from listings.models import Listing
    from listings.services.build import listings_build

    with tempfile.TemporaryDirectory(prefix="bench-build-") as state_dir:
        sandboxes = {name: start_sandbox(name, Path(state_dir), speedup=10.0) for name in FAMILIES}
        try:
            urls = {name: s.url for name, s in sandboxes.items()}
            with demo_on_sandboxes(urls, speedup=10.0, redis_url=os.environ.get("REDIS_URL", "")):
                ecb_rates_load()
                account = demo_account()
                for channel_account in account.channel_accounts.all():
                    channel_account_verify(channel_account=channel_account, wait_seconds=5)
                # Product type definitions fetched (and cached) outside the timed build.
                listings_build(account=account, selection=None, changed_only=False)
                Listing.objects.filter(account=account).delete()
                from listings.models import ListingParent

                ListingParent.objects.filter(account=account).delete()
                started = time.monotonic()
                if PROFILE:
                    import cProfile

                    profile = cProfile.Profile()
                    summary = profile.runcall(listings_build, account=account)
                    profile.dump_stats(PROFILE)
                else:
                    summary = listings_build(account=account)
                first = time.monotonic() - started
                started = time.monotonic()
                again = listings_build(account=account)
                unchanged = time.monotonic() - started
        finally:
            for sandbox in sandboxes.values():
                sandbox.stop()
    assert summary.listings > 6000 and again.listings == 0, (summary, again)
    print(f"    built {summary.listings} listings, {summary.parents} parents in {first:.1f} s", flush=True)
    return [
        Figure(
            "listings.build_demo_rate",
            summary.listings / first,
            "listings/s",
            note=f"{summary.listings} listings, {summary.parents} parents in {first:.1f} s",
        ),
        Figure("listings.build_demo_unchanged", unchanged, "s", note="nothing changed: 0 listings built"),
    ]
