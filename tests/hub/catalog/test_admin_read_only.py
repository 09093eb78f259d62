"""The admin does not bypass the catalog's rules: products, variants, images and attribute values
are read-only there (for superusers too), with a message saying where they are edited; categories
stay editable because their admin goes through the catalog services."""

from decimal import Decimal

import pytest
from django.utils.html import escape

from hub.catalog.admin import READ_ONLY_MESSAGE
from hub.catalog.models import Variant
from tests.factories.accounts import UserFactory
from tests.factories.catalog import ProductFactory, VariantFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def variant(account):
    return VariantFactory(product=ProductFactory(account=account, code="MUG"), sku="MUG-1", base_price=Decimal("10.00"))


def test_a_variant_edit_with_a_price_the_rules_refuse_is_not_saved(superuser_client, variant):
    other = VariantFactory(product=variant.product, sku="MUG-2")
    # Three decimals in USD, and another variant's SKU (a unique constraint: a 500 before).
    data = {"sku": other.sku, "base_price": "1.999", "currency": "USD", "position": "0", "product": variant.product_id}

    response = superuser_client.post(f"/admin/catalog/variant/{variant.pk}/change/", data)

    assert response.status_code == 403
    variant.refresh_from_db()
    assert (variant.sku, variant.base_price) == ("MUG-1", Decimal("10.00"))


@pytest.mark.parametrize("model", ["product", "variant", "productimage", "productattributevalue", "attribute"])
def test_catalog_rows_are_shown_read_only_with_a_message(superuser_client, variant, model):
    listing = superuser_client.get(f"/admin/catalog/{model}/")

    assert listing.status_code == 200
    assert escape(str(READ_ONLY_MESSAGE)) in listing.content.decode()
    assert superuser_client.get(f"/admin/catalog/{model}/add/").status_code == 403


def test_a_variant_page_has_no_save_button(superuser_client, variant):
    page = superuser_client.get(f"/admin/catalog/variant/{variant.pk}/change/")

    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert escape(str(READ_ONLY_MESSAGE)) in page.content.decode()
    assert superuser_client.post(f"/admin/catalog/variant/{variant.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Variant.objects.filter(pk=variant.pk).exists()


def test_categories_stay_editable(superuser_client, account):
    assert superuser_client.get("/admin/catalog/category/add/").status_code == 200
