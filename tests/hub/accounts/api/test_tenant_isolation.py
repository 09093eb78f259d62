"""Another account's ids answer 404 on every endpoint, an account the caller does not belong to
answers 404 on every account URL, and another account's ids in a request body are 400 field errors."""

import pytest

from hub.catalog.models import Attribute, Category, Product, ProductImage, Variant
from hub.inventory.models import StockLevel, StockMovement, Warehouse
from tests.hub.endpoints import ENDPOINTS
from tests.hub.support import png_upload

NOT_FOUND = {"message": "Not found.", "code": "not_found", "fields": {}, "extra": {}}


def _calls(endpoints):
    for endpoint in endpoints:
        for method in (endpoint.read, endpoint.write):
            if method:
                yield pytest.param(endpoint, method, id=f"{endpoint.name}-{method}")


@pytest.mark.parametrize(("endpoint", "method"), list(_calls(e for e in ENDPOINTS if e.detail)))
def test_other_accounts_object_id_answers_404(owner_client, tenant, other_tenant, endpoint, method):
    response = endpoint.call(owner_client, method, tenant, ids=other_tenant)

    assert response.status_code == 404, response.content[:300]
    assert response.json() == NOT_FOUND


@pytest.mark.parametrize(("endpoint", "method"), list(_calls(ENDPOINTS)))
def test_account_the_caller_is_not_a_member_of_answers_404(owner_client, tenant, other_tenant, endpoint, method):
    response = endpoint.call(owner_client, method, other_tenant)

    assert response.status_code == 404, response.content[:300]
    assert response.json() == NOT_FOUND


def test_other_accounts_data_is_unchanged_after_the_attempts(owner_client, tenant, other_tenant):
    for endpoint in ENDPOINTS:
        if endpoint.write:
            endpoint.call(owner_client, endpoint.write, other_tenant)
            if endpoint.detail:
                endpoint.call(owner_client, endpoint.write, tenant, ids=other_tenant)

    other = other_tenant.account
    assert other.name == type(other).objects.get(pk=other.pk).name
    assert sorted(Category.objects.filter(account=other).values_list("name", flat=True)) == ["Jewellery", "Unused"]
    assert other_tenant.category.category_attributes.count() == 1
    assert sorted(Attribute.objects.filter(account=other).values_list("code", "name")) == [
        ("material", other_tenant.attribute.name),
        ("unused", other_tenant.spare_attribute.name),
    ]
    assert list(Product.objects.filter(account=other).order_by("code").values_list("code", "title")) == [
        ("RING", other_tenant.product.title),
        ("SPARE", other_tenant.spare_product.title),
    ]
    assert sorted(Variant.objects.filter(account=other).values_list("sku", "base_price")) == [
        (f"RING-{other.pk}", other_tenant.variant.base_price),
        (f"SPARE-{other.pk}", other_tenant.spare_variant.base_price),
    ]
    assert sorted(other.memberships.values_list("role", flat=True)) == ["catalog"]
    assert ProductImage.objects.filter(product__account=other).count() == 1
    assert sorted(Warehouse.objects.filter(account=other).values_list("code", "name")) == [
        ("main", "Warehouse main"),
        ("spare", "Warehouse spare"),
    ]
    assert list(StockLevel.objects.filter(account=other).values_list("on_hand", flat=True)) == [10]
    assert StockMovement.objects.filter(account=other).count() == 1
    assert other.invitations.filter(revoked_at__isnull=True).count() == 1


def _body_cases():
    yield pytest.param(
        "inventory/adjustments/",
        lambda mine, theirs: {"variant": theirs.variant.pk, "warehouse": mine.warehouse.pk, "on_hand_change": 1},
        "variant",
        id="adjustment-variant",
    )
    yield pytest.param(
        "inventory/adjustments/",
        lambda mine, theirs: {"variant": mine.variant.pk, "warehouse": theirs.warehouse.pk, "on_hand_change": 1},
        "warehouse",
        id="adjustment-warehouse",
    )
    yield pytest.param(
        "inventory/transfers/",
        lambda mine, theirs: {
            "variant": mine.variant.pk,
            "source": mine.warehouse.pk,
            "destination": theirs.warehouse.pk,
            "quantity": 1,
        },
        "destination",
        id="transfer-destination",
    )
    yield pytest.param(
        "inventory/transfers/",
        lambda mine, theirs: {
            "variant": mine.variant.pk,
            "source": theirs.warehouse.pk,
            "destination": mine.second_warehouse.pk,
            "quantity": 1,
        },
        "source",
        id="transfer-source",
    )
    yield pytest.param(
        "catalog/variants/",
        lambda mine, theirs: {"product": theirs.product.pk, "sku": "X-1", "base_price": "1.00"},
        "product",
        id="variant-product",
    )
    yield pytest.param(
        "catalog/categories/",
        lambda mine, theirs: {"name": "Rings", "parent": theirs.category.pk},
        "parent",
        id="category-parent",
    )


