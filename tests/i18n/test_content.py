"""What a listing says per marketplace language: fallback chains, approval and the account policy."""

import pytest
from django.utils import timezone

from i18n.keys import source_hash
from i18n.models import ContentField, I18nPolicy, MissingTranslationPolicy, SourceText, Translation
from i18n.selectors import localized_content_for
from tests.factories.catalog import VariantFactory

pytestmark = pytest.mark.django_db


def _translate(product, field, locale, text, *, status="approved", position=0, variant=None, source=None):
    if source is not None:
        current = source.text
    else:
        current = getattr(product, field)
    return Translation.objects.create(
        account=product.account,
        product=product,
        variant=variant,
        field=field,
        position=position,
        locale=locale,
        source=source,
        text=text,
        status=status,
        source_text=current,
        source_hash=source_hash(current),
        translated_at=timezone.now(),
    )


def test_german_buyer_reads_approved_german(product, variant):
    _translate(product, "title", "de", "Acme Armband aus Stahl")
    _translate(product, "description", "de", "<p>Massiver Edelstahl.</p>")

    content = localized_content_for(variant=variant, marketplace="amazon.DE")

    assert (content.language_tag, content.locale) == ("de_DE", "de")
    assert content.title == "Acme Armband aus Stahl"
    assert content.description == "<p>Massiver Edelstahl.</p>"
    assert (content.locale_used, content.is_fallback, content.is_approved, content.is_held) == (
        "de",
        False,
        True,
        False,
    )


def test_amazon_marketplace_id_works_as_well_as_the_code(product, variant):
    _translate(product, "title", "de", "Acme Armband")

    assert localized_content_for(variant=variant, marketplace="A1PA6795UKMFR9").title == "Acme Armband"


def test_mexican_buyer_falls_back_to_spanish_then_the_english_source(product, variant):
    _translate(product, "title", "es", "Pulsera de acero Acme")

    content = localized_content_for(variant=variant, marketplace="amazon.MX")

    fields = {field.field: field for field in content.fields}
    assert content.locale == "es_MX"
    assert content.title == "Pulsera de acero Acme"
    assert (fields["title"].locale_used, fields["title"].is_fallback, fields["title"].is_source) == ("es", True, False)
    assert (fields["description"].locale_used, fields["description"].is_source) == ("en", True)
    assert content.description == product.description
    assert (content.is_fallback, content.is_approved, content.is_held) == (True, False, False)


def test_hold_policy_holds_a_listing_with_untranslated_text(account, product, variant):
    I18nPolicy.objects.create(account=account, missing_translation=MissingTranslationPolicy.HOLD)
    _translate(product, "title", "es", "Pulsera de acero Acme")

    held = localized_content_for(variant=variant, marketplace="amazon.MX")
    _translate(product, "description", "es_MX", "<p>Acero inoxidable.</p>")
    released = localized_content_for(variant=variant, marketplace="amazon.MX")

    assert held.is_held is True
    assert released.is_held is False
    assert released.is_fallback is True  # the title still comes from es
    assert released.description == "<p>Acero inoxidable.</p>"


def test_drafts_and_outdated_translations_are_never_published(product, variant):
    _translate(product, "title", "ja", "Acme ブレスレット", status="needs_review")
    _translate(product, "description", "ja", "ステンレス")
    product.description = "<p>Now in titanium.</p>"
    product.save(update_fields=["description"])

    content = localized_content_for(variant=variant, marketplace="amazon.JP")

    assert content.title == "Acme steel bracelet"
    assert content.description == "<p>Now in titanium.</p>"
    assert {field.field: field.locale_used for field in content.fields} == {"title": "en", "description": "en"}


def test_an_edited_chain_without_english_holds_instead_of_publishing_english(account, product, variant):
    I18nPolicy.objects.create(account=account, fallback_chains={"fr_CA": ["fr"]})

    default = localized_content_for(variant=variant, marketplace="amazon.US", locale="en_US")
    canadian = localized_content_for(variant=variant, marketplace="amazon.CA", locale="fr_CA")

    assert (default.is_fallback, default.is_approved, default.is_held) == (False, True, False)
    assert canadian.title == ""
    assert canadian.is_held is True


