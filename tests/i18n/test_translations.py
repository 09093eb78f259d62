"""Saving, reviewing and the derived "outdated" state of translations."""

import pytest

from hub.accounts.roles import Role
from i18n.keys import source_hash
from i18n.models import GlossaryKind, GlossaryTerm, I18nPolicy, Translation, TranslationComment
from i18n.selectors import Queue, queue_counts, text_unit_page

pytestmark = pytest.mark.django_db


def test_source_change_makes_translation_outdated(account, product, translator, text_url):
    client = translator(["de"])
    unit = f"product.{product.pk}.title"
    client.put(text_url(unit, "de"), {"text": "Acme Armband aus Stahl"}, format="json")

    product.title = "Acme titanium bracelet"
    product.save(update_fields=["title"])
    response = client.get(text_url(unit, "de"))

    data = response.json()
    assert data["is_outdated"] is True
    assert data["previous_source_text"] == "Acme steel bracelet"
    assert data["source"]["text"] == "Acme titanium bracelet"
    assert data["text"] == "Acme Armband aus Stahl"
    assert queue_counts(account=account, locale="de")["outdated"] == 1
    total, units = text_unit_page(account=account, locale="de", queue=Queue.OUTDATED)
    assert (total, [u.unit for u in units]) == (1, [unit])


def test_saving_against_the_new_source_clears_outdated(account, product, translator, text_url):
    client = translator(["de"])
    unit = f"product.{product.pk}.title"
    client.put(text_url(unit, "de"), {"text": "Acme Armband aus Stahl"}, format="json")
    product.title = "Acme titanium bracelet"
    product.save(update_fields=["title"])

    response = client.put(text_url(unit, "de"), {"text": "Acme Armband aus Titan"}, format="json")

    assert response.json()["is_outdated"] is False
    row = Translation.objects.get()
    assert row.source_text == "Acme titanium bracelet"
    assert row.source_hash == source_hash("Acme titanium bracelet")
    assert queue_counts(account=account, locale="de")["outdated"] == 0


def test_i18n_owned_source_change_makes_bullet_translation_outdated(account, product, bullets, translator, text_url):
    client = translator(["de"])
    unit = f"product.{product.pk}.bullet.1"
    client.put(text_url(unit, "de"), {"text": "Geschenkbox inklusive"}, format="json")

    bullets[1].text = "Gift box and pouch included"
    bullets[1].save(update_fields=["text"])

    assert client.get(text_url(unit, "de")).json()["is_outdated"] is True
    assert client.get(text_url(f"product.{product.pk}.bullet.0", "de")).json()["status"] == "missing"


def test_queues_count_missing_units_per_locale(account, product, bullets, variant, translator, text_url):
    client = translator(["de"])
    client.put(text_url(f"product.{product.pk}.title", "de"), {"text": "Armband"}, format="json")
    client.put(text_url(f"product.{product.pk}.keywords", "de"), {"text": "Armband\nArmreif"}, format="json")

    counts = queue_counts(account=account, locale="de")
    total, units = text_unit_page(account=account, locale="de", queue=Queue.MISSING)

    # title, description, 2 bullets, keywords = 5 units; 2 translated.
    assert counts == {"missing": 3, "outdated": 0, "draft": 2, "needs_review": 0, "approved": 0}
    assert total == 3
    assert [u.unit for u in units] == [
        f"product.{product.pk}.description",
        f"product.{product.pk}.bullet.0",
        f"product.{product.pk}.bullet.1",
    ]


def test_submit_then_approve_by_a_reviewer(product, translator, member_client, text_url):
    author = translator(["de"])
    reviewer = member_client(Role.CATALOG)
    unit = f"product.{product.pk}.title"

    submitted = author.put(text_url(unit, "de"), {"text": "Acme Armband", "submit": True}, format="json")
    approved = reviewer.post(text_url(unit, "de", "approve/"), {}, format="json")

    assert submitted.json()["status"] == "needs_review"
    assert approved.status_code == 200
    assert approved.json()["status"] == "approved"
    assert approved.json()["translated_by"] == author.user.email
    assert approved.json()["reviewed_by"] == reviewer.user.email


