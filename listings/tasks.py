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
