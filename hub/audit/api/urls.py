from rest_framework.routers import SimpleRouter

from hub.audit.api import views

router = SimpleRouter()
router.register("", views.AuditEntryViewSet, basename="audit-entry")

urlpatterns = router.urls
