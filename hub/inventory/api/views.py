from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.response import Response
from rest_framework.views import APIView

from hub.accounts.api.tenancy import AccountScopedMixin, AccountScopedViewSet
from hub.accounts.roles import Area
from hub.core.exceptions import ConflictError
from hub.inventory import selectors, services
from hub.inventory.api import serializers as s
from hub.inventory.api.filters import StockLevelFilter, StockMovementFilter
from hub.inventory.models import StockLevel, StockMovement, Warehouse


class WarehouseViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, AccountScopedViewSet):
    area = Area.INVENTORY
    queryset = Warehouse.objects.all()
    serializer_class = s.WarehouseSerializer
    filterset_fields = ["kind", "fba_region", "country", "is_active"]
    search_fields = ["code", "name", "city"]
    ordering_fields = ["code", "name", "created_at"]
    ordering = ["code"]

    @extend_schema(request=s.WarehouseInputSerializer, responses={201: s.WarehouseSerializer})
    def create(self, request, account_pk):
        data = s.WarehouseInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        if Warehouse.objects.filter(account=self.account, code=data.validated_data["code"]).exists():
            raise ConflictError("A warehouse with this code exists.", fields={"code": ["Already used."]})
        warehouse = services.warehouse_create(account=self.account, **data.validated_data)
        return Response(s.WarehouseSerializer(warehouse).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.WarehouseInputSerializer(partial=True), responses=s.WarehouseSerializer)
    def partial_update(self, request, account_pk, pk):
        warehouse = self.get_object()
        data = s.WarehouseInputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        values = {key: value for key, value in data.validated_data.items() if key in data.initial_data}
        if "code" in values and values["code"] != warehouse.code:
            if Warehouse.objects.filter(account=self.account, code=values["code"]).exists():
                raise ConflictError("A warehouse with this code exists.", fields={"code": ["Already used."]})
        warehouse = services.warehouse_update(warehouse=warehouse, **values)
        return Response(s.WarehouseSerializer(warehouse).data)


class StockLevelViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, AccountScopedViewSet):
    area = Area.INVENTORY
    queryset = StockLevel.objects.all()
    serializer_class = s.StockLevelSerializer
    filterset_class = StockLevelFilter
    ordering_fields = ["on_hand", "reserved", "available_units", "updated_at"]
    ordering = ["variant__sku", "warehouse__code"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return StockLevel.objects.none()
        return selectors.stock_level_list(account=self.account)


class StockMovementViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, AccountScopedViewSet):
    """The stock ledger: append-only, newest first."""

    area = Area.INVENTORY
    queryset = StockMovement.objects.all()
    serializer_class = s.StockMovementSerializer
    filterset_class = StockMovementFilter
    ordering_fields = ["created_at"]
    ordering = ["-created_at", "-pk"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return StockMovement.objects.none()
        return selectors.stock_movement_list(account=self.account)


class StockAdjustmentApi(AccountScopedMixin, APIView):
    """Change one stock level. Answers 201 with the ledger row written; 200 with the earlier row
    when its idempotency key was used before (a retry); 204 when there was nothing to change."""

    area = Area.INVENTORY

    @extend_schema(
        request=s.StockAdjustmentInputSerializer,
        responses={201: s.StockMovementSerializer, 200: s.StockMovementSerializer, 204: None},
    )
    def post(self, request, account_pk):
        data = s.StockAdjustmentInputSerializer(data=request.data, context={"account": self.account})
        data.is_valid(raise_exception=True)
        movement = services.stock_adjust(account=self.account, user=request.user, **data.validated_data)
        if movement is not None:
            return Response(s.StockMovementSerializer(movement).data, status=status.HTTP_201_CREATED)
        key = data.validated_data["idempotency_key"]
        earlier = (
            selectors.stock_movement_list(account=self.account).filter(idempotency_key=key).first() if key else None
        )
        if earlier is None:
            return Response(status=status.HTTP_204_NO_CONTENT)
        return Response(s.StockMovementSerializer(earlier).data, status=status.HTTP_200_OK)


class StockTransferApi(AccountScopedMixin, APIView):
    area = Area.INVENTORY

    @extend_schema(request=s.StockTransferInputSerializer, responses={201: s.StockMovementSerializer(many=True)})
    def post(self, request, account_pk):
        data = s.StockTransferInputSerializer(data=request.data, context={"account": self.account})
        data.is_valid(raise_exception=True)
        movements = services.stock_transfer(account=self.account, user=request.user, **data.validated_data)
        return Response(s.StockMovementSerializer(movements, many=True).data, status=status.HTTP_201_CREATED)
