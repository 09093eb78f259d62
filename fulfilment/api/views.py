from django.http import Http404
from django_filters import rest_framework as filters
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from fulfilment import selectors
from fulfilment.api import serializers as s
from fulfilment.models import Order, RoutingRule, Shipment, TrackingPush
from fulfilment.services import manual, own_warehouse, tracking
from hub.accounts.api.tenancy import AccountScopedMixin, AccountScopedViewSet
from hub.accounts.roles import Area
from hub.core.exceptions import ApplicationError
from hub.inventory.models import Warehouse


class OrderFilter(filters.FilterSet):
    date_from = filters.DateFilter(field_name="order_date", lookup_expr="gte")
    date_to = filters.DateFilter(field_name="order_date", lookup_expr="lte")
    warehouse = filters.NumberFilter(field_name="warehouse_id")

    class Meta:
        model = Order
        fields = [
            "status",
            "family",
            "marketplace_id",
            "channel_account",
            "reservation_state",
            "hold_reason",
            "money_state",
            "network",
            "source",
            "fulfilled_by",
        ]


class OrderViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, AccountScopedViewSet):
    """Orders of the account: pulled from marketplaces or entered by hand (manual orders)."""

    area = Area.ORDERS
    queryset = Order.objects.all()
    serializer_class = s.OrderSerializer
    filterset_class = OrderFilter
    search_fields = ["external_id", "buyer_name", "lines__sku"]
    ordering_fields = ["purchased_at", "order_date", "total", "base_total", "status"]
    ordering = ["-purchased_at", "-pk"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Order.objects.none()
        return selectors.order_list(account_id=self.account.pk)

    def get_serializer_class(self):
        return s.OrderDetailSerializer if self.action == "retrieve" else s.OrderSerializer

    def retrieve(self, request, account_pk, pk):
        try:
            order = selectors.order_detail(account_id=self.account.pk, pk=int(pk))
        except (Order.DoesNotExist, ValueError):
            raise Http404 from None
        return Response(s.OrderDetailSerializer(order).data)

    @extend_schema(request=s.ManualOrderInputSerializer, responses={201: s.OrderDetailSerializer})
    def create(self, request, account_pk):
        """Create a manual order (wholesale, phone): same path as a pulled order."""
        data = s.ManualOrderInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        result = manual.manual_order_create(account=self.account, **data.validated_data)
        order = selectors.order_detail(account_id=self.account.pk, pk=result.order.pk)
        return Response(s.OrderDetailSerializer(order).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.ManualOrderUpdateSerializer, responses=s.OrderDetailSerializer)
    def partial_update(self, request, account_pk, pk):
        """Change a manual order's lines or address before it ships; the reservation follows."""
        order = self.get_object()
        data = s.ManualOrderUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        manual.manual_order_update(order=order, **data.validated_data)
        return Response(s.OrderDetailSerializer(selectors.order_detail(account_id=self.account.pk, pk=order.pk)).data)

    @extend_schema(request=None, responses=s.OrderDetailSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, account_pk, pk):
        """Cancel a manual order before it ships (releases its stock)."""
        order = self.get_object()
        manual.manual_order_update(order=order, cancel=True)
        return Response(s.OrderDetailSerializer(selectors.order_detail(account_id=self.account.pk, pk=order.pk)).data)

    @extend_schema(request=s.PullInputSerializer, responses={202: None})
    @action(detail=False, methods=["post"])
    def pull(self, request, account_pk):
        """Pull now (all channel accounts, or one), from `since` or the watermark."""
        from channels.models import ChannelAccount
        from fulfilment.tasks import orders_pull_task

        data = s.PullInputSerializer(data=request.data, context={"account": self.account})
        data.is_valid(raise_exception=True)
        chosen = data.validated_data.get("channel_account")
        targets = [chosen] if chosen else list(ChannelAccount.objects.filter(account=self.account))
        since = data.validated_data.get("since")
        queued = []
        for channel_account in targets:
            orders_pull_task.delay(channel_account.pk, since.isoformat() if since else None)
            queued.append(channel_account.pk)
        return Response({"queued": queued}, status=status.HTTP_202_ACCEPTED)


class RoutingRuleViewSet(
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    AccountScopedViewSet,
):
    """Ordered routing rules (lowest position first); a rule may only name this account's warehouses."""

    area = Area.SHIPMENTS
    queryset = RoutingRule.objects.all()
    serializer_class = s.RoutingRuleSerializer
    ordering = ["position", "pk"]
    http_method_names = ["get", "post", "patch", "delete"]

    def perform_create(self, serializer):
        serializer.save(account=self.account)


class ShipmentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, AccountScopedViewSet):
    area = Area.SHIPMENTS
    queryset = Shipment.objects.all()
    serializer_class = s.ShipmentSerializer
    account_field = "order__account"
    filterset_fields = ["status", "network", "warehouse"]
    ordering = ["-created_at", "-pk"]

    @extend_schema(request=s.ShipInputSerializer, responses=s.ShipmentSerializer)
    @action(detail=True, methods=["post"])
    def ship(self, request, account_pk, pk):
        """Pack and ship an own-warehouse shipment: carrier and tracking number."""
        shipment = self.get_object()
        data = s.ShipInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        shipment = own_warehouse.shipment_ship(shipment=shipment, **data.validated_data)
        return Response(s.ShipmentSerializer(shipment).data)

    @extend_schema(request={"multipart/form-data": s.TrackingCsvInputSerializer}, responses={200: None})
    @action(detail=False, methods=["post"], url_path="tracking-csv")
    def tracking_csv(self, request, account_pk):
        """CSV with order_id, carrier, tracking_number (and optional shipment): every row is
        checked first; any problem answers 400 with the row report and ships nothing."""
        data = s.TrackingCsvInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        report = own_warehouse.tracking_csv_apply(account=self.account, content=data.validated_data["file"].read())
        return Response({"rows": report})


class TrackingPushViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, AccountScopedViewSet):
    area = Area.SHIPMENTS
    queryset = TrackingPush.objects.all()
    serializer_class = s.TrackingPushSerializer
    account_field = "order__account"
    filterset_fields = ["state", "order"]

    @extend_schema(request=None, responses=s.TrackingPushSerializer)
    @action(detail=True, methods=["post"])
    def retry(self, request, account_pk, pk):
        push = tracking.tracking_push_retry(push=self.get_object())
        return Response(s.TrackingPushSerializer(push).data)


class PickListApi(AccountScopedMixin, APIView):
    area = Area.SHIPMENTS

    @extend_schema(parameters=[OpenApiParameter("warehouse", int, required=True)], responses={200: None})
    def get(self, request, account_pk):
        try:
            warehouse = Warehouse.objects.get(account=self.account, pk=int(request.query_params.get("warehouse", "")))
        except (ValueError, Warehouse.DoesNotExist):
            raise ApplicationError("Unknown warehouse.", fields={"warehouse": ["Unknown warehouse."]}) from None
        return Response(
            {
                "warehouse": warehouse.code,
                "rows": selectors.pick_list(account_id=self.account.pk, warehouse_id=warehouse.pk),
            }
        )


class LogisticsCountsApi(AccountScopedMixin, APIView):
    area = Area.SHIPMENTS

    @extend_schema(responses={200: None})
    def get(self, request, account_pk):
        return Response(selectors.logistics_counts(account_id=self.account.pk))
