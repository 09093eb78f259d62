from rest_framework import serializers

from channels import validation
from channels.models import ChannelAccount, ChannelCall
from channels.types import Family


class ChannelAccountOutputSerializer(serializers.ModelSerializer):
    has_credentials = serializers.BooleanField(read_only=True)
    credentials_hint = serializers.SerializerMethodField(
        help_text="Which credential fields are set; secrets are never returned."
    )

    class Meta:
        model = ChannelAccount
        fields = [
            "id",
            "name",
            "family",
            "marketplaces",
            "base_urls",
            "options",
            "seller_reference",
            "status",
            "last_error",
            "last_verified_at",
            "has_credentials",
            "credentials_hint",
            "created_at",
            "updated_at",
        ]

    def get_credentials_hint(self, obj: ChannelAccount) -> dict[str, str]:
        return validation.credentials_hint(obj)


class ChannelAccountInputSerializer(serializers.Serializer):
    """Shapes only; the service validates marketplaces, URLs and credential fields per family."""

    name = serializers.CharField(max_length=120)
    family = serializers.ChoiceField(choices=[family.value for family in Family])
    marketplaces = serializers.ListField(child=serializers.CharField(max_length=40), required=False)
    base_urls = serializers.DictField(child=serializers.CharField(allow_blank=True, max_length=500), required=False)
    options = serializers.DictField(required=False)
    seller_reference = serializers.CharField(max_length=120, required=False, allow_blank=True)
    credentials = serializers.DictField(
        child=serializers.CharField(allow_blank=True, max_length=4000),
        required=False,
        write_only=True,
        help_text="Write-only. On update, only the fields given change.",
    )


class ChannelCallOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = ChannelCall
        fields = [
            "id",
            "channel_account",
            "operation",
            "method",
            "url_path",
            "request_summary",
            "http_status",
            "duration_ms",
            "messages",
            "error_kind",
            "attempt",
            "created_at",
        ]


class AmazonMarketplaceOutputSerializer(serializers.Serializer):
    marketplace_id = serializers.CharField()
    code = serializers.CharField()
    country = serializers.CharField()
    region = serializers.CharField()
    currency = serializers.CharField()
    default_locale = serializers.CharField()
