import json

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.html import format_html_join

from channels import validation
from channels.crypto import credentials_decrypt, credentials_encrypt
from channels.models import ChannelAccount, ChannelCall
from channels.types import Family
from hub.accounts.admin_scoping import AccountScopedAdmin
from hub.accounts.roles import Area


class ChannelAccountForm(forms.ModelForm):
    """Credentials are write-only here as in the API: the field is always shown empty; a JSON
    object typed into it is merged into the stored credentials, an empty field keeps them."""

    new_credentials = forms.CharField(
        required=False,
        label="Replace credentials",
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off", "size": 80}),
        help_text='JSON, e.g. {"refresh_token": "..."}; only the fields given change. Never shown again.',
    )

    class Meta:
        model = ChannelAccount
        fields = ["account", "name", "family", "marketplaces", "base_urls", "options", "seller_reference", "status"]

    def clean_new_credentials(self):
        text = self.cleaned_data.get("new_credentials") or ""
        if not text.strip():
            return None
        try:
            value = json.loads(text)
        except ValueError:
            raise ValidationError("Enter a JSON object.") from None
        if not isinstance(value, dict):
            raise ValidationError("Enter a JSON object.")
        return value

    def clean(self):
        data = super().clean()
        new = data.get("new_credentials")
        family = data.get("family") or self.instance.family
        self.encrypted_credentials = None
        if self.instance.pk and family != self.instance.family:
            # As in the API: the credentials, marketplaces and listings belong to the old family.
            self.add_error("family", "The marketplace family of a channel account cannot change; add a new one.")
            return data
        if family:
            # The same checks as the service, so the admin cannot store what the API refuses.
            for name, clean in (
                ("marketplaces", validation.marketplaces_clean),
                ("base_urls", validation.base_urls_clean),
            ):
                if name not in data:
                    continue
                try:
                    data[name] = clean(Family(family), data[name])
                except ValidationError as error:
                    self.add_error(name, [" ".join(texts) for texts in error.message_dict.values()])
        if new is not None and family:
            stored = credentials_decrypt(self.instance.credentials_encrypted) if self.instance.pk else {}
            try:
                cleaned = validation.credentials_clean(Family(family), {**stored, **new})
            except ValidationError as error:
                messages = [f"{name}: {' '.join(texts)}" for name, texts in error.message_dict.items()]
                self.add_error("new_credentials", "; ".join(messages))
            else:
                self.encrypted_credentials = credentials_encrypt(cleaned)
        return data


@admin.register(ChannelAccount)
class ChannelAccountAdmin(AccountScopedAdmin):
    area = Area.CHANNELS
    form = ChannelAccountForm
    list_display = ["name", "family", "account", "status", "last_verified_at", "credentials_masked"]
    list_filter = ["family", "status"]
    search_fields = ["name", "seller_reference", "account__name"]
    readonly_fields = ["credentials_masked", "last_error", "last_verified_at", "created_at", "updated_at"]

    @admin.display(description="Credentials")
    def credentials_masked(self, obj: ChannelAccount) -> str:
        hint = validation.credentials_hint(obj)
        if not hint:
            return "—"
        return format_html_join(", ", "{}: {}", hint.items())

    def save_model(self, request, obj, form, change):
        if getattr(form, "encrypted_credentials", None):
            obj.credentials_encrypted = form.encrypted_credentials
        super().save_model(request, obj, form, change)


@admin.register(ChannelCall)
class ChannelCallAdmin(AccountScopedAdmin):
    area = Area.CHANNELS
    list_display = [
        "created_at",
        "channel_account",
        "operation",
        "method",
        "http_status",
        "duration_ms",
        "error_kind",
        "attempt",
    ]
    list_filter = ["error_kind", "channel_account__family", "operation"]
    search_fields = ["operation", "url_path"]
    date_hierarchy = "created_at"
    readonly_fields = [field.name for field in ChannelCall._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
