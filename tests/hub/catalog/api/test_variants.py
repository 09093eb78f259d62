from decimal import Decimal

import pytest

from hub.catalog.models import Variant
from tests.factories.catalog import (
    AttributeFactory,
    AttributeOptionFactory,
    CategoryAttributeFactory,
    CategoryFactory,
    ProductFactory,
    VariantFactory,
)


@pytest.fixture
def sized_product(account):
    category = CategoryFactory(account=account, name="Shoes")
    size = AttributeFactory(account=account, code="size", kind="enum")
    for value in ("38", "39"):
        AttributeOptionFactory(attribute=size, value=value)
    CategoryAttributeFactory(category=category, attribute=size, is_variation=True)
    return ProductFactory(account=account, code="SHOE", category=category)


def test_create_variant(owner_client, api_url, sized_product):
    response = owner_client.post(
        api_url("catalog/variants/"),
        {
            "product": sized_product.pk,
            "sku": "SHOE-38",
            "gtin": "012345678905",
            "base_price": "59.9",
            "attributes": {"size": "38"},
        },
        format="json",
    )

    assert response.status_code == 201, response.json()
    data = response.json()
    assert (
        data["product"],
        data["product_code"],
        data["sku"],
        data["gtin"],
        data["base_price"],
        data["attributes"],
    ) == (
        sized_product.pk,
        "SHOE",
        "SHOE-38",
        "012345678905",
        "59.90",
        {"size": "38"},
    )
    assert data["position"] == 1


