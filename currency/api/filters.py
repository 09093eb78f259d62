import django_filters
from django.db.models import Q

from currency.models import ExchangeRate, RateSource


class ExchangeRateFilter(django_filters.FilterSet):
    base = django_filters.CharFilter(lookup_expr="iexact")
    quote = django_filters.CharFilter(lookup_expr="iexact")
    currency = django_filters.CharFilter(method="filter_currency", help_text="Rates with this code as base or quote.")
    source = django_filters.MultipleChoiceFilter(choices=RateSource.choices)
    date = django_filters.DateFilter()
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte")
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte")

    class Meta:
        model = ExchangeRate
        fields = ["base", "quote", "currency", "source", "date", "date_from", "date_to"]

    def filter_currency(self, queryset, name, value):
        code = value.upper()
        return queryset.filter(Q(base=code) | Q(quote=code))
