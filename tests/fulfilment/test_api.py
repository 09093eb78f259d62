import io
import json

import pytest
from django.core.management import call_command

from fulfilment.models import Order, ReservationState, RoutingRule
from fulfilment.services.ingest import order_ingest
from hub.accounts.roles import Role
from hub.inventory.models import StockLevel
from tests.factories.inventory import WarehouseFactory
from tests.fulfilment.support import canonical, eur_usd_rates, stocked_variant

pytestmark = pytest.mark.django_db

ADDRESS = {"name": "Li Wei", "line1": "1 Nanshan Rd", "city": "Shenzhen", "country_code": "CN"}


def manual_body(**overrides):
    body = {"currency": "USD", "ship_to": ADDRESS, "lines": [{"sku": "SKU-1", "quantity": 3, "unit_price": "12.50"}]}
    body.update(overrides)
    return body


def test_manual_order_goes_through_the_same_path(owner_client, api_url, account, own_warehouse):
    variant = stocked_variant(account, own_warehouse, units=10)
    response = owner_client.post(api_url("orders/"), manual_body(external_id="WHOLESALE-1"), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["source"] == "manual" and body["external_id"] == "WHOLESALE-1"
    assert body["total"] == "37.50" and body["base_total"] == "37.50" and body["reservation_state"] == "reserved"
    assert body["routing_decisions"][0]["trace"]["chosen"]["warehouse"] == "szx"
    assert StockLevel.objects.get(variant=variant).reserved == 3

    # edit: quantity 3 → 5 moves the reservation; cancel releases it
    order_pk = body["id"]
    response = owner_client.patch(
        api_url(f"orders/{order_pk}/"),
        {"lines": [{"sku": "SKU-1", "quantity": 5, "unit_price": "12.50"}]},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert StockLevel.objects.get(variant=variant).reserved == 5
    response = owner_client.post(api_url(f"orders/{order_pk}/cancel/"))
    assert response.status_code == 200 and response.json()["status"] == "cancelled"
    assert StockLevel.objects.get(variant=variant).reserved == 0


@pytest.mark.parametrize(
    ("lines", "field"),
    [
        ([{"sku": "NOPE", "quantity": 1, "unit_price": "1"}], "lines.0.sku"),
        ([{"sku": "SKU-1", "quantity": -2, "unit_price": "1"}], "lines.0.quantity"),
    ],
)
def test_bad_manual_orders_are_400_and_write_nothing(owner_client, api_url, account, own_warehouse, lines, field):
    stocked_variant(account, own_warehouse)
    response = owner_client.post(api_url("orders/"), manual_body(lines=lines), format="json")
    assert response.status_code == 400
    assert field in response.json()["fields"]
    assert Order.objects.count() == 0


def test_orders_of_another_account_are_404(member_client, api_url, account, other_account, amazon):
    eur_usd_rates()
    order = order_ingest(account=account, channel_account=amazon, canonical=canonical()).order
    stranger = member_client(Role.OWNER, target=other_account)
    assert stranger.get(api_url(f"orders/{order.pk}/", target=other_account)).status_code == 404
    assert stranger.get(api_url(f"orders/{order.pk}/")).status_code == 404
    owner = member_client(Role.OWNER)
    listed = owner.get(api_url("orders/?family=amazon")).json()
    assert [row["external_id"] for row in listed["results"]] == [order.external_id]
    assert owner.get(api_url(f"orders/{order.pk}/")).json()["versions"][0]["version"] == 1


def test_routing_rule_naming_another_accounts_warehouse_is_a_field_error(owner_client, api_url, other_account):
    foreign = WarehouseFactory(account=other_account)
    response = owner_client.post(
        api_url("fulfilment/routing-rules/"), {"name": "EU to FBA", "warehouse": foreign.pk}, format="json"
    )
    assert response.status_code == 400 and "warehouse" in response.json()["fields"]
    assert RoutingRule.objects.count() == 0


def test_translator_cannot_read_orders(member_client, api_url):
    assert member_client(Role.TRANSLATOR).get(api_url("orders/")).status_code == 403


def test_status_command_prints_one_json_array(account, amazon, own_warehouse):
    eur_usd_rates()
    stocked_variant(account, own_warehouse)
    order_ingest(account=account, channel_account=amazon, canonical=canonical("A-1"))
    order_ingest(account=account, channel_account=amazon, canonical=canonical("A-2", lines=[("GONE", 1, "3")]))
    out = io.StringIO()
    call_command("orders", "status", "--account", str(account.pk), "--json", stdout=out)
    rows = json.loads(out.getvalue())
    assert [row["order_id"] for row in rows] == ["A-1", "A-2"]
    first = rows[0]
    assert {key: first[key] for key in ("family", "marketplace", "status", "currency", "total", "base_total")} == {
        "family": "amazon",
        "marketplace": "A1PA6795UKMFR9",
        "status": "unshipped",
        "currency": "EUR",
        "total": "20.00",
        "base_total": "21.60",
    }
    assert first["rate_date"] == "2026-10-20" and first["tracking_pushed"] is False
    assert first["fulfilment"] == {"network": "own", "warehouse": "szx"}
    assert rows[1]["hold_reason"] == "unknown_sku" and rows[1]["reservation"] == ReservationState.NONE
    assert rows[1]["total"] == "3.00"


def test_money_has_its_currencys_decimals_in_json_and_api(account, amazon, own_warehouse, owner_client, api_url):
    eur_usd_rates()
    stocked_variant(account, own_warehouse)
    order_ingest(
        account=account,
        channel_account=amazon,
        canonical=canonical("J-1", currency="JPY", lines=[("SKU-1", 2, "1200")], marketplace_id="A1VC38T7YXB528"),
    )
    out = io.StringIO()
    call_command("orders", "status", "--account", str(account.pk), "--json", stdout=out)
    (row,) = json.loads(out.getvalue())
    assert row["currency"] == "JPY" and row["total"] == "2400"
    body = owner_client.get(api_url("orders/")).json()
    listed = body["results"][0] if isinstance(body, dict) else body[0]
    assert listed["total"] == "2400" and listed["items_total"] == "2400"
    detail = owner_client.get(api_url(f"orders/{listed['id']}/")).json()
    assert detail["lines"][0]["unit_price"] == "1200" and detail["lines"][0]["line_total"] == "2400"


def test_a_pending_order_holds_its_stock_but_is_not_shipped_until_unshipped(
    owner_client, api_url, account, amazon, own_warehouse
):
    from datetime import timedelta

    from fulfilment.models import Shipment, TrackingPush
    from tests.fulfilment.support import T0

    eur_usd_rates()
    variant = stocked_variant(account, own_warehouse, units=10)
    order = order_ingest(account=account, channel_account=amazon, canonical=canonical("P-1", status="PENDING")).order
    shipment = Shipment.objects.get(order=order)
    assert (order.status, StockLevel.objects.get(variant=variant).reserved) == ("pending", 1)

    body = {"carrier": "DHL", "tracking_number": "1234567890"}
    refused = owner_client.post(api_url(f"fulfilment/shipments/{shipment.pk}/ship/"), body, format="json")
    assert refused.status_code == 409 and "pending" in refused.json()["message"]
    report = owner_client.post(
        api_url("fulfilment/shipments/tracking-csv/"),
        {"file": io.BytesIO(b"order_id,carrier,tracking_number\nP-1,DHL,1234567890\n")},
        format="multipart",
    )
    assert report.status_code == 400
    assert report.json()["extra"]["rows"][0]["row"] == 2 and "pending" in report.json()["extra"]["rows"][0]["message"]
    shipment.refresh_from_db()
    level = StockLevel.objects.get(variant=variant)
    assert (shipment.status, level.on_hand, level.reserved) == ("planned", 10, 1)
    assert not TrackingPush.objects.exists()

    paid = canonical("P-1", status="UNSHIPPED", updated=T0 + timedelta(minutes=5))
    order_ingest(account=account, channel_account=amazon, canonical=paid)
    shipped = owner_client.post(api_url(f"fulfilment/shipments/{shipment.pk}/ship/"), body, format="json")
    assert shipped.status_code == 200 and shipped.json()["status"] == "shipped"
