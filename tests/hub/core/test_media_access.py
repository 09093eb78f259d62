"""Product images are private to the account: members (session) see them, a stranger and another
account's member get 404; a signed, expiring URL (for marketplaces and API clients) works for
exactly its file until it expires; on S3 the URL is presigned."""

import time

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from hub.accounts.roles import Role
from hub.core.media import media_url_signed
from tests.factories.accounts import MembershipFactory, SellerAccountFactory, UserFactory
from tests.hub.support import png_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def stored(account):
    name = default_storage.save(f"accounts/{account.pk}/products/109/front.png", ContentFile(png_bytes()))
    return name


def _login(client, account, role=Role.TRANSLATOR):
    membership = MembershipFactory(
        account=account, role=role, **({"locales": ["de"]} if role == Role.TRANSLATOR else {})
    )
    client.force_login(membership.user)
    return client


def test_a_member_sees_the_accounts_image(client, account, stored):
    response = _login(client, account).get(f"/media/{stored}")

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == png_bytes()
    assert "private" in response["Cache-Control"]


def test_a_stranger_gets_404(client, account, stored):
    assert client.get(f"/media/{stored}").status_code == 404


def test_another_accounts_member_gets_404(client, account, stored):
    _login(client, SellerAccountFactory(name="Other"), Role.OWNER)

    assert client.get(f"/media/{stored}").status_code == 404


def test_a_logged_in_user_without_membership_gets_404(client, account, stored):
    client.force_login(UserFactory())

    assert client.get(f"/media/{stored}").status_code == 404


@pytest.mark.parametrize("path", ["../settings.py", "accounts/../../etc/passwd", "other/file.png", "accounts/x/y.png"])
def test_paths_outside_account_media_are_404(client, account, stored, path):
    _login(client, account, Role.OWNER)

    assert client.get(f"/media/{path}").status_code in (400, 404)


def test_a_signed_url_works_without_a_session_for_exactly_its_file(client, account, stored):
    url = media_url_signed(stored)

    assert url.startswith(f"/media/{stored}?token=")
    assert client.get(url).status_code == 200
    other = default_storage.save(f"accounts/{account.pk}/products/109/back.png", ContentFile(png_bytes()))
    token = url.split("?token=")[1]
    assert client.get(f"/media/{other}?token={token}").status_code == 404
    assert client.get(f"/media/{stored}?token={token}x").status_code == 404


def test_a_signed_url_expires(client, account, stored, monkeypatch):
    url = media_url_signed(stored, expires_in=60)
    assert client.get(url).status_code == 200

    later = time.time() + 61
    monkeypatch.setattr("hub.core.media.time.time", lambda: later)

    assert client.get(url).status_code == 404


def test_the_api_gives_image_urls_that_work_without_a_session(owner_client, api_url, account, client):
    from hub.catalog.services import product_image_add
    from tests.factories.catalog import ProductFactory
    from tests.hub.support import png_upload

    product = ProductFactory(account=account)
    image = product_image_add(product=product, file=png_upload())

    url = owner_client.get(api_url(f"catalog/products/{product.pk}/images/")).json()[0]["url"]

    assert image.image.name in url
    assert client.get(url.removeprefix("http://testserver")).status_code == 200
