"""The base view of the i18n API: account scoping and the translations area."""

from django.http import Http404
from rest_framework.views import APIView

from hub.accounts.api.tenancy import AccountScopedMixin
from hub.accounts.roles import Area
from i18n.keys import UnitRef, unit_ref_parse


def unit_ref_or_404(unit: str) -> UnitRef:
    ref = unit_ref_parse(unit)
    if ref is None:
        raise Http404
    return ref


class I18nApi(AccountScopedMixin, APIView):
    area = Area.TRANSLATIONS
