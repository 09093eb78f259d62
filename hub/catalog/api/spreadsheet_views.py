from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from hub.accounts.api.tenancy import AccountScopedMixin
from hub.accounts.roles import Area, role_can_read
from hub.catalog.spreadsheet.exporter import export_csv, export_xlsx
from hub.catalog.spreadsheet.importer import ImportSummary, catalog_import
from hub.core.exceptions import ApplicationError
from hub.core.uploads import upload_read


class CatalogImportInputSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="CSV (UTF-8) or XLSX in the export's format.")
    dry_run = serializers.BooleanField(default=False, help_text="Check and count, write nothing.")


class CatalogImportApi(AccountScopedMixin, APIView):
    """Import products, variants, attribute values and stock. Every row is checked first; one bad
    row refuses the whole file (400 with `extra.rows`: row, column, message for each problem)."""

    area = Area.CATALOG
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        request={"multipart/form-data": CatalogImportInputSerializer},
        responses={
            200: inline_serializer(
                "CatalogImportSummary", {k: serializers.JSONField() for k in ImportSummary.__dataclass_fields__}
            )
        },
    )
    def post(self, request, account_pk):
        data = CatalogImportInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        upload = data.validated_data["file"]
        summary = catalog_import(
            account=self.account,
            name=upload.name,
            data=upload_read(upload, settings.UPLOAD_MAX_BYTES),
            user=request.user,
            dry_run=data.validated_data["dry_run"],
        )
        return Response(summary.__dict__)


class CatalogExportApi(AccountScopedMixin, APIView):
    area = Area.CATALOG

    def perform_content_negotiation(self, request, force=False):
        # `?format=` names the file to export here, not DRF's renderer override (which answered
        # 404 for csv/xlsx); errors are still rendered as JSON.
        return super().perform_content_negotiation(request, force=True)

    @extend_schema(
        parameters=[OpenApiParameter("format", str, enum=["csv", "xlsx"], default="csv")],
        responses={
            (200, "text/csv"): OpenApiTypes.BINARY,
            (200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"): OpenApiTypes.BINARY,
        },
    )
    def get(self, request, account_pk):
        file_format = request.query_params.get("format", "csv")
        stamp = timezone.now().strftime("%Y%m%d-%H%M")
        # Stock columns only for roles that may read stock (a translator reads the catalog, not stock).
        with_stock = role_can_read(self.membership.role, Area.INVENTORY)
        if file_format == "xlsx":
            response = HttpResponse(
                export_xlsx(account=self.account, with_stock=with_stock),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
            response["Content-Disposition"] = f'attachment; filename="catalog-{stamp}.xlsx"'
            return response
        if file_format != "csv":
            raise ApplicationError("Choose format=csv or format=xlsx.", fields={"format": ["Unknown format."]})
        response = HttpResponse(
            export_csv(account=self.account, with_stock=with_stock), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="catalog-{stamp}.csv"'
        return response
