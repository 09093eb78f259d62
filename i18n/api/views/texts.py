"""Texts: queues, one text, save, approve, send back, comments."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from hub.accounts.models import SellerAccount
from hub.core.api.pagination import PageNumberPagination
from hub.core.exceptions import ApplicationError
from i18n import selectors, services
from i18n.access import locale_can_read, locale_read_check
from i18n.api import serializers as s
from i18n.api.views.base import I18nApi, unit_ref_or_404
from i18n.checks import counters, glossary_matches


class _UnitSequence:
    """A queue as a lazy sequence, so the house paginator can page it."""

    def __init__(self, *, account, locale: str, queue: str, product_pk: int | None) -> None:  # type: ignore[no-untyped-def]
        self.args = {"account": account, "locale": locale, "queue": queue, "product_pk": product_pk}

    def count(self) -> int:
        return selectors.queue_count(**self.args)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, item: slice) -> list:
        _total, units = selectors.text_unit_page(
            **self.args, offset=item.start or 0, limit=item.stop - (item.start or 0)
        )
        return units


class QueueSummaryApi(I18nApi):
    @extend_schema(operation_id="i18n_queues", responses=s.QueueCountSerializer(many=True))
    def get(self, request: Request, account_pk: int) -> Response:
        policy = selectors.policy_get(account=self.account)
        locales = selectors.locales_visible(membership=self.membership, policy=policy)
        return Response(
            [{"locale": locale, **selectors.queue_counts(account=self.account, locale=locale)} for locale in locales]
        )


class TextListApi(I18nApi):
    @extend_schema(
        operation_id="i18n_texts_list",
        parameters=[
            OpenApiParameter("locale", str, required=True, description="Hub locale id, e.g. de or es_MX."),
            OpenApiParameter("queue", str, enum=list(selectors.Queue.CHOICES), description="Default: all."),
            OpenApiParameter("product", int),
            OpenApiParameter("page", int),
            OpenApiParameter("page_size", int),
        ],
        responses=s.TextUnitOutputSerializer(many=True),
    )
    def get(self, request: Request, account_pk: int) -> Response:
        locale = request.query_params.get("locale", "")
        queue = request.query_params.get("queue", selectors.Queue.ALL)
        errors = {}
        if not locale:
            errors["locale"] = ["Which locale (e.g. de)."]
        if queue not in selectors.Queue.CHOICES:
            errors["queue"] = [f"One of {', '.join(selectors.Queue.CHOICES)}."]
        product = request.query_params.get("product")
        if product is not None and not product.isdigit():
            errors["product"] = ["A product id."]
        if errors:
            raise ApplicationError("Invalid query.", fields=errors)
        paginator = PageNumberPagination()
        if not locale_can_read(self.membership, locale):
            # Locales outside the caller's assignment are never listed.
            paginator.paginate_queryset([], request, view=self)
            return paginator.get_paginated_response([])
        sequence = _UnitSequence(
            account=self.account, locale=locale, queue=queue, product_pk=int(product) if product else None
        )
        page = paginator.paginate_queryset(sequence, request, view=self)
        return paginator.get_paginated_response([s.text_unit_data(unit) for unit in page])


def text_detail_data(*, account: SellerAccount, unit: str, locale: str) -> dict:
    """A text with what the workbench shows around it: limits, glossary hints, comments."""
    ref = unit_ref_or_404(unit)
    text_unit = selectors.text_unit_get(account=account, ref=ref, locale=locale)
    policy = selectors.policy_get(account=account)
    channels = selectors.policy_channels_for_locale(policy, locale)
    glossary = glossary_matches(
        selectors.glossary_for_locale(account=account, locale=locale), source=text_unit.source_text, locale=locale
    )
    comments = selectors.comment_list(translation_pk=text_unit.translation_pk)
    return {
        **s.text_unit_data(text_unit),
        "counters": counters(field=text_unit.field, text=text_unit.text, channels=channels),
        "glossary": s.GlossaryTermSerializer(glossary, many=True).data,
        "comments": s.CommentOutputSerializer(comments, many=True).data,
        "fallback_chain": selectors.policy_chain(policy, locale),
    }


class TextDetailApi(I18nApi):
    @extend_schema(operation_id="i18n_text_get", responses=s.TextDetailOutputSerializer)
    def get(self, request: Request, account_pk: int, unit: str, locale: str) -> Response:
        locale_read_check(self.membership, locale)
        return Response(text_detail_data(account=self.account, unit=unit, locale=locale))

    @extend_schema(
        operation_id="i18n_text_save", request=s.TextSaveInputSerializer, responses=s.TextDetailOutputSerializer
    )
    def put(self, request: Request, account_pk: int, unit: str, locale: str) -> Response:
        # Another account's (or no) text answers 404 before its body is looked at.
        selectors.text_unit_get(account=self.account, ref=unit_ref_or_404(unit), locale=locale)
        serializer = s.TextSaveInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        result = services.translation_save(
            membership=self.membership,
            ref=unit_ref_or_404(unit),
            locale=locale,
            text=serializer.validated_data["text"],
            submit=serializer.validated_data["submit"],
            expected_source_hash=serializer.validated_data.get("source_hash") or None,
        )
        data = text_detail_data(account=self.account, unit=unit, locale=locale)
        data["issues"] = [services.issue_dict(issue) for issue in result.issues]
        return Response(data)


class TextApproveApi(I18nApi):
    @extend_schema(
        operation_id="i18n_text_approve", request=s.ApproveInputSerializer, responses=s.TextDetailOutputSerializer
    )
    def post(self, request: Request, account_pk: int, unit: str, locale: str) -> Response:
        serializer = s.ApproveInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.translation_approve(
            membership=self.membership,
            ref=unit_ref_or_404(unit),
            locale=locale,
            expected_source_hash=serializer.validated_data.get("source_hash") or None,
        )
        return Response(text_detail_data(account=self.account, unit=unit, locale=locale))


class TextSendBackApi(I18nApi):
    @extend_schema(
        operation_id="i18n_text_send_back", request=s.SendBackInputSerializer, responses=s.TextDetailOutputSerializer
    )
    def post(self, request: Request, account_pk: int, unit: str, locale: str) -> Response:
        # Another account's (or no) text answers 404 before its body is looked at.
        selectors.text_unit_get(account=self.account, ref=unit_ref_or_404(unit), locale=locale)
        serializer = s.SendBackInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.translation_send_back(
            membership=self.membership,
            ref=unit_ref_or_404(unit),
            locale=locale,
            comment=serializer.validated_data["comment"],
        )
        return Response(text_detail_data(account=self.account, unit=unit, locale=locale))


class TextCommentListApi(I18nApi):
    @extend_schema(operation_id="i18n_text_comments", responses=s.CommentOutputSerializer(many=True))
    def get(self, request: Request, account_pk: int, unit: str, locale: str) -> Response:
        locale_read_check(self.membership, locale)
        text_unit = selectors.text_unit_get(account=self.account, ref=unit_ref_or_404(unit), locale=locale)
        comments = selectors.comment_list(translation_pk=text_unit.translation_pk)
        return Response(s.CommentOutputSerializer(comments, many=True).data)

    @extend_schema(
        operation_id="i18n_text_comment_add",
        request=s.CommentInputSerializer,
        responses={201: s.CommentOutputSerializer},
    )
    def post(self, request: Request, account_pk: int, unit: str, locale: str) -> Response:
        # Another account's (or no) text answers 404 before its body is looked at.
        selectors.text_unit_get(account=self.account, ref=unit_ref_or_404(unit), locale=locale)
        serializer = s.CommentInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        comment = services.translation_comment_add(
            membership=self.membership, ref=unit_ref_or_404(unit), locale=locale, text=serializer.validated_data["text"]
        )
        return Response(s.CommentOutputSerializer(comment).data, status=status.HTTP_201_CREATED)
