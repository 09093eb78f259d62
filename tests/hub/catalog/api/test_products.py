from decimal import Decimal

import pytest

from hub.catalog.models import Product, ProductAttributeValue, Variant
from tests.factories.accounts import SellerAccountFactory
from tests.factories.catalog import (
    CategoryFactory,
    ProductFactory,
    VariantFactory,
)


def _product_body(**overrides):
    body = {
        "code": "BR-1",
        "title": "Chain bracelet",
        "description": "Hand made.",
        "brand": "Acme",
        "category": "Jewellery > Bracelets",
        "status": "active",
        "attributes": {"material": "Brass"},
        "variants": [
            {
                "sku": "BR-1-G",
                "gtin": "4006381333931",
                "base_price": "12.5",
                "cost": "4.25",
                "weight": "0.025",
                "weight_unit": "kg",
                "length": "20",
                "width": "1.5",
                "height": "0.4",
                "dimension_unit": "cm",
                "attributes": {"colour": "gold", "length": "18.5 cm"},
            },
            {"sku": "BR-1-S", "gtin_exempt": True, "base_price": "14", "attributes": {"colour": "Silver"}},
        ],
    }
    body.update(overrides)
    return body


def test_create_product_with_variants_and_attributes(owner_client, api_url, jewellery):
    response = owner_client.post(api_url("catalog/products/"), _product_body(), format="json")

    assert response.status_code == 201, response.json()
    data = response.json()
    assert {key: data[key] for key in ("code", "title", "description", "brand", "category_path", "status")} == {
        "code": "BR-1",
        "title": "Chain bracelet",
        "description": "Hand made.",
        "brand": "Acme",
        "category_path": "Jewellery > Bracelets",
        "status": "active",
    }
    assert data["category"] == jewellery["bracelets"].pk
    assert data["attributes"] == {"material": "Brass"}
    gold, silver = data["variants"]
    assert {key: gold[key] for key in gold if key not in ("id", "product", "created_at", "updated_at")} == {
        "product_code": "BR-1",
        "sku": "BR-1-G",
        "gtin": "4006381333931",
        "gtin_exempt": False,
        "currency": "USD",
        "base_price": "12.50",
        "cost": "4.25",
        "weight": "0.025",
        "weight_unit": "kg",
        "length": "20.00",
        "width": "1.50",
        "height": "0.40",
        "dimension_unit": "cm",
        "position": 0,
        "attributes": {"colour": "gold", "length": {"value": "18.5", "unit": "cm"}},
    }
    assert (silver["sku"], silver["gtin_exempt"], silver["base_price"], silver["cost"], silver["attributes"]) == (
        "BR-1-S",
        True,
        "14.00",
        None,
        {"colour": "silver"},
    )
    assert Variant.objects.get(sku="BR-1-G").base_price == Decimal("12.50")


@pytest.mark.parametrize(
    ("given", "shown"),
    [
        pytest.param("20 cm", "20", id="whole-number-not-exponent"),
        pytest.param("400 cm", "400", id="hundreds-not-4E+2"),
        pytest.param("18.50 cm", "18.5", id="no-trailing-zero"),
    ],
)
def test_number_attributes_are_shown_as_plain_decimals(owner_client, api_url, jewellery, given, shown):
    body = _product_body()
    body["variants"][0]["attributes"]["length"] = given

    response = owner_client.post(api_url("catalog/products/"), body, format="json")

    assert response.status_code == 201, response.json()
    assert response.json()["variants"][0]["attributes"]["length"] == {"value": shown, "unit": "cm"}


