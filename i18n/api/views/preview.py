"""A listing as one marketplace language would show it, with formatted price and measurements."""

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from hub.catalog.models import Variant
from hub.core.exceptions import ApplicationError
from i18n import selectors, services
from i18n.access import locale_can_read, locale_read_check
from i18n.api.views.base import I18nApi
from i18n.formatting import measurements_preview, price_preview
from i18n.locales import formatting_locale, locale_is_source, marketplace_get


class PreviewApi(I18nApi):
    """GET ?variant=<pk>&marketplace=amazon.DE[&language=de_DE] → the listing text as that
    marketplace would get it, with the price, dates and measurements its buyers would read.
    Texts come only from locales the caller may read; `hidden_locales` names those left out."""

    @extend_schema(
        operation_id="i18n_preview",
        parameters=[
            OpenApiParameter("variant", int, required=True),
            OpenApiParameter("marketplace", str, required=True, description="amazon.DE, aliexpress, wish..."),
            OpenApiParameter("language", str, description="The marketplace's language tag; default its first."),
        ],
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request: Request, account_pk: int) -> Response:
        variant_pk = request.query_params.get("variant", "")
        marketplace = marketplace_get(request.query_params.get("marketplace", ""))
        if not variant_pk.isdigit() or marketplace is None:
            errors = {}
            if not variant_pk.isdigit():
                errors["variant"] = ["A variant id."]
            if marketplace is None:
                errors["marketplace"] = ["A marketplace code such as amazon.DE."]
            raise ApplicationError("Invalid query.", fields=errors)
        variant = get_object_or_404(Variant, account=self.account, pk=int(variant_pk))
        language = marketplace.language(request.query_params.get("language"))
        if language is None:
            raise ApplicationError("Unknown language.", fields={"language": ["Not a language of this marketplace."]})
        membership = self.membership

        def readable(step: str) -> bool:
            return locale_can_read(membership, step)

        # The fallback shows only locales this person may read (a de_AT translator: not de); the
        # answer names the locales the real listing would use that were left out.
        content = selectors.localized_content_for(
            variant=variant, marketplace=marketplace, locale=language.tag, readable=readable
        )
        full = selectors.localized_content_for(variant=variant, marketplace=marketplace, locale=language.tag)
        hidden = sorted(
            {field.locale_used for field in full.fields if field.locale_used and not readable(field.locale_used)}
        )
        if not locale_is_source(content.locale, self.account.source_locale):
            # A translator previews only the languages they work on.
            locale_read_check(membership, content.locale)
        display_locale = formatting_locale(marketplace, language)
        price = price_preview(variant=variant, account=self.account, marketplace=marketplace, locale=display_locale)
        return Response(
            {
                "marketplace": content.marketplace,
                "language": content.language_tag,
                "locale": content.locale,
                "display_locale": display_locale,
                "title": content.title,
                "description": content.description,
                "bullets": list(content.bullets),
                "keywords": list(content.keywords),
                "locale_used": content.locale_used,
                "is_fallback": content.is_fallback,
                "is_approved": content.is_approved,
                "is_held": content.is_held,
                "hidden_locales": hidden,
                "fields": [
                    {
                        "field": field.field,
                        "locale_used": field.locale_used,
                        "is_fallback": field.is_fallback,
                        "is_source": field.is_source,
                        "is_approved": field.is_approved,
                    }
                    for field in content.fields
                ],
                "issues": [services.issue_dict(issue) for issue in content.issues],
                "price": {
                    "text": price.text,
                    "amount": str(price.amount),
                    "currency": price.currency,
                    "is_converted": price.is_converted,
                    "note": price.note,
                },
                "measurements": measurements_preview(variant=variant, marketplace=marketplace, locale=display_locale),
            }
        )
