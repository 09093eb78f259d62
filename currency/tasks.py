"""Celery tasks of the currency app: thin, idempotent (stored rows are never inserted twice)."""

from celery import shared_task

from currency import services


@shared_task(name="currency.tasks.exchange_rates_refresh", acks_late=True)
def exchange_rates_refresh() -> dict:
    """Daily: fetch the newest rates from the first provider that answers. Offline, it logs the
    failures and returns them; it does not raise, so beat keeps its schedule."""
    return services.exchange_rates_refresh().as_dict()
