"""Replaying the same order answers twice and out of order changes nothing: the marketplace's
last-update time decides, the versions are the ones seen first, the ledger moves once."""

import random
from datetime import timedelta

import pytest

from fulfilment.models import Order, OrderVersion
from fulfilment.services.ingest import order_ingest
from hub.inventory.models import StockLevel, StockMovement
from tests.fulfilment.support import T0, canonical, eur_usd_rates, stocked_variant

pytestmark = pytest.mark.django_db


def _history():
    return [
        canonical("R-1", status="PENDING", updated=T0 + timedelta(minutes=1)),
        canonical("R-1", status="UNSHIPPED", updated=T0 + timedelta(minutes=10)),
        canonical("R-1", status="UNSHIPPED", updated=T0 + timedelta(minutes=20), lines=[("SKU-1", 2, "20.00")]),
        canonical("R-1", status="CANCELLED", updated=T0 + timedelta(minutes=30), lines=[("SKU-1", 2, "20.00")]),
        canonical("R-2", status="UNSHIPPED", updated=T0 + timedelta(minutes=5)),
    ]


def _state():
    orders = [
        (o.external_id, o.status, o.version, str(o.total), o.reservation_state, o.marketplace_updated_at)
        for o in Order.objects.order_by("external_id")
    ]
    level = StockLevel.objects.get()
    return orders, OrderVersion.objects.count(), StockMovement.objects.count(), (level.on_hand, level.reserved)


def test_pages_replayed_twice_and_shuffled_change_nothing(account, amazon, own_warehouse):
    eur_usd_rates()
    stocked_variant(account, own_warehouse, units=10)
    for answer in _history():
        order_ingest(account=account, channel_account=amazon, canonical=answer)
    settled = _state()
    assert settled[0][0][1] == "cancelled" and settled[0][1][1] == "unshipped"
    assert settled[3] == (10, 1)  # R-1 released, R-2 holds one

    rng = random.Random(12)
    for _ in range(2):
        replay = _history() * 2
        rng.shuffle(replay)
        for answer in replay:
            order_ingest(account=account, channel_account=amazon, canonical=answer)
        assert _state() == settled


def test_out_of_order_arrival_ends_in_the_newest_state(account, amazon, own_warehouse):
    eur_usd_rates()
    stocked_variant(account, own_warehouse, units=10)
    newest_first = list(reversed(_history()))
    for answer in newest_first:
        order_ingest(account=account, channel_account=amazon, canonical=answer)
    order = Order.objects.get(external_id="R-1")
    assert order.status == "cancelled" and order.version == 1  # older answers were ignored
    assert StockLevel.objects.get().reserved == 1  # only R-2 holds stock
