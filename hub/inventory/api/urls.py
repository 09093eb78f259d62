from django.urls import path
from rest_framework.routers import SimpleRouter

from hub.inventory.api import views

router = SimpleRouter()
router.register("warehouses", views.WarehouseViewSet, basename="warehouse")
router.register("stock-levels", views.StockLevelViewSet, basename="stock-level")
router.register("stock-movements", views.StockMovementViewSet, basename="stock-movement")

urlpatterns = [
    path("adjustments/", views.StockAdjustmentApi.as_view(), name="stock-adjustment"),
    path("transfers/", views.StockTransferApi.as_view(), name="stock-transfer"),
    *router.urls,
]
