"""Currency API. Global (`/api/currency/`): any logged-in user reads rates and converts;
superusers write system-wide rates and rounding rules. Account-scoped
(`/api/accounts/{account_pk}/currency/`): members read, owners write that account's manual rates."""

from django.conf import settings
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from currency import selectors, services
from currency.api import serializers as s
from currency.api.filters import ExchangeRateFilter
from currency.models import PriceRoundingRule
from currency.money import Money, RoundingPurpose
from hub.accounts.api.tenancy import AccountScopedMixin, AccountScopedViewSet
from hub.accounts.roles import Area
from hub.accounts.selectors import membership_get_for_user
from hub.core.uploads import upload_read


class IsSuperuserOrReadOnly(permissions.BasePermission):
    message = "Only superusers change system-wide currency data."

    def has_permission(self, request: Request, view) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        return request.method in permissions.SAFE_METHODS or request.user.is_superuser


def _upload_read(upload) -> bytes:
    return upload_read(upload, settings.UPLOAD_MAX_BYTES)


class IsSuperuser(permissions.BasePermission):
    message = "Only superusers import system-wide rates."

    def has_permission(self, request: Request, view) -> bool:
        return bool(request.user and request.user.is_authenticated and request.user.is_superuser)


RATE_ORDERING_FIELDS = ["date", "base", "quote", "source", "fetched_at"]
RATE_ORDERING = ["-date", "base", "quote", "source"]


# --- rates -----------------------------------------------------------------------------------------
class ExchangeRateViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet
):
    """System-wide rates: ECB, pegs, forex-python and superusers' manual rates."""

    permission_classes = [IsSuperuserOrReadOnly]
    serializer_class = s.ExchangeRateOutputSerializer
    filterset_class = ExchangeRateFilter
    ordering_fields = RATE_ORDERING_FIELDS
    ordering = RATE_ORDERING

    def get_queryset(self):
        return selectors.exchange_rate_list()

    @extend_schema(request=s.SystemExchangeRateInputSerializer, responses={201: s.ExchangeRateOutputSerializer})
    def create(self, request):
        data = s.SystemExchangeRateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        rate = services.exchange_rate_create(user=request.user, **data.validated_data)
        return Response(s.ExchangeRateOutputSerializer(rate).data, status=status.HTTP_201_CREATED)

    def destroy(self, request, pk=None):
        services.exchange_rate_delete(rate=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


class AccountExchangeRateViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.DestroyModelMixin, AccountScopedViewSet
):
    """This seller account's manual rates: they count in its conversions and nobody else's."""

    area = Area.ACCOUNT
    serializer_class = s.ExchangeRateOutputSerializer
    filterset_class = ExchangeRateFilter
    ordering_fields = RATE_ORDERING_FIELDS
    ordering = RATE_ORDERING

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return selectors.exchange_rate_list().none()
        return selectors.exchange_rate_list(account=self.account)

    @extend_schema(request=s.ExchangeRateInputSerializer, responses={201: s.ExchangeRateOutputSerializer})
    def create(self, request, account_pk):
        data = s.ExchangeRateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        rate = services.exchange_rate_create(account=self.account, user=request.user, **data.validated_data)
        return Response(s.ExchangeRateOutputSerializer(rate).data, status=status.HTTP_201_CREATED)

    def destroy(self, request, account_pk, pk=None):
        services.exchange_rate_delete(rate=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


class ExchangeRateUploadApi(APIView):
    """Import system-wide rates from a file. Every row is checked first; one bad row refuses the
    whole file (400, `extra.rows`: row, column, message), and nothing is written."""

    permission_classes = [IsSuperuser]
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        request={"multipart/form-data": s.SystemRatesUploadInputSerializer}, responses=s.LoadSummarySerializer
    )
    def post(self, request):
        data = s.SystemRatesUploadInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        summary = services.exchange_rates_import(
            data=_upload_read(data.validated_data["file"]), user=request.user, source=data.validated_data["source"]
        )
        return Response(summary.as_dict(), status=status.HTTP_201_CREATED)


