"""Every request gets an id (the caller's `X-Request-ID` when it is sane, else a new one), carried
by every log line of the request and echoed in the response; its route (the URL pattern, not the
path: bounded label values), method, status and duration go to the metrics."""

from __future__ import annotations

import re
import time
import uuid

from django.core.signals import request_finished
from django.dispatch import receiver

from hub.core.observability import context, metrics

SANE_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")


def _route(request) -> str:  # type: ignore[no-untyped-def]
    match = getattr(request, "resolver_match", None)
    if match is None:
        return "<unmatched>"
    # DRF routers' regex patterns leave their anchors in the joined route.
    return "/" + (match.route or "").replace("^", "").replace("$", "")


@receiver(request_finished)
def _request_finished(**_) -> None:  # type: ignore[no-untyped-def]
    context.request_id.set(None)


class ObservabilityMiddleware:
    def __init__(self, get_response) -> None:  # type: ignore[no-untyped-def]
        self.get_response = get_response

    def __call__(self, request):  # type: ignore[no-untyped-def]
        given = request.headers.get("X-Request-ID", "")
        request_id = given if SANE_ID.match(given) else uuid.uuid4().hex
        request.request_id = request_id
        # Kept until the response is closed (request_finished): Django logs a 4xx/5xx after the
        # middleware returned, and that line must carry the id too.
        context.request_id.set(request_id)
        started = time.perf_counter()
        status = 500
        try:
            response = self.get_response(request)
            status = response.status_code
            response["X-Request-ID"] = request_id
            return response
        finally:
            metrics.http_request(
                route=_route(request), method=request.method, status=status, seconds=time.perf_counter() - started
            )
