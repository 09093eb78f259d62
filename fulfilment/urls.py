"""The fulfilment pages, mounted at /fulfilment/ by hub/config/urls.py."""

from django.urls import include, path

from fulfilment import views

app_name = "fulfilment"

urlpatterns = [
    path("<int:account_pk>/orders/", views.orders, name="orders"),
    path("<int:account_pk>/orders/new/", views.manual_order, name="manual-order"),
    path("<int:account_pk>/orders/<int:pk>/", views.order_page, name="order"),
    path("<int:account_pk>/logistics/", views.logistics, name="logistics"),
    path("<int:account_pk>/logistics/counts/", views.logistics_counts, name="logistics-counts"),
    path("<int:account_pk>/logistics/tracking-csv/", views.tracking_csv, name="tracking-csv"),
    path("<int:account_pk>/shipments/<int:pk>/ship/", views.shipment_ship, name="shipment-ship"),
    path("<int:account_pk>/pick-list/<int:warehouse_pk>/", views.pick_list, name="pick-list"),
    path("<int:account_pk>/inbound/<int:pk>/resolve/", views.inbound_resolve, name="inbound-resolve"),
    path("<int:account_pk>/routing/", views.routing_rules, name="routing"),
    path("<int:account_pk>/routing/<int:pk>/delete/", views.routing_rule_delete, name="routing-delete"),
    path("", include("fulfilment.reports.urls")),  # revenue dashboard (fulfilment/reports)
]
