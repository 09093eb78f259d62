"""Localized listing content: source rows the catalog has no field for, translations, comments,
the glossary and each account's publishing policy.

A text unit is one translatable piece: (product, variant or none, field, position). Its source
is the catalog (a product's title and description) or a `SourceText` row (bullet points, search
keywords, a variant's own title or description). A `Translation` keeps the source text and hash
it was made from, so "outdated" is derived by comparing with the current source, never synced.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from hub.accounts.models import SellerAccount
from hub.catalog.models import Product, Variant
from hub.core.models import TimeStampedModel


class ContentField(models.TextChoices):
    TITLE = "title", _("Title")
    DESCRIPTION = "description", _("Description")
    BULLET = "bullet", _("Bullet point")
    KEYWORDS = "keywords", _("Search keywords")


# Display and queue order of the fields of one product.
FIELD_ORDER = {ContentField.TITLE: 0, ContentField.DESCRIPTION: 1, ContentField.BULLET: 2, ContentField.KEYWORDS: 3}


class TranslationStatus(models.TextChoices):
    # Never stored: a unit without a Translation row is missing.
    MISSING = "missing", _("Missing")
    DRAFT = "draft", _("Draft")
    NEEDS_REVIEW = "needs_review", _("Needs review")
    APPROVED = "approved", _("Approved")


class SourceText(TimeStampedModel):
    """Source-locale text the catalog has no field for: bullet points and search keywords of a
    product or variant, and a variant's own title or description when it differs from the product's.
    Keywords are one row, one search term per line."""

    account = models.ForeignKey(SellerAccount, on_delete=models.CASCADE, related_name="+")
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="i18n_sources")
    variant = models.ForeignKey(Variant, on_delete=models.CASCADE, null=True, blank=True, related_name="i18n_sources")
    field = models.CharField(max_length=12, choices=ContentField.choices)
    position = models.PositiveSmallIntegerField(default=0)
    text = models.TextField()

    class Meta:
        ordering = ["product", "variant", "field", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["product", "field", "position"],
                condition=Q(variant__isnull=True),
                name="i18n_source_product_unique",
            ),
            models.UniqueConstraint(
                fields=["variant", "field", "position"],
                condition=Q(variant__isnull=False),
                name="i18n_source_variant_unique",
            ),
            # A product's own title and description live in the catalog.
            models.CheckConstraint(
                condition=Q(variant__isnull=False) | Q(field__in=[ContentField.BULLET, ContentField.KEYWORDS]),
                name="i18n_source_product_fields",
            ),
            models.CheckConstraint(
                condition=Q(field=ContentField.BULLET) | Q(position=0), name="i18n_source_position_only_bullets"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.product_id}/{self.variant_id or '-'}/{self.field}/{self.position}"


class Translation(TimeStampedModel):
    account = models.ForeignKey(SellerAccount, on_delete=models.CASCADE, related_name="+")
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="i18n_translations")
    variant = models.ForeignKey(
        Variant, on_delete=models.CASCADE, null=True, blank=True, related_name="i18n_translations"
    )
    field = models.CharField(max_length=12, choices=ContentField.choices)
    position = models.PositiveSmallIntegerField(default=0)
    # Hub locale id, Babel style ("de", "es_MX").
    locale = models.CharField(max_length=20)
    # The i18n-owned source row; empty when the source is the catalog (product title / description).
    source = models.ForeignKey(SourceText, on_delete=models.CASCADE, null=True, blank=True, related_name="translations")
    text = models.TextField()
    status = models.CharField(
        max_length=12,
        choices=[(value, label) for value, label in TranslationStatus.choices if value != TranslationStatus.MISSING],
        default=TranslationStatus.DRAFT,
    )
    # The source as the translator saw it: compared with the current source to tell "outdated".
    source_text = models.TextField()
    source_hash = models.CharField(max_length=64)
    translated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    translated_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["product", "variant", "field", "position", "locale"]
        constraints = [
            models.UniqueConstraint(
                fields=["product", "field", "position", "locale"],
                condition=Q(variant__isnull=True),
                name="i18n_translation_product_unique",
            ),
            models.UniqueConstraint(
                fields=["variant", "field", "position", "locale"],
                condition=Q(variant__isnull=False),
                name="i18n_translation_variant_unique",
            ),
        ]
        indexes = [models.Index(fields=["account", "locale", "status"])]

    def __str__(self) -> str:
        return f"{self.product_id}/{self.variant_id or '-'}/{self.field}/{self.position}@{self.locale}"


class TranslationComment(models.Model):
    translation = models.ForeignKey(Translation, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["translation", "created_at", "pk"]


class GlossaryKind(models.TextChoices):
    DO_NOT_TRANSLATE = "do_not_translate", _("Do not translate")
    REQUIRED = "required", _("Required translation")


class GlossaryTerm(TimeStampedModel):
    """A brand or product term: either kept as is in every locale, or translated one fixed way in
    one locale (and the locales it covers: "de" also applies to de_AT)."""

    account = models.ForeignKey(SellerAccount, on_delete=models.CASCADE, related_name="+")
    term = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=GlossaryKind.choices)
    locale = models.CharField(max_length=20, blank=True, help_text="Only for required translations.")
    translation = models.CharField(max_length=200, blank=True)
    is_case_sensitive = models.BooleanField(default=False)
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["term", "locale"]
        constraints = [
            models.UniqueConstraint("account", Lower("term"), "locale", name="i18n_glossary_term_unique"),
            models.CheckConstraint(
                condition=(Q(kind=GlossaryKind.DO_NOT_TRANSLATE) & Q(locale="") & Q(translation=""))
                | (Q(kind=GlossaryKind.REQUIRED) & ~Q(locale="") & ~Q(translation="")),
                name="i18n_glossary_kind_fields",
            ),
        ]

    def __str__(self) -> str:
        return self.term if not self.locale else f"{self.term} → {self.translation} ({self.locale})"


class MissingTranslationPolicy(models.TextChoices):
    PUBLISH_WITH_FALLBACK = "publish_with_fallback", _("Publish with a fallback language and flag it")
    HOLD = "hold", _("Hold the listing until the translation is approved")


class I18nPolicy(TimeStampedModel):
    """How one seller account localizes. Absent until changed: the defaults below then apply."""

    account = models.OneToOneField(SellerAccount, on_delete=models.CASCADE, related_name="i18n_policy")
    missing_translation = models.CharField(
        max_length=24, choices=MissingTranslationPolicy.choices, default=MissingTranslationPolicy.PUBLISH_WITH_FALLBACK
    )
    # Four eyes: whoever last wrote a text may not approve it.
    is_four_eyes = models.BooleanField(default=False)
    # The locales the account translates into (drive the workbench queues).
    target_locales = models.JSONField(default=list, blank=True)
    # {"fr_CA": ["fr", "en"]}: replaces the default chain of that locale (the locale itself comes first).
    fallback_chains = models.JSONField(default=dict, blank=True)
    # {"amazon.UK:en_GB": "en_GB"}: which hub locale serves a marketplace language, replacing the default map.
    marketplace_locales = models.JSONField(default=dict, blank=True)
    # Marketplace codes the account sells on; their text rules apply on save. Empty: every known marketplace.
    marketplaces = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = "i18n policy"
        verbose_name_plural = "i18n policies"

    def __str__(self) -> str:
        return f"i18n policy of {self.account}"