@pytest.mark.parametrize(
    ("gtin", "kind"),
    [
        pytest.param("96385074", "EAN-8", id="ean-8"),
        pytest.param("036000291452", "UPC", id="upc-a"),
        pytest.param("4006381333931", "EAN", id="ean-13"),
        pytest.param("10012345678902", "GTIN-14", id="gtin-14"),
    ],
)
def test_valid_gtins_are_accepted(owner_client, api_url, sized_product, gtin, kind):
    response = owner_client.post(
        api_url("catalog/variants/"),
        {"product": sized_product.pk, "sku": f"S-{kind}", "gtin": gtin, "base_price": "1"},
        format="json",
    )

    assert response.status_code == 201, response.json()
    assert Variant.objects.get(sku=f"S-{kind}").gtin == gtin


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        pytest.param({"sku": "TAKEN"}, {"sku": ["SKU 'TAKEN' is used by another variant."]}, id="duplicate-sku"),
        pytest.param(
            {"gtin": "036000291453"},
            {"gtin": ["Check digit of 036000291453 should be 2, not 3."]},
            id="bad-check-digit",
        ),
        pytest.param({"gtin": "03600029145X"}, {"gtin": ["A GTIN has only digits."]}, id="gtin-letters"),
        pytest.param({"base_price": "-0.01"}, {"base_price": ["Must not be negative."]}, id="negative-price"),
        pytest.param(
            {"base_price": "0.001"},
            {"base_price": ["Has 3 decimals; the account currency allows 2."]},
            id="too-precise-price",
        ),
        pytest.param(
            {"attributes": {"size": "45"}}, {"attributes.size": ["'45' is not one of 38, 39."]}, id="unknown-option"
        ),
        pytest.param(
            {"attributes": {"size": "38"}},
            {"variants": ["Variants SHOE-38 and NEW have the same variation values."]},
            id="same-variation-values",
        ),
        pytest.param(
            {"length": "10", "dimension_unit": "cm"},
            {"length": ["Give length, width and height together."]},
            id="partial-dimensions",
        ),
        pytest.param(
            {"weight": "-1", "weight_unit": "kg"}, {"weight": ["Must be greater than zero."]}, id="negative-weight"
        ),
    ],
)
def test_bad_variant_input_is_400_and_writes_nothing(owner_client, api_url, account, sized_product, body, fields):
    VariantFactory(product=ProductFactory(account=account, code="OTHER"), sku="TAKEN")
    owner_client.post(
        api_url("catalog/variants/"),
        {"product": sized_product.pk, "sku": "SHOE-38", "base_price": "1", "attributes": {"size": "38"}},
        format="json",
    )
    count = Variant.objects.count()

    response = owner_client.post(
        api_url("catalog/variants/"),
        {"product": sized_product.pk, "sku": "NEW", "base_price": "1", **body},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["fields"] == fields
    assert Variant.objects.count() == count


def test_update_variant_price_and_exemption(owner_client, api_url, account):
    variant = VariantFactory(product=ProductFactory(account=account), gtin="4006381333931")

    response = owner_client.patch(
        api_url(f"catalog/variants/{variant.pk}/"), {"base_price": "21", "gtin_exempt": True}, format="json"
    )

    assert response.status_code == 200, response.json()
    assert (response.json()["base_price"], response.json()["gtin"], response.json()["gtin_exempt"]) == (
        "21.00",
        "",
        True,
    )
    variant.refresh_from_db()
    assert (variant.base_price, variant.gtin, variant.gtin_exempt) == (Decimal("21.000"), "", True)


def test_renaming_a_sku_to_one_in_use_is_refused(owner_client, api_url, account):
    first = VariantFactory(product=ProductFactory(account=account), sku="ONE")
    VariantFactory(product=first.product, sku="TWO")

    response = owner_client.patch(api_url(f"catalog/variants/{first.pk}/"), {"sku": "TWO"}, format="json")

    assert response.status_code == 400
    assert response.json()["fields"] == {"sku": ["SKU 'TWO' is used by another variant."]}
    first.refresh_from_db()
    assert first.sku == "ONE"


def test_same_sku_is_allowed_in_another_account(owner_client, api_url, account, other_account):
    VariantFactory(product=ProductFactory(account=other_account), sku="SHARED")
    product = ProductFactory(account=account)

    response = owner_client.post(
        api_url("catalog/variants/"), {"product": product.pk, "sku": "SHARED", "base_price": "1"}, format="json"
    )

    assert response.status_code == 201
    assert Variant.objects.filter(sku="SHARED").count() == 2


def test_delete_variant(owner_client, api_url, account):
    variant = VariantFactory(product=ProductFactory(account=account))

    response = owner_client.delete(api_url(f"catalog/variants/{variant.pk}/"))

    assert response.status_code == 204
    assert Variant.objects.filter(pk=variant.pk).count() == 0


def test_delete_variant_with_stock_history_is_a_conflict(owner_client, api_url, tenant):
    response = owner_client.delete(api_url(f"catalog/variants/{tenant.variant.pk}/"))

    assert response.status_code == 409
    assert response.json()["code"] == "in_use"
    assert Variant.objects.filter(pk=tenant.variant.pk).count() == 1


@pytest.mark.parametrize(
    ("query", "skus"),
    [
        pytest.param("", ["A-1", "A-2", "B-1"], id="all"),
        pytest.param("?sku=a-2", ["A-2"], id="sku"),
        pytest.param("?product_status=active", ["B-1"], id="product-status"),
        pytest.param("?gtin=4006381333931", ["A-2"], id="gtin"),
        pytest.param("?ordering=-base_price", ["B-1", "A-2", "A-1"], id="ordering-price"),
    ],
)
def test_variant_list_filters(owner_client, api_url, account, query, skus):
    first = ProductFactory(account=account, code="A")
    second = ProductFactory(account=account, code="B", status="active")
    VariantFactory(product=first, sku="A-1", base_price=Decimal("1"))
    VariantFactory(product=first, sku="A-2", base_price=Decimal("2"), gtin="4006381333931")
    VariantFactory(product=second, sku="B-1", base_price=Decimal("3"))

    response = owner_client.get(api_url("catalog/variants/" + query))

    assert response.status_code == 200
    assert [row["sku"] for row in response.json()["results"]] == skus
