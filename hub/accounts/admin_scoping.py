"""Admin for seller data: superusers see everything; other staff see only the accounts they belong
to, and change only what their role allows there (the same matrix as the API)."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest

from hub.accounts.models import Membership, SellerAccount
from hub.accounts.roles import Area, role_can_read, role_can_write


def _roles(request: HttpRequest) -> dict[int, str]:
    cache = getattr(request, "_hub_roles", None)
    if cache is None:
        cache = dict(Membership.objects.filter(user=request.user).values_list("account_id", "role"))
        request._hub_roles = cache  # type: ignore[attr-defined]
    return cache


class AccountScopedAdmin(admin.ModelAdmin):
    area: Area = Area.CATALOG
    # Path from the model to its SellerAccount, in ORM lookup form.
    account_lookup = "account"

    def _account_ids(self, request: HttpRequest, *, write: bool) -> list[int]:
        check = role_can_write if write else role_can_read
        return [pk for pk, role in _roles(request).items() if check(role, self.area)]

    def _object_account_id(self, obj: Model) -> int | None:
        value = obj
        for part in self.account_lookup.split("__"):
            value = getattr(value, part, None)
            if value is None:
                return None
        return value.pk if isinstance(value, SellerAccount) else None

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(**{f"{self.account_lookup}__in": self._account_ids(request, write=False)})

    def get_object(self, request: HttpRequest, object_id: str, from_field: str | None = None) -> Model | None:
        obj = super().get_object(request, object_id, from_field)
        if obj is None and not request.user.is_superuser:
            # Another account's id: 404 as in the API, not Django's "may have been deleted" redirect.
            raise Http404
        return obj

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.is_superuser or (request.user.is_staff and bool(self._account_ids(request, write=False)))

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        if request.user.is_superuser:
            return True
        allowed = self._account_ids(request, write=False)
        return request.user.is_staff and (self._object_account_id(obj) in allowed if obj else bool(allowed))

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        if request.user.is_superuser:
            return True
        allowed = self._account_ids(request, write=True)
        return request.user.is_staff and (self._object_account_id(obj) in allowed if obj else bool(allowed))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return request.user.is_superuser or (request.user.is_staff and bool(self._account_ids(request, write=True)))

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self.has_change_permission(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        scope_foreignkey(db_field, request, kwargs, self._account_ids(request, write=True))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_formset(self, request, form, formset, change):  # type: ignore[no-untyped-def]
        # An inline row with its own `account` (a variant on the product page) is not asked for it:
        # it belongs to the account of the object it is added to.
        account_id = self._object_account_id(form.instance)
        for inline_form in formset.forms:
            row = inline_form.instance
            if account_id is not None and hasattr(row, "account_id") and row.account_id is None:
                row.account_id = account_id
        super().save_formset(request, form, formset, change)


class AccountScopedInline(admin.TabularInline):
    """An inline on an AccountScopedAdmin page: shown and editable exactly when the page's object
    is (the same role matrix), with selects scoped like the page's own."""

    extra = 0

    def _page_admin(self) -> AccountScopedAdmin:
        return self.admin_site._registry[self.parent_model]  # type: ignore[return-value]

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self._page_admin().has_view_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self._page_admin().has_change_permission(request, obj)

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self._page_admin().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self._page_admin().has_change_permission(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        scope_foreignkey(db_field, request, kwargs, self._page_admin()._account_ids(request, write=True))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


def account_lookup_for(model: type[Model]) -> str | None:
    """ORM path from `model` to its SellerAccount (None: not seller data, e.g. content types)."""
    if model is SellerAccount:
        return "pk"
    if model is get_user_model():
        return "memberships__account"  # people are seen through the accounts they belong to
    fields = model._meta.get_fields()
    if any(f.name == "account" for f in fields):
        return "account"
    for field in fields:  # one hop: an attribute option reaches its account through its attribute
        target = field.related_model if field.many_to_one else None
        if target is not None and any(f.name == "account" for f in target._meta.get_fields()):
            return f"{field.name}__account"
    return None


def scope_foreignkey(db_field, request: HttpRequest, kwargs: dict, account_ids: list[int]) -> None:
    """Limit a select to rows of `account_ids`, so a form never lists another account's rows."""
    if request.user.is_superuser:
        return
    related = db_field.related_model
    lookup = account_lookup_for(related)
    if lookup is not None:
        kwargs["queryset"] = related._default_manager.filter(**{f"{lookup}__in": account_ids}).distinct()
