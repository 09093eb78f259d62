"""URL wiring: the only place that includes every app's routes."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from hub.accounts.api import urls as account_api
from hub.core.api.health import HealthApi, HealthDetailsApi
from hub.core.media import media_serve
from hub.core.observability.views import metrics_view

ACCOUNT = "api/accounts/<int:account_pk>/"

# Own error answers: pages in the base layout, the JSON error shape under /api/ (hub.core.error_views).
handler400 = "hub.core.error_views.bad_request"
handler403 = "hub.core.error_views.permission_denied"
handler404 = "hub.core.error_views.page_not_found"
handler500 = "hub.core.error_views.server_error"

api_urlpatterns = [
    path("api/health/", HealthApi.as_view(), name="api-health"),
    path("api/health/details/", HealthDetailsApi.as_view(), name="api-health-details"),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/auth/", include(account_api.auth_urlpatterns)),
    path("api/me/", include(account_api.me_urlpatterns)),
    path("api/accounts/", include(account_api.account_urlpatterns)),
    path("api/invitations/", include(account_api.invitation_urlpatterns)),
    path(ACCOUNT + "catalog/", include("hub.catalog.api.urls")),
    path(ACCOUNT + "inventory/", include("hub.inventory.api.urls")),
    path(ACCOUNT + "channels/", include("channels.api.urls")),
    path(ACCOUNT + "i18n/", include("i18n.api.urls")),
    path(ACCOUNT + "listings/", include("listings.api.urls")),
    path(ACCOUNT + "fulfilment/", include("fulfilment.api.urls")),
    path(ACCOUNT + "orders/", include("fulfilment.api.order_urls")),
    path(ACCOUNT + "reports/", include("fulfilment.reports.api_urls")),
    path(ACCOUNT + "currency/", include("currency.api.account_urls")),
    path(ACCOUNT + "audit/", include("hub.audit.api.urls")),
    path("api/currency/", include("currency.api.urls")),
]

urlpatterns = [
    *api_urlpatterns,
    path("metrics", metrics_view, name="metrics"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("translate/", include("i18n.urls")),
    path("catalog/", include("hub.catalog.pages.urls")),
    path("stock/", include("hub.inventory.pages.urls")),
    path("marketplaces/", include("channels.pages.urls")),
    path("fulfilment/", include("fulfilment.urls")),
    path("listings/", include("listings.urls")),
    path("audit/", include("hub.audit.urls")),
    path("", include("hub.accounts.urls")),
]

if not settings.AWS_STORAGE_BUCKET_NAME:
    # Local media (product images) are served by the hub itself in the embedded default, only to
    # the account's members or with a signed URL (hub.core.media); S3 serves presigned URLs.
    urlpatterns.append(path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", media_serve, name="media"))
