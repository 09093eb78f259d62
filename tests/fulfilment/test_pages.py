import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fulfilment.models import BinLocation, Shipment
from fulfilment.services.ingest import order_ingest
from hub.accounts.roles import Role
from tests.factories.accounts import MembershipFactory
from tests.fulfilment.support import canonical, eur_usd_rates, stocked_variant

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(client, account):
    membership = MembershipFactory(account=account, role=Role.OWNER)
    client.force_login(membership.user)
    return client


@pytest.fixture
def orders(account, amazon, own_warehouse):
    eur_usd_rates()
    stocked_variant(account, own_warehouse, sku="SKU-1", units=10)
    stocked_variant(account, own_warehouse, sku="SKU-2", units=10)
    first = order_ingest(account=account, channel_account=amazon, canonical=canonical("A-1", lines=[("SKU-2", 1, "9")]))
    second = order_ingest(account=account, channel_account=amazon, canonical=canonical("A-2"))
    held = order_ingest(
        account=account, channel_account=amazon, canonical=canonical("A-3", lines=[("MISSING", 1, "1")])
    )
    return first.order, second.order, held.order


def test_menu_links_orders_and_logistics(owner, account):
    page = owner.get(reverse("fulfilment:orders", args=[account.pk])).content.decode()
    assert reverse("fulfilment:logistics", args=[account.pk]) in page
    assert 'data-testid="nav-orders"' in page


def test_orders_list_filters(owner, account, orders):
    url = reverse("fulfilment:orders", args=[account.pk])
    page = owner.get(url).content.decode()
    assert all(f'data-order="{order.external_id}"' in page for order in orders)
    filtered = owner.get(url, {"q": "A-2", "date_from": "not-a-date"}).content.decode()
    assert 'data-order="A-2"' in filtered and 'data-order="A-1"' not in filtered


def test_order_page_shows_money_routing_and_timeline(owner, account, orders):
    order = orders[1]
    page = owner.get(reverse("fulfilment:order", args=[account.pk, order.pk])).content.decode()
    assert "1 EUR = 1.08 USD, rate of 2026-10-20 (ecb)" in page
    assert "21.60" in page and "20.00" in page and "21.600" not in page
    assert "szx has the whole order" in page
    assert 'data-kind="version"' in page and 'data-kind="reserved"' in page


def test_logistics_board_puts_exceptions_first_and_counts(owner, account, orders):
    page = owner.get(reverse("fulfilment:logistics", args=[account.pk])).content.decode()
    assert page.index('data-exception="unknown_sku"') < page.index('data-testid="waiting"')
    counts = owner.get(reverse("fulfilment:logistics-counts", args=[account.pk])).json()
    assert counts["unknown_sku"] == 1 and counts["waiting"] == 2 and counts["outbound_open"] == 2


def test_pick_list_is_sorted_by_location(owner, account, orders, own_warehouse):
    first, second, _ = orders
    BinLocation.objects.create(warehouse=own_warehouse, variant=first.lines.get().variant, location="B-02")
    BinLocation.objects.create(warehouse=own_warehouse, variant=second.lines.get().variant, location="A-01")
    page = owner.get(reverse("fulfilment:pick-list", args=[account.pk, own_warehouse.pk])).content.decode()
    assert page.index("A-01") < page.index("B-02")


def test_ship_form_and_tracking_csv_with_row_report(owner, account, orders):
    first, second, _ = orders
    shipment = first.shipments.get()
    response = owner.post(
        reverse("fulfilment:shipment-ship", args=[account.pk, shipment.pk]),
        {"carrier": "DHL", "tracking_number": "1234567890"},
    )
    assert response.status_code == 302
    shipment.refresh_from_db()
    assert shipment.status == "shipped" and shipment.tracking_push.state == "pending"

    url = reverse("fulfilment:tracking-csv", args=[account.pk])
    bad = b"order_id,carrier,tracking_number\nA-2,DHL,1234567891\nNOPE,DHL,1\n"
    response = owner.post(url, {"file": SimpleUploadedFile("t.csv", bad, content_type="text/csv")})
    assert response.status_code == 400 and "Unknown order." in response.content.decode()
    assert Shipment.objects.get(order=second).status == "planned"  # nothing shipped
    good = b"order_id,carrier,tracking_number\nA-2,DHL,1234567891\n"
    response = owner.post(url, {"file": SimpleUploadedFile("t.csv", good, content_type="text/csv")})
    assert response.status_code == 200
    assert Shipment.objects.get(order=second).status == "shipped"


