from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from hub.accounts.admin_scoping import AccountScopedAdmin, AccountScopedInline
from hub.accounts.models import Invitation, Membership, SellerAccount, User
from hub.accounts.roles import Area


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "is_staff", "is_active", "date_joined"]
    search_fields = ["email", "full_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Profile", {"fields": ("full_name", "ui_language", "timezone")}),
        ("Permissions", {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(pk=request.user.pk)


class MembershipInline(AccountScopedInline):
    model = Membership
    autocomplete_fields = ["user"]


@admin.register(SellerAccount)
class SellerAccountAdmin(AccountScopedAdmin):
    area = Area.ACCOUNT
    account_lookup = "pk"
    list_display = ["name", "base_currency", "source_locale", "timezone", "created_at"]
    search_fields = ["name"]
    inlines = [MembershipInline]

    def _object_account_id(self, obj):
        return obj.pk if obj else None


@admin.register(Membership)
class MembershipAdmin(AccountScopedAdmin):
    area = Area.ACCOUNT
    list_display = ["user", "account", "role", "locales", "created_at"]
    list_filter = ["role"]
    search_fields = ["user__email", "account__name"]


@admin.register(Invitation)
class InvitationAdmin(AccountScopedAdmin):
    area = Area.ACCOUNT
    list_display = ["email", "account", "role", "created_at", "expires_at", "accepted_at", "revoked_at"]
    list_filter = ["role"]
    search_fields = ["email"]
    readonly_fields = ["token"]
