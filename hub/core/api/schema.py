"""The API schema's default AutoSchema: every operation documents the one error shape
(`hub.core.api.exception_handler`) for the 4xx answers any route can give."""

from drf_spectacular.openapi import AutoSchema
from rest_framework import serializers
from rest_framework.permissions import AllowAny


class ErrorSerializer(serializers.Serializer):
    """`{"message", "code", "fields", "extra"}`: every 4xx answer of the API."""

    message = serializers.CharField(help_text="One sentence for people.")
    code = serializers.CharField(help_text="A stable machine-readable code, e.g. invalid, not_found, conflict.")
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Messages per input field; dotted paths for nested input (variants.0.sku).",
    )
    extra = serializers.DictField(help_text="Anything else, e.g. rows (row, column, message) of a rejected file.")

    class Meta:
        ref_name = "Error"


ERRORS = {
    "400": "Bad input: nothing was written; `fields` names each problem.",
    "401": "Not logged in (no or an invalid token or session).",
    "403": "Logged in, but your role may not do this.",
    "404": "Not found, or not in an account you are a member of.",
    "409": "Conflicts with the current state (a duplicate, a concurrent change, the last owner).",
    "413": "The request or file is larger than the upload limit.",
    "429": "Too many requests or failed logins; `extra.retry_after` in seconds when known.",
}
PUBLIC_ERRORS = ("400", "404", "429")


class HubAutoSchema(AutoSchema):
    def _is_public(self) -> bool:
        return any(permission is AllowAny for permission in getattr(self.view, "permission_classes", ()))

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        error = self._get_response_for_code(ErrorSerializer, "400", direction=direction)
        for code, description in ERRORS.items():
            if self._is_public() and code not in PUBLIC_ERRORS:
                continue
            responses.setdefault(code, {**error, "description": description})
        return responses