@pytest.mark.parametrize(
    ("currency", "price", "shown"),
    [
        pytest.param("USD", "12.5", "12.50", id="usd-two-decimals"),
        pytest.param("JPY", "1250", "1250", id="jpy-no-decimals"),
        pytest.param("KWD", "1.25", "1.250", id="kwd-three-decimals"),
        pytest.param("EUR", "0", "0.00", id="eur-zero"),
    ],
)
def test_money_is_shown_with_the_currencys_minor_units(member_client, currency, price, shown):
    account = SellerAccountFactory(base_currency=currency)
    client = member_client(target=account)
    response = client.post(
        f"/api/accounts/{account.pk}/catalog/products/",
        {"code": "P", "title": "T", "variants": [{"sku": "S", "base_price": price, "cost": price}]},
        format="json",
    )

    assert response.status_code == 201, response.json()
    variant = response.json()["variants"][0]
    assert (variant["currency"], variant["base_price"], variant["cost"]) == (currency, shown, shown)
    listed = client.get(f"/api/accounts/{account.pk}/catalog/variants/{variant['id']}/").json()
    assert (listed["base_price"], listed["cost"]) == (shown, shown)


BAD_PRODUCTS = [
    pytest.param(
        {"variants": [{"sku": "A", "base_price": "-1"}]},
        {"variants.0.base_price": ["Must not be negative."]},
        id="negative-price",
    ),
    pytest.param(
        {"variants": [{"sku": "A", "base_price": "1.005"}]},
        {"variants.0.base_price": ["Has 3 decimals; the account currency allows 2."]},
        id="too-precise-price",
    ),
    pytest.param(
        {"variants": [{"sku": "A", "base_price": "1.00", "cost": "-0.01"}]},
        {"variants.0.cost": ["Must not be negative."]},
        id="negative-cost",
    ),
    pytest.param(
        {"variants": [{"sku": "A", "base_price": "abc"}]},
        {"variants.0.base_price": ["'abc' is not a number."]},
        id="price-not-a-number",
    ),
    pytest.param(
        {"variants": [{"sku": "A", "base_price": "1"}, {"sku": "A", "base_price": "2"}]},
        {"variants.1.sku": ["SKU 'A' appears twice in this product."]},
        id="duplicate-sku-in-body",
    ),
    pytest.param(
        {"variants": [{"sku": "TAKEN", "base_price": "1"}]},
        {"variants.0.sku": ["SKU 'TAKEN' is used by another variant."]},
        id="duplicate-sku-in-account",
    ),
    pytest.param(
        {"variants": [{"sku": "A", "base_price": "1", "gtin": "4006381333932"}]},
        {"variants.0.gtin": ["Check digit of 4006381333932 should be 1, not 2."]},
        id="bad-check-digit",
    ),
    pytest.param(
        {"variants": [{"sku": "A", "base_price": "1", "gtin": "12345"}]},
        {"variants.0.gtin": ["A GTIN has 8, 12, 13 or 14 digits (UPC 12, EAN 13); this one has 5."]},
        id="bad-gtin-length",
    ),
    pytest.param(
        {"variants": [{"sku": "A", "base_price": "1", "gtin": "4006381333931", "gtin_exempt": True}]},
        {"variants.0.gtin": ["A GTIN-exempt variant has no GTIN."]},
        id="gtin-and-exemption",
    ),
    pytest.param(
        {"category": "Watches"},
        {"category": ["There is no category 'Watches'."]},
        id="unknown-category",
    ),
    pytest.param(
        {
            "category": "Jewellery > Bracelets",
            "variants": [{"sku": "A", "base_price": "1", "attributes": {"colour": "red"}}],
        },
        {"variants.0.attributes.colour": ["'red' is not one of gold, silver."]},
        id="unknown-attribute-value",
    ),
    pytest.param(
        {"attributes": {"shape": "round"}},
        {"attributes.shape": ["There is no attribute 'shape'."]},
        id="unknown-attribute",
    ),
    pytest.param(
        {"category": "Jewellery", "attributes": {"colour": "gold"}},
        {"attributes.colour": ["Attribute 'colour' is not a product attribute of this category."]},
        id="attribute-not-in-category",
    ),
    pytest.param(
        {"variants": [{"sku": "A B", "base_price": "1"}]},
        {"variants.0.sku": ["A SKU has no spaces."]},
        id="sku-with-space",
    ),
    pytest.param(
        {"variants": [{"sku": "A", "base_price": "1", "weight": "2"}]},
        {"variants.0.weight_unit": ["Give the weight unit: one of g, kg, oz, lb."]},
        id="weight-without-unit",
    ),
    pytest.param(
        {"status": "active"},
        {
            "category": ["An active product needs a category."],
            "variants": ["An active product needs at least one variant."],
        },
        id="active-without-category-or-variants",
    ),
    pytest.param({"status": "sold"}, {"status": ['"sold" is not a valid choice.']}, id="unknown-status"),
]


