from django.contrib import admin

from hub.accounts.admin_scoping import AccountScopedAdmin
from hub.accounts.roles import Area
from hub.catalog.models import (
    Attribute,
    AttributeOption,
    Category,
    CategoryAttribute,
    Product,
    ProductAttributeValue,
    ProductImage,
    Variant,
    VariantAttributeValue,
)


class CategoryAttributeInline(admin.TabularInline):
    model = CategoryAttribute
    extra = 0


@admin.register(Category)
class CategoryAdmin(AccountScopedAdmin):
    area = Area.CATALOG
    list_display = ["path", "account", "depth"]
    search_fields = ["path"]
    readonly_fields = ["path", "depth"]
    inlines = [CategoryAttributeInline]


class AttributeOptionInline(admin.TabularInline):
    model = AttributeOption
    extra = 0


@admin.register(Attribute)
class AttributeAdmin(AccountScopedAdmin):
    area = Area.CATALOG
    list_display = ["code", "name", "kind", "units", "account"]
    list_filter = ["kind"]
    search_fields = ["code", "name"]
    inlines = [AttributeOptionInline]


@admin.register(AttributeOption)
class AttributeOptionAdmin(AccountScopedAdmin):
    area = Area.CATALOG
    account_lookup = "attribute__account"
    list_display = ["attribute", "value", "label", "position"]
    search_fields = ["value", "label"]


@admin.register(CategoryAttribute)
class CategoryAttributeAdmin(AccountScopedAdmin):
    area = Area.CATALOG
    account_lookup = "category__account"
    list_display = ["category", "attribute", "is_required", "is_variation"]


class VariantInline(admin.TabularInline):
    model = Variant
    extra = 0
    fields = ["sku", "gtin", "gtin_exempt", "base_price", "cost", "currency", "position"]
    show_change_link = True


class ProductImageInline(admin.TabularInline):
    model = ProductImage
    extra = 0
    fields = ["image", "variant", "alt_text", "position"]


class ProductAttributeValueInline(admin.TabularInline):
    model = ProductAttributeValue
    extra = 0


@admin.register(Product)
class ProductAdmin(AccountScopedAdmin):
    area = Area.CATALOG
    list_display = ["code", "title", "brand", "category", "status", "account", "updated_at"]
    list_filter = ["status"]
    search_fields = ["code", "title", "brand", "variants__sku"]
    list_select_related = ["category", "account"]
    inlines = [ProductAttributeValueInline, VariantInline, ProductImageInline]


class VariantAttributeValueInline(admin.TabularInline):
    model = VariantAttributeValue
    extra = 0


@admin.register(Variant)
class VariantAdmin(AccountScopedAdmin):
    area = Area.CATALOG
    list_display = ["sku", "product", "gtin", "base_price", "currency", "account"]
    search_fields = ["sku", "gtin", "product__code", "product__title"]
    list_select_related = ["product", "account"]
    inlines = [VariantAttributeValueInline]


@admin.register(ProductImage)
class ProductImageAdmin(AccountScopedAdmin):
    area = Area.CATALOG
    account_lookup = "product__account"
    list_display = ["image", "product", "variant", "position", "width", "height"]


@admin.register(ProductAttributeValue)
class ProductAttributeValueAdmin(AccountScopedAdmin):
    area = Area.CATALOG
    account_lookup = "product__account"
    list_display = ["product", "attribute", "value_text", "value_number", "value_unit", "value_option", "value_boolean"]


@admin.register(VariantAttributeValue)
class VariantAttributeValueAdmin(AccountScopedAdmin):
    area = Area.CATALOG
    account_lookup = "variant__account"
    list_display = ["variant", "attribute", "value_text", "value_number", "value_unit", "value_option", "value_boolean"]
