"""Routing by cost over real HTTP: the FBA candidate is priced by the Amazon sandbox's MCF
preview (getFulfillmentPreview through the adapter), the own warehouse by its rate card; the
cheaper one gets the order and the trace shows both with stock, cost and delivery estimate."""

from decimal import Decimal

import pytest

from channels.registry import adapter_for
from fulfilment.models import Order, RateCard, RoutingRule
from fulfilment.services.pull import orders_pull
from hub.inventory.services import stock_adjust
from tests.channels.integration.listings import US, luggage_payload
from tests.factories.inventory import FbaWarehouseFactory, WarehouseFactory
from tests.fulfilment.support import stocked_variant

pytestmark = pytest.mark.django_db


def _pull_one(sandbox, channel_account) -> Order:
    """The next generated MFN order that reaches Unshipped: the sandbox's buyers cancel about 6% of
    orders at payment authorisation (a cancelled order is recorded, not routed)."""
    for _ in range(10):
        (order_id,) = sandbox.control(
            "POST", "orders/generate", {"count": 1, "marketplaceId": US, "fulfillmentChannel": "MFN"}
        )["orderIds"]
        sandbox.control("POST", "clock/advance", {"seconds": 20 * 60})
        orders_pull(channel_account=channel_account)
        order = Order.objects.get(channel_account=channel_account, external_id=order_id)
        if order.status != "cancelled":
            return order
    raise AssertionError("ten generated orders in a row were cancelled by the sandbox's buyers")


def test_cheapest_rule_compares_the_mcf_preview_with_the_rate_card(account, amazon_sandbox, connect):
    channel_account = connect(amazon=amazon_sandbox)["amazon"]
    channel_account.marketplaces = [US]
    channel_account.save()
    adapter_for(channel_account).listing_put(luggage_payload("BAG-1"))
    amazon_sandbox.control("POST", "inventory", {"marketplaceId": US, "items": [{"sku": "BAG-1", "quantity": 500}]})
    own = WarehouseFactory(account=account, code="szx", country="CN")
    fba = FbaWarehouseFactory(account=account, code="fba-na", fba_region="NA")
    variant = stocked_variant(account, own, sku="BAG-1", units=500)
    stock_adjust(account=account, variant=variant, warehouse=fba, on_hand_change=500, reason="receipt")
    card = RateCard.objects.create(
        warehouse=own, country="", currency="USD", base=Decimal("20"), per_unit=Decimal("1"), delivery_days=9
    )
    RoutingRule.objects.create(account=account, name="Cheapest", position=1, prefer_cheapest=True)

    order = _pull_one(amazon_sandbox, channel_account)
    units = sum(line.quantity for line in order.lines.all())
    assert order.network == "fba" and order.warehouse == fba
    trace = order.routing_decisions.get().trace
    candidates = {c["warehouse"]: c for c in trace["candidates"]}
    assert Decimal(candidates["fba-na"]["cost"]) == Decimal("3.22") * units  # the sandbox's preview fee
    assert candidates["fba-na"]["cost_source"].startswith("MCF preview")
    assert candidates["fba-na"]["delivery_days"] >= 1 and candidates["fba-na"]["stock"] == {"BAG-1": 500}
    assert Decimal(candidates["szx"]["cost"]) == 20 + units and candidates["szx"]["delivery_days"] == 9
    assert trace["chosen"]["network"] == "fba" and trace["chosen"]["rule"] == "Cheapest"
    previews = [c for c in amazon_sandbox.calls() if c["operation"] == "getFulfillmentPreview"]
    assert len(previews) == 1 and previews[0]["status"] == 200

    card.base, card.per_unit = Decimal("1"), Decimal("0")  # now the own warehouse is cheaper
    card.save()
    order = _pull_one(amazon_sandbox, channel_account)
    assert order.network == "own" and order.warehouse == own
    candidates = {c["warehouse"]: c for c in order.routing_decisions.get().trace["candidates"]}
    assert Decimal(candidates["szx"]["cost"]) == 1 < Decimal(candidates["fba-na"]["cost"])


def test_without_a_cost_rule_no_preview_is_asked(account, amazon_sandbox, connect):
    channel_account = connect(amazon=amazon_sandbox)["amazon"]
    channel_account.marketplaces = [US]
    channel_account.save()
    adapter_for(channel_account).listing_put(luggage_payload("BAG-1"))
    own = WarehouseFactory(account=account, code="szx", country="CN")
    FbaWarehouseFactory(account=account, code="fba-na", fba_region="NA")
    stocked_variant(account, own, sku="BAG-1", units=50)
    order = _pull_one(amazon_sandbox, channel_account)
    assert order.warehouse == own
    assert not [c for c in amazon_sandbox.calls() if c["operation"] == "getFulfillmentPreview"]
