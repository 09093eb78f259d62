"""One idempotency key used on two different stock levels at once (PostgreSQL): the second
caller waits for the first and then finds the key applied, instead of failing on the ledger's
unique index or applying twice."""

import threading
import time

import pytest
from django.db import connection, connections, transaction

from hub.inventory.models import StockLevel, StockMovement
from hub.inventory.services import stock_adjust
from tests.factories.accounts import SellerAccountFactory
from tests.factories.catalog import ProductFactory, VariantFactory
from tests.factories.inventory import WarehouseFactory

pytestmark = pytest.mark.postgres


@pytest.fixture
def two_levels(transactional_db):
    if connection.vendor != "postgresql":
        pytest.fail("The concurrency tests need PostgreSQL (set DATABASE_URL).")
    account = SellerAccountFactory()
    product = ProductFactory(account=account)
    return account, VariantFactory(product=product), VariantFactory(product=product), WarehouseFactory(account=account)


def _someone_waits_on_a_lock(deadline_seconds=30.0) -> bool:
    """Polls (no fixed sleep) until another backend of this database waits on a lock."""
    deadline = time.monotonic() + deadline_seconds
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
            )
            if cursor.fetchone()[0]:
                return True
            time.sleep(0.02)
    return False


def test_one_key_on_two_levels_is_applied_once_and_the_second_caller_succeeds(two_levels):
    account, first_variant, second_variant, warehouse = two_levels
    first_applied, release = threading.Event(), threading.Event()
    results: dict[str, object] = {}

    def first():
        try:
            with transaction.atomic():
                results["first"] = stock_adjust(
                    account=account, variant=first_variant, warehouse=warehouse, on_hand_change=7, idempotency_key="k1"
                )
                first_applied.set()
                release.wait(timeout=30)  # hold the transaction open until the second caller waits
        except Exception as error:
            results["first"] = error
        finally:
            first_applied.set()
            connections.close_all()

    def second():
        try:
            first_applied.wait(timeout=30)
            results["second"] = stock_adjust(
                account=account, variant=second_variant, warehouse=warehouse, on_hand_change=5, idempotency_key="k1"
            )
        except Exception as error:
            results["second"] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    assert first_applied.wait(timeout=30)
    waited = _someone_waits_on_a_lock()
    release.set()
    for thread in threads:
        thread.join(timeout=60)

    assert waited, "the second caller never waited for the first"
    assert isinstance(results["first"], StockMovement)
    assert results["second"] is None  # the key was applied already: nothing to do, no error
    assert StockMovement.objects.filter(account=account, idempotency_key="k1").count() == 1
    levels = dict(StockLevel.objects.filter(account=account).values_list("variant_id", "on_hand"))
    assert levels == {first_variant.pk: 7, second_variant.pk: 0}
