"""Sources, glossary, policy, locales and preview endpoints."""

from decimal import Decimal

import pytest
from django.utils import timezone

from currency.services import exchange_rate_create
from hub.accounts.roles import Role
from i18n.models import GlossaryTerm, I18nPolicy, SourceText, Translation
from i18n.services import policy_update
from tests.factories.catalog import VariantFactory

pytestmark = pytest.mark.django_db


def test_catalog_manager_sets_source_bullets_and_keywords(product, member_client, api_url):
    client = member_client(Role.CATALOG)

    response = client.put(
        api_url(f"i18n/sources/product/{product.pk}/"),
        {"bullets": ["Water resistant ", "Gift box"], "keywords": ["bracelet", " bangle "]},
        format="json",
    )

    assert response.status_code == 200, response.json()
    assert response.json()["bullets"] == ["Water resistant", "Gift box"]
    assert response.json()["keywords"] == ["bracelet", "bangle"]
    assert response.json()["title"] == "Acme steel bracelet"
    assert SourceText.objects.count() == 3


def test_removing_a_bullet_removes_its_translations(product, bullets, member_client, owner_client, api_url, text_url):
    owner_client.put(text_url(f"product.{product.pk}.bullet.1", "de"), {"text": "Geschenkbox"}, format="json")

    response = member_client(Role.CATALOG).put(
        api_url(f"i18n/sources/product/{product.pk}/"), {"bullets": ["Water resistant"]}, format="json"
    )

    assert response.json()["bullets"] == ["Water resistant"]
    assert Translation.objects.count() == 0


def test_translators_cannot_write_sources_and_products_keep_catalog_titles(product, translator, owner_client, api_url):
    refused = translator(["de"]).put(api_url(f"i18n/sources/product/{product.pk}/"), {"bullets": ["x"]}, format="json")
    title = owner_client.put(api_url(f"i18n/sources/product/{product.pk}/"), {"title": "New"}, format="json")

    assert refused.status_code == 403
    assert title.status_code == 400
    assert title.json()["fields"] == {"title": ["A product's title and description are edited in the catalog."]}


def test_a_variant_gets_its_own_title_as_a_new_unit(account, product, variant, owner_client, api_url):
    response = owner_client.put(
        api_url(f"i18n/sources/variant/{variant.pk}/"), {"title": "Acme bracelet, small"}, format="json"
    )
    listed = owner_client.get(api_url("i18n/texts/"), {"locale": "de", "queue": "missing"})

    assert response.json()["title"] == "Acme bracelet, small"
    assert [row["unit"] for row in listed.json()["results"]] == [
        f"product.{product.pk}.title",
        f"product.{product.pk}.description",
        f"variant.{variant.pk}.title",
    ]
    assert listed.json()["results"][2]["variant_sku"] == "BR-100-S"


