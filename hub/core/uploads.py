"""Upload size limits that hold before anything is read into memory.

- `RequestSizeMiddleware` refuses a request whose declared length (Content-Length) is over
  `REQUEST_MAX_BYTES` before the body is read at all: 413 in the API's error shape under /api/,
  the hub's error page elsewhere.
- `SizeLimitedUploadHandler`, first in `FILE_UPLOAD_HANDLERS`, counts each file's bytes while the
  body streams in and stops the upload past `UPLOAD_FILE_MAX_BYTES` (also when the request as a
  whole is allowed), so an oversize part is never kept in memory or on disk.
- `upload_read(upload, limit)` reads an accepted upload only after checking its size.

Every upload route (catalog import, product images, exchange files, rate files, the workbench
and admin forms) goes through the middleware and the handler; routes with a smaller limit check
it on the upload's size before reading.
"""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from rest_framework import status
from rest_framework.exceptions import APIException

from hub.core.api.exception_handler import error_body
from hub.core.exceptions import ApplicationError
from hub.core.text import human_size


def _message(size: int | None, limit: int) -> str:
    if size is None:
        return f"The upload is larger than the limit of {human_size(limit)}."
    return f"The upload is {human_size(size)}; the limit is {human_size(limit)}."


class UploadTooLarge(RequestDataTooBig, APIException):
    """Raised while a request body is parsed. In the API, DRF answers it with the error shape
    (413); elsewhere (pages, the admin, CSRF's read of the form) Django treats it as the
    RequestDataTooBig it also is and calls handler400, which answers 413 (hub.core.error_views)."""

    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "too_large"

    def __init__(self, message: str) -> None:
        APIException.__init__(self, message, code="too_large")
        self.message = message


def too_large_response(request: HttpRequest, message: str) -> HttpResponse:
    if request.path.startswith("/api/"):
        response = JsonResponse(error_body(message, "too_large"), status=413)
    else:
        response = render(request, "errors/413.html", {"message": message}, status=413)
    # The body was not read: the client must not send another request on this connection.
    response["Connection"] = "close"
    return response


class RequestSizeMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        limit = settings.REQUEST_MAX_BYTES
        if declared > limit:
            return too_large_response(request, _message(declared, limit))
        return self.get_response(request)


class SizeLimitedUploadHandler(FileUploadHandler):
    """Counts every file's bytes as they stream in; the handlers after it store them."""

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        if content_length and content_length > settings.REQUEST_MAX_BYTES:
            raise UploadTooLarge(_message(content_length, settings.REQUEST_MAX_BYTES))
        return None

    def new_file(self, *args, **kwargs) -> None:
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        limit = settings.UPLOAD_FILE_MAX_BYTES
        if self.received > limit:
            raise UploadTooLarge(f"The file {self.file_name} is larger than the limit of {human_size(limit)}.")
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


def upload_read(upload: UploadedFile, limit: int, *, field: str = "file") -> bytes:
    """The upload's bytes, after checking its size (known without reading) against `limit`."""
    if upload.size is not None and upload.size > limit:
        message = f"The file is {human_size(upload.size)}; the limit is {human_size(limit)}."
        raise ApplicationError(message, code="bad_file", fields={field: [message]})
    return upload.read()
