from datetime import date, timedelta
from decimal import Decimal

import pytest

from channels.types import Money, OrderFinances, OrderRefund
from fulfilment.models import FeeSource, Refund
from fulfilment.services.ingest import order_ingest
from fulfilment.services.own_warehouse import shipment_ship
from fulfilment.services.refunds import order_finances_apply
from hub.inventory.models import StockLevel
from tests.fulfilment.support import T0, canonical, eur_usd_rates, rate, stocked_variant

pytestmark = pytest.mark.django_db


def test_actual_fees_replace_the_estimate_and_refunds_convert_at_the_refund_date(account, amazon, own_warehouse):
    eur_usd_rates()
    refund_day = date(2026, 10, 27)
    rate(refund_day, "USD", "1.1000")
    variant = stocked_variant(account, own_warehouse, units=10)
    order = order_ingest(account=account, channel_account=amazon, canonical=canonical(lines=[("SKU-1", 2, "20")])).order
    assert order.fee_source == FeeSource.ESTIMATED
    shipment_ship(shipment=order.shipments.get(), carrier="DHL", tracking_number="1234567890")
    assert StockLevel.objects.get(variant=variant).on_hand == 8

    finances = OrderFinances(
        order_reference=order.external_id,
        fees=(("Commission", Money(Decimal("5.40"), "EUR")),),
        refunds=(
            OrderRefund(
                reference="ADJ-1",
                posted_at=T0 + timedelta(days=7),
                amount=Money(Decimal("20.00"), "EUR"),
                fees_returned=Money(Decimal("2.40"), "EUR"),
                lines=(("SKU-1", 1),),
            ),
        ),
    )
    order_finances_apply(order_pk=order.pk, finances=finances)
    order_finances_apply(order_pk=order.pk, finances=finances)  # replayed: nothing twice
    order.refresh_from_db()
    assert order.fee_source == FeeSource.ACTUAL and order.fees_total == Decimal("5.40")
    assert order.base_fees_total == Decimal("5.83")  # at the order date's 1.08
    refund = Refund.objects.get()
    assert (refund.refund_date, refund.amount, refund.base_amount) == (refund_day, Decimal("20.000"), Decimal("22.000"))
    assert refund.rate == Decimal("1.1") and refund.rate_date == refund_day
    assert order.refunds_total == Decimal("20.000") and order.base_refunds_total == Decimal("21.600")
    # a merchant-fulfilled return goes back to sellable stock (the account's default rule), once
    assert refund.restock_rule == "sellable" and refund.restocked_units == 1
    assert StockLevel.objects.get(variant=variant).on_hand == 9


def test_damaged_rule_keeps_returns_out_of_sellable_stock(account, amazon, own_warehouse):
    from fulfilment.models import FulfilmentSettings

    eur_usd_rates()
    FulfilmentSettings.objects.create(account=account, restock_rule="damaged")
    variant = stocked_variant(account, own_warehouse, units=5)
    order = order_ingest(account=account, channel_account=amazon, canonical=canonical()).order
    shipment_ship(shipment=order.shipments.get(), carrier="DHL", tracking_number="1234567890")
    refund = OrderRefund("ADJ-2", T0 + timedelta(days=1), Money(Decimal("20"), "EUR"), None, (("SKU-1", 1),))
    order_finances_apply(order_pk=order.pk, finances=OrderFinances(order.external_id, (), (refund,)))
    assert Refund.objects.get().restock_rule == "damaged"
    assert StockLevel.objects.get(variant=variant).on_hand == 4


def test_wish_refunded_status_records_the_refund_once(account, wish, own_warehouse):
    stocked_variant(account, own_warehouse)
    rate(T0.date(), "USD", "1.08")
    common = {"marketplace_id": "wish", "currency": "USD", "country": "US"}
    order = order_ingest(account=account, channel_account=wish, canonical=canonical("W-1", status="APPROVED", **common))
    shipment_ship(shipment=order.order.shipments.get(), carrier="USPS", tracking_number="9400111899223817163527")
    for hours in (5, 6):
        order_ingest(
            account=account,
            channel_account=wish,
            canonical=canonical("W-1", status="REFUNDED", updated=T0 + timedelta(hours=hours), **common),
        )
    refund = Refund.objects.get()
    assert refund.amount == Decimal("20.000") and refund.order.status == "refunded"
    assert refund.base_amount == Decimal("20.000") and refund.restocked_units == 1


def test_order_page_shows_refunds_in_both_currencies(client, account, amazon, own_warehouse):
    from django.urls import reverse

    from hub.accounts.roles import Role
    from tests.factories.accounts import MembershipFactory

    eur_usd_rates()
    stocked_variant(account, own_warehouse)
    order = order_ingest(account=account, channel_account=amazon, canonical=canonical()).order
    refund = OrderRefund("ADJ-9", T0, Money(Decimal("7.50"), "EUR"), None, ())
    order_finances_apply(order_pk=order.pk, finances=OrderFinances(order.external_id, (), (refund,)))
    client.force_login(MembershipFactory(account=account, role=Role.MANAGER).user)
    page = client.get(reverse("fulfilment:order", args=[account.pk, order.pk])).content.decode()
    assert 'data-testid="refunds"' in page and "7.50" in page and "8.10" in page and "7.500" not in page
