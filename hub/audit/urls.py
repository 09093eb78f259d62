"""Mounted at /audit/ by hub/config/urls.py."""

from django.urls import path

from hub.audit import views

app_name = "audit"

urlpatterns = [
    path("<int:account_pk>/", views.audit_log, name="log"),
]
