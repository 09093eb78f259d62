"""Django admin for non-superusers: only their accounts' rows, and only what their role allows."""

import pytest

from hub.accounts.roles import Role
from tests.factories.accounts import MembershipFactory, UserFactory
from tests.factories.catalog import ProductFactory


@pytest.fixture
def staff(client, account):
    def make(role=Role.OWNER):
        user = UserFactory(is_staff=True)
        MembershipFactory(account=account, user=user, role=role)
        client.force_login(user)
        return client

    return make


@pytest.fixture
def products(account, other_account):
    return {
        "mine": [ProductFactory(account=account, code="MINE-1"), ProductFactory(account=account, code="MINE-2")],
        "theirs": ProductFactory(account=other_account, code="THEIRS"),
    }


def test_changelist_shows_only_the_users_accounts(staff, products):
    response = staff().get("/admin/catalog/product/")

    assert response.status_code == 200
    assert sorted(p.code for p in response.context["cl"].result_list) == ["MINE-1", "MINE-2"]
    assert b"THEIRS" not in response.content


@pytest.mark.parametrize(
    "url",
    [
        pytest.param("/admin/catalog/product/{pk}/change/", id="change"),
        pytest.param("/admin/catalog/product/{pk}/delete/", id="delete"),
        pytest.param("/admin/catalog/product/{pk}/history/", id="history"),
    ],
)
def test_another_accounts_object_is_404(staff, products, url):
    response = staff().get(url.format(pk=products["theirs"].pk))

    assert response.status_code == 404


def test_another_account_is_not_listed_or_reachable(staff, account, other_account):
    client = staff()

    listed = client.get("/admin/accounts/selleraccount/")
    theirs = client.get(f"/admin/accounts/selleraccount/{other_account.pk}/change/")

    assert [a.pk for a in listed.context["cl"].result_list] == [account.pk]
    assert theirs.status_code == 404


def test_read_only_role_sees_but_cannot_change(staff, products):
    client = staff(Role.TRANSLATOR)
    product = products["mine"][0]

    page = client.get(f"/admin/catalog/product/{product.pk}/change/")
    post = client.post(f"/admin/catalog/product/{product.pk}/change/", {"code": "HACKED"})
    add = client.get("/admin/catalog/product/add/")

    assert page.status_code == 200
    assert page.context["has_change_permission"] is False
    assert post.status_code == 403
    assert add.status_code == 403
    product.refresh_from_db()
    assert product.code == "MINE-1"


def test_role_without_the_area_gets_403(staff):
    response = staff(Role.TRANSLATOR).get("/admin/inventory/warehouse/")

    assert response.status_code == 403


def test_staff_without_membership_sees_no_seller_data(client, products):
    client.force_login(UserFactory(is_staff=True))

    index = client.get("/admin/")
    changelist = client.get("/admin/catalog/product/")

    assert index.status_code == 200
    hub_apps = {"accounts", "catalog", "inventory"}
    assert [app["app_label"] for app in index.context["app_list"] if app["app_label"] in hub_apps] == []
    assert changelist.status_code == 403


def test_stock_is_read_only_even_for_owners(staff, tenant):
    client = staff(Role.OWNER)

    listed = client.get("/admin/inventory/stocklevel/")
    add = client.get("/admin/inventory/stockmovement/add/")

    assert [level.pk for level in listed.context["cl"].result_list] == [tenant.level.pk]
    assert add.status_code == 403


def test_superuser_sees_every_account(client, products):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    response = client.get("/admin/catalog/product/")

    assert sorted(p.code for p in response.context["cl"].result_list) == ["MINE-1", "MINE-2", "THEIRS"]


@pytest.mark.parametrize(
    "model",
    [
        "accounts/selleraccount",
        "accounts/membership",
        "accounts/invitation",
        "catalog/category",
        "catalog/attribute",
        "catalog/attributeoption",
        "catalog/categoryattribute",
        "catalog/product",
        "catalog/variant",
        "catalog/productimage",
        "catalog/productattributevalue",
        "catalog/variantattributevalue",
        "inventory/warehouse",
        "inventory/stocklevel",
        "inventory/stockmovement",
    ],
)
def test_every_foundation_model_has_an_admin_page(client, tenant, model):
    user = UserFactory(is_staff=True)
    MembershipFactory(account=tenant.account, user=user, role=Role.OWNER)
    client.force_login(user)

    response = client.get(f"/admin/{model}/")

    assert response.status_code == 200