def test_four_eyes_refuses_self_approval(account, product, translator, text_url):
    I18nPolicy.objects.create(account=account, is_four_eyes=True)
    author = translator(["de"])
    colleague = translator(["de"])
    unit = f"product.{product.pk}.title"
    author.put(text_url(unit, "de"), {"text": "Acme Armband", "submit": True}, format="json")

    own = author.post(text_url(unit, "de", "approve/"), {}, format="json")
    other = colleague.post(text_url(unit, "de", "approve/"), {}, format="json")

    assert own.status_code == 403
    assert own.json()["code"] == "four_eyes"
    assert other.status_code == 200
    assert Translation.objects.get().reviewed_by == colleague.user


def test_without_four_eyes_a_translator_may_approve_own_draft(product, translator, text_url):
    author = translator(["de"])
    unit = f"product.{product.pk}.title"
    author.put(text_url(unit, "de"), {"text": "Acme Armband"}, format="json")

    response = author.post(text_url(unit, "de", "approve/"), {}, format="json")

    assert response.json()["status"] == "approved"


def test_editing_an_approved_text_needs_a_new_review(product, translator, owner_client, text_url):
    author = translator(["de"])
    unit = f"product.{product.pk}.title"
    author.put(text_url(unit, "de"), {"text": "Acme Armband", "submit": True}, format="json")
    owner_client.post(text_url(unit, "de", "approve/"), {}, format="json")

    response = author.put(text_url(unit, "de"), {"text": "Acme Stahlarmband"}, format="json")

    assert response.json()["status"] == "draft"
    assert response.json()["reviewed_by"] == ""


def test_an_outdated_translation_cannot_be_approved(product, translator, owner_client, text_url):
    author = translator(["de"])
    unit = f"product.{product.pk}.title"
    author.put(text_url(unit, "de"), {"text": "Acme Armband", "submit": True}, format="json")
    product.title = "Acme gold bracelet"
    product.save(update_fields=["title"])

    response = owner_client.post(text_url(unit, "de", "approve/"), {}, format="json")

    assert response.status_code == 409
    assert response.json()["code"] == "outdated"
    assert Translation.objects.get().status == "needs_review"


def test_send_back_needs_a_comment_and_keeps_it(product, translator, owner_client, text_url):
    author = translator(["de"])
    unit = f"product.{product.pk}.title"
    author.put(text_url(unit, "de"), {"text": "Acme Armband", "submit": True}, format="json")

    empty = owner_client.post(text_url(unit, "de", "send-back/"), {"comment": ""}, format="json")
    sent = owner_client.post(text_url(unit, "de", "send-back/"), {"comment": "Say Edelstahl"}, format="json")

    assert empty.status_code == 400
    assert sent.json()["status"] == "draft"
    assert [c["text"] for c in sent.json()["comments"]] == ["Say Edelstahl"]
    assert TranslationComment.objects.get().author == owner_client.user


def test_source_hash_mismatch_is_a_conflict(product, translator, text_url):
    client = translator(["de"])
    unit = f"product.{product.pk}.title"
    seen = client.get(text_url(unit, "de")).json()["source"]["hash"]
    product.title = "Acme gold bracelet"
    product.save(update_fields=["title"])

    response = client.put(text_url(unit, "de"), {"text": "Acme Armband", "source_hash": seen}, format="json")

    assert response.status_code == 409
    assert response.json()["code"] == "source_changed"
    assert Translation.objects.count() == 0


