"""The hub's own 400/403/404/500 answers (wired in hub/config/urls.py as handler400...).

Pages get a small page in the base layout (templates errors/<status>.html), never Django's debug
or bare pages; paths under /api/ get the API's one JSON error shape with the same status.
"""

import logging

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from hub.core.api.exception_handler import error_body

logger = logging.getLogger(__name__)

API_PREFIX = "/api/"


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX)


def _answer(request: HttpRequest, status: int, message: str, code: str) -> HttpResponse:
    if _is_api(request):
        return JsonResponse(error_body(message, code), status=status)
    return render(request, f"errors/{status}.html", {"message": message}, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    from hub.core.uploads import UploadTooLarge, too_large_response

    if isinstance(exception, UploadTooLarge):
        return too_large_response(request, exception.message)
    return _answer(request, 400, _("The request could not be understood."), "bad_request")


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _answer(request, 403, _("You do not have permission to do this."), "permission_denied")


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _answer(request, 404, _("There is nothing at this address."), "not_found")


def server_error(request: HttpRequest) -> HttpResponse:
    message = _("Something went wrong on our side. It has been logged; please try again.")
    if _is_api(request):
        return JsonResponse(error_body(message, "server_error"), status=500)
    try:
        return render(request, "errors/500.html", {"message": message}, status=500)
    except Exception:  # the layout itself may be what fails (a database that is down)
        logger.exception("The 500 page could not be rendered; answering plain text.")
        return HttpResponse(message, status=500, content_type="text/plain; charset=utf-8")
