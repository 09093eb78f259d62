"""Stock change → quantity held by the sandbox, while an apply of 10,000+ listings runs.

The demo catalog, cloned until Wish + AliExpress carry over 10,000 listings, is published by two
worker processes (one per family queue) with the sandboxes enforcing their limits at ×5 (the
hub's pacing too, shared through Redis). Meanwhile the main process sells or receives stock of one
listed variant every ~0.6 s through hub.inventory (as orders and receipts do); a third process is
the quantity queue's worker: it runs each scheduled debounced push when its countdown is over (the
production default debounce). Latency of a change = when the sandbox acknowledged the listing's new
quantity (the listing's acked_at with the new figure) − when the change committed, for both
marketplaces of the variant; p95 reported (target ≤ 60 s)."""

import io
import multiprocessing
import os
import queue
import random
import tempfile
import time
import traceback
from pathlib import Path
from unittest import mock

from django.db import connections
from django.utils import timezone

from infra.bench.demo_context import demo_on_sandboxes
from infra.bench.figures import Figure
from infra.run.sandbox_process import start_sandbox

SPEEDUP = float(os.environ.get("BENCH_QUANTITY_SPEEDUP", "5"))
FAMILIES = ("aliexpress", "wish")
COPIES = int(
    os.environ.get("BENCH_QUANTITY_COPIES", "4")
)  # the demo's 1,088 variants × (1 + 4) × 2 marketplaces ≈ 10,900 listings
CHANGES = int(os.environ.get("BENCH_QUANTITY_CHANGES", "40"))


def demo_account():
    """The demo seller, loaded; when an earlier benchmark of this run loaded it (it published to its
    own sandboxes, stopped since), its listing state is dropped and its connections re-pointed."""
    from hub.accounts.models import SellerAccount
    from infra.demo import loader
    from infra.demo.channels import channel_accounts_connect_sandboxes
    from listings.models import Listing, ListingParent, ListingPush, PublishJob

    existing = SellerAccount.objects.filter(name=loader.DEMO_ACCOUNT_NAME).first()
    if existing is None:
        return loader.load_demo(stdout=io.StringIO())
    for model in (ListingPush, PublishJob, Listing, ListingParent):
        model.objects.filter(account=existing).delete()
    channel_accounts_connect_sandboxes(account=existing, verify=False)
    return existing


def _clone_catalog(account, copies: int) -> None:
    """Copies 1..copies of every demo product (codes and SKUs suffixed -K<n>); copies that exist
    already (an earlier benchmark of this run) are kept."""
    from hub.catalog.models import Product, ProductAttributeValue, ProductImage, Variant, VariantAttributeValue
    from hub.inventory.models import StockLevel

    sources = list(
        Product.objects.filter(account=account)
        .exclude(code__regex=r"-K[0-9]+$")
        .prefetch_related("attribute_values", "images")
    )
    existing = set(Product.objects.filter(account=account, code__regex=r"-K[0-9]+$").values_list("code", flat=True))
    variants = list(Variant.objects.filter(product__in=sources).prefetch_related("attribute_values", "stock_levels"))
    by_product: dict[int, list] = {}
    for variant in variants:
        by_product.setdefault(variant.product_id, []).append(variant)
    value_fields = ("attribute_id", "value_text", "value_number", "value_unit", "value_option_id", "value_boolean")
    for copy in range(1, copies + 1):
        if f"{sources[0].code}-K{copy}" in existing:
            continue
        clones = Product.objects.bulk_create(
            Product(
                account=account,
                code=f"{p.code}-K{copy}",
                title=p.title,
                description=p.description,
                brand=p.brand,
                category_id=p.category_id,
                status=p.status,
            )
            for p in sources
        )
        pairs = list(zip(sources, clones, strict=True))
        ProductAttributeValue.objects.bulk_create(
            ProductAttributeValue(product=new, **{f: getattr(v, f) for f in value_fields})
            for old, new in pairs
            for v in old.attribute_values.all()
        )
        ProductImage.objects.bulk_create(
            ProductImage(
                product=new, image=i.image.name, width=i.width, height=i.height, position=i.position, sha256=i.sha256
            )
            for old, new in pairs
            for i in old.images.all()
            if i.variant_id is None
        )
        new_variants = []
        originals = []
        for old, new in pairs:
            for v in by_product.get(old.pk, []):
                originals.append(v)
                new_variants.append(
                    Variant(
                        account=account,
                        product=new,
                        sku=f"{v.sku}-K{copy}",
                        currency=v.currency,
                        base_price=v.base_price,
                        cost=v.cost,
                        weight=v.weight,
                        weight_unit=v.weight_unit,
                        length=v.length,
                        width=v.width,
                        height=v.height,
                        dimension_unit=v.dimension_unit,
                        gtin_exempt=True,
                        position=v.position,
                    )
                )
        new_variants = Variant.objects.bulk_create(new_variants, batch_size=2000)
        VariantAttributeValue.objects.bulk_create(
            (
                VariantAttributeValue(variant=new, **{f: getattr(a, f) for f in value_fields})
                for old, new in zip(originals, new_variants, strict=True)
                for a in old.attribute_values.all()
            ),
            batch_size=5000,
        )
        StockLevel.objects.bulk_create(
            (
                StockLevel(account=account, variant=new, warehouse_id=s.warehouse_id, on_hand=max(s.on_hand, 20))
                for old, new in zip(originals, new_variants, strict=True)
                for s in old.stock_levels.all()
            ),
            batch_size=5000,
        )


