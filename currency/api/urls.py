"""/api/currency/: global rates, conversion, rounding rules (mounted by hub/config/urls.py)."""

from django.urls import path, re_path
from rest_framework.routers import SimpleRouter

from currency.api import views

router = SimpleRouter()
router.register("rates", views.ExchangeRateViewSet, basename="currency-rate")
router.register("rounding-rules", views.PriceRoundingRuleViewSet, basename="currency-rounding-rule")

urlpatterns = [
    re_path(r"^convert/?$", views.ConvertApi.as_view(), name="currency-convert"),
    path("status/", views.CurrencyStatusApi.as_view(), name="currency-status"),
    path("price-round/", views.PriceRoundApi.as_view(), name="currency-price-round"),
    path("rates/upload/", views.ExchangeRateUploadApi.as_view(), name="currency-rates-upload"),
    *router.urls,
]
