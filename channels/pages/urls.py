"""Mounted at /marketplaces/ by hub/config/urls.py."""

from django.urls import path

from channels.pages import views

app_name = "channels"

CONNECTION = "<int:account_pk>/connections/<int:channel_account_pk>/"

urlpatterns = [
    path("", views.connections_current, name="connections-current"),
    path("<int:account_pk>/", views.connections, name="connections"),
    path("<int:account_pk>/connect/", views.connect, name="connect"),
    path(CONNECTION + "verify/", views.verify, name="verify"),
    path(CONNECTION + "disconnect/", views.disconnect, name="disconnect"),
    path(CONNECTION + "calls/", views.calls, name="calls"),
]