def _collect(results, workers, *, limit: float = 3600.0) -> list:
    """One report per worker; a worker that dies without reporting fails the run at once."""
    reports, deadline = [], time.monotonic() + limit
    while len(reports) < len(workers):
        try:
            reports.append(results.get(timeout=2))
        except queue.Empty:
            dead = [w for w in workers if w.exitcode not in (None, 0)]
            if dead or time.monotonic() > deadline:
                raise RuntimeError(f"workers exited without a report or ran over {limit:.0f} s: {dead}") from None
    for worker in workers:
        worker.join()
    return reports


def _apply_worker(job_pk: int, family: str, results) -> None:
    from listings.services.apply import publish_job_run

    try:
        publish_job_run(job_pk, family)
        results.put((family, ""))
    except BaseException as error:
        results.put((family, repr(error)))
    finally:
        connections.close_all()


def _quantity_worker(scheduled, stop) -> None:
    """The listings.quantity worker: runs each push at its due time (a Celery countdown)."""
    from listings.services.quantity_push import quantity_push

    pending: list[tuple[float, int, list | None]] = []
    while True:
        stopping = stop.is_set()  # read before draining: a push scheduled until then is drained below
        while True:
            try:
                pending.append(scheduled.get(timeout=0.5 if stopping and not pending else 0.05))
            except queue.Empty:
                break
        if stopping and not pending:
            break
        pending.sort()
        now = time.time()
        due = [entry for entry in pending if entry[0] <= now]
        pending = [entry for entry in pending if entry[0] > now]
        for _at, account_id, ids in due:
            try:
                quantity_push(account_id=account_id, variant_ids=ids)
            except Exception:  # a lost push shows as unacknowledged changes, with its cause here
                traceback.print_exc()
    connections.close_all()


