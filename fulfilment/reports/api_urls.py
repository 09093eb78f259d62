"""Mounted at /api/accounts/{account_pk}/reports/ by hub/config/urls.py."""

from django.urls import path

from fulfilment.reports.api import RevenueReportApi

urlpatterns = [
    path("revenue/", RevenueReportApi.as_view(), name="revenue-report"),
]