def test_manual_order_page_creates_and_reports_errors(owner, account, own_warehouse):
    stocked_variant(account, own_warehouse, sku="SKU-9", units=3)
    url = reverse("fulfilment:manual-order", args=[account.pk])
    address = {"name": "Wang Fang", "line1": "8 Futian Rd", "country_code": "cn", "currency": "USD"}
    response = owner.post(url, {**address, "sku_0": "NOPE", "quantity_0": "1", "price_0": "2"})
    assert response.status_code == 400 and "Unknown SKU" in response.content.decode()
    response = owner.post(url, {**address, "sku_0": "SKU-9", "quantity_0": "2", "price_0": "5.50"})
    assert response.status_code == 302


def test_roles_and_tenants(client, account, other_account, orders):
    translator = MembershipFactory(account=account, role=Role.TRANSLATOR)
    client.force_login(translator.user)
    assert client.get(reverse("fulfilment:orders", args=[account.pk])).status_code == 403
    stranger = MembershipFactory(account=other_account, role=Role.OWNER)
    client.force_login(stranger.user)
    assert client.get(reverse("fulfilment:order", args=[account.pk, orders[0].pk])).status_code == 404
    assert client.get(reverse("fulfilment:order", args=[other_account.pk, orders[0].pk])).status_code == 404


def test_inbound_discrepancy_is_shown_first_and_resolved_on_the_board(owner, account, amazon):
    from fulfilment.models import InboundShipment, InboundShipmentItem

    closed = InboundShipment.objects.create(
        account=account,
        channel_account=amazon,
        marketplace_id="ATVPDKIKX0DER",
        shipment_id="FBA1SHORT",
        status="CLOSED",
        quantity_shipped=20,
        quantity_received=18,
        has_discrepancy=True,
    )
    InboundShipmentItem.objects.create(shipment=closed, sku="BAG-1", quantity_shipped=20, quantity_received=18)
    InboundShipment.objects.create(
        account=account,
        channel_account=amazon,
        marketplace_id="ATVPDKIKX0DER",
        shipment_id="FBA2OK",
        status="WORKING",
        quantity_shipped=5,
    )
    url = reverse("fulfilment:logistics", args=[account.pk])
    page = owner.get(url).content.decode()
    assert page.index('data-inbound="FBA1SHORT"') < page.index('data-inbound="FBA2OK"')
    assert owner.get(reverse("fulfilment:logistics-counts", args=[account.pk])).json()["short_received"] == 1
    owner.post(reverse("fulfilment:inbound-resolve", args=[account.pk, closed.pk]), {"note": "Case 42"})
    closed.refresh_from_db()
    assert closed.discrepancy_resolved_at is not None and closed.resolution_note == "Case 42"
    assert owner.get(reverse("fulfilment:logistics-counts", args=[account.pk])).json()["short_received"] == 0


def test_a_pending_orders_page_says_why_there_is_no_ship_form(owner, account, amazon, own_warehouse):
    eur_usd_rates()
    stocked_variant(account, own_warehouse)
    order = order_ingest(account=account, channel_account=amazon, canonical=canonical("P-9", status="PENDING")).order
    page = owner.get(reverse("fulfilment:order", args=[account.pk, order.pk])).content.decode()
    assert 'data-testid="ship-pending"' in page and 'data-testid="ship-form"' not in page