def run() -> list[Figure]:
    import redis as redis_lib

    from channels.ratelimit import _limiter_for
    from channels.registry import adapter_for
    from channels.services import channel_account_verify
    from currency.services.rates import ecb_rates_load
    from hub.inventory.models import StockLevel
    from hub.inventory.services import stock_apply
    from hub.inventory.types import StockChange
    from listings.models import JobStatus, Listing, PublishJob
    from listings.services import quantity_push as push_module
    from listings.services.apply import publish_job_create
    from listings.services.build import Selection

    redis_url = os.environ["REDIS_URL"]
    context = multiprocessing.get_context("fork")
    scheduled = context.Queue()
    stop = context.Event()

    def schedule(account_id, variant_ids, countdown):
        scheduled.put((time.time() + countdown, account_id, variant_ids))

    with tempfile.TemporaryDirectory(prefix="bench-quantity-") as state_dir:
        sandboxes = {name: start_sandbox(name, Path(state_dir), speedup=SPEEDUP) for name in FAMILIES}
        urls = {"amazon": "http://127.0.0.1:9", **{name: s.url for name, s in sandboxes.items()}}
        try:
            with (
                demo_on_sandboxes(urls, speedup=SPEEDUP, redis_url=redis_url),
                mock.patch.object(push_module, "_schedule", schedule),
            ):
                client = redis_lib.Redis.from_url(redis_url)
                for key in client.scan_iter("listings:quantity:*"):
                    client.delete(key)
                ecb_rates_load()
                account = demo_account()
                _clone_catalog(account, COPIES)
                channel_accounts = {ca.family: ca for ca in account.channel_accounts.all() if ca.family in FAMILIES}
                for channel_account in channel_accounts.values():
                    channel_account_verify(channel_account=channel_account, wait_seconds=5)
                selection = Selection(channel_accounts=[ca.pk for ca in channel_accounts.values()])
                started_build = time.monotonic()
                job = publish_job_create(account=account, selection=selection, enqueue=False)
                build_seconds = time.monotonic() - started_build
                listings = Listing.objects.filter(account=account, family__in=FAMILIES).count()
                print(f"    {listings} listings built and planned in {build_seconds:.0f} s", flush=True)
                # Variants sendable to both marketplaces (AliExpress holds back variants waiting for
                # stock, and a product may be blocked): their two listings are what is measured.
                sendable: dict[int, set[str]] = {}
                for variant_id, family, issues, parent_issues in Listing.objects.filter(
                    account=account, family__in=FAMILIES, desired_quantity__gt=1
                ).values_list("variant_id", "family", "issues", "parent__issues"):
                    if not any(i.get("blocking") for i in (issues or []) + (parent_issues or [])):
                        sendable.setdefault(variant_id, set()).add(family)
                candidates = sorted(v for v, families in sendable.items() if families == set(FAMILIES))
                random.Random(7).shuffle(candidates)
                own = {
                    level.variant_id: level
                    for level in StockLevel.objects.filter(variant_id__in=candidates, warehouse__kind="own")
                }
                connections.close_all()
                _limiter_for.cache_clear()
                results = context.Queue()
                workers = [context.Process(target=_apply_worker, args=(job.pk, family, results)) for family in FAMILIES]
                quantity_worker = context.Process(target=_quantity_worker, args=(scheduled, stop))
                quantity_worker.start()
                started = time.monotonic()
                for worker in workers:
                    worker.start()
                time.sleep(2.0)
                changes: list[tuple[int, object]] = []
                for number, variant_id in enumerate(candidates[:CHANGES]):
                    level = own.get(variant_id)
                    if level is None:
                        continue
                    sold = number % 3 != 2  # mostly sales (reservations), some receipts
                    stock_apply(
                        account=account,
                        changes=[
                            StockChange(
                                variant_id=variant_id,
                                warehouse_id=level.warehouse_id,
                                reserved_change=1 if sold else 0,
                                on_hand_change=0 if sold else 5,
                                reason="reservation" if sold else "receipt",
                                reference=f"bench {number}",
                            )
                        ],
                    )
                    changes.append((variant_id, timezone.now()))
                    time.sleep(0.6)
                changed_during = (
                    PublishJob.objects.get(pk=job.pk).status != JobStatus.DONE
                )  # the apply was still running when the last change was made
                reports = _collect(results, workers, limit=1800)
                apply_seconds = time.monotonic() - started
                stop.set()
                quantity_worker.join(300)
                errors = [error for _family, error in reports if error]
                if errors:
                    raise RuntimeError(f"worker failed: {errors[0]}")
                latencies, missing, not_held = [], 0, 0
                adapters = {family: adapter_for(ca, wait_seconds=60) for family, ca in channel_accounts.items()}
                for variant_id, changed_at in changes:
                    for row in Listing.objects.filter(variant_id=variant_id, family__in=FAMILIES):
                        if row.acked_quantity != row.desired_quantity or row.acked_at is None:
                            missing += 1
                            last = row.pushes.order_by("-pk").first()
                            product = row.parent.pushes.order_by("-pk").first() if row.parent_id else None
                            print(
                                f"    not acknowledged: {row.family} {row.sku} {row.status} desired "
                                f"{row.desired_quantity} acked {row.acked_quantity} at {row.acked_at} external "
                                f"{row.external_id!r} issues {[i.get('code') for i in row.issues or []]}; last push "
                                f"{last and (last.action, last.ok, last.message[:200], last.created_at)}; product's "
                                f"{product and (product.action, product.ok, product.created_at)}; changed at "
                                f"{changed_at}",
                                flush=True,
                            )
                            continue
                        # What the sandbox holds, read back: the acknowledgement must be true.
                        live = adapters[row.family].listing_get(
                            sku=row.sku, marketplace_id=row.marketplace_id, external_reference=row.external_id
                        )
                        if live.quantity != row.desired_quantity:
                            not_held += 1
                            continue
                        latencies.append(max(0.0, (row.acked_at - changed_at).total_seconds()))
                for adapter in adapters.values():
                    adapter.close()
                job.refresh_from_db()
        finally:
            stop.set()
            for sandbox in sandboxes.values():
                sandbox.stop()
            _limiter_for.cache_clear()
    latencies.sort()
    p95 = latencies[min(len(latencies) - 1, int(0.95 * len(latencies)))] if latencies else float("inf")
    if missing or not_held:
        p95 = float("inf")
    median = latencies[len(latencies) // 2] if latencies else 0.0
    worst = latencies[-1] if latencies else 0.0
    note = (
        f"{len(changes)} stock changes x 2 marketplaces during an apply of {listings} listings "
        f"({apply_seconds:.0f} s, {job.done} done / {job.failed} failed, still running at the last change: "
        f"{changed_during}); sandboxes and pacing x{SPEEDUP:g}; debounce default; {missing} not acknowledged, "
        f"{not_held} acknowledged but not what the sandbox holds; median {median:.1f} s, max {worst:.1f} s"
    )
    print(f"    {note}; p95 {p95:.1f} s", flush=True)
    return [Figure("listings.stock_to_sandbox_p95", p95, "s", 60, "lower", note)]
