"""GET /api/accounts/{account_pk}/reports/revenue/ — the revenue figures (managers and owners)."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from fulfilment.reports import selectors
from fulfilment.reports.inputs import CHANNELS, NETWORKS, RevenueQueryInput
from fulfilment.reports.serialize import report_data
from hub.accounts.api.tenancy import AccountScopedMixin
from hub.accounts.roles import Area


def _money(help_text: str) -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=20,
        decimal_places=3,
        coerce_to_string=True,
        help_text=help_text + " Decimal string at the base currency's decimals (JPY 0, EUR 2).",
    )


def _figure_fields() -> dict:
    return {
        "orders": serializers.IntegerField(help_text="Orders (cancelled and unconverted ones are not counted)."),
        "units": serializers.IntegerField(),
        "gross_sales": _money("Items and shipping, base currency at each order's order-date rate."),
        "discounts": _money("Discounts."),
        "refunds": _money(
            "Refunds: Refund records on their own day at their own rate; without them, the order's "
            "refunds at its order-date rate."
        ),
        "fees_returned": _money("Marketplace fees given back with the refunds, at the refund's rate."),
        "marketplace_fees": _money("Marketplace fees (reported or estimated)."),
        "fulfilment_costs": _money("MCF fees and own-warehouse rate card costs."),
        "net_revenue": _money(
            "gross_sales − discounts − (refunds − fees_returned) − marketplace_fees − fulfilment_costs."
        ),
        "cost_of_goods": _money("Variant cost × units (variants without a cost count 0)."),
        "margin": _money("net_revenue − cost_of_goods."),
        "margin_percent": serializers.DecimalField(
            max_digits=8, decimal_places=1, allow_null=True, help_text="margin / net sales × 100."
        ),
    }


FIGURES_SCHEMA = inline_serializer("RevenueFigures", _figure_fields())
REPORT_SCHEMA = inline_serializer(
    "RevenueReport",
    {
        "currency": serializers.CharField(help_text="The seller's base currency."),
        "date_from": serializers.DateField(),
        "date_to": serializers.DateField(),
        "group_by": serializers.ListField(child=serializers.CharField()),
        "filters": serializers.DictField(),
        "rows": serializers.ListField(
            child=serializers.DictField(),
            help_text=(
                "One per group: its keys under their group_by names (channel = amazon, aliexpress, wish or "
                "manual; channel_account and category = ids, with channel_account_name / category_name; "
                "day and week = ISO dates (week = its Monday); month = YYYY-MM), the figures as Decimal "
                "strings, and — unless grouped by time — `previous` and `change` for the period before."
            ),
        ),
        "totals": inline_serializer(
            "RevenueTotals", {**_figure_fields(), "cancelled_orders": serializers.IntegerField()}
        ),
        "previous": inline_serializer(
            "RevenuePrevious",
            {"date_from": serializers.DateField(), "date_to": serializers.DateField(), **_figure_fields()},
        ),
        "change": serializers.DictField(help_text="Per figure: {delta, percent} against the previous period."),
        "unconverted": inline_serializer(
            "RevenueUnconverted",
            {
                "count": serializers.IntegerField(),
                "totals_by_currency": serializers.DictField(child=serializers.CharField()),
                "orders": serializers.ListField(child=serializers.DictField(), help_text="The first 100, named."),
            },
        ),
        "top_skus": serializers.DictField(required=False, help_text="With ?top=N: per channel, top and bottom SKUs."),
    },
)


class RevenueReportApi(AccountScopedMixin, APIView):
    """Revenue per channel, channel account, marketplace, SKU, category and period, in the
    seller's base currency at each order's order-date rate. Orders whose money is unconverted
    are counted and named under `unconverted`, never summed. Managers and owners only."""

    area = Area.REPORTS

    @extend_schema(
        operation_id="revenue_report",
        parameters=[
            OpenApiParameter("date_from", OpenApiTypes.DATE),
            OpenApiParameter("date_to", OpenApiTypes.DATE),
            OpenApiParameter(
                "group_by",
                str,
                description="Comma-separated, combinable: " + ", ".join(selectors.GROUPS),
                examples=[OpenApiExample("channel by month", value="channel,month")],
            ),
            OpenApiParameter("channel", str, enum=list(CHANNELS)),
            OpenApiParameter("channel_account", int),
            OpenApiParameter("marketplace", str),
            OpenApiParameter("sku", str),
            OpenApiParameter("category", int, description="With its sub-categories."),
            OpenApiParameter("warehouse", int),
            OpenApiParameter("network", str, enum=list(NETWORKS)),
            OpenApiParameter("top", int, description="Also answer top/bottom N SKUs per channel (1-50)."),
        ],
        responses={200: REPORT_SCHEMA},
    )
    def get(self, request, account_pk):
        data = RevenueQueryInput(data=request.query_params, account=self.account)
        data.is_valid(raise_exception=True)
        query = data.query()
        report = selectors.revenue_report(query, currency=self.account.base_currency)
        top = data.validated_data.get("top")
        top_skus = selectors.revenue_top_skus(query, count=top) if top else None
        return Response(report_data(report, top_skus=top_skus))
