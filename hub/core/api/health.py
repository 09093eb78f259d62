from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from hub.core.health import health_report


class HealthApi(APIView):
    """200 when the database, the broker and at least one worker answer; 503 otherwise."""

    permission_classes = [permissions.AllowAny]
    authentication_classes: list = []

    @extend_schema(
        responses={
            (200, "application/json"): inline_serializer(
                "Health",
                {"ok": serializers.BooleanField(), "checks": serializers.ListField(child=serializers.DictField())},
            )
        }
    )
    def get(self, request):
        report = health_report()
        return Response(report, status=200 if report["ok"] else 503)
