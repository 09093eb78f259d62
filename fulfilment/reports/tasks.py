"""Beat task keeping the revenue facts current (imported by fulfilment.reports.models so the
worker registers it; fulfilment/tasks.py belongs to the orders work)."""

from celery import shared_task


@shared_task(name="fulfilment.reports.tasks.revenue_facts_sync_task")
def revenue_facts_sync_task() -> int:
    from fulfilment.reports.services import revenue_facts_sync

    return revenue_facts_sync()