def test_unsafe_html_in_a_source_description_is_refused(product, variant, owner_client, api_url):
    response = owner_client.put(
        api_url(f"i18n/sources/variant/{variant.pk}/"), {"description": "<p onclick='x'>Hi</p>"}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["fields"] == {"description": ["Line 1, column 1: <p> may not have attributes."]}
    assert SourceText.objects.count() == 0


def test_glossary_terms_are_validated_and_unique(owner_client, api_url):
    created = owner_client.post(api_url("i18n/glossary/"), {"term": "Acme", "kind": "do_not_translate"}, format="json")
    duplicate = owner_client.post(
        api_url("i18n/glossary/"), {"term": "ACME", "kind": "do_not_translate"}, format="json"
    )
    incomplete = owner_client.post(api_url("i18n/glossary/"), {"term": "steel", "kind": "required"}, format="json")
    required = owner_client.post(
        api_url("i18n/glossary/"),
        {"term": "steel", "kind": "required", "locale": "de", "translation": "Edelstahl"},
        format="json",
    )

    assert created.status_code == 201
    assert duplicate.status_code == 400
    assert duplicate.json()["fields"] == {"term": ["This term is already in the glossary for this locale."]}
    assert incomplete.status_code == 400
    assert set(incomplete.json()["fields"]) == {"locale", "translation"}
    assert required.status_code == 201
    assert GlossaryTerm.objects.count() == 2


def test_translators_read_the_glossary_of_their_locale(account, translator, api_url):
    GlossaryTerm.objects.create(account=account, term="Acme", kind="do_not_translate")
    GlossaryTerm.objects.create(account=account, term="steel", kind="required", locale="de", translation="Edelstahl")
    GlossaryTerm.objects.create(account=account, term="steel", kind="required", locale="fr", translation="acier")
    client = translator(["de"])

    listed = client.get(api_url("i18n/glossary/"), {"locale": "de_AT"})
    written = client.post(api_url("i18n/glossary/"), {"term": "x", "kind": "do_not_translate"}, format="json")

    assert [(t["term"], t["locale"]) for t in listed.json()] == [("Acme", ""), ("steel", "de")]
    assert written.status_code == 403


def test_translators_never_see_glossary_terms_of_other_locales(account, translator, owner_client, api_url):
    GlossaryTerm.objects.create(account=account, term="Acme", kind="do_not_translate")
    GlossaryTerm.objects.create(account=account, term="steel", kind="required", locale="de", translation="Edelstahl")
    french = GlossaryTerm.objects.create(
        account=account, term="steel", kind="required", locale="fr", translation="acier"
    )
    client = translator(["de"])

    everything = client.get(api_url("i18n/glossary/"))
    asked_for_fr = client.get(api_url("i18n/glossary/"), {"locale": "fr"})
    one_fr = client.get(api_url(f"i18n/glossary/{french.pk}/"))
    owner_sees = owner_client.get(api_url("i18n/glossary/"))

    assert [(t["term"], t["locale"]) for t in everything.json()] == [("Acme", ""), ("steel", "de")]
    assert asked_for_fr.json() == []
    assert one_fr.status_code == 404
    assert [(t["term"], t["locale"]) for t in owner_sees.json()] == [("Acme", ""), ("steel", "de"), ("steel", "fr")]
    # The "de" term binds a translator of de_AT, who therefore sees it.
    austrian = translator(["de_AT"]).get(api_url("i18n/glossary/"))
    assert [(t["term"], t["locale"]) for t in austrian.json()] == [("Acme", ""), ("steel", "de")]


def test_policy_is_validated_and_owner_only(account, owner_client, member_client, api_url):
    bad = owner_client.patch(
        api_url("i18n/policy/"),
        {"target_locales": ["de", "xx_YY", "en"], "fallback_chains": {"fr_CA": ["fr_CA"]}, "marketplaces": ["ebay"]},
        format="json",
    )
    catalog = member_client(Role.CATALOG).patch(api_url("i18n/policy/"), {"is_four_eyes": True}, format="json")
    good = owner_client.patch(
        api_url("i18n/policy/"),
        {
            "target_locales": ["de", "ja", "es_MX"],
            "missing_translation": "hold",
            "fallback_chains": {"es_MX": ["es"]},
            "marketplaces": ["A1PA6795UKMFR9", "wish"],
        },
        format="json",
    )

    assert bad.status_code == 400
    assert bad.json()["fields"] == {
        "target_locales": ["'xx_YY' is not a locale id (use e.g. de, es_MX).", "'en' is the catalog's own language."],
        "fallback_chains.fr_CA": ["A locale cannot fall back to itself."],
        "marketplaces": ["A list of marketplace codes such as amazon.DE, aliexpress, wish."],
    }
    assert catalog.status_code == 403
    assert good.status_code == 200
    policy = I18nPolicy.objects.get(account=account)
    assert (policy.target_locales, policy.missing_translation, policy.marketplaces) == (
        ["de", "ja", "es_MX"],
        "hold",
        ["amazon.DE", "wish"],
    )


def test_locales_endpoint_shows_languages_and_chains(account, owner_client, api_url):
    I18nPolicy.objects.create(account=account, target_locales=["fr_CA"])

    data = owner_client.get(api_url("i18n/locales/")).json()

    canada = next(m for m in data["marketplaces"] if m["code"] == "amazon.CA")
    assert data["locales"] == [{"locale": "fr_CA", "fallback_chain": ["fr_CA", "fr", "en"]}]
    assert [(lang["tag"], lang["hub_locale"], lang["fallback_chain"]) for lang in canada["languages"]] == [
        ("en_CA", "en", ["en"]),
        ("fr_CA", "fr_CA", ["fr_CA", "fr", "en"]),
    ]
    assert len(data["marketplaces"]) == 25


def test_preview_formats_price_and_measurements_for_the_buyer(account, product, owner_client, api_url, text_url):
    variant = VariantFactory(
        product=product,
        base_price=Decimal("19.99"),
        weight=Decimal("250"),
        weight_unit="g",
        length=Decimal("20"),
        width=Decimal("5"),
        height=Decimal("2.5"),
        dimension_unit="cm",
    )
    exchange_rate_create(date=timezone.localdate(), base="EUR", quote="USD", rate=Decimal("1.0800"), account=account)
    owner_client.put(text_url(f"product.{product.pk}.title", "de"), {"text": "Acme Armband"}, format="json")
    owner_client.post(text_url(f"product.{product.pk}.title", "de", "approve/"), {}, format="json")

    german = owner_client.get(api_url("i18n/preview/"), {"variant": variant.pk, "marketplace": "amazon.DE"}).json()
    american = owner_client.get(api_url("i18n/preview/"), {"variant": variant.pk, "marketplace": "amazon.US"}).json()

    assert german["title"] == "Acme Armband"
    assert german["fields"][0] == {
        "field": "title",
        "locale_used": "de",
        "is_fallback": False,
        "is_source": False,
        "is_approved": True,
    }
    assert german["price"]["text"] == "18,51\xa0€"
    assert german["price"]["is_converted"] is True
    assert german["measurements"] == {"weight": "250 g", "dimensions": "20 cm × 5 cm × 2,5 cm"}
    assert american["price"]["text"] == "$19.99"
    assert american["measurements"] == {"weight": "0.55 lb", "dimensions": "7.87 in × 1.97 in × 0.98 in"}


def test_preview_of_a_locale_outside_the_assignment_is_404(product, variant, translator, api_url):
    client = translator(["de"])

    assert client.get(api_url("i18n/preview/"), {"variant": variant.pk, "marketplace": "amazon.FR"}).status_code == 404
    assert client.get(api_url("i18n/preview/"), {"variant": variant.pk, "marketplace": "amazon.DE"}).status_code == 200


def test_preview_fallback_shows_only_locales_the_translator_may_read(
    product, variant, owner_client, translator, api_url, text_url
):
    # amazon.DE is served by de_AT here; de_AT falls back to de, which a de_AT translator may not read.
    policy_update(account=product.account, marketplace_locales={"amazon.DE:de_DE": "de_AT"})
    owner_client.put(text_url(f"product.{product.pk}.title", "de"), {"text": "Acme Armband"}, format="json")
    assert (
        owner_client.post(text_url(f"product.{product.pk}.title", "de", "approve/"), {}, format="json").status_code
        == 200
    )
    query = {"variant": variant.pk, "marketplace": "amazon.DE"}
    assert translator(["de"]).get(api_url("i18n/preview/"), query).json()["title"] == "Acme Armband"

    austrian = translator(["de_AT"]).get(api_url("i18n/preview/"), query)

    assert austrian.status_code == 200
    body = austrian.json()
    assert body["title"] == ""
    assert "Armband" not in str(body)
    assert not any(field["locale_used"] == "de" for field in body["fields"])
    assert body["hidden_locales"] == ["de"]
