from django.conf import settings
from rest_framework import serializers

from hub.accounts.models import Invitation, Membership, SellerAccount, User
from hub.accounts.roles import Role


class UserOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["id", "email", "full_name", "ui_language", "timezone", "date_joined"]


class SellerAccountOutputSerializer(serializers.ModelSerializer):
    role = serializers.SerializerMethodField()

    class Meta:
        model = SellerAccount
        fields = ["id", "name", "base_currency", "source_locale", "timezone", "role", "created_at"]

    def get_role(self, account: SellerAccount) -> str | None:
        roles = self.context.get("roles_by_account") or {}
        return roles.get(account.pk)


class SellerAccountInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    base_currency = serializers.CharField(max_length=3)
    source_locale = serializers.CharField(max_length=20)
    timezone = serializers.CharField(max_length=64, default="UTC")


class MembershipOutputSerializer(serializers.ModelSerializer):
    user = UserOutputSerializer()

    class Meta:
        model = Membership
        fields = ["id", "user", "role", "locales", "created_at"]


class MembershipInputSerializer(serializers.Serializer):
    """A partial update: what is left out stays (locales are cleared when the role stops being translator)."""

    role = serializers.ChoiceField(choices=Role.choices, required=False)
    locales = serializers.ListField(child=serializers.CharField(max_length=20), required=False)


class InvitationOutputSerializer(serializers.ModelSerializer):
    invited_by = serializers.EmailField(source="invited_by.email", default=None)

    class Meta:
        model = Invitation
        fields = ["id", "email", "role", "locales", "invited_by", "created_at", "expires_at", "accepted_at"]


class InvitationInputSerializer(serializers.Serializer):
    email = serializers.EmailField()
    role = serializers.ChoiceField(choices=Role.choices)
    locales = serializers.ListField(child=serializers.CharField(max_length=20), required=False, default=list)


class RegisterInputSerializer(serializers.Serializer):
    email = serializers.EmailField()
    password = serializers.CharField(write_only=True, style={"input_type": "password"})
    full_name = serializers.CharField(max_length=150, required=False, default="", allow_blank=True)
    ui_language = serializers.ChoiceField(choices=settings.LANGUAGES, required=False, default="en")


class LoginInputSerializer(serializers.Serializer):
    email = serializers.EmailField()
    password = serializers.CharField(write_only=True, style={"input_type": "password"})


class TokenOutputSerializer(serializers.Serializer):
    token = serializers.CharField()
    user = UserOutputSerializer()


class ProfileInputSerializer(serializers.Serializer):
    full_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    ui_language = serializers.ChoiceField(choices=settings.LANGUAGES, required=False)
    timezone = serializers.CharField(max_length=64, required=False)


class PasswordChangeInputSerializer(serializers.Serializer):
    old_password = serializers.CharField(write_only=True)
    new_password = serializers.CharField(write_only=True)
