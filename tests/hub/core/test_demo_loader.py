"""The demo seller `make run` loads: one account with a login per role, a catalog that went in
through the spreadsheet import, stock in three warehouses, images, and the other apps' demo parts."""

import io

import pytest
from django.db.models import Count
from rest_framework.test import APIClient

from hub.accounts.models import Membership, SellerAccount
from hub.catalog.models import Product, ProductImage, Variant
from hub.inventory.models import StockLevel, StockMovement, Warehouse
from infra.demo.loader import DEMO_ACCOUNT_NAME, DEMO_PASSWORD, load_demo


@pytest.fixture
def demo(db):
    output = io.StringIO()
    account = load_demo(stdout=output)
    return account, output.getvalue()


def test_demo_seller_logins_catalog_stock_and_images(demo):
    account, output = demo

    assert (account.name, account.base_currency, account.source_locale, account.timezone) == (
        DEMO_ACCOUNT_NAME,
        "CNY",
        "en_US",
        "Asia/Shanghai",
    )
    assert sorted(Membership.objects.filter(account=account).values_list("user__email", "role")) == [
        ("catalog@demo.hub", "catalog"),
        ("logistics@demo.hub", "logistics"),
        ("manager@demo.hub", "manager"),
        ("owner@demo.hub", "owner"),
        ("translator.de@demo.hub", "translator"),
        ("translator.ja@demo.hub", "translator"),
    ]
    assert "Demo catalog: 194 products, 1180 variants, 2547 stock levels" in output
    assert "admin@demo.hub" in output
    statuses = dict(Product.objects.filter(account=account).values_list("status").annotate(n=Count("pk")))
    assert statuses == {"active": 173, "draft": 14, "archived": 7}
    assert Variant.objects.filter(account=account).count() == 1180
    warehouses = Warehouse.objects.filter(account=account).values_list("code", flat=True)
    assert sorted(warehouses) == ["fba-eu", "fba-na", "sz"]
    assert StockLevel.objects.filter(account=account, on_hand__gt=0).count() == 2547
    assert StockMovement.objects.filter(account=account, reason="import").count() == 2547
    assert ProductImage.objects.filter(product__account=account).count() == 388


def test_demo_logins_work_and_loading_again_changes_nothing(demo):
    account, _output = demo
    client = APIClient()

    token = client.post("/api/auth/token/", {"email": "catalog@demo.hub", "password": DEMO_PASSWORD}, format="json")
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.json()['token']}")
    accounts = client.get("/api/accounts/")
    again = load_demo(stdout=io.StringIO(), if_empty=True)
    with pytest.raises(SystemExit, match="exists already"):
        load_demo(stdout=io.StringIO())

    assert [(row["id"], row["role"]) for row in accounts.json()] == [(account.pk, "catalog")]
    assert again.pk == account.pk
    assert (SellerAccount.objects.count(), Product.objects.count()) == (1, 194)
