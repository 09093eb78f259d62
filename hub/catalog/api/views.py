from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from hub.accounts.api.tenancy import AccountScopedViewSet
from hub.accounts.roles import Area
from hub.catalog import selectors, services
from hub.catalog.api import serializers as s
from hub.catalog.api.filters import CategoryFilter, ProductFilter, VariantFilter
from hub.catalog.models import Attribute, Category, Product, ProductImage, Variant
from hub.core.exceptions import ApplicationError


class CategoryViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, AccountScopedViewSet):
    area = Area.CATALOG
    queryset = Category.objects.select_related("parent")
    serializer_class = s.CategoryOutputSerializer
    filterset_class = CategoryFilter
    search_fields = ["name", "path"]
    ordering_fields = ["path", "name", "created_at"]
    ordering = ["path"]

    @extend_schema(request=s.CategoryInputSerializer, responses={201: s.CategoryOutputSerializer})
    def create(self, request, account_pk):
        data = s.CategoryInputSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        category = services.category_create(account=self.account, **data.validated_data)
        return Response(s.CategoryOutputSerializer(category).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.CategoryInputSerializer(partial=True), responses=s.CategoryOutputSerializer)
    def partial_update(self, request, account_pk, pk):
        category = self.get_object()
        data = s.CategoryInputSerializer(data=request.data, partial=True, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        category = services.category_update(category=category, **data.validated_data)
        return Response(s.CategoryOutputSerializer(category).data)

    def destroy(self, request, account_pk, pk):
        services.category_delete(category=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=s.CategoryAttributeInputSerializer, responses=s.CategoryAttributeOutputSerializer(many=True))
    # A plain list (a category has few attributes): not paginated, and the schema says so.
    @action(detail=True, methods=["get", "put"], url_path="attributes", pagination_class=None)
    def attributes(self, request, account_pk, pk):
        """GET lists the attributes attached to this category; PUT attaches one (or changes its flags)."""
        category = self.get_object()
        if request.method == "PUT":
            data = s.CategoryAttributeInputSerializer(data=request.data, context=self.get_serializer_context())
            data.is_valid(raise_exception=True)
            services.category_attribute_set(category=category, **data.validated_data)
        links = category.category_attributes.select_related("attribute")
        return Response(s.CategoryAttributeOutputSerializer(links, many=True).data)

    @action(detail=True, methods=["delete"], url_path=r"attributes/(?P<attribute_pk>\d+)")
    def detach_attribute(self, request, account_pk, pk, attribute_pk):
        category = self.get_object()
        deleted, _ = category.category_attributes.filter(attribute_id=attribute_pk).delete()
        if not deleted:
            raise ApplicationError("This attribute is not attached to the category.", code="not_attached")
        return Response(status=status.HTTP_204_NO_CONTENT)


class AttributeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, AccountScopedViewSet):
    area = Area.CATALOG
    queryset = Attribute.objects.prefetch_related("options")
    serializer_class = s.AttributeOutputSerializer
    filterset_fields = ["kind", "code"]
    search_fields = ["code", "name"]
    ordering_fields = ["code", "name", "created_at"]
    ordering = ["code"]

    @extend_schema(request=s.AttributeInputSerializer, responses={201: s.AttributeOutputSerializer})
    def create(self, request, account_pk):
        data = s.AttributeInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        attribute = services.attribute_create(account=self.account, **data.validated_data)
        return Response(s.AttributeOutputSerializer(attribute).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.AttributeUpdateInputSerializer, responses=s.AttributeOutputSerializer)
    def partial_update(self, request, account_pk, pk):
        attribute = self.get_object()
        data = s.AttributeUpdateInputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        attribute = services.attribute_update(attribute=attribute, **data.validated_data)
        return Response(s.AttributeOutputSerializer(Attribute.objects.get(pk=attribute.pk)).data)

    def destroy(self, request, account_pk, pk):
        services.attribute_delete(attribute=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


class ProductViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, AccountScopedViewSet):
    area = Area.CATALOG
    queryset = Product.objects.all()
    serializer_class = s.ProductOutputSerializer
    filterset_class = ProductFilter
    search_fields = ["code", "title", "brand", "variants__sku"]
    ordering_fields = ["code", "title", "created_at", "updated_at"]
    ordering = ["code"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Product.objects.none()
        return selectors.product_list(account=self.account)

    def _output(self, product: Product) -> dict:
        product = selectors.product_list(account=self.account).get(pk=product.pk)
        return s.ProductOutputSerializer(product, context=self.get_serializer_context()).data

    @extend_schema(request=s.ProductInputSerializer, responses={201: s.ProductOutputSerializer})
    def create(self, request, account_pk):
        data = s.ProductInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        product = services.product_create(account=self.account, data=data.validated_data)
        return Response(self._output(product), status=status.HTTP_201_CREATED)

    @extend_schema(request=s.ProductInputSerializer(partial=True), responses=s.ProductOutputSerializer)
    def partial_update(self, request, account_pk, pk):
        product = self.get_object()
        data = s.ProductInputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        if "variants" in data.validated_data:
            raise ApplicationError(
                "Change variants through the variants endpoint.", fields={"variants": ["Not accepted here."]}
            )
        product = services.product_update(product=product, data=data.validated_data)
        return Response(self._output(product))

    def destroy(self, request, account_pk, pk):
        services.product_delete(product=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


class VariantViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, AccountScopedViewSet):
    area = Area.CATALOG
    queryset = Variant.objects.all()
    serializer_class = s.VariantOutputSerializer
    filterset_class = VariantFilter
    search_fields = ["sku", "gtin", "product__title", "product__code"]
    ordering_fields = ["sku", "base_price", "created_at", "updated_at"]
    ordering = ["sku"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Variant.objects.none()
        return selectors.variant_list(account=self.account)

    def _output(self, variant: Variant) -> dict:
        return s.VariantOutputSerializer(selectors.variant_list(account=self.account).get(pk=variant.pk)).data

    @extend_schema(request=s.VariantCreateInputSerializer, responses={201: s.VariantOutputSerializer})
    def create(self, request, account_pk):
        data = s.VariantCreateInputSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        product = values.pop("product")
        variant = services.variant_create(product=product, data=values)
        return Response(self._output(variant), status=status.HTTP_201_CREATED)

    @extend_schema(request=s.VariantInputSerializer(partial=True), responses=s.VariantOutputSerializer)
    def partial_update(self, request, account_pk, pk):
        variant = self.get_object()
        data = s.VariantInputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        variant = services.variant_update(variant=variant, data=data.validated_data)
        return Response(self._output(variant))

    def destroy(self, request, account_pk, pk):
        services.variant_delete(variant=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


class ProductImageViewSet(mixins.ListModelMixin, AccountScopedViewSet):
    """Images of one product, in display order."""

    area = Area.CATALOG
    queryset = ProductImage.objects.all()
    serializer_class = s.ProductImageOutputSerializer
    account_field = "product__account"
    pagination_class = None
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    def get_queryset(self):
        return super().get_queryset().filter(product_id=self.kwargs["product_pk"]).order_by("position", "pk")

    def _product(self) -> Product:
        return get_object_or_404(Product, account=self.account, pk=self.kwargs["product_pk"])

    def list(self, request, account_pk, product_pk):
        self._product()
        return super().list(request)

    @extend_schema(
        request={"multipart/form-data": s.ProductImageInputSerializer}, responses={201: s.ProductImageOutputSerializer}
    )
    def create(self, request, account_pk, product_pk):
        product = self._product()
        data = s.ProductImageInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        variant = None
        if values.get("variant"):
            variant = Variant.objects.filter(account=self.account, pk=values["variant"]).first()
            if variant is None:
                raise ApplicationError("Unknown variant.", fields={"variant": ["Unknown variant."]})
        image = services.product_image_add(
            product=product,
            file=values["image"],
            variant=variant,
            alt_text=values.get("alt_text", ""),
            position=values.get("position"),
        )
        return Response(self.get_serializer(image).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.ProductImageUpdateInputSerializer, responses=s.ProductImageOutputSerializer)
    def partial_update(self, request, account_pk, product_pk, pk):
        image = self.get_object()
        data = s.ProductImageUpdateInputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        if "alt_text" in data.validated_data:
            image.alt_text = data.validated_data["alt_text"]
            image.save(update_fields=["alt_text", "updated_at"])
        return Response(self.get_serializer(image).data)

    def destroy(self, request, account_pk, product_pk, pk):
        services.product_image_delete(image=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=s.ImageOrderInputSerializer, responses=s.ProductImageOutputSerializer(many=True))
    @action(detail=False, methods=["post"], url_path="order")
    def order(self, request, account_pk, product_pk):
        product = self._product()  # another account's product: 404 before the body is looked at
        data = s.ImageOrderInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        images = services.product_images_reorder(product=product, image_ids=data.validated_data["image_ids"])
        return Response(self.get_serializer(images, many=True).data)
