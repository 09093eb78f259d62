"""The workbench pages: same locale rules as the API, the editor flow, imports, the Chinese interface."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hub.accounts.roles import Role
from i18n.models import I18nPolicy, Translation, TranslationStatus
from tests.factories.accounts import MembershipFactory

pytestmark = pytest.mark.django_db


def _editor(account, locale, unit):
    return reverse("i18n:editor", kwargs={"account_pk": account.pk, "locale": locale, "unit": unit})


def test_workbench_lists_only_the_translators_locales_with_counts(account, product, bullets, page_client):
    I18nPolicy.objects.create(account=account, target_locales=["de", "fr", "ja"])
    membership = MembershipFactory(account=account, role=Role.TRANSLATOR, locales=["de"])

    response = page_client(membership).get(reverse("i18n:workbench", args=[account.pk]))

    assert response.status_code == 200
    rows = [row["locale"] for row in response.context["locales"]]
    assert rows == ["de"]
    assert response.context["locales"][0]["counts"]["missing"] == 5
    assert b'data-locale="fr"' not in response.content


def test_translate_opens_the_workbench_of_the_account_worked_in(account, other_account, page_client, client):
    membership = MembershipFactory(account=account, role=Role.TRANSLATOR, locales=["de"])
    MembershipFactory(account=other_account, user=membership.user, role=Role.TRANSLATOR, locales=["ja"])
    page_client(membership)
    session = client.session
    session["account_pk"] = other_account.pk
    session.save()

    response = client.get("/translate/")

    assert response.status_code == 302
    assert response["Location"] == reverse("i18n:workbench", args=[other_account.pk])


def test_translate_sends_people_without_an_account_home(user, client):
    client.force_login(user)

    response = client.get("/translate/")

    assert (response.status_code, response["Location"]) == (302, reverse("home"))


def test_a_translator_for_de_cannot_open_or_post_fr_pages(account, product, page_client):
    membership = MembershipFactory(account=account, role=Role.TRANSLATOR, locales=["de"])
    client = page_client(membership)
    unit = f"product.{product.pk}.title"

    queue = client.get(reverse("i18n:queue", args=[account.pk, "fr"]))
    editor = client.get(_editor(account, "fr", unit))
    post = client.post(_editor(account, "fr", unit), {"action": "save", "text": "Bracelet"})
    upload = client.post(reverse("i18n:import", args=[account.pk, "fr"]), {})

    assert (queue.status_code, editor.status_code, post.status_code, upload.status_code) == (404, 404, 403, 403)
    assert Translation.objects.count() == 0


def test_roles_without_translations_and_strangers_are_kept_out(account, other_account, page_client):
    logistics = MembershipFactory(account=account, role=Role.LOGISTICS)
    stranger = MembershipFactory(account=other_account, role=Role.OWNER)

    assert page_client(logistics).get(reverse("i18n:workbench", args=[account.pk])).status_code == 403
    assert page_client(stranger).get(reverse("i18n:workbench", args=[account.pk])).status_code == 404


def test_editor_shows_source_counters_and_saves(account, product, page_client):
    membership = MembershipFactory(account=account, role=Role.TRANSLATOR, locales=["de"])
    client = page_client(membership)
    url = _editor(account, "de", f"product.{product.pk}.title")

    page = client.get(url)
    saved = client.post(url + "?queue=missing", {"action": "submit", "text": "Acme Armband aus Stahl"})

    assert page.status_code == 200
    assert b"Acme steel bracelet" in page.content
    assert b'data-testid="counter-amazon-chars-200">0</span>' in page.content
    assert saved.status_code == 302
    assert saved["Location"] == url + "?queue=missing"
    translation = Translation.objects.get()
    assert (translation.text, translation.status, translation.translated_by) == (
        "Acme Armband aus Stahl",
        TranslationStatus.NEEDS_REVIEW,
        membership.user,
    )
    again = client.get(url)
    assert b'data-testid="counter-amazon-chars-200">22</span>' in again.content


def test_editor_reports_an_error_and_keeps_the_typed_text(account, product, page_client):
    membership = MembershipFactory(account=account, role=Role.OWNER)
    url = _editor(account, "de", f"product.{product.pk}.description")

    response = page_client(membership).post(url, {"action": "save", "text": "<p>Gut <script>x</script></p>"})

    assert response.status_code == 200
    assert "<p>Gut <script>x</script></p>" in response.context["text"]
    assert b"&lt;script&gt; is not allowed" in response.content
    assert Translation.objects.count() == 0


def test_reviewer_approves_on_the_page(account, product, page_client, client):
    author = MembershipFactory(account=account, role=Role.TRANSLATOR, locales=["de"])
    reviewer = MembershipFactory(account=account, role=Role.CATALOG)
    url = _editor(account, "de", f"product.{product.pk}.title")
    page_client(author).post(url, {"action": "submit", "text": "Acme Armband"})
    client.logout()

    response = page_client(reviewer).post(url, {"action": "approve"})

    assert response.status_code == 302
    translation = Translation.objects.get()
    assert (translation.status, translation.reviewed_by) == (TranslationStatus.APPROVED, reviewer.user)


def test_page_import_of_a_bad_file_lists_the_rows(account, product, page_client):
    membership = MembershipFactory(account=account, role=Role.TRANSLATOR, locales=["de"])
    upload = SimpleUploadedFile("de.po", b'msgid "a"\nmsgstr "b\n', content_type="text/plain")

    response = page_client(membership).post(reverse("i18n:import", args=[account.pk, "de"]), {"file": upload})

    assert response.status_code == 400
    assert response.context["error_rows"] == [
        {"row": 2, "column": 1, "message": "Broken quoted text (unescaped quote or bad escape)."}
    ]


def test_chinese_interface_renders(account, product, page_client, client, compiled_catalogs):
    membership = MembershipFactory(account=account, role=Role.TRANSLATOR, locales=["de"])
    page_client(membership)

    switched = client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    home = client.get("/")
    workbench = client.get(reverse("i18n:workbench", args=[account.pk]))

    assert switched.status_code == 302
    assert home.content.decode().count("您的卖家账户") == 1
    assert '<html lang="zh-hans">' in home.content.decode()
    assert "翻译工作台" in workbench.content.decode()
    assert "德语" in workbench.content.decode()  # the locale's name, in Chinese, from Babel


def test_english_stays_the_default(account, page_client):
    membership = MembershipFactory(account=account, role=Role.OWNER)

    home = page_client(membership).get("/")

    assert "Your seller accounts" in home.content.decode()
    assert "您的卖家账户" not in home.content.decode()


def test_nav_links_to_the_workbench_except_for_logistics(account, page_client, client):
    translator = MembershipFactory(account=account, role=Role.TRANSLATOR, locales=["de"])
    logistics = MembershipFactory(account=account, role=Role.LOGISTICS)

    with_link = page_client(translator).get("/").content.decode()
    client.logout()
    without_link = page_client(logistics).get("/").content.decode()

    assert f'href="/translate/{account.pk}/" data-testid="nav-translations"' in with_link
    assert "nav-translations" not in without_link
