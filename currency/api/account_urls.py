"""/api/accounts/<account_pk>/currency/: one seller account's manual rates."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from currency.api import views

router = SimpleRouter()
router.register("rates", views.AccountExchangeRateViewSet, basename="account-currency-rate")

urlpatterns = [
    path("rates/upload/", views.AccountExchangeRateUploadApi.as_view(), name="account-currency-rates-upload"),
    *router.urls,
]