@pytest.mark.parametrize(("path", "body", "field"), list(_body_cases()))
def test_other_accounts_id_in_a_body_is_a_field_error(owner_client, tenant, other_tenant, path, body, field):
    movements, variants, categories = StockMovement.objects.count(), Variant.objects.count(), Category.objects.count()

    response = owner_client.post(f"/api/accounts/{tenant.account.pk}/{path}", body(tenant, other_tenant), format="json")

    assert response.status_code == 400
    payload = response.json()
    assert payload["code"] == "invalid"
    assert list(payload["fields"]) == [field]
    assert payload["fields"][field][0].startswith("Invalid pk")
    assert (StockMovement.objects.count(), Variant.objects.count(), Category.objects.count()) == (
        movements,
        variants,
        categories,
    )


def test_other_accounts_attribute_cannot_be_attached_to_a_category(owner_client, tenant, other_tenant, api_url):
    response = owner_client.put(
        api_url(f"catalog/categories/{tenant.category.pk}/attributes/"),
        {"attribute": other_tenant.attribute.pk},
        format="json",
    )

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["attribute"]
    assert list(tenant.category.category_attributes.values_list("attribute", flat=True)) == [tenant.attribute.pk]


def test_other_accounts_variant_on_an_image_upload_is_a_field_error(owner_client, tenant, other_tenant, api_url):
    response = owner_client.post(
        api_url(f"catalog/products/{tenant.product.pk}/images/"),
        {"image": png_upload("x.png", colour=(9, 9, 9)), "variant": other_tenant.variant.pk},
        format="multipart",
    )

    assert response.status_code == 400
    assert response.json()["fields"] == {"variant": ["Unknown variant."]}
    assert ProductImage.objects.filter(product=tenant.product).count() == 1


def test_other_accounts_image_ids_cannot_be_ordered(owner_client, tenant, other_tenant, api_url):
    response = owner_client.post(
        api_url(f"catalog/products/{tenant.product.pk}/images/order/"),
        {"image_ids": [tenant.image.pk, other_tenant.image.pk]},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["fields"] == {"image_ids": ["List every image of the product exactly once."]}


@pytest.mark.parametrize(
    ("path", "key", "expected"),
    [
        pytest.param("catalog/products/", "code", lambda t: ["RING", "SPARE"], id="products"),
        pytest.param("catalog/variants/", "sku", lambda t: [t.variant.sku, t.spare_variant.sku], id="variants"),
        pytest.param("catalog/categories/", "name", lambda t: ["Jewellery", "Unused"], id="categories"),
        pytest.param("catalog/attributes/", "code", lambda t: ["material", "unused"], id="attributes"),
        pytest.param("inventory/warehouses/", "code", lambda t: ["main", "spare"], id="warehouses"),
        pytest.param("inventory/stock-levels/", "sku", lambda t: [t.variant.sku], id="stock-levels"),
        pytest.param("inventory/stock-movements/", "sku", lambda t: [t.variant.sku], id="stock-movements"),
    ],
)
def test_lists_show_only_the_accounts_own_rows(owner_client, tenant, other_tenant, api_url, path, key, expected):
    response = owner_client.get(api_url(path))

    assert response.status_code == 200
    assert sorted(row[key] for row in response.json()["results"]) == expected(tenant)


def test_filter_by_another_accounts_category_finds_nothing(owner_client, tenant, other_tenant, api_url):
    response = owner_client.get(api_url(f"catalog/products/?category={other_tenant.category.pk}"))

    assert response.status_code == 200
    assert response.json()["count"] == 0


@pytest.mark.parametrize("path", ["inventory/stock-levels/", "inventory/stock-movements/"])
@pytest.mark.parametrize("name", ["variant", "warehouse"])
def test_filter_by_another_accounts_id_answers_like_an_unused_id(owner_client, other_tenant, api_url, path, name):
    theirs = owner_client.get(api_url(f"{path}?{name}={getattr(other_tenant, name).pk}"))
    unused = owner_client.get(api_url(f"{path}?{name}=987654321"))

    assert (theirs.status_code, theirs.json()["count"]) == (200, 0)
    assert (unused.status_code, unused.json()["count"]) == (200, 0)


def test_account_list_shows_only_memberships(owner_client, tenant, other_tenant):
    response = owner_client.get("/api/accounts/")

    assert response.status_code == 200
    assert [row["id"] for row in response.json()] == [tenant.account.pk]
