"""Pulls under Amazon's searchOrders pacing (one call every 3 minutes after a burst of 20): the beat
gives each marketplace one pull at a time, and minutes of pacing are not slept in a worker slot."""

import time

import pytest

from channels.exceptions import ThrottledError
from fulfilment.services.pull import _page
from fulfilment.tasks import orders_pull_all_task, orders_pull_task

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_the_beat_queues_one_pull_per_marketplace_until_it_has_run(amazon_sandbox, connect, monkeypatch):
    amazon = connect(amazon=amazon_sandbox)["amazon"]
    queued = []
    monkeypatch.setattr(orders_pull_task, "delay", lambda *args: queued.append(args))

    first = orders_pull_all_task()
    markets = [args[2] for args in queued if args[0] == amazon.pk]
    assert markets and first == len(queued)
    assert orders_pull_all_task() == 0  # still queued: the next beat adds none

    orders_pull_task(amazon.pk, None, markets[0])  # runs against the sandbox, then frees its slot
    queued.clear()
    assert orders_pull_all_task() == 1
    assert queued == [(amazon.pk, None, markets[0])]


class PacedAdapter:
    def __init__(self, retry_after):
        self.retry_after, self.calls = retry_after, 0

    def orders_changed_since(self, **query):
        self.calls += 1
        raise ThrottledError("searchOrders: paced by the hub's rate limiter", retry_after=self.retry_after)


def test_minutes_of_pacing_go_back_to_the_task_and_seconds_are_waited(settings):
    settings.FULFILMENT_PULL_RATE_WAIT_SECONDS = 60
    minutes = PacedAdapter(retry_after=170)
    started = time.monotonic()
    with pytest.raises(ThrottledError):
        _page(minutes, since=None)
    assert (minutes.calls, time.monotonic() - started < 1) == (1, True)

    seconds = PacedAdapter(retry_after=0.05)
    with pytest.raises(ThrottledError):
        _page(seconds, since=None)
    assert seconds.calls == 5  # PAGE_ATTEMPTS, each after its short wait
