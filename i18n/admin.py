"""Admin views of localized content. Translation edits belong in the workbench (it enforces locale
assignments and the review rules), so translations are read-only here."""

from django.contrib import admin

from hub.accounts.admin_scoping import AccountScopedAdmin
from hub.accounts.roles import Area
from i18n.models import GlossaryTerm, I18nPolicy, SourceText, Translation


@admin.register(Translation)
class TranslationAdmin(AccountScopedAdmin):
    area = Area.TRANSLATIONS
    list_display = ["product", "variant", "field", "position", "locale", "status", "translated_by", "reviewed_by"]
    list_filter = ["locale", "status", "field"]
    search_fields = ["text", "product__code"]

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(SourceText)
class SourceTextAdmin(AccountScopedAdmin):
    area = Area.CATALOG
    list_display = ["product", "variant", "field", "position"]
    list_filter = ["field"]
    search_fields = ["text", "product__code"]
    raw_id_fields = ["product", "variant"]


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(AccountScopedAdmin):
    area = Area.CATALOG
    list_display = ["term", "kind", "locale", "translation", "account"]
    list_filter = ["kind", "locale"]
    search_fields = ["term", "translation"]


@admin.register(I18nPolicy)
class I18nPolicyAdmin(AccountScopedAdmin):
    area = Area.ACCOUNT
    list_display = ["account", "missing_translation", "is_four_eyes"]
