import django_filters

from hub.catalog.models import Category, Product, ProductStatus, Variant
from hub.catalog.selectors import category_with_descendants
from hub.core.api.filters import IsoDateTimeFilter


class ProductFilter(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(choices=ProductStatus.choices)
    category = django_filters.NumberFilter(method="filter_category", help_text="Category id, including sub-categories.")
    brand = django_filters.CharFilter(lookup_expr="iexact")
    sku = django_filters.CharFilter(field_name="variants__sku", lookup_expr="iexact", distinct=True)
    updated_after = IsoDateTimeFilter(field_name="updated_at", lookup_expr="gte")

    class Meta:
        model = Product
        fields = ["status", "category", "brand", "sku", "updated_after"]

    def filter_category(self, queryset, name, value):
        category = Category.objects.filter(pk=value, account_id=self.request.parser_context["view"].account.pk).first()
        if category is None:
            return queryset.none()
        return queryset.filter(category_with_descendants(category=category))


class VariantFilter(django_filters.FilterSet):
    product = django_filters.NumberFilter()
    sku = django_filters.CharFilter(lookup_expr="iexact")
    gtin = django_filters.CharFilter()
    product_status = django_filters.MultipleChoiceFilter(field_name="product__status", choices=ProductStatus.choices)

    class Meta:
        model = Variant
        fields = ["product", "sku", "gtin", "product_status"]


class CategoryFilter(django_filters.FilterSet):
    parent = django_filters.NumberFilter()
    root = django_filters.BooleanFilter(field_name="parent", lookup_expr="isnull")

    class Meta:
        model = Category
        fields = ["parent", "root"]
