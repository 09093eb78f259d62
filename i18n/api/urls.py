"""Mounted at /api/accounts/<account_pk>/i18n/ by hub/config/urls.py."""

from django.urls import path

from i18n.api import views

TEXT = "texts/<str:unit>/<str:locale>/"

urlpatterns = [
    path("locales/", views.LocaleListApi.as_view(), name="i18n-locales"),
    path("policy/", views.PolicyApi.as_view(), name="i18n-policy"),
    path("queues/", views.QueueSummaryApi.as_view(), name="i18n-queues"),
    path("texts/", views.TextListApi.as_view(), name="i18n-texts"),
    path(TEXT, views.TextDetailApi.as_view(), name="i18n-text"),
    path(TEXT + "approve/", views.TextApproveApi.as_view(), name="i18n-text-approve"),
    path(TEXT + "send-back/", views.TextSendBackApi.as_view(), name="i18n-text-send-back"),
    path(TEXT + "comments/", views.TextCommentListApi.as_view(), name="i18n-text-comments"),
    path("sources/<str:kind>/<int:pk>/", views.SourceDetailApi.as_view(), name="i18n-source"),
    path("glossary/", views.GlossaryListApi.as_view(), name="i18n-glossary"),
    path("glossary/<int:pk>/", views.GlossaryDetailApi.as_view(), name="i18n-glossary-term"),
    path("exchange/<str:locale>/export/", views.ExportApi.as_view(), name="i18n-export"),
    path("exchange/<str:locale>/import/", views.ImportApi.as_view(), name="i18n-import"),
    path("preview/", views.PreviewApi.as_view(), name="i18n-preview"),
]
