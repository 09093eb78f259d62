import pytest

from hub.catalog.models import ProductAttributeValue, ProductStatus, VariantAttributeValue
from hub.catalog.services import product_image_add
from tests.factories.catalog import CategoryFactory, ProductFactory, VariantFactory
from tests.hub.support import png_upload


@pytest.fixture
def listed(account):
    root = CategoryFactory(account=account, name="Home")
    kitchen = CategoryFactory(account=account, name="Kitchen", parent=root)
    garden = CategoryFactory(account=account, name="Garden")
    rows = [
        ("A1", "Bowl", "Acme", kitchen, ProductStatus.ACTIVE),
        ("A2", "Cup", "acme", root, ProductStatus.DRAFT),
        ("B1", "Spade", "Delta", garden, ProductStatus.ACTIVE),
        ("B2", "Rake", "Delta", garden, ProductStatus.ARCHIVED),
        ("C1", "Plate", "Omega", None, ProductStatus.DRAFT),
    ]
    products = {}
    for code, title, brand, category, status in rows:
        products[code] = ProductFactory(
            account=account, code=code, title=title, brand=brand, category=category, status=status
        )
        VariantFactory(product=products[code], sku=f"{code}-SKU")
    return {"root": root, "kitchen": kitchen, "garden": garden, **products}


@pytest.mark.parametrize(
    ("query", "codes"),
    [
        pytest.param("", ["A1", "A2", "B1", "B2", "C1"], id="all-by-code"),
        pytest.param("?status=active", ["A1", "B1"], id="status"),
        pytest.param("?status=active&status=archived", ["A1", "B1", "B2"], id="two-statuses"),
        pytest.param("?brand=ACME", ["A1", "A2"], id="brand-case-insensitive"),
        pytest.param("?sku=b2-sku", ["B2"], id="sku"),
        pytest.param("?search=spa", ["B1"], id="search-title"),
        pytest.param("?ordering=-code", ["C1", "B2", "B1", "A2", "A1"], id="ordering-desc"),
        pytest.param("?ordering=title", ["A1", "A2", "C1", "B2", "B1"], id="ordering-title"),
    ],
)
def test_product_list_filters_and_orders(owner_client, api_url, listed, query, codes):
    response = owner_client.get(api_url("catalog/products/" + query))

    assert response.status_code == 200
    assert [row["code"] for row in response.json()["results"]] == codes


def test_category_filter_includes_sub_categories(owner_client, api_url, listed):
    response = owner_client.get(api_url(f"catalog/products/?category={listed['root'].pk}"))

    assert [row["code"] for row in response.json()["results"]] == ["A1", "A2"]


def test_product_list_paginates(owner_client, api_url, listed):
    first = owner_client.get(api_url("catalog/products/?page_size=2")).json()
    third = owner_client.get(api_url("catalog/products/?page_size=2&page=3")).json()

    assert (first["count"], [row["code"] for row in first["results"]]) == (5, ["A1", "A2"])
    assert first["next"].endswith("/catalog/products/?page=2&page_size=2")
    assert first["previous"] is None
    assert ([row["code"] for row in third["results"]], third["next"]) == (["C1"], None)


def test_page_out_of_range_is_404_in_the_error_shape(owner_client, api_url, listed):
    response = owner_client.get(api_url("catalog/products/?page=9"))

    assert response.status_code == 404
    assert response.json() == {"message": "Invalid page.", "code": "not_found", "fields": {}, "extra": {}}


def test_product_list_query_count_does_not_grow_with_products(
    owner_client, api_url, account, jewellery, django_assert_max_num_queries
):
    material = jewellery["material"]
    for number in range(20):
        product = ProductFactory(account=account, code=f"N{number:02d}", category=jewellery["bracelets"])
        ProductAttributeValue.objects.create(product=product, attribute=material, value_text="Brass")
        for colour in jewellery["colour"].options.all():
            variant = VariantFactory(product=product, sku=f"N{number:02d}-{colour.value}")
            VariantAttributeValue.objects.create(variant=variant, attribute=jewellery["colour"], value_option=colour)
        product_image_add(product=product, file=png_upload(f"n{number}.png", colour=(number, 0, 0)))

    with django_assert_max_num_queries(10):
        response = owner_client.get(api_url("catalog/products/?page_size=50"))

    assert response.status_code == 200
    results = response.json()["results"]
    assert len(results) == 20
    assert sum(len(row["variants"]) for row in results) == 40
    assert results[0]["attributes"] == {"material": "Brass"}
    assert results[0]["variants"][0]["attributes"] == {"colour": "gold"}
    assert len(results[0]["images"]) == 1
