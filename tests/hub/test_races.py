"""Races answer 409 or wait and succeed — never 500 — on PostgreSQL with real concurrency: a
holder thread keeps an uncommitted row (an e-mail, a product code, a SKU, a first translation);
the request thread's uniqueness check cannot see it, so its insert waits on the unique index
until the holder commits. Two imports of one file into one account run at the same time."""

import threading
import time

import pytest
from django.db import connection, connections, transaction
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from hub.accounts.models import User
from hub.accounts.roles import Role
from hub.catalog.models import Product, Variant
from i18n.models import Translation
from tests.factories.accounts import MembershipFactory
from tests.factories.catalog import ProductFactory, VariantFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
SHAPE = {"message", "code", "fields", "extra"}


@pytest.fixture(autouse=True)
def _postgres():
    if connection.vendor != "postgresql":
        pytest.fail("The race tests need PostgreSQL (make test).")


def _someone_waits_on_a_lock(deadline_seconds=30.0) -> bool:
    deadline = time.monotonic() + deadline_seconds
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
            )
            if cursor.fetchone()[0]:
                return True
            time.sleep(0.02)
    return False


def _race(hold, request):
    """`hold()` runs in a transaction that stays open until `request()` waits on its lock."""
    inserted, release, result = threading.Event(), threading.Event(), {}

    def holder():
        try:
            with transaction.atomic():
                hold()
                inserted.set()
                release.wait(30)
        finally:
            connections.close_all()

    def requester():
        try:
            result["response"] = request()
        except Exception as error:
            result["error"] = error
        finally:
            connections.close_all()

    first = threading.Thread(target=holder)
    first.start()
    assert inserted.wait(30)
    second = threading.Thread(target=requester)
    second.start()
    waited = _someone_waits_on_a_lock()
    release.set()
    first.join(30)
    second.join(30)
    assert waited, "the request never waited on the holder's row: not a race"
    assert "error" not in result, result.get("error")
    return result["response"]


def _api(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


def _register_body():
    return {"email": "same@example.com", "password": "a-Long-pass-2026", "full_name": "Twin"}


def test_two_registrations_of_one_email_api(db):
    response = _race(
        lambda: User.objects.create_user(email="same@example.com", password="x" * 12),
        lambda: APIClient().post("/api/auth/register/", _register_body(), format="json"),
    )

    assert response.status_code == 409, response.content
    assert set(response.json()) == SHAPE
    assert "email" in response.json()["fields"]
    assert User.objects.filter(email="same@example.com").count() == 1


def test_two_registrations_of_one_email_page(db):
    body = {"email": "same@example.com", "password": "a-Long-pass-2026", "full_name": "Twin"}
    response = _race(
        lambda: User.objects.create_user(email="same@example.com", password="x" * 12),
        lambda: Client().post("/register/", body),
    )

    assert response.status_code == 200  # the form again, with the message at the e-mail field
    assert "already exists" in response.content.decode()


def test_two_creates_of_one_product_code(db):
    owner = MembershipFactory(role=Role.OWNER)
    account = owner.account
    response = _race(
        lambda: Product.objects.create(account=account, code="DUP", title="First"),
        lambda: _api(owner.user).post(
            f"/api/accounts/{account.pk}/catalog/products/", {"code": "DUP", "title": "Second"}, format="json"
        ),
    )

    assert response.status_code == 409, response.content
    assert set(response.json()) == SHAPE
    assert Product.objects.filter(account=account, code="DUP").count() == 1


def test_two_creates_of_one_sku(db):
    owner = MembershipFactory(role=Role.OWNER)
    account = owner.account
    product = ProductFactory(account=account, code="MUG")
    response = _race(
        lambda: VariantFactory(product=product, sku="MUG-1"),
        lambda: _api(owner.user).post(
            f"/api/accounts/{account.pk}/catalog/variants/",
            {"product": product.pk, "sku": "MUG-1", "base_price": "9.99"},
            format="json",
        ),
    )

    assert response.status_code == 409, response.content
    assert Variant.objects.filter(account=account, sku="MUG-1").count() == 1


def test_the_first_save_of_one_translation_twice_waits_and_succeeds(db):
    owner = MembershipFactory(role=Role.OWNER)
    account = owner.account
    product = ProductFactory(account=account, code="P", title="Steel bracelet")
    other = MembershipFactory(account=account, role=Role.TRANSLATOR, locales=["de"])

    def first_save():
        from i18n.keys import unit_ref_parse
        from i18n.services import translation_save

        translation_save(membership=other, ref=unit_ref_parse(f"product.{product.pk}.title"), locale="de", text="Erst")

    response = _race(
        first_save,
        lambda: _api(owner.user).put(
            f"/api/accounts/{account.pk}/i18n/texts/product.{product.pk}.title/de/", {"text": "Zweit"}, format="json"
        ),
    )

    assert response.status_code == 200, response.content
    assert list(Translation.objects.filter(product=product, locale="de").values_list("text", flat=True)) == ["Zweit"]


def test_two_imports_of_one_file_into_one_account_both_succeed(db):
    owner = MembershipFactory(role=Role.OWNER)
    account = owner.account
    rows = ["product_code,title,sku,base_price"] + [f"P-{i},Product {i},SKU-{i},{i}.50" for i in range(150)]
    content = ("\n".join(rows) + "\n").encode()
    start, results = threading.Barrier(2), []

    def run():
        from django.core.files.uploadedfile import SimpleUploadedFile

        try:
            start.wait(30)
            upload = SimpleUploadedFile("catalog.csv", content, content_type="text/csv")
            results.append(
                _api(owner.user).post(
                    f"/api/accounts/{account.pk}/catalog/import/", {"file": upload}, format="multipart"
                )
            )
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)

    assert sorted(response.status_code for response in results) == [200, 200], [r.content[:300] for r in results]
    created = sorted(response.json()["variants_created"] for response in results)
    assert created == [0, 150]
    assert Variant.objects.filter(account=account).count() == 150
