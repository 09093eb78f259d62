import django_filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from channels import selectors, services
from channels.api import serializers as s
from channels.exceptions import ChannelError
from channels.marketplaces import amazon_marketplaces
from channels.models import ChannelAccount, ChannelCall
from hub.accounts.api.tenancy import AccountScopedMixin, AccountScopedViewSet
from hub.accounts.roles import Area
from hub.core.api.filters import IsoDateTimeFilter
from hub.core.exceptions import ApplicationError


class ChannelAccountViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, AccountScopedViewSet):
    """Marketplace connections. Credentials are write-only: responses say which fields are set."""

    area = Area.CHANNELS
    queryset = ChannelAccount.objects.all()
    serializer_class = s.ChannelAccountOutputSerializer
    filterset_fields = ["family", "status"]
    search_fields = ["name", "seller_reference"]
    ordering_fields = ["name", "family", "created_at"]
    ordering = ["family", "name"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ChannelAccount.objects.none()
        return selectors.channel_account_list(account=self.account)

    @extend_schema(request=s.ChannelAccountInputSerializer, responses={201: s.ChannelAccountOutputSerializer})
    def create(self, request, account_pk):
        data = s.ChannelAccountInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        channel_account = services.channel_account_create(account=self.account, **data.validated_data)
        return Response(s.ChannelAccountOutputSerializer(channel_account).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.ChannelAccountInputSerializer(partial=True), responses=s.ChannelAccountOutputSerializer)
    def partial_update(self, request, account_pk, pk):
        channel_account = self.get_object()
        data = s.ChannelAccountInputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        if "family" in fields and fields.pop("family") != channel_account.family:
            raise ApplicationError(
                "The marketplace family of a channel account cannot change.",
                fields={"family": ["Create a new channel account instead."]},
            )
        channel_account = services.channel_account_update(channel_account=channel_account, **fields)
        return Response(s.ChannelAccountOutputSerializer(channel_account).data)

    def destroy(self, request, account_pk, pk):
        services.channel_account_delete(channel_account=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=None, responses=s.ChannelAccountOutputSerializer)
    @action(detail=True, methods=["post"])
    def verify(self, request, account_pk, pk):
        """Ask the marketplace whether the credentials work; the outcome is in `status` and `last_error`."""
        channel_account = self.get_object()
        try:
            channel_account = services.channel_account_verify(channel_account=channel_account, wait_seconds=2.0)
        except ChannelError as error:  # throttled / transient: the marketplace may answer later
            raise ApplicationError(
                "The marketplace did not answer; try again shortly.",
                code=error.kind.value,
                extra={"retry_after": getattr(error, "retry_after", None)},
            ) from None
        return Response(s.ChannelAccountOutputSerializer(channel_account).data)


def _own_channel_accounts(request):
    # Another account's channel account id is refused like one that does not exist (400), instead
    # of answering an empty page that would tell the two apart.
    view = request.parser_context["view"] if request is not None else None
    account = getattr(view, "account", None)
    return ChannelAccount.objects.filter(account=account) if account else ChannelAccount.objects.none()


class ChannelCallFilter(django_filters.FilterSet):
    channel_account = django_filters.ModelChoiceFilter(queryset=_own_channel_accounts)
    created_after = IsoDateTimeFilter(field_name="created_at", lookup_expr="gte")
    created_before = IsoDateTimeFilter(field_name="created_at", lookup_expr="lt")
    failed = django_filters.BooleanFilter(method="filter_failed")

    class Meta:
        model = ChannelCall
        fields = ["channel_account", "operation", "error_kind", "http_status", "attempt"]

    def filter_failed(self, queryset, name, value):
        return queryset.exclude(error_kind="") if value else queryset.filter(error_kind="")


class ChannelCallViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, AccountScopedViewSet):
    """Every HTTP call made to a marketplace for this account, newest first (secrets removed)."""

    area = Area.CHANNELS
    queryset = ChannelCall.objects.select_related("channel_account")
    serializer_class = s.ChannelCallOutputSerializer
    filterset_class = ChannelCallFilter
    ordering_fields = ["created_at", "duration_ms", "http_status"]
    ordering = ["-created_at", "-pk"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ChannelCall.objects.none()
        return selectors.channel_call_list(account=self.account)


class AmazonMarketplaceListApi(AccountScopedMixin, APIView):
    """The Amazon marketplaces a channel account can enable (id, country, region, currency, locale)."""

    area = Area.CHANNELS

    @extend_schema(responses=s.AmazonMarketplaceOutputSerializer(many=True))
    def get(self, request, account_pk):
        rows = [
            {
                "marketplace_id": m.marketplace_id,
                "code": m.code,
                "country": m.country,
                "region": m.region,
                "currency": m.currency,
                "default_locale": m.default_locale,
            }
            for m in amazon_marketplaces().values()
        ]
        return Response(rows)
