"""Revenue pages, included by fulfilment/urls.py under /fulfilment/<account_pk>/revenue/."""

from django.urls import path

from fulfilment.reports import pages

urlpatterns = [
    path("<int:account_pk>/revenue/", pages.revenue, name="revenue"),
    path("<int:account_pk>/revenue/export/", pages.revenue_export, name="revenue-export"),
    path("<int:account_pk>/revenue/orders/", pages.revenue_orders, name="revenue-orders"),
]
