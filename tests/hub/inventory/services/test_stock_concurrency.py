"""50 threads change one stock level at once on PostgreSQL: no update is lost, the ledger sums to
the level, and removals that would go below zero fail exactly as often as they must."""

import threading
from collections import Counter

import pytest
from django.db import connection, connections

from hub.inventory.models import MovementReason, StockLevel, StockMovement
from hub.inventory.selectors import stock_ledger_totals
from hub.inventory.services import InsufficientStockError, stock_adjust
from tests.factories.accounts import SellerAccountFactory
from tests.factories.catalog import ProductFactory, VariantFactory
from tests.factories.inventory import WarehouseFactory

pytestmark = pytest.mark.postgres

THREADS = 50


@pytest.fixture
def stock(transactional_db):
    if connection.vendor != "postgresql":
        pytest.fail("The concurrency tests need PostgreSQL (set DATABASE_URL).")
    account = SellerAccountFactory()
    variant = VariantFactory(product=ProductFactory(account=account))
    warehouse = WarehouseFactory(account=account)
    return account, variant, warehouse


def _run_at_once(work: list) -> list:
    """Run each callable in its own thread, all released together; returns results or exceptions."""
    barrier = threading.Barrier(len(work))
    results: list = [None] * len(work)

    def run(index, call):
        try:
            barrier.wait(timeout=30)
            results[index] = call()
        except Exception as error:  # collected and asserted by the test
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(index, call)) for index, call in enumerate(work)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    return results


def test_fifty_concurrent_changes_lose_no_update(stock):
    account, variant, warehouse = stock
    stock_adjust(account=account, variant=variant, warehouse=warehouse, on_hand_change=100, reserved_change=20)
    # thread i does plans[i % 5]: receive 3, lose 2, reserve 1, release 1, ship 1 (on hand and reserved)
    plans = {
        0: {"on_hand_change": 3, "reason": MovementReason.RECEIPT},
        1: {"on_hand_change": -2, "reason": MovementReason.DAMAGE},
        2: {"reserved_change": 1, "reason": MovementReason.RESERVATION},
        3: {"reserved_change": -1, "reason": MovementReason.RELEASE},
        4: {"on_hand_change": -1, "reserved_change": -1, "reason": MovementReason.SHIPMENT},
    }

    def work(index):
        return lambda: stock_adjust(account=account, variant=variant, warehouse=warehouse, **plans[index % 5])

    results = _run_at_once([work(index) for index in range(THREADS)])

    assert [r for r in results if isinstance(r, Exception)] == []
    per_plan = THREADS // 5
    level = StockLevel.objects.get(variant=variant, warehouse=warehouse)
    assert (level.on_hand, level.reserved) == (100 + per_plan * (3 - 2 - 1), 20 + per_plan * (1 - 1 - 1)) == (100, 10)
    assert stock_ledger_totals(account=account, variant_id=variant.pk, warehouse_id=warehouse.pk) == {
        "on_hand": level.on_hand,
        "reserved": level.reserved,
    }
    assert StockMovement.objects.filter(variant=variant).count() == THREADS + 1
    # every movement's "after" figures form one unbroken chain
    afters = sorted(StockMovement.objects.filter(variant=variant).values_list("pk", "on_hand_after", "reserved_after"))
    on_hand = reserved = 0
    for pk, on_hand_after, reserved_after in afters:
        movement = StockMovement.objects.get(pk=pk)
        on_hand += movement.on_hand_change
        reserved += movement.reserved_change
        assert (on_hand, reserved) == (on_hand_after, reserved_after)


def test_concurrent_removals_never_go_below_zero(stock):
    account, variant, warehouse = stock
    stock_adjust(account=account, variant=variant, warehouse=warehouse, on_hand_change=17)

    def remove():
        return stock_adjust(
            account=account, variant=variant, warehouse=warehouse, on_hand_change=-1, reason=MovementReason.SHIPMENT
        )

    results = _run_at_once([remove] * THREADS)

    outcomes = Counter(type(result).__name__ for result in results)
    assert outcomes == Counter({"StockMovement": 17, "InsufficientStockError": THREADS - 17})
    assert all(isinstance(r, (StockMovement, InsufficientStockError)) for r in results)
    level = StockLevel.objects.get(variant=variant, warehouse=warehouse)
    assert (level.on_hand, level.reserved) == (0, 0)
    assert stock_ledger_totals(account=account, variant_id=variant.pk, warehouse_id=warehouse.pk) == {
        "on_hand": 0,
        "reserved": 0,
    }


def test_concurrent_releases_stop_at_zero_reserved(stock):
    account, variant, warehouse = stock
    stock_adjust(account=account, variant=variant, warehouse=warehouse, on_hand_change=5, reserved_change=5)

    def release():
        return stock_adjust(
            account=account, variant=variant, warehouse=warehouse, reserved_change=-1, reason=MovementReason.RELEASE
        )

    results = _run_at_once([release] * 20)

    assert sum(isinstance(r, StockMovement) for r in results) == 5
    assert sum(isinstance(r, InsufficientStockError) for r in results) == 15
    assert StockLevel.objects.get(variant=variant, warehouse=warehouse).reserved == 0


def test_same_idempotency_key_from_many_threads_applies_once(stock):
    account, variant, warehouse = stock

    def receive():
        return stock_adjust(
            account=account, variant=variant, warehouse=warehouse, on_hand_change=7, idempotency_key="asn-42"
        )

    results = _run_at_once([receive] * 10)

    assert [r for r in results if isinstance(r, Exception)] == []
    assert sum(isinstance(r, StockMovement) for r in results) == 1
    assert StockLevel.objects.get(variant=variant, warehouse=warehouse).on_hand == 7
    assert StockMovement.objects.filter(idempotency_key="asn-42").count() == 1
