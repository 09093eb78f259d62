"""The stock pages: levels with the low-stock filter, adjustments and transfers with their field
errors (nothing written), the movement history per SKU, role checks."""

import pytest

from hub.accounts.roles import Role
from hub.inventory.models import StockLevel, StockMovement
from hub.inventory.services import stock_adjust
from tests.factories.accounts import MembershipFactory
from tests.factories.catalog import VariantFactory
from tests.factories.inventory import WarehouseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def logistics(account, client):
    client.force_login(MembershipFactory(account=account, role=Role.LOGISTICS).user)
    return client


@pytest.fixture
def stocked(account):
    a, b = WarehouseFactory(account=account, code="sz", name="Shenzhen"), WarehouseFactory(account=account, code="la")
    red = VariantFactory(product__account=account, sku="RED")
    blue = VariantFactory(product__account=account, sku="BLUE")
    stock_adjust(account=account, variant=red, warehouse=a, on_hand_change=20)
    stock_adjust(account=account, variant=blue, warehouse=a, on_hand_change=2)
    return a, b, red, blue


def test_levels_and_low_filter(account, logistics, stocked):
    page = logistics.get(f"/stock/{account.pk}/")
    assert [level.variant.sku for level in page.context["levels"]] == ["BLUE", "RED"]
    low = logistics.get(f"/stock/{account.pk}/", {"low": "1"})
    assert [level.variant.sku for level in low.context["levels"]] == ["BLUE"]


def test_adjust_and_transfer(account, logistics, stocked):
    a, b, red, _blue = stocked
    response = logistics.post(
        f"/stock/{account.pk}/adjust/",
        {"sku": "RED", "warehouse": a.pk, "mode": "change", "quantity": "-5", "reason": "damage", "note": "dropped"},
    )
    assert response.status_code == 302
    assert StockLevel.objects.get(variant=red, warehouse=a).on_hand == 15
    too_many = logistics.post(
        f"/stock/{account.pk}/transfer/",
        {"sku": "RED", "source": a.pk, "destination": b.pk, "quantity": "99", "reason": "restock"},
    )
    assert too_many.status_code == 400
    assert "Only 15 on hand" in too_many.content.decode()
    assert not StockLevel.objects.filter(variant=red, warehouse=b, on_hand__gt=0).exists()
    moved = logistics.post(
        f"/stock/{account.pk}/transfer/",
        {"sku": "RED", "source": a.pk, "destination": b.pk, "quantity": "4", "reason": "restock"},
    )
    assert moved.status_code == 302
    assert StockLevel.objects.get(variant=red, warehouse=b).on_hand == 4
    history = logistics.get(f"/stock/{account.pk}/sku/{red.pk}/")
    assert [m.reason for m in history.context["movements"]][:3] == ["transfer_in", "transfer_out", "damage"]


def test_adjust_errors_beside_fields(account, logistics, stocked):
    before = StockMovement.objects.count()
    response = logistics.post(
        f"/stock/{account.pk}/adjust/", {"sku": "NOPE", "warehouse": "", "quantity": "x", "reason": "damage"}
    )
    assert response.status_code == 400
    body = response.content.decode()
    for name in ("adjust-sku", "adjust-warehouse", "adjust-quantity"):
        assert f'data-testid="errors-{name}"' in body
    assert StockMovement.objects.count() == before


def test_manager_reads_translator_is_refused(account, client, stocked):
    manager = MembershipFactory(account=account, role=Role.MANAGER)
    client.force_login(manager.user)
    assert client.get(f"/stock/{account.pk}/").status_code == 200
    assert client.post(f"/stock/{account.pk}/adjust/", {}).status_code == 403
    translator = MembershipFactory(account=account, role=Role.TRANSLATOR)
    client.force_login(translator.user)
    refused = client.get(f"/stock/{account.pk}/")
    assert refused.status_code == 403 and 'data-testid="error-403"' in refused.content.decode()
