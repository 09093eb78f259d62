"""Variant input as clients send it: JSON numbers, partial updates of measure groups, and values
too large for their columns (a 400 naming the field, never a 500)."""

from decimal import Decimal

import pytest

from hub.catalog.models import Product
from tests.factories.catalog import CategoryAttributeFactory, ProductFactory, VariantFactory


@pytest.fixture
def variant(account):
    return VariantFactory(
        product=ProductFactory(account=account, code="MUG"),
        sku="MUG-1",
        weight=Decimal("350"),
        weight_unit="g",
        length=Decimal("12"),
        width=Decimal("9"),
        height=Decimal("10"),
        dimension_unit="cm",
    )


def test_prices_and_measures_may_be_json_numbers(owner_client, api_url, account):
    product = ProductFactory(account=account, code="MUG")

    response = owner_client.post(
        api_url("catalog/variants/"),
        {"product": product.pk, "sku": "MUG-2", "base_price": 19.99, "cost": 7, "weight": 0.35, "weight_unit": "kg"},
        format="json",
    )

    assert response.status_code == 201, response.json()
    assert (response.json()["base_price"], response.json()["cost"], response.json()["weight"]) == (
        "19.99",
        "7.00",
        "0.350",
    )


def test_a_json_number_with_too_many_decimals_is_refused_like_a_string(owner_client, api_url, account):
    product = ProductFactory(account=account, code="MUG")

    response = owner_client.post(
        api_url("catalog/variants/"), {"product": product.pk, "sku": "MUG-2", "base_price": 19.999}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["fields"] == {"base_price": ["Has 3 decimals; the account currency allows 2."]}


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param({"weight_unit": "oz"}, (Decimal("350"), "oz"), id="unit-only-keeps-the-figure"),
        pytest.param({"weight": "0.4"}, (Decimal("0.4"), "g"), id="figure-only-keeps-the-unit"),
        pytest.param({"weight": None}, (None, ""), id="null-clears-weight-and-unit"),
    ],
)
def test_patching_one_half_of_the_weight_keeps_the_other(owner_client, api_url, variant, body, expected):
    response = owner_client.patch(api_url(f"catalog/variants/{variant.pk}/"), body, format="json")

    assert response.status_code == 200, response.json()
    variant.refresh_from_db()
    assert (variant.weight, variant.weight_unit) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param({"dimension_unit": "in"}, (Decimal("12"), Decimal("9"), Decimal("10"), "in"), id="unit-only"),
        pytest.param({"height": "11.5"}, (Decimal("12"), Decimal("9"), Decimal("11.5"), "cm"), id="height-only"),
    ],
)
def test_patching_part_of_the_dimensions_keeps_the_rest(owner_client, api_url, variant, body, expected):
    response = owner_client.patch(api_url(f"catalog/variants/{variant.pk}/"), body, format="json")

    assert response.status_code == 200, response.json()
    variant.refresh_from_db()
    assert (variant.length, variant.width, variant.height, variant.dimension_unit) == expected


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        pytest.param({"weight": "1000000000"}, {"weight": ["Must be less than 1,000,000,000."]}, id="weight"),
        pytest.param({"height": "100000000"}, {"height": ["Must be less than 100,000,000."]}, id="height"),
        pytest.param(
            {"position": 2**31}, {"position": ["Ensure this value is less than or equal to 2147483647."]}, id="position"
        ),
    ],
)
def test_values_too_large_for_their_column_are_400(owner_client, api_url, variant, body, fields):
    response = owner_client.patch(api_url(f"catalog/variants/{variant.pk}/"), body, format="json")

    assert response.status_code == 400
    assert response.json()["fields"] == fields
    variant.refresh_from_db()
    assert (variant.weight, variant.height, variant.position) == (Decimal("350"), Decimal("10"), 0)


def test_a_number_attribute_too_large_for_its_column_is_400(owner_client, api_url, account):
    link = CategoryAttributeFactory(category__account=account, attribute__kind="number", attribute__code="size_mm")

    response = owner_client.post(
        api_url("catalog/products/"),
        {"code": "BIG", "title": "Big", "category": link.category.pk, "attributes": {"size_mm": "100000000000000 cm"}},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["fields"] == {"attributes.size_mm": ["Must be less than 100,000,000,000,000."]}
    assert Product.objects.filter(code="BIG").count() == 0


def test_a_category_attribute_position_too_large_is_400(owner_client, api_url, account):
    link = CategoryAttributeFactory(category__account=account)

    response = owner_client.put(
        api_url(f"catalog/categories/{link.category.pk}/attributes/"),
        {"attribute": link.attribute.pk, "position": 2**31},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["fields"] == {"position": ["Ensure this value is less than or equal to 2147483647."]}
    link.refresh_from_db()
    assert link.position == 0


@pytest.mark.parametrize(
    "body",
    [
        pytest.param('{"product": %d, "sku": "MUG-2", "base_price": "1e3"}', id="string"),
        pytest.param('{"product": %d, "sku": "MUG-2", "base_price": 1e3}', id="json-number"),
        pytest.param('{"product": %d, "sku": "MUG-2", "base_price": 1.0E+3}', id="json-number-upper"),
    ],
)
def test_a_price_in_exponent_notation_is_refused(owner_client, api_url, account, body):
    product = ProductFactory(account=account, code="MUG")

    response = owner_client.post(api_url("catalog/variants/"), body % product.pk, content_type="application/json")

    assert response.status_code == 400, response.json()
    assert list(response.json()["fields"]) == ["base_price"]
    assert "not a plain decimal number" in response.json()["fields"]["base_price"][0]
    assert not product.variants.exists()
