from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from hub.accounts.roles import Role


class RegisterForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"))
    full_name = forms.CharField(label=_("Full name"), max_length=150, required=False)
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput, min_length=10)


class ProfileForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150, required=False)
    ui_language = forms.ChoiceField(label=_("Interface language"), choices=settings.LANGUAGES)
    timezone = forms.CharField(label=_("Time zone"), max_length=64)


class AccountForm(forms.Form):
    name = forms.CharField(label=_("Business name"), max_length=200)
    base_currency = forms.CharField(label=_("Base currency"), max_length=3, initial="USD")
    source_locale = forms.CharField(label=_("Catalog language"), max_length=20, initial="en_US")
    timezone = forms.CharField(label=_("Time zone"), max_length=64, initial="UTC")


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    locales = forms.CharField(
        label=_("Locales (translators)"), required=False, help_text=_("Comma separated, e.g. de_DE, fr_FR")
    )

    def clean_locales(self) -> list[str]:
        return [part.strip() for part in self.cleaned_data["locales"].split(",") if part.strip()]