def test_amazon_title_limit_is_an_error_and_its_advice_a_warning(account, product, translator, api_url, text_url):
    client = translator(["de"])
    unit = f"product.{product.pk}.title"

    too_long = client.put(text_url(unit, "de"), {"text": "A" * 201}, format="json")
    long_ok = client.put(text_url(unit, "de"), {"text": "Armband " * 11}, format="json")

    assert too_long.status_code == 400
    assert too_long.json()["fields"]["text"] == [
        "Amazon: Amazon suppresses titles over 200 characters. This text has 201."
    ]
    assert Translation.objects.get().text == ("Armband " * 11).strip()
    warnings = [issue for issue in long_ok.json()["issues"] if issue["severity"] == "warning"]
    assert [(w["channel"], w["limit"], w["actual"]) for w in warnings if w["code"] == "limit"] == [("amazon", 80, 87)]


def test_limits_apply_only_for_the_marketplaces_the_account_sells_on(account, product, owner_client, api_url, text_url):
    owner_client.patch(api_url("i18n/policy/"), {"marketplaces": ["wish"]}, format="json")

    # German is not published on Wish, so no marketplace rule applies to a German title.
    response = owner_client.put(text_url(f"product.{product.pk}.title", "de"), {"text": "A" * 300}, format="json")

    assert response.status_code == 200
    assert response.json()["counters"] == []


def test_description_html_outside_the_subset_is_refused_with_position(product, translator, text_url):
    client = translator(["de"])
    text = "<p>Edelstahl.</p>\n<p>Passt <a href='x'>fast</a> allen.</p>"

    response = client.put(text_url(f"product.{product.pk}.description", "de"), {"text": text}, format="json")

    assert response.status_code == 400
    assert response.json()["fields"]["text"] == [
        "Line 2, column 10: <a> is not allowed; use <b>, <br>, <em>, <i>, <li>, <ol>, <p>, <strong>, <ul>.",
        "Line 2, column 26: </a> is not allowed; use <b>, <br>, <em>, <i>, <li>, <ol>, <p>, <strong>, <ul>.",
    ]
    assert Translation.objects.count() == 0


def test_glossary_warns_on_draft_and_blocks_review(account, product, translator, text_url):
    GlossaryTerm.objects.create(account=account, term="Acme", kind=GlossaryKind.DO_NOT_TRANSLATE)
    GlossaryTerm.objects.create(
        account=account, term="steel", kind=GlossaryKind.REQUIRED, locale="de", translation="Edelstahl"
    )
    client = translator(["de_AT"])
    unit = f"product.{product.pk}.title"

    draft = client.put(text_url(unit, "de_AT"), {"text": "Akme Armband aus Stahl"}, format="json")
    submitted = client.put(text_url(unit, "de_AT"), {"text": "Akme Armband aus Stahl", "submit": True}, format="json")
    fixed = client.put(text_url(unit, "de_AT"), {"text": "Acme Armband aus Edelstahl", "submit": True}, format="json")

    assert draft.status_code == 200
    assert sorted(i["message"] for i in draft.json()["issues"] if i["code"] == "glossary") == [
        "Keep “Acme” as it is (do not translate).",
        "Translate “steel” as “Edelstahl”.",
    ]
    assert submitted.status_code == 400
    assert submitted.json()["code"] == "invalid_text"
    assert fixed.status_code == 200
    assert fixed.json()["status"] == "needs_review"
    assert [g["term"] for g in fixed.json()["glossary"]] == ["Acme", "steel"]


def test_writing_the_source_language_is_refused(product, owner_client, text_url):
    response = owner_client.put(text_url(f"product.{product.pk}.title", "en"), {"text": "x"}, format="json")

    assert response.status_code == 400
    assert response.json()["code"] == "source_locale"


def test_unknown_unit_is_404(product, owner_client, text_url):
    assert owner_client.get(text_url(f"product.{product.pk}.bullet.4", "de")).status_code == 404
    assert owner_client.get(text_url("product.999999.title", "de")).status_code == 404
    assert owner_client.get(text_url("nonsense", "de")).status_code == 404
