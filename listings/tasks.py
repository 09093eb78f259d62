"""Celery entry points (thin): the work is in listings.services."""

from celery import shared_task


@shared_task(name="listings.publish_job_run", acks_late=True, reject_on_worker_lost=True)
def publish_job_run_task(job_pk: int, family: str) -> None:
    from listings.services.apply import publish_job_run

    publish_job_run(job_pk, family)


@shared_task(bind=True, name="listings.demo_publish", max_retries=60, default_retry_delay=5)
def demo_publish_task(self, account_pk: int) -> int | None:
    """The demo's first publish: waits until the sandbox connections are verified."""
    from channels.models import ChannelAccount
    from hub.accounts.models import SellerAccount
    from listings.models import PublishJob
    from listings.services.apply import publish_job_create

    account = SellerAccount.objects.get(pk=account_pk)
    if PublishJob.objects.filter(account=account).exists():
        return None
    pending = ChannelAccount.objects.filter(account=account).exclude(status="connected")
    if pending.exists():
        raise self.retry()
    return publish_job_create(account=account).pk


@shared_task(name="listings.quantity_push", acks_late=True, reject_on_worker_lost=True)
def quantity_push_task(account_pk: int, variant_ids: list[int] | None = None) -> int | None:
    """The debounced quantity push of one account (see listings.services.quantity_push)."""
    from listings.services.quantity_push import quantity_push

    job = quantity_push(account_id=account_pk, variant_ids=variant_ids)
    return job.pk if job else None


@shared_task(name="listings.tick")
def listings_tick_task() -> dict:
    """Quantity sync and promotion starts / ends (debounced by the beat interval)."""
    from listings.services.sync import tick

    return tick()


@shared_task(name="listings.fx_reprice")
def listings_fx_reprice_task() -> int:
    from hub.accounts.models import SellerAccount
    from listings.models import Listing
    from listings.services.sync import fx_reprice

    count = 0
    for account in SellerAccount.objects.filter(pk__in=Listing.objects.values("account_id").distinct()):
        count += 1 if fx_reprice(account=account) else 0
    return count


@shared_task(name="listings.resume_stale_jobs")
def listings_resume_stale_jobs_task(stale_seconds: float = 300.0) -> int:
    """A job whose worker died (kill -9, a crash) is picked up again: its items already done are
    never sent again; items caught "sending" are reconciled from the live listing first."""
    from datetime import timedelta

    from django.utils import timezone

    from listings.models import JobStatus, PublishJob
    from listings.services.apply import publish_job_resume

    stale = PublishJob.objects.filter(
        status=JobStatus.RUNNING, updated_at__lt=timezone.now() - timedelta(seconds=stale_seconds)
    )
    count = 0
    for job in stale:
        publish_job_resume(job=job)
        count += 1
    return count
