"""PO / XLIFF export and import."""

from django.conf import settings
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from hub.core.exceptions import ApplicationError
from hub.core.uploads import upload_read
from i18n import exchange, selectors
from i18n.api import serializers as s
from i18n.api.views.base import I18nApi


class ExportApi(I18nApi):
    """GET ...?file_format=po|xliff-1.2|xliff-2.0&queue=pending → the file (pending = missing,
    outdated and draft texts). Not `format`: DRF keeps that query parameter for its renderers."""

    @extend_schema(
        operation_id="i18n_export",
        parameters=[
            OpenApiParameter("file_format", str, enum=["po", "xliff-1.2", "xliff-2.0"]),
            OpenApiParameter("queue", str, enum=list(selectors.Queue.CHOICES), description="Default: pending."),
        ],
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY},
    )
    def get(self, request: Request, account_pk: int, locale: str) -> HttpResponse:
        file_format = request.query_params.get("file_format", "po")
        queue = request.query_params.get("queue", selectors.Queue.PENDING)
        errors = {}
        if file_format not in exchange.FORMATS:
            errors["file_format"] = [f"One of {', '.join(exchange.FORMATS)}."]
        if queue not in selectors.Queue.CHOICES:
            errors["queue"] = [f"One of {', '.join(selectors.Queue.CHOICES)}."]
        if errors:
            raise ApplicationError("Invalid query.", fields=errors)
        exported = exchange.export_file(membership=self.membership, locale=locale, file_format=file_format, queue=queue)
        response = HttpResponse(exported.content, content_type=exported.content_type)
        response["Content-Disposition"] = f'attachment; filename="{exported.filename}"'
        response["X-Unit-Count"] = str(exported.unit_count)
        return response


class ImportApi(I18nApi):
    """POST multipart `file` (PO or XLIFF 1.2 / 2.0). 200 with a report of what was applied and
    what was refused (with rows); 400 with extra.rows when the file cannot be read at all."""

    @extend_schema(
        operation_id="i18n_import",
        request={"multipart/form-data": s.ImportInputSerializer},
        responses=s.ImportReportSerializer,
    )
    def post(self, request: Request, account_pk: int, locale: str) -> Response:
        serializer = s.ImportInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        upload = serializer.validated_data["file"]
        report = exchange.import_file(
            membership=self.membership,
            locale=locale,
            data=upload_read(upload, settings.UPLOAD_MAX_BYTES),
            submit=serializer.validated_data["submit"],
        )
        return Response(
            {
                "locale": report.locale,
                "format": report.format,
                "applied": report.applied,
                "unchanged": report.unchanged,
                "untranslated": report.untranslated,
                "refused": [
                    {"row": problem.row, "id": problem.id, "code": problem.code, "message": problem.message}
                    for problem in report.refused
                ],
            }
        )
