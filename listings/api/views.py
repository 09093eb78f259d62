from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from hub.accounts.api.tenancy import AccountScopedMixin, AccountScopedViewSet
from hub.accounts.roles import Area
from listings import selectors
from listings.api import serializers as s
from listings.models import AttributeMapping, CategoryMapping, Listing, PriceRule, Promotion, PublishJob
from listings.services import listing_actions
from listings.services.apply import publish_job_cancel, publish_job_create, publish_job_resume
from listings.services.build import Selection, listings_build
from listings.services.mapping import attribute_mapping_save, category_mapping_save
from listings.services.plan import listing_diff, plan_build, plan_drift
from listings.services.promotions import promotion_create
from listings.services.rules import price_rule_save
from listings.services.selection import selection_validate


def _selection(account, data) -> Selection:
    selection = Selection(**{key: list(data.get(key) or []) for key in Selection().as_dict()})
    return selection_validate(account=account, selection=selection)


class ListingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, AccountScopedViewSet):
    """Listing records: one per (variant, channel account, marketplace). Filters: channel_account,
    marketplace_id, family, status, sku."""

    area = Area.LISTINGS
    queryset = Listing.objects.select_related("channel_account", "variant")
    serializer_class = s.ListingOutputSerializer
    filterset_fields = ["channel_account", "marketplace_id", "family", "status", "sku"]
    search_fields = ["sku", "variant__sku", "external_id"]
    ordering_fields = ["sku", "marketplace_id", "last_pushed_at"]
    ordering = ["sku", "marketplace_id"]

    @extend_schema(responses=s.ListingPushSerializer(many=True))
    @action(detail=True, methods=["get"])
    def history(self, request, account_pk, pk):
        """Every push of this listing (kept across delist and relist)."""
        listing = self.get_object()
        return Response(s.ListingPushSerializer(listing.pushes.all()[:200], many=True).data)

    @extend_schema(responses={200: dict})
    @action(detail=True, methods=["get"])
    def diff(self, request, account_pk, pk):
        """Field-level difference between the desired payload and what the marketplace acknowledged."""
        listing = self.get_object()
        return Response({"changes": listing_diff(listing)})

    @extend_schema(request=None, responses=s.JobProgressSerializer)
    @action(detail=True, methods=["post"])
    def sync(self, request, account_pk, pk):
        """Sync now: rebuild this listing and send what differs (a publish job of one)."""
        job = listing_actions.listing_sync(listing=self.get_object(), user=request.user)
        return Response(selectors.job_progress(job), status=status.HTTP_202_ACCEPTED)

    @extend_schema(request=None, responses=s.JobProgressSerializer)
    @action(detail=True, methods=["post"])
    def delist(self, request, account_pk, pk):
        """下架: take the listing off the marketplace (its record and history stay)."""
        job = listing_actions.listings_set_enabled(
            account=self.account, listings=[self.get_object()], enabled=False, user=request.user
        )
        return Response(selectors.job_progress(job), status=status.HTTP_202_ACCEPTED)

    @extend_schema(request=None, responses=s.JobProgressSerializer)
    @action(detail=True, methods=["post"])
    def relist(self, request, account_pk, pk):
        """上架: put a delisted listing back."""
        job = listing_actions.listings_set_enabled(
            account=self.account, listings=[self.get_object()], enabled=True, user=request.user
        )
        return Response(selectors.job_progress(job), status=status.HTTP_202_ACCEPTED)


class PlanApi(AccountScopedMixin, APIView):
    """The plan for a selection: per listing the action, its calls and blocking issues."""

    area = Area.LISTINGS
    write_area = Area.LISTINGS

    @extend_schema(request=s.PlanRequestSerializer, responses=s.PlanSerializer)
    def post(self, request, account_pk):
        data = s.PlanRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        selection = _selection(self.account, data.validated_data)
        if data.validated_data["build"]:
            listings_build(account=self.account, selection=selection, changed_only=not data.validated_data["rebuild"])
        plan = plan_build(account=self.account, selection=selection, diffs=data.validated_data["diffs"])
        answer = plan.as_dict(entries=data.validated_data["entries"])
        if data.validated_data["check_live"]:
            answer["drift"] = plan_drift(account=self.account, selection=selection)
        return Response(answer)


class PublishJobViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, AccountScopedViewSet):
    """Publish jobs: apply a selection's plan; progress, cancel, resume, per-listing results."""

    area = Area.LISTINGS
    queryset = PublishJob.objects.all()
    serializer_class = s.JobProgressSerializer
    ordering = ["-created_at"]

    def list(self, request, account_pk):
        jobs = self.get_queryset().order_by("-created_at")[:50]
        return Response([selectors.job_progress(job) for job in jobs])

    def retrieve(self, request, account_pk, pk):
        return Response(selectors.job_progress(self.get_object()))

    @extend_schema(request=s.SelectionSerializer, responses={202: s.JobProgressSerializer})
    def create(self, request, account_pk):
        data = s.SelectionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        selection = _selection(self.account, data.validated_data)
        job = publish_job_create(account=self.account, selection=selection, user=request.user)
        return Response(selectors.job_progress(job), status=status.HTTP_202_ACCEPTED)

    @extend_schema(request=None, responses=s.JobProgressSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, account_pk, pk):
        return Response(selectors.job_progress(publish_job_cancel(job=self.get_object())))

    @extend_schema(request=None, responses=s.JobProgressSerializer)
    @action(detail=True, methods=["post"])
    def resume(self, request, account_pk, pk):
        return Response(selectors.job_progress(publish_job_resume(job=self.get_object())))

    @extend_schema(responses=s.PublishItemSerializer(many=True))
    @action(detail=True, methods=["get"])
    def items(self, request, account_pk, pk):
        job = self.get_object()
        items = job.items.select_related("listing", "parent").order_by("pk")
        state = request.query_params.get("state")
        if state:
            items = items.filter(state=state)
        return Response(s.PublishItemSerializer(items[:1000], many=True).data)


class _RuleViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.DestroyModelMixin, AccountScopedViewSet):
    area = Area.LISTINGS

    def perform_destroy(self, instance):
        instance.delete()


class PriceRuleViewSet(_RuleViewSet):
    """Price and quantity terms per channel account and marketplace (empty marketplace = all)."""

    queryset = PriceRule.objects.all()
    serializer_class = s.PriceRuleSerializer

    @extend_schema(request=s.PriceRuleSerializer, responses={201: s.PriceRuleSerializer})
    def create(self, request, account_pk):
        data = s.PriceRuleSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        rule = price_rule_save(
            account=self.account,
            channel_account=values.pop("channel_account"),
            marketplace_id=values.pop("marketplace_id", ""),
            **values,
        )
        return Response(s.PriceRuleSerializer(rule).data, status=status.HTTP_201_CREATED)


class CategoryMappingViewSet(_RuleViewSet):
    """Hub category → marketplace product type / category, with constant attribute values."""

    queryset = CategoryMapping.objects.all()
    serializer_class = s.CategoryMappingSerializer

    @extend_schema(request=s.CategoryMappingSerializer, responses={201: s.CategoryMappingSerializer})
    def create(self, request, account_pk):
        data = s.CategoryMappingSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        mapping = category_mapping_save(account=self.account, **data.validated_data)
        return Response(s.CategoryMappingSerializer(mapping).data, status=status.HTTP_201_CREATED)


class AttributeMappingViewSet(_RuleViewSet):
    """Hub attribute → marketplace attribute, with a value map."""

    queryset = AttributeMapping.objects.all()
    serializer_class = s.AttributeMappingSerializer

    @extend_schema(request=s.AttributeMappingSerializer, responses={201: s.AttributeMappingSerializer})
    def create(self, request, account_pk):
        data = s.AttributeMappingSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        mapping = attribute_mapping_save(account=self.account, **data.validated_data)
        return Response(s.AttributeMappingSerializer(mapping).data, status=status.HTTP_201_CREATED)


class PromotionViewSet(_RuleViewSet):
    """限时折扣: limited-time discounts (overlaps: the largest discount wins; the floor holds)."""

    queryset = Promotion.objects.all()
    serializer_class = s.PromotionSerializer

    @extend_schema(request=s.PromotionSerializer, responses={201: s.PromotionSerializer})
    def create(self, request, account_pk):
        data = s.PromotionSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        values.pop("is_active", None)
        promotion = promotion_create(account=self.account, **values)
        return Response(s.PromotionSerializer(promotion).data, status=status.HTTP_201_CREATED)


def job_for(account, pk) -> PublishJob:
    return get_object_or_404(PublishJob, account=account, pk=pk)
