from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from hub.accounts.admin_scoping import AccountScopedAdmin, AccountScopedInline
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
from hub.catalog.services import category_placement, category_update

READ_ONLY_MESSAGE = _(
    "Products, variants, images and attributes are edited in the catalog (its pages or the API), where "
    "the catalog's rules are checked; the admin shows them read-only."
)


class CatalogReadOnlyMixin:
    """Catalog data the admin may not change: its forms would skip the catalog services' rules
    (decimals per currency, SKU and variation uniqueness, image checks, required attributes) and
    could answer 500. Everyone, superusers too, sees it read-only with a message saying where to
    edit it. Categories stay editable: their admin goes through the services."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def _read_only_note(self, request) -> None:
        if request.method == "GET" and not getattr(request, "_catalog_read_only_noted", False):
            request._catalog_read_only_noted = True
            messages.info(request, READ_ONLY_MESSAGE)

    def changelist_view(self, request, extra_context=None):
        self._read_only_note(request)
        return super().changelist_view(request, extra_context)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        self._read_only_note(request)
        return super().changeform_view(request, object_id, form_url, extra_context)


class CategoryAttributeInline(CatalogReadOnlyMixin, AccountScopedInline):
    """Attached attributes are shown; attaching goes through category_attribute_set (API, pages)."""

    model = CategoryAttribute


class CategoryAdminForm(forms.ModelForm):
    """Name and parent are checked by the catalog's own rules; path and depth follow from them."""

    class Meta:
        model = Category
        fields = ["account", "parent", "name"]

    def clean(self):  # type: ignore[no-untyped-def]
        cleaned = super().clean()
        account_id = cleaned["account"].pk if cleaned.get("account") else self.instance.account_id
        if account_id is not None and "name" in cleaned:
            try:
                category_placement(
                    account_id=account_id,
                    name=cleaned["name"],
                    parent=cleaned.get("parent"),
                    category=self.instance if self.instance.pk else None,
                )
            except ValidationError as error:
                self.add_error(None, error.messages)
        return cleaned


@admin.register(Category)
class CategoryAdmin(AccountScopedAdmin):
    area = Area.CATALOG
    form = CategoryAdminForm
    list_display = ["path", "account", "depth"]
    search_fields = ["path"]
    readonly_fields = ["path", "depth"]
    inlines = [CategoryAttributeInline]

    def get_readonly_fields(self, request, obj=None):  # type: ignore[no-untyped-def]
        return [*self.readonly_fields, "account"] if obj else self.readonly_fields

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        # The catalog's rules set path and depth; a rename or move also fixes everything below.
        name, parent = form.cleaned_data["name"], form.cleaned_data.get("parent")
        if change:
            category_update(category=obj, name=name, parent=parent)
        else:
            obj.name, obj.path, obj.depth = category_placement(account_id=obj.account_id, name=name, parent=parent)
            obj.save()


class AttributeOptionInline(AccountScopedInline):
    model = AttributeOption


@admin.register(Attribute)
class AttributeAdmin(CatalogReadOnlyMixin, AccountScopedAdmin):
    area = Area.CATALOG
    list_display = ["code", "name", "kind", "units", "account"]
    list_filter = ["kind"]
    search_fields = ["code", "name"]
    inlines = [AttributeOptionInline]


@admin.register(AttributeOption)
class AttributeOptionAdmin(CatalogReadOnlyMixin, AccountScopedAdmin):
    area = Area.CATALOG
    account_lookup = "attribute__account"
    list_display = ["attribute", "value", "label", "position"]
    search_fields = ["value", "label"]


@admin.register(CategoryAttribute)
class CategoryAttributeAdmin(CatalogReadOnlyMixin, AccountScopedAdmin):
    area = Area.CATALOG
    account_lookup = "category__account"
    list_display = ["category", "attribute", "is_required", "is_variation"]


class VariantInline(AccountScopedInline):
    model = Variant
    fields = ["sku", "gtin", "gtin_exempt", "base_price", "cost", "currency", "position"]
    show_change_link = True


class ProductImageInline(AccountScopedInline):
    model = ProductImage
    fields = ["image", "variant", "alt_text", "position"]


class ProductAttributeValueInline(AccountScopedInline):
    model = ProductAttributeValue


@admin.register(Product)
class ProductAdmin(CatalogReadOnlyMixin, AccountScopedAdmin):
    area = Area.CATALOG
    list_display = ["code", "title", "brand", "category", "status", "account", "updated_at"]
    list_filter = ["status"]
    search_fields = ["code", "title", "brand", "variants__sku"]
    list_select_related = ["category", "account"]
    inlines = [ProductAttributeValueInline, VariantInline, ProductImageInline]


class VariantAttributeValueInline(AccountScopedInline):
    model = VariantAttributeValue


@admin.register(Variant)
class VariantAdmin(CatalogReadOnlyMixin, AccountScopedAdmin):
    area = Area.CATALOG
    list_display = ["sku", "product", "gtin", "base_price", "currency", "account"]
    search_fields = ["sku", "gtin", "product__code", "product__title"]
    list_select_related = ["product", "account"]
    inlines = [VariantAttributeValueInline]


@admin.register(ProductImage)
class ProductImageAdmin(CatalogReadOnlyMixin, AccountScopedAdmin):
    area = Area.CATALOG
    account_lookup = "product__account"
    list_display = ["image", "product", "variant", "position", "width", "height"]


@admin.register(ProductAttributeValue)
class ProductAttributeValueAdmin(CatalogReadOnlyMixin, AccountScopedAdmin):
    area = Area.CATALOG
    account_lookup = "product__account"
    list_display = ["product", "attribute", "value_text", "value_number", "value_unit", "value_option", "value_boolean"]


@admin.register(VariantAttributeValue)
class VariantAttributeValueAdmin(CatalogReadOnlyMixin, AccountScopedAdmin):
    area = Area.CATALOG
    account_lookup = "variant__account"
    list_display = ["variant", "attribute", "value_text", "value_number", "value_unit", "value_option", "value_boolean"]
