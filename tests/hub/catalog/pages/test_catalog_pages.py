"""The catalog pages through Django's test client: grid filters and sorts, the editor's field
errors, variants, images, import report with nothing written, bulk preview and apply."""

from decimal import Decimal

import pytest

from hub.accounts.roles import Role
from hub.catalog.models import Product, ProductStatus, Variant
from hub.inventory.services import stock_adjust
from tests.factories.accounts import MembershipFactory
from tests.factories.catalog import (
    AttributeFactory,
    AttributeOptionFactory,
    CategoryAttributeFactory,
    CategoryFactory,
    ProductFactory,
    VariantFactory,
)
from tests.factories.inventory import WarehouseFactory
from tests.hub.support import png_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog_manager(account, client):
    membership = MembershipFactory(account=account, role=Role.CATALOG)
    client.force_login(membership.user)
    return client


def _grid(client, account, **params):
    response = client.get(f"/catalog/{account.pk}/", params)
    assert response.status_code == 200
    return [product.code for product in response.context["products"]], response


def test_grid_search_filters_and_sorts(account, catalog_manager):
    shoes = CategoryFactory(account=account, name="Shoes")
    bracelet = ProductFactory(account=account, code="B-1", title="Steel bracelet", brand="Acme")
    shoe = ProductFactory(account=account, code="S-1", title="Running shoe", brand="Zeta", category=shoes)
    VariantFactory(product=bracelet, sku="BR-RED", base_price=Decimal("30.00"))
    VariantFactory(product=shoe, sku="SH-42", base_price=Decimal("90.00"))
    warehouse = WarehouseFactory(account=account)
    stock_adjust(account=account, variant=shoe.variants.get(), warehouse=warehouse, on_hand_change=3)

    assert _grid(catalog_manager, account)[0] == ["B-1", "S-1"]
    assert _grid(catalog_manager, account, q="SH-4")[0] == ["S-1"]  # by SKU prefix
    assert _grid(catalog_manager, account, q="bracelet")[0] == ["B-1"]
    assert _grid(catalog_manager, account, brand="zeta")[0] == ["S-1"]
    assert _grid(catalog_manager, account, category=shoes.pk)[0] == ["S-1"]
    assert _grid(catalog_manager, account, sort="-price")[0] == ["S-1", "B-1"]
    assert _grid(catalog_manager, account, sort="-stock")[0] == ["S-1", "B-1"]
    assert _grid(catalog_manager, account, sort="variants", status="draft", ready="not_ready")[0] == ["B-1", "S-1"]
    assert _grid(catalog_manager, account, stock="low")[0] == ["S-1"]
    assert _grid(catalog_manager, account, stock="out")[0] == ["B-1"]
    assert _grid(catalog_manager, account, ready="ready")[0] == []
    codes, response = _grid(catalog_manager, account, status="draft")
    assert codes == ["B-1", "S-1"]
    assert "$90.00" in response.content.decode()


def test_grid_paginates(account, catalog_manager):
    for n in range(55):
        ProductFactory(account=account, code=f"P-{n:03d}")
    codes, response = _grid(catalog_manager, account)
    assert len(codes) == 50 and response.context["total"] == 55
    assert _grid(catalog_manager, account, page=2)[0] == [f"P-{n:03d}" for n in range(50, 55)]


def test_editor_shows_field_errors_and_saves(account, catalog_manager):
    product = ProductFactory(account=account, code="P-1", title="Old title")
    variant = VariantFactory(product=product, sku="P-1-A", base_price=Decimal("89.00"))
    url = f"/catalog/{account.pk}/products/{product.pk}/"
    page = catalog_manager.get(url)
    assert page.status_code == 200
    assert 'value="89.00"' in page.content.decode()  # the currency's decimals

    refused = catalog_manager.post(url, {"code": "P-1", "title": "", "status": "draft", "category": ""})
    assert refused.status_code == 400
    assert 'data-testid="errors-title"' in refused.content.decode()
    assert Product.objects.get(pk=product.pk).title == "Old title"

    saved = catalog_manager.post(url, {"code": "P-1", "title": "New title", "status": "draft", "category": ""})
    assert saved.status_code == 302
    assert Product.objects.get(pk=product.pk).title == "New title"

    bad_price = catalog_manager.post(f"{url}variants/{variant.pk}/", {"sku": "P-1-A", "base_price": "12.345"})
    assert bad_price.status_code == 400
    assert "has 3 decimals" in bad_price.content.decode().lower()
    assert Variant.objects.get(pk=variant.pk).base_price == Decimal("89.00")
    ok = catalog_manager.post(f"{url}variants/{variant.pk}/", {"sku": "P-1-A", "base_price": "79.50"})
    assert ok.status_code == 302
    assert Variant.objects.get(pk=variant.pk).base_price == Decimal("79.50")


def test_variation_rule_is_explained(account, catalog_manager):
    category = CategoryFactory(account=account, name="Rings")
    size = AttributeFactory(account=account, code="size", kind="enum")
    AttributeOptionFactory(attribute=size, value="s")
    AttributeOptionFactory(attribute=size, value="m")
    CategoryAttributeFactory(category=category, attribute=size, is_variation=True)
    product = ProductFactory(account=account, code="R-1", category=category)
    catalog_manager.post(
        f"/catalog/{account.pk}/products/{product.pk}/variants/", {"sku": "R-1-S", "base_price": "5", "attr.size": "s"}
    )
    twin = catalog_manager.post(
        f"/catalog/{account.pk}/products/{product.pk}/variants/", {"sku": "R-1-S2", "base_price": "5", "attr.size": "s"}
    )
    assert twin.status_code == 400
    body = twin.content.decode()
    assert "have the same variation values" in body
    assert "must differ in their variation attributes" in body
    assert list(product.variants.values_list("sku", flat=True)) == ["R-1-S"]


