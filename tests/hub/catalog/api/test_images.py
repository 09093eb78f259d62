import hashlib
import io
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from hub.catalog.models import ProductImage
from tests.factories.catalog import ProductFactory, VariantFactory
from tests.hub.support import png_bytes, png_upload


@pytest.fixture
def product(account):
    return ProductFactory(account=account, code="LAMP")


def _upload(client, api_url, product, **data):
    return client.post(api_url(f"catalog/products/{product.pk}/images/"), data, format="multipart")


def test_upload_an_image(owner_client, api_url, product, settings, tmp_path):
    content = png_bytes(width=8, height=5)

    response = _upload(
        owner_client, api_url, product, image=SimpleUploadedFile("lamp.png", content, "image/png"), alt_text="Lamp"
    )

    assert response.status_code == 201, response.json()
    data = response.json()
    image = ProductImage.objects.get(pk=data["id"])
    assert {k: data[k] for k in ("variant", "alt_text", "position", "width", "height", "sha256")} == {
        "variant": None,
        "alt_text": "Lamp",
        "position": 1,
        "width": 8,
        "height": 5,
        "sha256": hashlib.sha256(content).hexdigest(),
    }
    assert image.image.name == f"accounts/{product.account_id}/products/{product.pk}/lamp.png"
    assert data["url"].startswith(f"http://testserver/media/{image.image.name}?token=")
    with open(f"{settings.MEDIA_ROOT}/{image.image.name}", "rb") as stored:
        assert stored.read() == content


def test_upload_an_image_of_one_variant(owner_client, api_url, product):
    variant = VariantFactory(product=product)

    response = _upload(owner_client, api_url, product, image=png_upload(), variant=variant.pk)

    assert response.status_code == 201
    assert response.json()["variant"] == variant.pk


def test_variant_of_another_product_is_refused(owner_client, api_url, account, product):
    stranger = VariantFactory(product=ProductFactory(account=account))

    response = _upload(owner_client, api_url, product, image=png_upload(), variant=stranger.pk)

    assert response.status_code == 400
    assert response.json()["fields"] == {"variant": ["This variant belongs to another product."]}
    assert ProductImage.objects.count() == 0


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        pytest.param(
            SimpleUploadedFile("notes.png", b"just some text", "image/png"),
            "Upload a valid image. The file you uploaded was either not an image or a corrupted image.",
            id="text-named-png",
        ),
        pytest.param(
            SimpleUploadedFile("doc.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "application/pdf"),
            "Upload a valid image. The file you uploaded was either not an image or a corrupted image.",
            id="pdf",
        ),
    ],
)
def test_a_file_that_is_not_an_image_is_refused(owner_client, api_url, product, upload, message):
    response = _upload(owner_client, api_url, product, image=upload)

    assert response.status_code == 400
    assert response.json()["fields"] == {"image": [message]}
    assert ProductImage.objects.count() == 0


def test_the_same_image_twice_is_refused(owner_client, api_url, product):
    _upload(owner_client, api_url, product, image=png_upload("a.png"))

    response = _upload(owner_client, api_url, product, image=png_upload("b.png"))

    assert response.status_code == 400
    assert response.json()["fields"] == {"image": ["This image is attached already."]}
    assert ProductImage.objects.count() == 1


def test_image_over_the_size_limit_is_refused(owner_client, api_url, product, settings):
    settings.IMAGE_MAX_BYTES = 1024 * 1024
    buffer = io.BytesIO()
    Image.frombytes("RGB", (700, 700), os.urandom(700 * 700 * 3)).save(buffer, format="PNG")  # noise: ~1.4 MB
    assert buffer.tell() > settings.IMAGE_MAX_BYTES

    response = _upload(
        owner_client, api_url, product, image=SimpleUploadedFile("big.png", buffer.getvalue(), "image/png")
    )

    assert response.status_code == 400
    assert response.json()["fields"] == {"image": ["Images are limited to 1 MB."]}
    assert ProductImage.objects.count() == 0


def test_order_images(owner_client, api_url, product):
    ids = [
        _upload(owner_client, api_url, product, image=png_upload(f"{n}.png", colour=(n, n, n))).json()["id"]
        for n in range(3)
    ]

    response = owner_client.post(
        api_url(f"catalog/products/{product.pk}/images/order/"), {"image_ids": [ids[2], ids[0], ids[1]]}, format="json"
    )
    listed = owner_client.get(api_url(f"catalog/products/{product.pk}/images/"))

    assert response.status_code == 200
    assert [(row["id"], row["position"]) for row in response.json()] == [(ids[2], 0), (ids[0], 1), (ids[1], 2)]
    assert [row["id"] for row in listed.json()] == [ids[2], ids[0], ids[1]]
    detail = owner_client.get(api_url(f"catalog/products/{product.pk}/"))
    assert [row["id"] for row in detail.json()["images"]] == [ids[2], ids[0], ids[1]]


@pytest.mark.parametrize(
    "order",
    [pytest.param("missing-one", id="missing-one"), pytest.param("twice", id="listed-twice")],
)
def test_order_must_list_every_image_once(owner_client, api_url, product, order):
    ids = [
        _upload(owner_client, api_url, product, image=png_upload(f"{n}.png", colour=(n, 0, 0))).json()["id"]
        for n in range(2)
    ]
    image_ids = ids[:1] if order == "missing-one" else [ids[0], ids[0], ids[1]]

    response = owner_client.post(
        api_url(f"catalog/products/{product.pk}/images/order/"), {"image_ids": image_ids}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["fields"] == {"image_ids": ["List every image of the product exactly once."]}
    assert list(ProductImage.objects.order_by("pk").values_list("position", flat=True)) == [1, 2]


def test_delete_an_image_removes_the_file(owner_client, api_url, product, settings, django_capture_on_commit_callbacks):
    data = _upload(owner_client, api_url, product, image=png_upload()).json()
    name = ProductImage.objects.get(pk=data["id"]).image.name

    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.delete(api_url(f"catalog/products/{product.pk}/images/{data['id']}/"))

    assert response.status_code == 204
    assert ProductImage.objects.count() == 0
    from django.core.files.storage import default_storage

    assert default_storage.exists(name) is False


def test_edit_alt_text(owner_client, api_url, product):
    data = _upload(owner_client, api_url, product, image=png_upload()).json()

    response = owner_client.patch(
        api_url(f"catalog/products/{product.pk}/images/{data['id']}/"), {"alt_text": "Lit lamp"}, format="json"
    )

    assert (response.status_code, response.json()["alt_text"]) == (200, "Lit lamp")
