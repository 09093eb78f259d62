"""Locales, policy, source texts and glossary."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from hub.accounts.roles import Area
from hub.catalog.models import Product, Variant
from i18n import selectors, services
from i18n.api import serializers as s
from i18n.api.views.base import I18nApi
from i18n.locales import marketplace_list
from i18n.models import ContentField, GlossaryTerm, SourceText


class LocaleListApi(I18nApi):
    """The account's locales, every marketplace language with the hub locale serving it, and the
    fallback chains in force."""

    @extend_schema(operation_id="i18n_locales", responses=OpenApiTypes.OBJECT)
    def get(self, request: Request, account_pk: int) -> Response:
        policy = selectors.policy_get(account=self.account)
        visible = selectors.locales_visible(membership=self.membership, policy=policy)
        marketplaces = []
        for marketplace in marketplace_list():
            languages = []
            for language in marketplace.languages:
                hub_locale = selectors.policy_hub_locale(policy, marketplace, language)
                languages.append(
                    {
                        "tag": language.tag,
                        "hub_locale": hub_locale,
                        "fallback_chain": selectors.policy_chain(policy, hub_locale),
                        "is_to_check": language.is_to_check,
                    }
                )
            marketplaces.append(
                {
                    "code": marketplace.code,
                    "channel": marketplace.channel,
                    "name": marketplace.name,
                    "marketplace_id": marketplace.marketplace_id,
                    "currency": marketplace.currency,
                    "languages": languages,
                }
            )
        return Response(
            {
                "source_locale": self.account.source_locale,
                "locales": [
                    {"locale": locale, "fallback_chain": selectors.policy_chain(policy, locale)} for locale in visible
                ],
                "marketplaces": marketplaces,
            }
        )


class PolicyApi(I18nApi):
    write_area = Area.ACCOUNT

    @extend_schema(operation_id="i18n_policy_get", responses=s.PolicySerializer)
    def get(self, request: Request, account_pk: int) -> Response:
        return Response(s.PolicySerializer(selectors.policy_get(account=self.account)).data)

    @extend_schema(operation_id="i18n_policy_update", request=s.PolicyInputSerializer, responses=s.PolicySerializer)
    def patch(self, request: Request, account_pk: int) -> Response:
        serializer = s.PolicyInputSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        policy = services.policy_update(account=self.account, **serializer.validated_data)
        return Response(s.PolicySerializer(policy).data)


def _source_owner(account, kind: str, pk: int) -> tuple[Product, Variant | None]:  # type: ignore[no-untyped-def]
    if kind == "product":
        return get_object_or_404(Product, account=account, pk=pk), None
    if kind == "variant":
        variant = get_object_or_404(Variant.objects.select_related("product"), account=account, pk=pk)
        return variant.product, variant
    raise Http404


def source_data(product: Product, variant: Variant | None) -> dict:
    rows = SourceText.objects.filter(product=product, variant=variant).order_by("field", "position")
    by_field: dict[str, list[str]] = {}
    for row in rows:
        by_field.setdefault(row.field, []).append(row.text)
    keywords = by_field.get(ContentField.KEYWORDS, [""])[0]
    data = {
        "product": product.pk,
        "variant": variant.pk if variant else None,
        "bullets": by_field.get(ContentField.BULLET, []),
        "keywords": [term for term in keywords.split("\n") if term],
    }
    if variant is None:
        data.update(title=product.title, description=product.description, title_from="catalog")
    else:
        data.update(
            title=by_field.get(ContentField.TITLE, [""])[0], description=by_field.get(ContentField.DESCRIPTION, [""])[0]
        )
    return data


class SourceDetailApi(I18nApi):
    """Source-locale texts the catalog has no field for (bullets, keywords, a variant's own title
    and description). Writing them is catalog work."""

    write_area = Area.CATALOG

    @extend_schema(operation_id="i18n_source_get", responses=OpenApiTypes.OBJECT)
    def get(self, request: Request, account_pk: int, kind: str, pk: int) -> Response:
        product, variant = _source_owner(self.account, kind, pk)
        return Response(source_data(product, variant))

    @extend_schema(operation_id="i18n_source_set", request=s.SourceInputSerializer, responses=OpenApiTypes.OBJECT)
    def put(self, request: Request, account_pk: int, kind: str, pk: int) -> Response:
        product, variant = _source_owner(self.account, kind, pk)
        serializer = s.SourceInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.source_texts_set(product=product, variant=variant, **serializer.validated_data)
        return Response(source_data(product, variant))


class GlossaryListApi(I18nApi):
    write_area = Area.CATALOG

    @extend_schema(
        operation_id="i18n_glossary_list",
        parameters=[OpenApiParameter("locale", str, description="Only terms that apply to this locale.")],
        responses=s.GlossaryTermSerializer(many=True),
    )
    def get(self, request: Request, account_pk: int) -> Response:
        terms = selectors.glossary_visible(
            membership=self.membership, locale=request.query_params.get("locale") or None
        )
        return Response(s.GlossaryTermSerializer(terms, many=True).data)

    @extend_schema(
        operation_id="i18n_glossary_create",
        request=s.GlossaryInputSerializer,
        responses={201: s.GlossaryTermSerializer},
    )
    def post(self, request: Request, account_pk: int) -> Response:
        serializer = s.GlossaryInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        term = services.glossary_term_create(account=self.account, **serializer.validated_data)
        return Response(s.GlossaryTermSerializer(term).data, status=status.HTTP_201_CREATED)


class GlossaryDetailApi(I18nApi):
    write_area = Area.CATALOG

    def _term(self, pk: int) -> GlossaryTerm:
        term = get_object_or_404(GlossaryTerm, account=self.account, pk=pk)
        if not selectors.glossary_term_visible(membership=self.membership, term=term):
            raise Http404  # a locale outside a translator's assignment does not exist for them
        return term

    @extend_schema(operation_id="i18n_glossary_get", responses=s.GlossaryTermSerializer)
    def get(self, request: Request, account_pk: int, pk: int) -> Response:
        return Response(s.GlossaryTermSerializer(self._term(pk)).data)

    @extend_schema(
        operation_id="i18n_glossary_update", request=s.GlossaryInputSerializer, responses=s.GlossaryTermSerializer
    )
    def patch(self, request: Request, account_pk: int, pk: int) -> Response:
        serializer = s.GlossaryInputSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        term = services.glossary_term_update(term=self._term(pk), **serializer.validated_data)
        return Response(s.GlossaryTermSerializer(term).data)

    @extend_schema(operation_id="i18n_glossary_delete", responses={204: None})
    def delete(self, request: Request, account_pk: int, pk: int) -> Response:
        services.glossary_term_delete(term=self._term(pk))
        return Response(status=status.HTTP_204_NO_CONTENT)
