"""Account scoping and the role matrix for every account-scoped API view.

Account-scoped URLs look like `/api/accounts/{account_pk}/...`. The permission class below
resolves the caller's membership of that account (404 when there is none, so another account's
ids are indistinguishable from ids that do not exist), stores it on the view, and checks the
view's area against `hub.accounts.roles.ROLE_MATRIX`: safe methods need read access, every other
method write access.
"""

from django.db.models import Model, QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import permissions, serializers, viewsets
from rest_framework.request import Request

from hub.accounts.models import Membership, SellerAccount
from hub.accounts.roles import Access, Area, role_access
from hub.accounts.selectors import membership_get_for_user


class AccountAreaPermission(permissions.BasePermission):
    message = "Your role in this account does not allow this."

    def has_permission(self, request: Request, view) -> bool:  # type: ignore[no-untyped-def]
        if not (request.user and request.user.is_authenticated):
            return False
        if getattr(view, "swagger_fake_view", False):
            return True
        membership = membership_get_for_user(user=request.user, account_pk=view.kwargs.get("account_pk"))
        view.membership = membership
        view.account = membership.account
        needed = Access.READ if request.method in permissions.SAFE_METHODS else Access.WRITE
        return role_access(membership.role, view.get_area(request)) >= needed


class AccountScopedMixin:
    """Mix into any APIView or ViewSet that lives under `/api/accounts/{account_pk}/`."""

    area: Area
    # Some views read one area and write another; `write_area` names the second when it differs.
    write_area: Area | None = None
    permission_classes = [permissions.IsAuthenticated, AccountAreaPermission]
    account: SellerAccount
    membership: Membership

    def get_area(self, request: Request) -> Area:
        if self.write_area is not None and request.method not in permissions.SAFE_METHODS:
            return self.write_area
        return self.area


class AccountScopedViewSet(AccountScopedMixin, viewsets.GenericViewSet):
    """A viewset whose queryset is always filtered to the URL's account. Subclasses name the
    model's path to its account in `account_field` (default `account`)."""

    account_field = "account"

    def get_queryset(self) -> QuerySet:
        queryset = super().get_queryset()
        if getattr(self, "swagger_fake_view", False):
            return queryset.none()
        return queryset.filter(**{self.account_field: self.account})

    def get_serializer_context(self) -> dict:
        context = super().get_serializer_context()
        if hasattr(self, "account"):
            context["account"] = self.account
            context["membership"] = self.membership
        return context


@extend_schema_field(OpenApiTypes.INT)
class AccountPrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    """An id in a request body that must belong to the URL's account; any other id is reported
    as not existing (400 on that field), exactly like an id that was never created."""

    def __init__(self, *, model: type[Model], account_field: str = "account", **kwargs) -> None:
        self.model = model
        self.account_field = account_field
        super().__init__(**kwargs)

    def get_queryset(self) -> QuerySet:
        account = self.context.get("account")
        if account is None:
            return self.model.objects.none()
        return self.model.objects.filter(**{self.account_field: account})
