"""Images through django-storages' S3 backend, against moto's S3 server on loopback."""

import boto3
import pytest
from moto.server import ThreadedMotoServer

from hub.catalog.models import ProductImage
from tests.factories.catalog import ProductFactory
from tests.hub.support import png_bytes

pytestmark = pytest.mark.integration

BUCKET = "hub-images"
CREDENTIALS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing", "region_name": "us-east-1"}


@pytest.fixture
def s3_endpoint():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    try:
        boto3.client("s3", endpoint_url=endpoint, **CREDENTIALS).create_bucket(Bucket=BUCKET)
        yield endpoint
    finally:
        server.stop()


@pytest.fixture
def s3_storage(settings, s3_endpoint):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": s3_endpoint,
                "region_name": "us-east-1",
                "access_key": "testing",
                "secret_key": "testing",
                "default_acl": None,
                "file_overwrite": False,
                "querystring_auth": True,
            },
        },
    }
    return s3_endpoint


def test_uploaded_image_is_stored_in_s3(owner_client, api_url, account, s3_storage):
    from django.core.files.uploadedfile import SimpleUploadedFile

    product = ProductFactory(account=account, code="S3")
    content = png_bytes(width=6, height=2, colour=(0, 128, 255))

    response = owner_client.post(
        api_url(f"catalog/products/{product.pk}/images/"),
        {"image": SimpleUploadedFile("cloud.png", content, "image/png")},
        format="multipart",
    )

    assert response.status_code == 201, response.json()
    key = f"accounts/{account.pk}/products/{product.pk}/cloud.png"
    assert ProductImage.objects.get(pk=response.json()["id"]).image.name == key
    assert (response.json()["width"], response.json()["height"]) == (6, 2)
    assert response.json()["url"].startswith(f"{s3_storage}/{BUCKET}/{key}?")
    # Presigned (the bucket is private) and expiring.
    assert "Signature=" in response.json()["url"] or "X-Amz-Signature=" in response.json()["url"]
    from hub.core.media import media_url_signed

    assert "Expires=" in media_url_signed(key, expires_in=120) or "X-Amz-Expires=120" in media_url_signed(key, 120)
    stored = boto3.client("s3", endpoint_url=s3_storage, **CREDENTIALS).get_object(Bucket=BUCKET, Key=key)
    assert stored["Body"].read() == content
