from django.contrib.auth import authenticate, logout
from django.db import transaction
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, status
from rest_framework.authtoken.models import Token
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from hub.accounts import selectors, services
from hub.accounts.api import serializers as s
from hub.accounts.api.tenancy import AccountScopedMixin
from hub.accounts.lockout import lockout_message
from hub.accounts.models import Membership
from hub.accounts.roles import Area
from hub.core.exceptions import ApplicationError


class RegisterApi(APIView):
    permission_classes = [permissions.AllowAny]
    authentication_classes: list = []

    @extend_schema(request=s.RegisterInputSerializer, responses={201: s.TokenOutputSerializer})
    def post(self, request):
        data = s.RegisterInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        with transaction.atomic():
            user = services.user_register(**data.validated_data)
            token = Token.objects.create(user=user)
        return Response({"token": token.key, "user": s.UserOutputSerializer(user).data}, status=status.HTTP_201_CREATED)


class LockedOutError(ApplicationError):
    status_code = 429


class LoginApi(APIView):
    """Exchange e-mail and password for an API token (the same token on every call). After
    AXES_FAILURE_LIMIT failures for one e-mail from one address that pair is locked (429,
    code `locked_out`) for AXES_COOLOFF_TIME; a per-address throttle also stops floods."""

    permission_classes = [permissions.AllowAny]
    authentication_classes: list = []
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "login"

    @extend_schema(request=s.LoginInputSerializer, responses={200: s.TokenOutputSerializer})
    def post(self, request):
        data = s.LoginInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        # The Django request: django-axes counts failures per (e-mail, address) and locks that pair.
        user = authenticate(
            request._request, email=data.validated_data["email"].lower(), password=data.validated_data["password"]
        )
        if user is None and getattr(request._request, "axes_locked_out", False):
            raise LockedOutError(lockout_message(), code="locked_out")
        if user is None:
            raise ApplicationError(
                "E-mail or password is not correct.",
                code="invalid_credentials",
                fields={"password": ["E-mail or password is not correct."]},
            )
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key, "user": s.UserOutputSerializer(user).data})


class LogoutApi(APIView):
    """Revoke the caller's API token and end their browser session, if any."""

    @extend_schema(request=None, responses={204: None})
    def post(self, request):
        Token.objects.filter(user=request.user).delete()
        logout(request._request)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ProfileApi(APIView):
    @extend_schema(responses=s.UserOutputSerializer)
    def get(self, request):
        return Response(s.UserOutputSerializer(request.user).data)

    @extend_schema(request=s.ProfileInputSerializer, responses=s.UserOutputSerializer)
    def patch(self, request):
        data = s.ProfileInputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        if "timezone" in values:
            values["timezone_name"] = values.pop("timezone")
        user = services.user_profile_update(user=request.user, **values)
        return Response(s.UserOutputSerializer(user).data)


class PasswordChangeApi(APIView):
    @extend_schema(request=s.PasswordChangeInputSerializer, responses={204: None})
    def post(self, request):
        data = s.PasswordChangeInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.user_password_change(user=request.user, **data.validated_data)
        return Response(status=status.HTTP_204_NO_CONTENT)


def _account_output(accounts, user):
    roles = dict(Membership.objects.filter(user=user).values_list("account_id", "role"))
    return s.SellerAccountOutputSerializer(accounts, many=True, context={"roles_by_account": roles}).data


class AccountListCreateApi(APIView):
    """The accounts the caller belongs to; creating one makes the caller its owner."""

    @extend_schema(responses=s.SellerAccountOutputSerializer(many=True))
    def get(self, request):
        return Response(_account_output(selectors.account_list_for_user(user=request.user), request.user))

    @extend_schema(request=s.SellerAccountInputSerializer, responses={201: s.SellerAccountOutputSerializer})
    def post(self, request):
        data = s.SellerAccountInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        values["timezone_name"] = values.pop("timezone")
        account = services.account_create(owner=request.user, **values)
        return Response(_account_output([account], request.user)[0], status=status.HTTP_201_CREATED)


class AccountDetailApi(AccountScopedMixin, APIView):
    area = Area.ACCOUNT

    @extend_schema(responses=s.SellerAccountOutputSerializer)
    def get(self, request, account_pk):
        return Response(_account_output([self.account], request.user)[0])

    @extend_schema(request=s.SellerAccountInputSerializer(partial=True), responses=s.SellerAccountOutputSerializer)
    def patch(self, request, account_pk):
        data = s.SellerAccountInputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        account = services.account_update(account=self.account, **data.validated_data)
        return Response(_account_output([account], request.user)[0])


class MemberListApi(AccountScopedMixin, APIView):
    area = Area.ACCOUNT

    @extend_schema(responses=s.MembershipOutputSerializer(many=True))
    def get(self, request, account_pk):
        return Response(s.MembershipOutputSerializer(selectors.membership_list(account=self.account), many=True).data)


class MemberDetailApi(AccountScopedMixin, APIView):
    area = Area.ACCOUNT

    def _membership(self, member_pk: int) -> Membership:
        return get_object_or_404(selectors.membership_list(account=self.account), pk=member_pk)

    @extend_schema(responses=s.MembershipOutputSerializer)
    def get(self, request, account_pk, member_pk):
        return Response(s.MembershipOutputSerializer(self._membership(member_pk)).data)

    @extend_schema(request=s.MembershipInputSerializer, responses=s.MembershipOutputSerializer)
    def patch(self, request, account_pk, member_pk):
        membership = self._membership(member_pk)
        data = s.MembershipInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        membership = services.membership_update(membership=membership, **data.validated_data)
        return Response(s.MembershipOutputSerializer(membership).data)

    @extend_schema(responses={204: None})
    def delete(self, request, account_pk, member_pk):
        services.membership_remove(membership=self._membership(member_pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


class InvitationListCreateApi(AccountScopedMixin, APIView):
    area = Area.ACCOUNT

    @extend_schema(responses=s.InvitationOutputSerializer(many=True))
    def get(self, request, account_pk):
        invitations = selectors.invitation_list_open(account=self.account).select_related("invited_by")
        return Response(s.InvitationOutputSerializer(invitations, many=True).data)

    @extend_schema(request=s.InvitationInputSerializer, responses={201: s.InvitationOutputSerializer})
    def post(self, request, account_pk):
        data = s.InvitationInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        invitation = services.invitation_create(account=self.account, invited_by=request.user, **data.validated_data)
        return Response(s.InvitationOutputSerializer(invitation).data, status=status.HTTP_201_CREATED)


class InvitationRevokeApi(AccountScopedMixin, APIView):
    area = Area.ACCOUNT

    @extend_schema(request=None, responses={204: None})
    def delete(self, request, account_pk, invitation_pk):
        invitation = get_object_or_404(selectors.invitation_list_open(account=self.account), pk=invitation_pk)
        services.invitation_revoke(invitation=invitation)
        return Response(status=status.HTTP_204_NO_CONTENT)


class InvitationAcceptApi(APIView):
    @extend_schema(request=None, responses={200: s.MembershipOutputSerializer})
    def post(self, request, token):
        membership = services.invitation_accept(token=token, user=request.user)
        return Response(s.MembershipOutputSerializer(membership).data)
