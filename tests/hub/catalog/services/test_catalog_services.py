from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from hub.catalog import services
from hub.catalog.models import Category, Product, ProductStatus, Variant
from hub.core.exceptions import ConflictError
from tests.factories.catalog import (
    AttributeFactory,
    AttributeOptionFactory,
    CategoryAttributeFactory,
    CategoryFactory,
    ProductFactory,
    VariantFactory,
)
from tests.hub.support import png_upload


def test_moving_a_category_moves_its_subtree(account):
    home = services.category_create(account=account, name="Home")
    garden = services.category_create(account=account, name="Garden")
    tools = services.category_create(account=account, name="Tools", parent=home)
    services.category_create(account=account, name="Spades", parent=tools)

    services.category_update(category=tools, parent=garden)

    assert list(Category.objects.filter(account=account).order_by("path").values_list("path", "depth")) == [
        ("Garden", 0),
        ("Garden > Tools", 1),
        ("Garden > Tools > Spades", 2),
        ("Home", 0),
    ]


def test_moving_onto_an_existing_path_is_refused(account):
    home = services.category_create(account=account, name="Home")
    services.category_create(account=account, name="Tools", parent=home)
    tools = services.category_create(account=account, name="Tools")

    with pytest.raises(ValidationError) as raised:
        services.category_update(category=tools, parent=home)

    assert raised.value.message_dict == {"name": ["'Home > Tools' exists already."]}


def test_category_of_another_account_cannot_be_a_parent(account, other_account):
    theirs = CategoryFactory(account=other_account)

    with pytest.raises(ValidationError) as raised:
        services.category_create(account=account, name="Mine", parent=theirs)

    assert raised.value.message_dict == {"parent": ["Unknown category."]}


def test_category_delete_with_children_is_a_conflict(account):
    root = services.category_create(account=account, name="Root")
    services.category_create(account=account, name="Leaf", parent=root)

    with pytest.raises(ConflictError):
        services.category_delete(category=root)

    assert Category.objects.filter(account=account).count() == 2


@pytest.fixture
def shoes(account):
    category = CategoryFactory(account=account, name="Shoes")
    size = AttributeFactory(account=account, code="size", kind="enum")
    for value in ("38", "39"):
        AttributeOptionFactory(attribute=size, value=value)
    CategoryAttributeFactory(category=category, attribute=size, is_variation=True, is_required=True)
    brand_line = AttributeFactory(account=account, code="line", kind="text")
    CategoryAttributeFactory(category=category, attribute=brand_line, is_required=True)
    return category


def test_activating_checks_required_attributes(account, shoes):
    product = services.product_create(
        account=account,
        data={"code": "S", "title": "Shoe", "category": shoes.pk, "variants": [{"sku": "S-1", "base_price": "10"}]},
    )

    with pytest.raises(ValidationError) as raised:
        services.product_update(product=product, data={"status": ProductStatus.ACTIVE})

    assert raised.value.message_dict == {
        "attributes.line": ["This attribute is required for this category."],
        "variants.S-1.attributes.size": ["This attribute is required for this category."],
    }
    product.refresh_from_db()
    assert product.status == "draft"


def test_complete_product_can_be_activated(account, shoes):
    product = services.product_create(
        account=account,
        data={
            "code": "S",
            "title": "Shoe",
            "category": "Shoes",
            "attributes": {"line": "Runner"},
            "variants": [
                {"sku": "S-38", "base_price": "10", "attributes": {"size": "38"}},
                {"sku": "S-39", "base_price": "10", "attributes": {"size": "39"}},
            ],
        },
    )

    services.product_update(product=product, data={"status": ProductStatus.ACTIVE})

    product.refresh_from_db()
    assert product.status == "active"


def test_variants_of_one_product_must_differ(account, shoes):
    with pytest.raises(ValidationError) as raised:
        services.product_create(
            account=account,
            data={
                "code": "S",
                "title": "Shoe",
                "category": "Shoes",
                "variants": [
                    {"sku": "A", "base_price": "1", "attributes": {"size": "38"}},
                    {"sku": "B", "base_price": "1", "attributes": {"size": "38"}},
                ],
            },
        )

    assert raised.value.message_dict == {"variants": ["Variants A and B have the same variation values."]}
    assert Product.objects.count() == 0


def test_variant_price_follows_the_account_currency(account):
    variant = VariantFactory(product=ProductFactory(account=account), currency="EUR")

    services.variant_update(variant=variant, data={"base_price": "5.5"})

    variant.refresh_from_db()
    assert (variant.currency, variant.base_price) == ("USD", Decimal("5.500"))


def test_exempt_variant_refuses_a_gtin(account):
    variant = VariantFactory(product=ProductFactory(account=account), gtin_exempt=True)

    with pytest.raises(ValidationError) as raised:
        services.variant_update(variant=variant, data={"gtin": "4006381333931"})

    assert raised.value.message_dict == {"gtin": ["A GTIN-exempt variant has no GTIN."]}


def test_new_variant_goes_last(account):
    product = ProductFactory(account=account)
    VariantFactory(product=product, position=4)

    variant = services.variant_create(product=product, data={"sku": "LAST", "base_price": "1"})

    assert variant.position == 5


def test_image_positions_and_reorder(account):
    product = ProductFactory(account=account)
    first = services.product_image_add(product=product, file=png_upload("a.png", colour=(1, 1, 1)))
    second = services.product_image_add(product=product, file=png_upload("b.png", colour=(2, 2, 2)))
    assert (first.position, second.position) == (1, 2)

    services.product_images_reorder(product=product, image_ids=[second.pk, first.pk])

    assert list(product.images.order_by("position").values_list("pk", "position")) == [(second.pk, 0), (first.pk, 1)]


def test_non_image_is_refused_by_the_service(account):
    from django.core.files.uploadedfile import SimpleUploadedFile

    with pytest.raises(ValidationError) as raised:
        services.product_image_add(
            product=ProductFactory(account=account), file=SimpleUploadedFile("x.png", b"GIF89a not really")
        )

    assert raised.value.message_dict == {"image": ["This file is not an image (JPEG, PNG, WebP or GIF)."]}


def test_products_of_an_account_keep_their_own_skus(account, other_account):
    services.product_create(
        account=account, data={"code": "P", "title": "T", "variants": [{"sku": "SAME", "base_price": "1"}]}
    )
    services.product_create(
        account=other_account, data={"code": "P", "title": "T", "variants": [{"sku": "SAME", "base_price": "1"}]}
    )

    assert Variant.objects.filter(sku="SAME").count() == 2
