"""Input validation and output shapes of the i18n API (plain serializers; logic stays in services)."""

from rest_framework import serializers

from i18n.models import (
    GlossaryKind,
    GlossaryTerm,
    I18nPolicy,
    MissingTranslationPolicy,
    TranslationComment,
    TranslationStatus,
)
from i18n.types import TextUnit


def text_unit_data(unit: TextUnit) -> dict:
    return {
        "unit": unit.unit,
        "locale": unit.locale,
        "product": unit.product_pk,
        "product_code": unit.product_code,
        "variant": unit.variant_pk,
        "variant_sku": unit.variant_sku,
        "field": unit.field,
        "position": unit.position,
        "source": {"locale": unit.source_locale, "text": unit.source_text, "hash": unit.source_hash},
        "text": unit.text,
        "status": unit.status,
        "is_outdated": unit.is_outdated,
        "previous_source_text": unit.previous_source_text,
        "translated_by": unit.translated_by,
        "translated_at": unit.translated_at,
        "reviewed_by": unit.reviewed_by,
        "reviewed_at": unit.reviewed_at,
        "updated_at": unit.updated_at,
    }


class TextSaveInputSerializer(serializers.Serializer):
    text = serializers.CharField(allow_blank=True, trim_whitespace=False, max_length=100_000)
    submit = serializers.BooleanField(default=False, help_text="Send the text for review.")
    source_hash = serializers.CharField(
        required=False, allow_blank=True, max_length=64, help_text="The source hash the text was written against."
    )


class ApproveInputSerializer(serializers.Serializer):
    source_hash = serializers.CharField(required=False, allow_blank=True, max_length=64)


class SendBackInputSerializer(serializers.Serializer):
    comment = serializers.CharField(max_length=5000)


class CommentInputSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=5000)


class CommentOutputSerializer(serializers.ModelSerializer):
    author = serializers.SerializerMethodField()

    class Meta:
        model = TranslationComment
        fields = ["id", "author", "text", "created_at"]

    def get_author(self, comment: TranslationComment) -> str:
        return comment.author.email if comment.author else ""


class PolicySerializer(serializers.ModelSerializer):
    class Meta:
        model = I18nPolicy
        fields = [
            "missing_translation",
            "is_four_eyes",
            "target_locales",
            "fallback_chains",
            "marketplace_locales",
            "marketplaces",
        ]


class PolicyInputSerializer(serializers.Serializer):
    missing_translation = serializers.ChoiceField(choices=MissingTranslationPolicy.choices, required=False)
    is_four_eyes = serializers.BooleanField(required=False)
    target_locales = serializers.ListField(child=serializers.CharField(max_length=20), required=False)
    fallback_chains = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField(max_length=20)), required=False
    )
    marketplace_locales = serializers.DictField(child=serializers.CharField(max_length=20), required=False)
    marketplaces = serializers.ListField(child=serializers.CharField(max_length=40), required=False)


class GlossaryTermSerializer(serializers.ModelSerializer):
    class Meta:
        model = GlossaryTerm
        fields = ["id", "term", "kind", "locale", "translation", "is_case_sensitive", "note"]


class GlossaryInputSerializer(serializers.Serializer):
    term = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=GlossaryKind.choices)
    locale = serializers.CharField(max_length=20, required=False, allow_blank=True)
    translation = serializers.CharField(max_length=200, required=False, allow_blank=True)
    is_case_sensitive = serializers.BooleanField(required=False)
    note = serializers.CharField(max_length=500, required=False, allow_blank=True)


class SourceInputSerializer(serializers.Serializer):
    title = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    description = serializers.CharField(required=False, allow_blank=True, max_length=100_000, trim_whitespace=False)
    bullets = serializers.ListField(
        child=serializers.CharField(allow_blank=True, max_length=5000), required=False, max_length=10
    )
    keywords = serializers.ListField(child=serializers.CharField(max_length=500), required=False, max_length=500)


class ImportInputSerializer(serializers.Serializer):
    file = serializers.FileField()
    submit = serializers.BooleanField(default=False, help_text="Send imported texts for review.")


# --- output shapes, for the API schema (views build the data with text_unit_data & co.) ----------
class _SourceOutputSerializer(serializers.Serializer):
    locale = serializers.CharField()
    text = serializers.CharField()
    hash = serializers.CharField()


class TextUnitOutputSerializer(serializers.Serializer):
    unit = serializers.CharField(help_text="product.12.title, product.12.bullet.0, variant.34.keywords ...")
    locale = serializers.CharField()
    product = serializers.IntegerField()
    product_code = serializers.CharField()
    variant = serializers.IntegerField(allow_null=True)
    variant_sku = serializers.CharField()
    field = serializers.CharField()
    position = serializers.IntegerField()
    source = _SourceOutputSerializer()
    text = serializers.CharField()
    status = serializers.ChoiceField(choices=TranslationStatus.choices)
    is_outdated = serializers.BooleanField()
    previous_source_text = serializers.CharField()
    translated_by = serializers.CharField()
    translated_at = serializers.DateTimeField(allow_null=True)
    reviewed_by = serializers.CharField()
    reviewed_at = serializers.DateTimeField(allow_null=True)
    updated_at = serializers.DateTimeField(allow_null=True)


class TextDetailOutputSerializer(TextUnitOutputSerializer):
    counters = serializers.ListField(child=serializers.DictField(), help_text="Per marketplace rule: actual vs max.")
    glossary = GlossaryTermSerializer(many=True)
    comments = CommentOutputSerializer(many=True)
    fallback_chain = serializers.ListField(child=serializers.CharField())
    issues = serializers.ListField(child=serializers.DictField(), required=False, help_text="Warnings of the save.")


class QueueCountSerializer(serializers.Serializer):
    locale = serializers.CharField()
    missing = serializers.IntegerField()
    outdated = serializers.IntegerField()
    draft = serializers.IntegerField()
    needs_review = serializers.IntegerField()
    approved = serializers.IntegerField()


class ImportReportSerializer(serializers.Serializer):
    locale = serializers.CharField()
    format = serializers.ChoiceField(choices=["po", "xliff-1.2", "xliff-2.0"])
    applied = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    untranslated = serializers.IntegerField()
    refused = serializers.ListField(child=serializers.DictField(), help_text="{row, id, code, message}")