def test_default_chain_of_fr_ca_is_fr_then_en(product, variant):
    _translate(product, "title", "fr", "Bracelet en acier Acme")

    content = localized_content_for(variant=variant, marketplace="amazon.CA", locale="fr_CA")

    assert [(f.field, f.locale_used) for f in content.fields] == [("title", "fr"), ("description", "en")]


def test_marketplace_language_can_be_served_by_another_hub_locale(account, product, variant):
    I18nPolicy.objects.create(account=account, marketplace_locales={"amazon.UK:en_GB": "en_GB"})
    _translate(product, "title", "en_GB", "Acme steel bracelet, gift-wrapped colour")

    content = localized_content_for(variant=variant, marketplace="amazon.UK")

    assert content.locale == "en_GB"
    assert content.title == "Acme steel bracelet, gift-wrapped colour"
    assert [f.locale_used for f in content.fields] == ["en_GB", "en"]


def test_variant_texts_replace_the_products_for_that_variant_only(product, variant):
    other = VariantFactory(product=product, sku="BR-100-L")
    own_title = SourceText.objects.create(
        account=product.account, product=product, variant=variant, field=ContentField.TITLE, text="Acme bracelet, small"
    )
    _translate(product, "title", "de", "Acme Armband, klein", variant=variant, source=own_title)
    _translate(product, "title", "de", "Acme Armband")

    small = localized_content_for(variant=variant, marketplace="amazon.DE")
    large = localized_content_for(variant=other, marketplace="amazon.DE")

    assert small.title == "Acme Armband, klein"
    assert large.title == "Acme Armband"


def test_wish_gets_plain_text_and_bullets_keep_their_order(product, variant, bullets):
    product.description = "<p>Solid steel.</p><ul><li>Water resistant</li><li>Gift box</li></ul>"
    product.save(update_fields=["description"])
    _translate(product, "bullet", "de", "Geschenkbox inklusive", position=1, source=bullets[1])

    wish = localized_content_for(variant=variant, marketplace="wish")
    german = localized_content_for(variant=variant, marketplace="amazon.DE")

    assert wish.description == "Solid steel.\n\n- Water resistant\n- Gift box"
    assert wish.keywords == ("bracelet", "steel bangle")
    assert german.bullets == ("Water resistant", "Geschenkbox inklusive")


def test_resolution_takes_four_queries(product, variant, bullets, django_assert_num_queries):
    _translate(product, "title", "de", "Acme Armband")

    with django_assert_num_queries(4):
        localized_content_for(variant=variant, marketplace="amazon.DE")


def test_an_unknown_language_of_a_marketplace_is_refused(variant):
    from hub.core.exceptions import ApplicationError

    with pytest.raises(ApplicationError) as error:
        localized_content_for(variant=variant, marketplace="amazon.DE", locale="fr_FR")

    assert error.value.fields == {"locale": ["Use one of de_DE."]}


@pytest.mark.parametrize("marketplace", ["amazon.DE", "amazon.MX", "amazon.US", "aliexpress", "wish"])
def test_many_variants_at_once_read_exactly_what_each_reads_alone(account, product, variant, bullets, marketplace):
    """The build reads every variant's content in one go (localized_contents_for): same answers."""
    from i18n.selectors import localized_contents_for
    from tests.factories.catalog import ProductFactory

    own = VariantFactory(product=product, sku="BR-100-G")
    SourceText.objects.create(
        account=account, product=product, variant=own, field=ContentField.TITLE, text="Acme gold bracelet"
    )
    other = VariantFactory(product=ProductFactory(account=account, code="P-200", title="Acme ring"), sku="RG-1")
    _translate(product, "title", "de", "Acme Armband aus Stahl")
    _translate(product, "title", "es", "Pulsera de acero Acme")
    _translate(product, "description", "de", "<p>Entwurf</p>", status="draft")
    _translate(other.product, "title", "de", "Acme Ring")
    variants = [variant, own, other]
    for row in variants:
        row.product.refresh_from_db()

    together = localized_contents_for(account=account, variants=variants, marketplace=marketplace)

    assert together == {row.pk: localized_content_for(variant=row, marketplace=marketplace) for row in variants}
    assert together[own.pk].title != together[variant.pk].title  # the variant's own title wins
