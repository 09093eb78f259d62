"""Chaos, bounded: the order pull runs as a separate process (`manage.py orders pull`) against the
Amazon sandbox injecting 10 % faults, and is killed with SIGKILL several times mid-way and
restarted, as a worker would be. In the end every sandbox order is in the hub exactly once, the
stock ledger agrees with the stock levels, and each shipped order's tracking reaches the
sandbox exactly once although the push process is killed too."""

import os
import signal
import subprocess
import sys
import time

import pytest
from django.db import connection

from fulfilment.models import Order, PushState, TrackingPush
from fulfilment.services.own_warehouse import shipment_ship
from hub.inventory.models import StockLevel
from hub.inventory.selectors import stock_ledger_totals
from tests.channels.integration.listings import US, luggage_payload
from tests.factories.inventory import WarehouseFactory
from tests.fulfilment.support import stocked_variant

ORDERS = int(os.environ.get("CHAOS_ORDERS", "600"))
KILLS = 3
# Bounded: the pull phase gets 240 s, plus 60 s per 1,000 orders past 1,000 (5,000: 480 s).
PULL_SECONDS = 240 + 60 * max(0, ORDERS - 1000) / 1000

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.integration,
    pytest.mark.timeout(PULL_SECONDS + 240),
]


def _env() -> dict:
    database = connection.settings_dict
    url = (
        f"postgres://{database['USER']}:{database['PASSWORD']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
    )
    return {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "hub.config.settings.test",
        "CHANNELS_RATE_SPEEDUP": "1000",
        "PYTHONUNBUFFERED": "1",
    }


def _run_until_done(args: list[str], *, kills: int, progress=None, timeout: float = 240) -> int:  # type: ignore[no-untyped-def]
    """Start `manage.py args`, SIGKILL it `kills` times after a moment of work (when `progress`
    is given: as soon as it reports more than ever before, i.e. mid-way, however fast the work
    is), then let it run; restart after every failure (an injected fault), like a task retried."""
    deadline, killed, runs = time.monotonic() + timeout, 0, 0
    best = progress() if progress else 0
    while time.monotonic() < deadline:
        runs += 1
        process = subprocess.Popen(
            [sys.executable, "manage.py", *args], env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        if killed < kills:
            if progress is None:
                time.sleep(4 + 2 * killed)
            else:
                while process.poll() is None and progress() <= best and time.monotonic() < deadline:
                    time.sleep(0.02)
                best = max(best, progress())
            if process.poll() is None:
                process.send_signal(signal.SIGKILL)
                process.wait()
                killed += 1
                continue
        if process.wait(timeout=max(1, deadline - time.monotonic())) == 0:
            return runs
    raise AssertionError(f"manage.py {' '.join(args)} did not finish in {timeout}s")


def test_killed_pulls_and_pushes_with_faults_end_exactly_once(account, amazon_sandbox, connect):
    from channels.registry import adapter_for

    channel_account = connect(amazon=amazon_sandbox)["amazon"]
    channel_account.marketplaces = [US]
    channel_account.save()
    adapter_for(channel_account).listing_put(luggage_payload("BAG-1"))
    warehouse = WarehouseFactory(account=account, code="szx", country="CN")
    variant = stocked_variant(account, warehouse, sku="BAG-1", units=ORDERS * 3)
    generated = set()
    for start in range(0, ORDERS, 100):  # small batches: each call answers well within its timeout
        count = min(100, ORDERS - start)
        generated |= set(
            amazon_sandbox.control(
                "POST", "orders/generate", {"count": count, "marketplaceId": US, "fulfillmentChannel": "MFN"}
            )["orderIds"]
        )
    assert len(generated) == ORDERS
    amazon_sandbox.control("POST", "clock/advance", {"seconds": 30 * 60})
    amazon_sandbox.faults({"server_error": 0.05, "unavailable": 0.05, "seed": 3})
    # The hub paces at its limiter's rate x1000 (CHANNELS_RATE_SPEEDUP): the sandbox refills its
    # buckets as fast, so what fails is the injected faults and the kills, not searchOrders'
    # published 1 call per 3 minutes (5,000 orders are 50 pages: 90 minutes at that rate).
    amazon_sandbox.control("POST", "limits", {"speedup": 1000})

    runs = _run_until_done(
        ["orders", "pull", "--channel-account", str(channel_account.pk)],
        kills=KILLS,
        progress=lambda: Order.objects.filter(channel_account=channel_account).count(),
        timeout=PULL_SECONDS,
    )
    assert runs > KILLS  # killed mid-pull KILLS times, then finished
    orders = Order.objects.filter(channel_account=channel_account)
    assert orders.count() == len(generated)
    assert set(orders.values_list("external_id", flat=True)) == generated

    level = StockLevel.objects.get(variant=variant, warehouse=warehouse)
    assert stock_ledger_totals(account=account, variant_id=variant.pk, warehouse_id=warehouse.pk) == {
        "on_hand": level.on_hand,
        "reserved": level.reserved,
    }
    reserved = sum(line.quantity for o in orders.filter(reservation_state="reserved") for line in o.lines.all())
    assert level.reserved == reserved

    shipped = list(orders.filter(reservation_state="reserved", status="unshipped")[:40])
    for order in shipped:
        shipment_ship(shipment=order.shipments.get(), carrier="UPS", tracking_number="1Z999AA10123456784")
    amazon_sandbox.faults({"server_error": 0.1, "seed": 5, "operations": ["confirmShipment", "getOrder"]})
    _run_until_done(["orders", "push"], kills=1)
    confirms = [c for c in amazon_sandbox.calls() if c["operation"] == "confirmShipment" and c["status"] < 300]
    assert len(confirms) == len(shipped)
    assert TrackingPush.objects.filter(state=PushState.ACCEPTED).count() == len(shipped)
