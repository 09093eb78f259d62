"""Fulfilment API under /api/accounts/{id}/fulfilment/: routing rules, shipments, tracking
pushes, pick lists, logistics counts. Orders themselves are under /api/accounts/{id}/orders/
(order_urls.py)."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from fulfilment.api import views

router = SimpleRouter()
router.register("routing-rules", views.RoutingRuleViewSet, basename="routing-rule")
router.register("shipments", views.ShipmentViewSet, basename="shipment")
router.register("tracking-pushes", views.TrackingPushViewSet, basename="tracking-push")

urlpatterns = [
    path("pick-list/", views.PickListApi.as_view(), name="pick-list"),
    path("logistics-counts/", views.LogisticsCountsApi.as_view(), name="logistics-counts"),
    *router.urls,
]
