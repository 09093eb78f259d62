from decimal import Decimal

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from currency.codes import currency_quantum, is_known_currency
from hub.accounts.api.tenancy import AccountPrimaryKeyRelatedField
from hub.catalog.models import (
    Attribute,
    AttributeKind,
    AttributeOption,
    Category,
    CategoryAttribute,
    Product,
    ProductImage,
    ProductStatus,
    Variant,
)
from hub.catalog.rules import MAX_POSITION
from hub.core.media import media_url_signed
from hub.core.numbers import ExponentDecimal
from hub.core.text import decimal_text


def attribute_values_output(values) -> dict:
    output = {}
    for value in values:
        typed = value.value
        if isinstance(typed, dict) and isinstance(typed.get("value"), Decimal):
            typed = {"value": decimal_text(typed["value"]), "unit": typed["unit"]}
        output[value.attribute.code] = typed
    return output


@extend_schema_field({"type": "string", "format": "decimal", "example": "12.50"})
class MoneyAmountField(serializers.Field):
    """An amount written with exactly its currency's minor units (USD 12.50, JPY 1250, KWD 1.250);
    the column keeps three decimals for every currency, which is not what a client should show."""

    def __init__(self, *, amount_field: str, currency_field: str = "currency", **kwargs) -> None:
        self.amount_field = amount_field
        self.currency_field = currency_field
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, instance) -> str | None:
        amount = getattr(instance, self.amount_field)
        if amount is None:
            return None
        currency = getattr(instance, self.currency_field)
        if is_known_currency(currency):
            amount = amount.quantize(currency_quantum(currency))
        return format(amount, "f")


class CategoryOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = Category
        fields = ["id", "name", "parent", "path", "depth", "created_at", "updated_at"]


class CategoryInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=120)
    parent = AccountPrimaryKeyRelatedField(model=Category, allow_null=True, required=False)


class CategoryAttributeOutputSerializer(serializers.ModelSerializer):
    code = serializers.CharField(source="attribute.code")

    class Meta:
        model = CategoryAttribute
        fields = ["attribute", "code", "is_required", "is_variation", "position"]


class CategoryAttributeInputSerializer(serializers.Serializer):
    attribute = AccountPrimaryKeyRelatedField(model=Attribute)
    is_required = serializers.BooleanField(default=False)
    is_variation = serializers.BooleanField(default=False)
    position = serializers.IntegerField(min_value=0, max_value=MAX_POSITION, default=0)


class AttributeOptionSerializer(serializers.ModelSerializer):
    class Meta:
        model = AttributeOption
        fields = ["value", "label"]


class AttributeOutputSerializer(serializers.ModelSerializer):
    options = AttributeOptionSerializer(many=True)

    class Meta:
        model = Attribute
        fields = ["id", "code", "name", "kind", "units", "options", "created_at", "updated_at"]


class AttributeInputSerializer(serializers.Serializer):
    code = serializers.SlugField(max_length=64)
    name = serializers.CharField(max_length=120)
    kind = serializers.ChoiceField(choices=AttributeKind.choices)
    units = serializers.ListField(child=serializers.CharField(max_length=20), required=False, default=list)
    options = AttributeOptionSerializer(many=True, required=False, default=list)


class AttributeUpdateInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=120, required=False)
    units = serializers.ListField(child=serializers.CharField(max_length=20), required=False)
    options = AttributeOptionSerializer(many=True, required=False)


class ProductImageOutputSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = ProductImage
        fields = ["id", "url", "variant", "alt_text", "position", "width", "height", "sha256"]

    def get_url(self, image: ProductImage) -> str:
        # Images are private to the account: API clients (no session) get a signed, expiring URL.
        url = media_url_signed(image.image.name)
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request and url.startswith("/") else url


class ProductImageInputSerializer(serializers.Serializer):
    image = serializers.ImageField()
    variant = serializers.IntegerField(required=False, allow_null=True)
    alt_text = serializers.CharField(max_length=300, required=False, default="", allow_blank=True)
    position = serializers.IntegerField(min_value=0, max_value=MAX_POSITION, required=False)


