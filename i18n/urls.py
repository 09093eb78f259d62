"""The workbench pages, mounted at /translate/ by hub/config/urls.py."""

from django.urls import path

from i18n import views

app_name = "i18n"

urlpatterns = [
    path("", views.workbench_current, name="workbench-current"),
    path("<int:account_pk>/", views.workbench, name="workbench"),
    path("<int:account_pk>/policy/", views.policy_save, name="policy"),
    path("<int:account_pk>/<str:locale>/", views.queue, name="queue"),
    path("<int:account_pk>/<str:locale>/import/", views.import_view, name="import"),
    path("<int:account_pk>/<str:locale>/<str:unit>/", views.editor, name="editor"),
]
