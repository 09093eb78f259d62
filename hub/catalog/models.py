"""The seller's own catalog: no marketplace fields here (listings/ derives those)."""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q

from hub.accounts.models import SellerAccount
from hub.catalog.units import LengthUnit, WeightUnit
from hub.core.models import TimeStampedModel

CATEGORY_PATH_SEPARATOR = " > "


class Category(TimeStampedModel):
    account = models.ForeignKey(SellerAccount, on_delete=models.CASCADE, related_name="categories")
    parent = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="children")
    name = models.CharField(max_length=120)
    # Full path from the root ("Jewellery > Bracelets"), kept by the services; spreadsheets and
    # filters name categories by it.
    path = models.CharField(max_length=1000, editable=False)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)

    class Meta:
        verbose_name_plural = "categories"
        ordering = ["path"]
        constraints = [models.UniqueConstraint(fields=["account", "path"], name="category_account_path_unique")]

    def __str__(self) -> str:
        return self.path


class AttributeKind(models.TextChoices):
    TEXT = "text", "Text"
    NUMBER = "number", "Number with unit"
    ENUM = "enum", "Enumeration"
    BOOLEAN = "boolean", "Yes / no"


class Attribute(TimeStampedModel):
    account = models.ForeignKey(SellerAccount, on_delete=models.CASCADE, related_name="attributes")
    code = models.SlugField(max_length=64, help_text="Stable id used in spreadsheets and the API, e.g. colour.")
    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=10, choices=AttributeKind.choices)
    # For numbers: the units a value may be given in, the first is the default (["cm", "in"]).
    units = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["account", "code"], name="attribute_account_code_unique")]

    def __str__(self) -> str:
        return self.name


class AttributeOption(models.Model):
    attribute = models.ForeignKey(Attribute, on_delete=models.CASCADE, related_name="options")
    value = models.CharField(max_length=120, help_text="Stable value, e.g. navy.")
    label = models.CharField(max_length=120, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["attribute", "position", "value"]
        constraints = [models.UniqueConstraint(fields=["attribute", "value"], name="attribute_option_unique")]

    def __str__(self) -> str:
        return self.label or self.value


class CategoryAttribute(models.Model):
    """An attribute attached to a category; it applies to the category and everything below it.
    Variation attributes (size, colour) tell the variants of one product apart."""

    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="category_attributes")
    attribute = models.ForeignKey(Attribute, on_delete=models.CASCADE, related_name="category_attributes")
    is_required = models.BooleanField(default=False)
    is_variation = models.BooleanField(default=False)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["category", "position", "attribute__code"]
        constraints = [
            models.UniqueConstraint(fields=["category", "attribute"], name="category_attribute_unique"),
        ]


class ProductStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    ACTIVE = "active", "Active"
    ARCHIVED = "archived", "Archived"


class Product(TimeStampedModel):
    account = models.ForeignKey(SellerAccount, on_delete=models.CASCADE, related_name="products")
    # The seller's style / parent SKU: how spreadsheets group variant rows into one product.
    code = models.CharField(max_length=64)
    title = models.CharField(max_length=500, help_text="In the account's source locale.")
    description = models.TextField(blank=True)
    brand = models.CharField(max_length=120, blank=True)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, null=True, blank=True, related_name="products")
    status = models.CharField(max_length=10, choices=ProductStatus.choices, default=ProductStatus.DRAFT)

    class Meta:
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["account", "code"], name="product_account_code_unique")]
        indexes = [models.Index(fields=["account", "status"])]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class Variant(TimeStampedModel):
    account = models.ForeignKey(SellerAccount, on_delete=models.CASCADE, related_name="variants")
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="variants")
    sku = models.CharField(max_length=64)
    gtin = models.CharField(max_length=14, blank=True, help_text="EAN-8, UPC, EAN or GTIN-14, check digit verified.")
    # Brand owners registered with the marketplace (e.g. Amazon GTIN exemption) list without a code.
    gtin_exempt = models.BooleanField(default=False)
    currency = models.CharField(max_length=3, help_text="The account's base currency when the price was set.")
    base_price = models.DecimalField(max_digits=20, decimal_places=3, validators=[MinValueValidator(Decimal(0))])
    cost = models.DecimalField(
        max_digits=20, decimal_places=3, null=True, blank=True, validators=[MinValueValidator(Decimal(0))]
    )
    weight = models.DecimalField(max_digits=12, decimal_places=3, null=True, blank=True)
    weight_unit = models.CharField(max_length=2, choices=WeightUnit.choices, blank=True)
    length = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    width = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    height = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    dimension_unit = models.CharField(max_length=2, choices=LengthUnit.choices, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["product", "position", "sku"]
        constraints = [
            models.UniqueConstraint(fields=["account", "sku"], name="variant_account_sku_unique"),
            models.CheckConstraint(condition=Q(base_price__gte=0), name="variant_base_price_not_negative"),
            models.CheckConstraint(condition=Q(cost__gte=0) | Q(cost__isnull=True), name="variant_cost_not_negative"),
            models.CheckConstraint(
                condition=Q(weight__isnull=True) | ~Q(weight_unit=""), name="variant_weight_has_unit"
            ),
        ]
        indexes = [models.Index(fields=["account", "gtin"])]

    def __str__(self) -> str:
        return self.sku


class AttributeValueBase(models.Model):
    attribute = models.ForeignKey(Attribute, on_delete=models.CASCADE, related_name="+")
    value_text = models.TextField(blank=True)
    value_number = models.DecimalField(max_digits=20, decimal_places=6, null=True, blank=True)
    value_unit = models.CharField(max_length=20, blank=True)
    value_option = models.ForeignKey(AttributeOption, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    value_boolean = models.BooleanField(null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def value(self) -> object:
        kind = self.attribute.kind
        if kind == AttributeKind.NUMBER:
            return {"value": self.value_number, "unit": self.value_unit}
        if kind == AttributeKind.ENUM:
            return self.value_option.value if self.value_option else None
        if kind == AttributeKind.BOOLEAN:
            return self.value_boolean
        return self.value_text


class ProductAttributeValue(AttributeValueBase):
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="attribute_values")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["product", "attribute"], name="product_attribute_value_unique")]


class VariantAttributeValue(AttributeValueBase):
    variant = models.ForeignKey(Variant, on_delete=models.CASCADE, related_name="attribute_values")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["variant", "attribute"], name="variant_attribute_value_unique")]


def product_image_path(instance: "ProductImage", filename: str) -> str:
    return f"accounts/{instance.product.account_id}/products/{instance.product_id}/{filename}"


class ProductImage(TimeStampedModel):
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="images")
    # An image of one variant (the red one); empty for images of the whole product.
    variant = models.ForeignKey(Variant, on_delete=models.CASCADE, null=True, blank=True, related_name="images")
    image = models.ImageField(upload_to=product_image_path, width_field="width", height_field="height")
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    alt_text = models.CharField(max_length=300, blank=True)
    position = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True, db_index=True)

    class Meta:
        ordering = ["product", "position", "pk"]

    def __str__(self) -> str:
        return self.image.name
