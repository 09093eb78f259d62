"""Admin forms for non-superusers offer only their accounts' rows in every select, inlines too."""

from decimal import Decimal

import pytest

from hub.accounts.roles import Role
from hub.catalog.models import Variant
from tests.factories.accounts import MembershipFactory, UserFactory
from tests.factories.catalog import AttributeFactory, AttributeOptionFactory, CategoryFactory, ProductFactory


@pytest.fixture
def staff_client(client, account):
    user = UserFactory(is_staff=True, email="staff@mine.example")
    MembershipFactory(account=account, user=user, role=Role.OWNER)
    client.force_login(user)
    return client


@pytest.fixture
def theirs(other_account):
    """Rows of another account whose names must never show up in this account's admin forms."""
    option = AttributeOptionFactory(
        attribute=AttributeFactory(account=other_account, code="their_colour", kind="enum"), value="their-navy"
    )
    product = ProductFactory(account=other_account, code="THEIR-PRODUCT")
    ProductFactory(account=other_account, code="THEIR-P2").variants.create(
        account=other_account, sku="THEIR-SKU", base_price=Decimal(1), currency="USD"
    )
    MembershipFactory(account=other_account, user=UserFactory(email="stranger@theirs.example"))
    return {"option": option, "product": product}


def _choices(field) -> set[str]:
    return {str(label) for value, label in field.choices if value != ""}


def test_product_page_shows_inlines_with_only_this_accounts_rows(staff_client, account, theirs):
    mine = ProductFactory(account=account, code="MINE")
    AttributeOptionFactory(attribute=AttributeFactory(account=account, code="colour", kind="enum"), value="navy")

    response = staff_client.get(f"/admin/catalog/product/{mine.pk}/change/")

    assert response.status_code == 200
    formsets = {inline.formset.prefix: inline.formset for inline in response.context["inline_admin_formsets"]}
    assert sorted(formsets) == ["attribute_values", "images", "variants"]
    values, images = formsets["attribute_values"].empty_form, formsets["images"].empty_form
    assert _choices(values.fields["attribute"]) == {"Colour"}
    assert _choices(values.fields["value_option"]) == {"Navy"}
    assert _choices(images.fields["variant"]) == set()
    assert b"THEIR" not in response.content and b"Their-Navy" not in response.content


def test_selects_of_rows_without_an_account_column_are_scoped_too(staff_client, account, theirs):
    membership_page = staff_client.get("/admin/accounts/membership/add/")
    invitation_page = staff_client.get("/admin/accounts/invitation/add/")

    assert _choices(membership_page.context["adminform"].form.fields["user"]) == {"staff@mine.example"}
    assert _choices(invitation_page.context["adminform"].form.fields["invited_by"]) == {"staff@mine.example"}


def test_a_read_only_role_sees_inlines_it_cannot_change(client, account):
    user = UserFactory(is_staff=True)
    MembershipFactory(account=account, user=user, role=Role.MANAGER)
    client.force_login(user)
    product = ProductFactory(account=account, code="MINE")

    response = client.get(f"/admin/catalog/product/{product.pk}/change/")

    inlines = response.context["inline_admin_formsets"]
    assert [(inline.formset.prefix, inline.has_change_permission, inline.has_add_permission) for inline in inlines] == [
        ("attribute_values", False, False),
        ("variants", False, False),
        ("images", False, False),
    ]


def test_the_admin_refuses_to_add_a_variant_past_the_catalog_rules(staff_client, account):
    # This edit used to save a USD price with three decimals (9.500): the admin skipped the rules.
    product = ProductFactory(account=account, code="MINE")
    prefix = "variants"
    data = {
        "code": "MINE",
        "title": product.title,
        "description": "",
        "brand": "",
        "status": "draft",
        "account": account.pk,
        **{f"{p}-TOTAL_FORMS": "0" for p in ("attribute_values", "images")},
        **{f"{p}-INITIAL_FORMS": "0" for p in ("attribute_values", "images")},
        f"{prefix}-TOTAL_FORMS": "1",
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-0-sku": "MINE-1",
        f"{prefix}-0-gtin": "",
        f"{prefix}-0-base_price": "9.50",
        f"{prefix}-0-currency": "USD",
        f"{prefix}-0-position": "0",
    }

    response = staff_client.post(f"/admin/catalog/product/{product.pk}/change/", data)

    assert response.status_code == 403
    assert not Variant.objects.filter(sku="MINE-1").exists()


def test_category_added_in_the_admin_gets_its_path(staff_client, account):
    root = CategoryFactory(account=account, name="Jewellery")

    response = staff_client.post(
        "/admin/catalog/category/add/",
        {"account": account.pk, "name": "Rings", "parent": root.pk, **_no_inline("category_attributes")},
    )

    assert response.status_code == 302
    assert list(account.categories.values_list("path", "depth").order_by("path")) == [
        ("Jewellery", 0),
        ("Jewellery > Rings", 1),
    ]


def _no_inline(prefix: str) -> dict:
    return {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}


def test_category_renamed_in_the_admin_moves_its_subtree(staff_client, account):
    root = CategoryFactory(account=account, name="Jewellery")
    rings = CategoryFactory(account=account, name="Rings", parent=root)
    CategoryFactory(account=account, name="Silver", parent=rings)

    response = staff_client.post(
        f"/admin/catalog/category/{root.pk}/change/", {"name": "Jewelry", **_no_inline("category_attributes")}
    )

    assert response.status_code == 302
    assert list(account.categories.values_list("path", flat=True).order_by("path")) == [
        "Jewelry",
        "Jewelry > Rings",
        "Jewelry > Rings > Silver",
    ]


def test_category_admin_refuses_a_taken_path_as_a_form_error(staff_client, account):
    CategoryFactory(account=account, name="Jewellery")

    response = staff_client.post(
        "/admin/catalog/category/add/",
        {"account": account.pk, "name": "Jewellery", **_no_inline("category_attributes")},
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors() == ["'Jewellery' exists already."]
    assert account.categories.count() == 1
