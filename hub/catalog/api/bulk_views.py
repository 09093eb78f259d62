from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from hub.accounts.api.tenancy import AccountScopedMixin
from hub.accounts.roles import Area
from hub.catalog.services.bulk import ACTIONS, catalog_bulk_run


class CatalogBulkInputSerializer(serializers.Serializer):
    products = serializers.ListField(child=serializers.IntegerField(min_value=1), allow_empty=True)
    action = serializers.ChoiceField(choices=ACTIONS)
    value = serializers.CharField(required=False, allow_blank=True, help_text="Percentage or amount for prices.")
    category = serializers.IntegerField(required=False, allow_null=True)
    apply = serializers.BooleanField(default=False, help_text="false: preview only; true: save.")


class CatalogBulkApi(AccountScopedMixin, APIView):
    """Preview (`apply: false`) or apply one action on selected products. Any product that cannot
    take the action refuses the whole request (400, `extra.problems`): nothing is saved."""

    area = Area.CATALOG

    @extend_schema(
        request=CatalogBulkInputSerializer,
        responses={
            200: inline_serializer(
                "CatalogBulkResult",
                {
                    "action": serializers.CharField(),
                    "applied": serializers.BooleanField(),
                    "changes": serializers.JSONField(),
                },
            )
        },
    )
    def post(self, request, account_pk):
        data = CatalogBulkInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        result = catalog_bulk_run(
            account=self.account,
            product_ids=values["products"],
            action=values["action"],
            value=values.get("value"),
            category=values.get("category"),
            apply=values["apply"],
        )
        return Response(result.as_dict())
