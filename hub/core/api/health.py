"""`/api/health/`: public liveness, fast and without details. `/api/health/details/`: every check
with its level, for staff or a monitor holding `Authorization: Bearer <HEALTH_TOKEN>`."""

import hmac

from django.conf import settings
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import permissions, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from hub.core.health import ERROR, health_report, health_status


class HealthApi(APIView):
    """200 `{"status": "up"}` when the database answers; 503 `{"status": "down"}` otherwise."""

    permission_classes = [permissions.AllowAny]
    authentication_classes: list = []

    @extend_schema(
        responses={
            (code, "application/json"): inline_serializer(
                "Liveness", {"status": serializers.ChoiceField(choices=["up", "down"])}
            )
            for code in (200, 503)
        }
    )
    def get(self, request):
        status = health_status()
        return Response({"status": status}, status=200 if status == "up" else 503)


class HealthTokenOrStaff(permissions.BasePermission):
    message = "Health details are for staff or a monitor with the health token."

    def has_permission(self, request: Request, view) -> bool:
        token = settings.HEALTH_TOKEN
        header = request.headers.get("Authorization", "")
        if token and header.startswith("Bearer ") and hmac.compare_digest(header.removeprefix("Bearer "), token):
            return True
        return bool(request.user and request.user.is_authenticated and request.user.is_staff)


class HealthDetailsApi(APIView):
    """Every check (database, broker, workers, beat, exchange rates, sandboxes...) with its level.
    `status` is "ok", "warning" (works, needs attention) or "error" (503)."""

    permission_classes = [HealthTokenOrStaff]

    @extend_schema(
        responses={
            (code, "application/json"): inline_serializer(
                "HealthDetails",
                {
                    "status": serializers.ChoiceField(choices=["ok", "warning", "error"]),
                    "ok": serializers.BooleanField(),
                    "checks": serializers.ListField(child=serializers.DictField()),
                },
            )
            for code in (200, 503)
        }
    )
    def get(self, request):
        report = health_report()
        return Response(report, status=503 if report["status"] == ERROR else 200)