def test_images_upload_order_and_remove(account, catalog_manager):
    product = ProductFactory(account=account, code="P-1")
    url = f"/catalog/{account.pk}/products/{product.pk}/images/"
    assert catalog_manager.post(url, {"image": png_upload("a.png")}).status_code == 302
    assert catalog_manager.post(url, {"image": png_upload("b.png", colour=(1, 2, 3))}).status_code == 302
    first, second = product.images.order_by("position")
    catalog_manager.post(f"{url}{second.pk}/move/", {"direction": "main"})
    assert list(product.images.order_by("position").values_list("pk", flat=True)) == [second.pk, first.pk]
    from django.core.files.uploadedfile import SimpleUploadedFile

    refused = catalog_manager.post(url, {"image": SimpleUploadedFile("x.png", b"not an image")})
    assert refused.status_code == 400
    assert "not an image" in refused.content.decode()
    catalog_manager.post(f"{url}{first.pk}/remove/")
    assert list(product.images.values_list("pk", flat=True)) == [second.pk]


def test_import_with_a_bad_row_writes_nothing(account, catalog_manager):
    from django.core.files.uploadedfile import SimpleUploadedFile

    csv = "product_code,title,sku,base_price\nP-1,Good,P-1-A,10.00\nP-2,Bad,P-2-A,-3\n"
    response = catalog_manager.post(
        f"/catalog/{account.pk}/import/", {"file": SimpleUploadedFile("c.csv", csv.encode())}
    )
    assert response.status_code == 400
    problems = response.context["problems"]
    assert [(p["row"], p["column"]) for p in problems] == [(3, "base_price")]
    assert not Product.objects.filter(account=account).exists()


def test_bulk_preview_then_apply(account, catalog_manager):
    a = ProductFactory(account=account, code="A")
    b = ProductFactory(account=account, code="B")
    VariantFactory(product=a, sku="A-1", base_price=Decimal("10.00"))
    VariantFactory(product=b, sku="B-1", base_price=Decimal("20.00"))
    url = f"/catalog/{account.pk}/bulk/"
    data = {"products": [a.pk, b.pk], "action": "price_percent", "value": "-10"}
    preview = catalog_manager.post(url, data)
    assert preview.status_code == 200
    assert [(c["sku"], c["after"]) for c in preview.context["changes"]] == [("A-1", "9.00"), ("B-1", "18.00")]
    assert Variant.objects.get(sku="A-1").base_price == Decimal("10.00")  # preview saves nothing
    applied = catalog_manager.post(url, {**data, "apply": "1"})
    assert applied.status_code == 200 and applied.context["applied"]
    assert Variant.objects.get(sku="B-1").base_price == Decimal("18.00")

    # Activating needs a category: both refused, nothing saved.
    refused = catalog_manager.post(url, {"products": [a.pk, b.pk], "action": "activate", "apply": "1"})
    assert refused.status_code == 400
    assert {p["code"] for p in refused.context["problems"]} == {"A", "B"}
    assert set(Product.objects.values_list("status", flat=True)) == {ProductStatus.DRAFT}


def test_bulk_api_is_all_or_nothing(account, owner_client, api_url):
    category = CategoryFactory(account=account)
    ready = ProductFactory(account=account, code="OK", category=category)
    VariantFactory(product=ready, sku="OK-1")
    bare = ProductFactory(account=account, code="BARE")
    response = owner_client.post(
        api_url("catalog/bulk/"), {"products": [ready.pk, bare.pk], "action": "activate", "apply": True}, format="json"
    )
    assert response.status_code == 400
    assert "products.BARE" in response.json()["fields"]
    assert Product.objects.get(pk=ready.pk).status == ProductStatus.DRAFT
    ok = owner_client.post(
        api_url("catalog/bulk/"), {"products": [ready.pk], "action": "activate", "apply": True}, format="json"
    )
    assert ok.status_code == 200 and ok.json()["applied"] is True
    assert Product.objects.get(pk=ready.pk).status == ProductStatus.ACTIVE


def test_translator_reads_but_cannot_write(account, client):
    product = ProductFactory(account=account, code="P-1")
    translator = MembershipFactory(account=account, role=Role.TRANSLATOR)
    client.force_login(translator.user)
    assert client.get(f"/catalog/{account.pk}/").status_code == 200
    refused = client.post(f"/catalog/{account.pk}/products/{product.pk}/", {"title": "x"})
    assert refused.status_code == 403
    assert 'data-testid="error-403"' in refused.content.decode()


def test_other_account_is_404(account, other_account, catalog_manager):
    assert catalog_manager.get(f"/catalog/{other_account.pk}/").status_code == 404


def test_variant_weight_and_dimensions(account, catalog_manager):
    product = ProductFactory(account=account, code="BOX")
    variant = VariantFactory(product=product, sku="BOX-1")
    url = f"/catalog/{account.pk}/products/{product.pk}/variants/{variant.pk}/"
    partial = catalog_manager.post(url, {"sku": "BOX-1", "base_price": "5.00", "length": "10", "dimension_unit": "cm"})
    assert partial.status_code == 400 and "length, width and height together" in partial.content.decode()
    saved = catalog_manager.post(
        url,
        {
            "sku": "BOX-1",
            "base_price": "5.00",
            "weight": "250",
            "weight_unit": "g",
            "length": "10",
            "width": "8",
            "height": "2.5",
            "dimension_unit": "cm",
        },
    )
    assert saved.status_code == 302
    variant.refresh_from_db()
    assert (variant.weight, variant.length, variant.height, variant.dimension_unit) == (
        Decimal("250.000"),
        Decimal("10.00"),
        Decimal("2.50"),
        "cm",
    )
