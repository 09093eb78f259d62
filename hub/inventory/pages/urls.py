"""Mounted at /stock/ by hub/config/urls.py."""

from django.urls import path

from hub.inventory.pages import views

app_name = "inventory"

urlpatterns = [
    path("", views.stock_current, name="stock-current"),
    path("<int:account_pk>/", views.stock, name="stock"),
    path("<int:account_pk>/adjust/", views.adjust, name="adjust"),
    path("<int:account_pk>/transfer/", views.transfer, name="transfer"),
    path("<int:account_pk>/warehouses/", views.warehouse_add, name="warehouse-add"),
    path("<int:account_pk>/sku/<int:variant_pk>/", views.movements, name="movements"),
]
