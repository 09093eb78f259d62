"""Translators see and edit only their locales: API and pages both enforce it."""

import pytest

from hub.accounts.roles import Role
from i18n.access import locale_can_read, locale_can_write
from i18n.models import Translation, TranslationStatus
from tests.factories.accounts import MembershipFactory

pytestmark = pytest.mark.django_db


def _save(client, text_url, unit, locale, text):
    return client.put(text_url(unit, locale), {"text": text}, format="json")


def test_translator_for_de_reads_and_writes_de(product, translator, text_url):
    client = translator(["de"])

    saved = _save(client, text_url, f"product.{product.pk}.title", "de", "Acme Armband aus Stahl")
    read = client.get(text_url(f"product.{product.pk}.title", "de"))

    assert saved.status_code == 200, saved.json()
    assert read.status_code == 200
    assert read.json()["text"] == "Acme Armband aus Stahl"
    assert read.json()["status"] == "draft"
    assert read.json()["source"]["text"] == "Acme steel bracelet"


def test_translator_for_de_cannot_read_fr(product, translator, owner_client, text_url):
    _save(owner_client, text_url, f"product.{product.pk}.title", "fr", "Bracelet Acme en acier")
    client = translator(["de"])

    response = client.get(text_url(f"product.{product.pk}.title", "fr"))
    comments = client.get(text_url(f"product.{product.pk}.title", "fr", "comments/"))

    assert response.status_code == 404
    assert comments.status_code == 404


def test_translator_for_de_cannot_write_fr(product, translator, text_url):
    client = translator(["de"])

    response = _save(client, text_url, f"product.{product.pk}.title", "fr", "Bracelet")
    approve = client.post(text_url(f"product.{product.pk}.title", "fr", "approve/"), {}, format="json")

    assert response.status_code == 403
    assert response.json()["code"] == "locale_not_assigned"
    assert approve.status_code == 403
    assert Translation.objects.count() == 0


def test_lists_never_show_other_locales(product, translator, owner_client, api_url, text_url):
    _save(owner_client, text_url, f"product.{product.pk}.title", "fr", "Bracelet Acme")
    owner_client.patch(api_url("i18n/policy/"), {"target_locales": ["de", "fr"]}, format="json")
    client = translator(["de"])

    listed = client.get(api_url("i18n/texts/"), {"locale": "fr", "queue": "all"})
    queues = client.get(api_url("i18n/queues/"))
    locales = client.get(api_url("i18n/locales/"))

    assert listed.status_code == 200
    assert listed.json()["count"] == 0
    assert listed.json()["results"] == []
    assert [row["locale"] for row in queues.json()] == ["de"]
    assert [row["locale"] for row in locales.json()["locales"]] == ["de"]


def test_exchange_files_respect_assignment(product, translator, api_url):
    client = translator(["de"])

    export = client.get(api_url("i18n/exchange/fr/export/"), {"file_format": "po"})
    upload = client.post(api_url("i18n/exchange/fr/import/"), {"file": _po_file()}, format="multipart")

    assert export.status_code == 404
    assert upload.status_code == 403


def _po_file():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("fr.po", b'msgid ""\nmsgstr ""\n"Language: fr\\n"\n', content_type="text/plain")


@pytest.mark.parametrize(
    ("assigned", "locale", "allowed"),
    [
        pytest.param("de", "de", True, id="de-covers-de"),
        pytest.param("de", "de_AT", True, id="de-covers-de_AT"),
        pytest.param("de", "de_DE", True, id="de-covers-de_DE"),
        pytest.param("de_AT", "de_AT", True, id="de_AT-covers-itself"),
        pytest.param("de_AT", "de", False, id="de_AT-not-de"),
        pytest.param("de_AT", "de_DE", False, id="de_AT-not-de_DE"),
        pytest.param("de", "fr", False, id="de-not-fr"),
        pytest.param("zh_Hans", "zh_Hans_CN", True, id="script-covers-territory"),
    ],
)
def test_assignment_covers_variants(account, assigned, locale, allowed):
    membership = MembershipFactory(account=account, role=Role.TRANSLATOR, locales=[assigned])

    assert locale_can_read(membership, locale) is allowed
    assert locale_can_write(membership, locale) is allowed


def test_manager_reads_every_locale_but_writes_none(product, member_client, owner_client, text_url):
    _save(owner_client, text_url, f"product.{product.pk}.title", "ja", "Acme スチールブレスレット")
    manager = member_client(Role.MANAGER)

    read = manager.get(text_url(f"product.{product.pk}.title", "ja"))
    write = _save(manager, text_url, f"product.{product.pk}.title", "ja", "変更")

    assert read.status_code == 200
    assert write.status_code == 403
    assert Translation.objects.get().text == "Acme スチールブレスレット"


def test_logistics_has_no_access_to_translations(product, member_client, api_url, text_url):
    client = member_client(Role.LOGISTICS)

    assert client.get(api_url("i18n/queues/")).status_code == 403
    assert client.get(text_url(f"product.{product.pk}.title", "de")).status_code == 403


def test_other_accounts_texts_answer_404(product, other_account, member_client, text_url, api_url):
    stranger = member_client(Role.OWNER, target=other_account)

    own_account = stranger.get(api_url("i18n/queues/"))
    foreign_unit = stranger.get(f"/api/accounts/{other_account.pk}/i18n/texts/product.{product.pk}.title/de/")
    foreign_write = stranger.put(
        f"/api/accounts/{other_account.pk}/i18n/texts/product.{product.pk}.title/de/", {"text": "x"}, format="json"
    )

    assert own_account.status_code == 404
    assert foreign_unit.status_code == 404
    assert foreign_write.status_code == 404
    assert Translation.objects.filter(status=TranslationStatus.DRAFT).count() == 0