class AccountExchangeRateUploadApi(AccountScopedMixin, APIView):
    """Import this account's manual rates from the hub CSV (`date,base,quote,rate[,note]`)."""

    area = Area.ACCOUNT
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(request={"multipart/form-data": s.RatesUploadInputSerializer}, responses=s.LoadSummarySerializer)
    def post(self, request, account_pk):
        data = s.RatesUploadInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        summary = services.exchange_rates_import(
            data=_upload_read(data.validated_data["file"]), account=self.account, user=request.user
        )
        return Response(summary.as_dict(), status=status.HTTP_201_CREATED)


# --- conversion --------------------------------------------------------------------------------------
class ConvertApi(APIView):
    """Convert an amount at the rate of a day (or the newest earlier day with a rate). The answer
    names the rate, its date, its source and every leg, so it can be stored and explained."""

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "amount",
                str,
                required=True,
                description='A plain decimal, e.g. "19.99" (not "1e3"); negative amounts (refunds, fees) '
                "convert as well and keep their sign.",
            ),
            OpenApiParameter("from", str, required=True, description="ISO 4217 code of the amount."),
            OpenApiParameter("to", str, required=True, description="ISO 4217 code to convert into."),
            OpenApiParameter("date", OpenApiTypes.DATE, description="Rate date; default today."),
            OpenApiParameter("account", int, description="Also use this seller account's manual rates."),
            OpenApiParameter("purpose", str, enum=s.PURPOSES, default=RoundingPurpose.REPORT.label),
        ],
        responses=s.ConversionOutputSerializer,
    )
    def get(self, request):
        data = s.ConvertInputSerializer(data=request.query_params)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        account = None
        if "account" in values:
            account = membership_get_for_user(user=request.user, account_pk=values["account"]).account
        conversion = services.currency_convert(
            amount=Money(values["amount"], values["from"]),
            to_currency=values["to"],
            on_date=values.get("date"),
            account=account,
            purpose=RoundingPurpose.from_label(values["purpose"]),
        )
        return Response(conversion.as_dict())


class CurrencyStatusApi(APIView):
    """Which providers are asked, in which order, and the newest stored day of each source."""

    @extend_schema(
        responses=inline_serializer(
            "CurrencyStatus",
            {
                "providers": serializers.ListField(child=serializers.CharField()),
                "pivots": serializers.ListField(child=serializers.CharField()),
                "max_rate_age_days": serializers.IntegerField(),
                "newest": serializers.DictField(child=serializers.CharField()),
            },
        )
    )
    def get(self, request):
        from currency.providers import providers_build

        return Response(
            {
                "providers": [provider.name for provider in providers_build(settings.CURRENCY_PROVIDERS)],
                "pivots": list(settings.CURRENCY_PIVOTS),
                "max_rate_age_days": settings.CURRENCY_MAX_RATE_AGE_DAYS,
                "newest": selectors.exchange_rate_newest_dates(),
            }
        )


# --- price rounding ----------------------------------------------------------------------------------
class PriceRoundingRuleViewSet(viewsets.ModelViewSet):
    permission_classes = [IsSuperuserOrReadOnly]
    serializer_class = s.PriceRoundingRuleSerializer
    filterset_fields = ["marketplace_key", "currency", "is_active"]
    ordering_fields = ["marketplace_key", "currency", "updated_at"]
    ordering = ["marketplace_key", "currency"]
    queryset = PriceRoundingRule.objects.all()

    def get_queryset(self):
        return selectors.rounding_rule_list()

    def perform_create(self, serializer):
        serializer.instance = services.rounding_rule_save(**serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.rounding_rule_save(rule=serializer.instance, **serializer.validated_data)

    def perform_destroy(self, instance):
        services.rounding_rule_delete(rule=instance)


class PriceRoundApi(APIView):
    """Preview a marketplace price: its rounding rule applied, never under the floor."""

    @extend_schema(parameters=[s.PriceRoundInputSerializer], responses=s.PriceRoundOutputSerializer)
    def get(self, request):
        data = s.PriceRoundInputSerializer(data=request.query_params)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        currency = values["currency"]
        floor = Money(values["floor"], currency) if values.get("floor") is not None else None
        result = services.price_round_explain(
            Money(values["amount"], currency), marketplace_key=values["marketplace"], floor=floor
        )
        return Response(
            {
                "price": str(result.price.amount),
                "currency": currency,
                "unrounded": str(result.unrounded.amount),
                "rule": result.rule,
                "rule_id": result.rule_pk,
                "floor": str(result.floor.amount) if result.floor else None,
                "raised_to_floor": result.raised_to_floor,
            }
        )
