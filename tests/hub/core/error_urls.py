"""The hub's URLs plus one view that fails, to see the 500 answers (pages and API)."""

from django.urls import path

from hub.config.urls import handler400, handler403, handler404, handler500, urlpatterns  # noqa: F401


def _boom(request):
    raise RuntimeError("the secret detail of a crash")


urlpatterns = [path("boom/", _boom), path("api/boom/", _boom), *urlpatterns]