class ProductImageUpdateInputSerializer(serializers.Serializer):
    alt_text = serializers.CharField(max_length=300, required=False, allow_blank=True)


class ImageOrderInputSerializer(serializers.Serializer):
    image_ids = serializers.ListField(child=serializers.IntegerField())


class VariantOutputSerializer(serializers.ModelSerializer):
    attributes = serializers.SerializerMethodField()
    product_code = serializers.CharField(source="product.code", read_only=True)
    base_price = MoneyAmountField(amount_field="base_price")
    cost = MoneyAmountField(amount_field="cost", allow_null=True)

    class Meta:
        model = Variant
        fields = [
            "id",
            "product",
            "product_code",
            "sku",
            "gtin",
            "gtin_exempt",
            "currency",
            "base_price",
            "cost",
            "weight",
            "weight_unit",
            "length",
            "width",
            "height",
            "dimension_unit",
            "position",
            "attributes",
            "created_at",
            "updated_at",
        ]

    def get_attributes(self, variant: Variant) -> dict:
        return attribute_values_output(variant.attribute_values.all())


class ProductOutputSerializer(serializers.ModelSerializer):
    category_path = serializers.CharField(source="category.path", default=None, allow_null=True, read_only=True)
    attributes = serializers.SerializerMethodField()
    variants = VariantOutputSerializer(many=True)
    images = ProductImageOutputSerializer(many=True)

    class Meta:
        model = Product
        fields = [
            "id",
            "code",
            "title",
            "description",
            "brand",
            "category",
            "category_path",
            "status",
            "attributes",
            "variants",
            "images",
            "created_at",
            "updated_at",
        ]

    def get_attributes(self, product: Product) -> dict:
        return attribute_values_output(product.attribute_values.all())


# Input is validated field by field in hub.catalog.rules (shared with the spreadsheet import);
# these serializers describe the shape for the schema and reject wrong JSON types early.


class DecimalTextField(serializers.CharField):
    """A decimal sent as a JSON string ("19.99") or number (19.99, which DecimalJSONParser reads as
    an exact Decimal); hub.catalog.rules checks it (plain decimal notation only). A plain CharField
    refuses Decimals."""

    def to_internal_value(self, data):
        if isinstance(data, Decimal):
            # `1e3` sent as a JSON number keeps its notation, so the rules refuse it as they refuse "1e3".
            data = str(data) if isinstance(data, ExponentDecimal) else format(data, "f")
        return super().to_internal_value(data)


class VariantInputSerializer(serializers.Serializer):
    sku = serializers.CharField(max_length=64)
    gtin = serializers.CharField(max_length=14, required=False, allow_blank=True)
    gtin_exempt = serializers.BooleanField(required=False)
    base_price = DecimalTextField(help_text="Decimal (string or number), in the account's base currency.")
    cost = DecimalTextField(required=False, allow_null=True, allow_blank=True)
    weight = DecimalTextField(required=False, allow_null=True, allow_blank=True)
    weight_unit = serializers.CharField(required=False, allow_blank=True)
    length = DecimalTextField(required=False, allow_null=True, allow_blank=True)
    width = DecimalTextField(required=False, allow_null=True, allow_blank=True)
    height = DecimalTextField(required=False, allow_null=True, allow_blank=True)
    dimension_unit = serializers.CharField(required=False, allow_blank=True)
    position = serializers.IntegerField(required=False, min_value=0, max_value=MAX_POSITION)
    attributes = serializers.DictField(required=False, help_text="Variation attribute values by code.")


class VariantCreateInputSerializer(VariantInputSerializer):
    product = AccountPrimaryKeyRelatedField(model=Product)


class ProductInputSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=64)
    title = serializers.CharField(max_length=500)
    description = serializers.CharField(required=False, allow_blank=True)
    brand = serializers.CharField(max_length=120, required=False, allow_blank=True)
    category = serializers.CharField(
        required=False, allow_null=True, allow_blank=True, help_text="Category id or path (Jewellery > Bracelets)."
    )
    status = serializers.ChoiceField(choices=ProductStatus.choices, required=False)
    attributes = serializers.DictField(required=False, help_text="Product attribute values by code.")
    variants = VariantInputSerializer(many=True, required=False)