@pytest.mark.parametrize(("overrides", "fields"), BAD_PRODUCTS)
def test_bad_product_input_is_400_with_the_field_and_writes_nothing(
    owner_client, api_url, account, jewellery, overrides, fields
):
    VariantFactory(product=ProductFactory(account=account, code="OTHER"), sku="TAKEN")
    body = {"code": "NEW", "title": "New", **overrides}

    response = owner_client.post(api_url("catalog/products/"), body, format="json")

    assert response.status_code == 400
    assert response.json()["fields"] == fields
    assert response.json()["code"] == "invalid"
    assert list(Product.objects.filter(account=account).values_list("code", flat=True)) == ["OTHER"]
    assert Variant.objects.filter(account=account).count() == 1


def test_too_precise_price_for_jpy_names_the_field(member_client):
    account = SellerAccountFactory(base_currency="JPY")
    client = member_client(target=account)

    response = client.post(
        f"/api/accounts/{account.pk}/catalog/products/",
        {"code": "P", "title": "T", "variants": [{"sku": "S", "base_price": "12.5"}]},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["fields"] == {"variants.0.base_price": ["Has 1 decimals; the account currency allows 0."]}
    assert Product.objects.filter(account=account).count() == 0


def test_partial_update_changes_fields_and_replaces_attributes(owner_client, api_url, account, jewellery):
    product = owner_client.post(api_url("catalog/products/"), _product_body(), format="json").json()

    response = owner_client.patch(
        api_url(f"catalog/products/{product['id']}/"),
        {"title": "Gold chain", "attributes": {"material": "Gold"}, "status": "archived"},
        format="json",
    )

    assert response.status_code == 200, response.json()
    assert (response.json()["title"], response.json()["status"], response.json()["attributes"]) == (
        "Gold chain",
        "archived",
        {"material": "Gold"},
    )
    assert ProductAttributeValue.objects.get(product_id=product["id"]).value_text == "Gold"


def test_partial_update_refuses_variants(owner_client, api_url, account):
    product = ProductFactory(account=account)

    response = owner_client.patch(
        api_url(f"catalog/products/{product.pk}/"), {"variants": [{"sku": "X", "base_price": "1"}]}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["fields"] == {"variants": ["Not accepted here."]}


def test_moving_to_a_category_that_does_not_use_the_attributes_is_refused(owner_client, api_url, account, jewellery):
    product = owner_client.post(api_url("catalog/products/"), _product_body(status="draft"), format="json").json()
    other = CategoryFactory(account=account, name="Watches")

    response = owner_client.patch(api_url(f"catalog/products/{product['id']}/"), {"category": other.pk}, format="json")

    assert response.status_code == 400
    assert response.json()["fields"] == {
        "category": [
            "The new category does not use attribute 'material'.",
            "The new category does not use variation attribute 'colour'.",
            "The new category does not use variation attribute 'length'.",
        ]
    }
    assert Product.objects.get(pk=product["id"]).category_id == jewellery["bracelets"].pk


def test_delete_product_without_history(owner_client, api_url, account):
    product = VariantFactory(product=ProductFactory(account=account)).product

    response = owner_client.delete(api_url(f"catalog/products/{product.pk}/"))

    assert response.status_code == 204
    assert Product.objects.filter(pk=product.pk).count() == 0
    assert Variant.objects.filter(product_id=product.pk).count() == 0


def test_delete_product_with_stock_history_is_a_conflict(owner_client, api_url, tenant):
    response = owner_client.delete(api_url(f"catalog/products/{tenant.product.pk}/"))

    assert response.status_code == 409
    assert response.json() == {
        "message": "This product has stock history or listings; archive it instead of deleting it.",
        "code": "in_use",
        "fields": {},
        "extra": {},
    }
    assert Product.objects.filter(pk=tenant.product.pk).count() == 1
