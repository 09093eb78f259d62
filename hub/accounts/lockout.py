"""How django-axes names the account of a login attempt and answers a locked one.

The login page and the admin send `username` (the e-mail), the API token endpoint `email`; both
are compared case-insensitively as the hub stores e-mails lower-case."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from hub.core.api.exception_handler import error_body


def lockout_username(request: HttpRequest, credentials: dict | None) -> str | None:
    for source in (credentials or {}, getattr(request, "POST", {}) or {}):
        value = source.get("email") or source.get("username")
        if value:
            return str(value).strip().lower()
    return None


def lockout_message() -> str:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return _(
        "Too many failed logins for this account from your address. Try again in %(minutes)d minutes, "
        "or ask an administrator to unlock it."
    ) % {"minutes": minutes}


def lockout_response(request: HttpRequest, original_response=None, credentials: dict | None = None) -> HttpResponse:
    message = lockout_message()
    retry_after = int(settings.AXES_COOLOFF_TIME.total_seconds())
    if request.path.startswith("/api/"):
        response = JsonResponse(
            error_body(message, "locked_out", extra={"retry_after": retry_after}),
            status=settings.AXES_HTTP_RESPONSE_CODE,
        )
    else:
        from django.contrib.auth.forms import AuthenticationForm

        # The login page (also for the admin's login) with the message in place of the form's errors.
        context = {
            "form": AuthenticationForm(request),
            "lockout_message": message,
            "next": request.POST.get("next", ""),
        }
        response = render(request, "accounts/login.html", context, status=settings.AXES_HTTP_RESPONSE_CODE)
    response["Retry-After"] = str(retry_after)
    return response
