"""1,000 orders from three marketplaces arrive at once for 100 units: exactly 100 are reserved,
the rest are backordered, nothing is oversold and no transaction deadlocks (PostgreSQL)."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections

from fulfilment.models import Order, ReservationState
from fulfilment.services.ingest import order_ingest
from hub.inventory.models import StockLevel
from hub.inventory.selectors import stock_ledger_totals
from tests.fulfilment.support import canonical, eur_usd_rates, stocked_variant

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.integration]

ORDERS = 1000
UNITS = 100
WORKERS = 12


def test_thousand_concurrent_orders_reserve_exactly_the_stock(account, amazon, aliexpress, wish, own_warehouse):
    if connection.vendor != "postgresql":
        pytest.skip("row locks are only meaningful on PostgreSQL")
    eur_usd_rates()
    variant = stocked_variant(account, own_warehouse, units=UNITS)
    sources = [(amazon, "A1PA6795UKMFR9"), (aliexpress, "aliexpress"), (wish, "wish")]
    start = threading.Barrier(WORKERS)
    errors: list[BaseException] = []

    def work(worker: int) -> None:
        try:
            start.wait()
            for number in range(worker, ORDERS, WORKERS):
                channel_account, marketplace = sources[number % 3]
                order_ingest(
                    account=account,
                    channel_account=channel_account,
                    canonical=canonical(f"C-{number:05d}", marketplace_id=marketplace),
                )
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(WORKERS) as pool:
        list(pool.map(work, range(WORKERS)))

    assert errors == []
    assert Order.objects.count() == ORDERS
    states = {
        state: Order.objects.filter(reservation_state=state).count()
        for state in (ReservationState.RESERVED, ReservationState.BACKORDERED)
    }
    assert states == {ReservationState.RESERVED: UNITS, ReservationState.BACKORDERED: ORDERS - UNITS}
    level = StockLevel.objects.get(variant=variant, warehouse=own_warehouse)
    assert (level.on_hand, level.reserved) == (UNITS, UNITS)
    assert stock_ledger_totals(account=account, variant_id=variant.pk, warehouse_id=own_warehouse.pk) == {
        "on_hand": UNITS,
        "reserved": UNITS,
    }
    per_family = {family: Order.objects.filter(family=family).count() for family in ("amazon", "aliexpress", "wish")}
    assert sum(per_family.values()) == ORDERS and min(per_family.values()) >= 333
