"""Admin: system-wide rates and rounding rules are edited by superusers only; staff see them and
the manual rates of the accounts they belong to (owners change those). Rates can also be
imported from a file (hub CSV or any ECB file) from the rate list's "Import" button."""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone

from currency import services
from currency.exceptions import RateFileError
from currency.models import ExchangeRate, PriceRoundingRule, RatePolicy, RateSource
from hub.accounts.admin_scoping import AccountScopedAdmin
from hub.accounts.models import SellerAccount
from hub.accounts.roles import Area
from hub.core.exceptions import ApplicationError
from hub.core.uploads import upload_read


class RatesImportForm(forms.Form):
    file = forms.FileField(help_text="Hub CSV (date,base,quote,rate[,note]) or an ECB file (zip, csv, xml).")
    source = forms.ChoiceField(
        choices=[(RateSource.MANUAL, "manual"), (RateSource.PEG, "peg")],
        initial=RateSource.MANUAL,
        help_text="How hub CSV rows are stored system-wide (ECB files are always stored as ecb).",
    )
    account = forms.ModelChoiceField(
        queryset=SellerAccount.objects.none(),
        required=False,
        help_text="Store the rows as this account's manual rates (hub CSV only). Empty: system-wide.",
    )


@admin.register(ExchangeRate)
class ExchangeRateAdmin(AccountScopedAdmin):
    area = Area.ACCOUNT
    list_display = ["date", "base", "quote", "rate", "source", "account", "fetched_at"]
    list_filter = ["source", "base", "quote"]
    search_fields = ["base", "quote", "note"]
    date_hierarchy = "date"
    readonly_fields = ["fetched_at", "created_by"]
    list_select_related = ["account"]
    change_list_template = "admin/currency/exchangerate/change_list.html"

    def get_queryset(self, request):
        queryset = admin.ModelAdmin.get_queryset(self, request)
        if request.user.is_superuser:
            return queryset
        readable = self._account_ids(request, write=False)
        return queryset.filter(Q(account__isnull=True) | Q(account_id__in=readable))

    def has_view_permission(self, request, obj=None):
        if obj is not None and obj.account_id is None:
            return request.user.is_staff
        return super().has_view_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.source in (RateSource.ECB, RateSource.FOREX_PYTHON):
            return False  # they come from their files and services, never edited by hand
        if obj is not None and obj.account_id is None:
            return request.user.is_superuser
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.account_id is None:
            return request.user.is_superuser
        return super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
            obj.fetched_at = timezone.now()
        super().save_model(request, obj, form, change)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if not request.user.is_superuser and "account" in form.base_fields:
            # Staff who are not superusers enter manual rates for their own accounts only.
            form.base_fields["account"].required = True
            form.base_fields["source"].choices = [(RateSource.MANUAL, RateSource.MANUAL.label)]
        return form

    def get_urls(self):
        urls = [path("import/", self.admin_site.admin_view(self.import_view), name="currency_exchangerate_import")]
        return urls + super().get_urls()

    def import_view(self, request):
        if not self.has_add_permission(request):
            return redirect("admin:currency_exchangerate_changelist")
        form = RatesImportForm(request.POST or None, request.FILES or None)
        accounts = SellerAccount.objects.all()
        if not request.user.is_superuser:
            accounts = accounts.filter(pk__in=self._account_ids(request, write=True))
        form.fields["account"].queryset = accounts
        if not request.user.is_superuser:
            form.fields["account"].required = True
        rows = []
        if request.method == "POST" and form.is_valid():
            try:
                summary = services.exchange_rates_import(
                    data=upload_read(form.cleaned_data["file"], settings.UPLOAD_MAX_BYTES),
                    account=form.cleaned_data["account"],
                    user=request.user,
                    source=form.cleaned_data["source"],
                )
            except RateFileError as error:
                form.add_error("file", error.message)
                rows = error.rows
            except (ValidationError, ApplicationError) as error:
                form.add_error(None, getattr(error, "message", str(error)))
            else:
                messages.success(
                    request,
                    f"{summary.created} {summary.source} rate(s) imported, {summary.skipped} already stored "
                    f"({summary.first_date} … {summary.last_date}).",
                )
                return redirect(reverse("admin:currency_exchangerate_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Import exchange rates",
            "form": form,
            "rows": rows,
        }
        return TemplateResponse(request, "admin/currency/exchangerate/import.html", context)


@admin.register(PriceRoundingRule)
class PriceRoundingRuleAdmin(admin.ModelAdmin):
    list_display = ["marketplace_key", "currency", "step", "ending", "direction", "is_active", "note"]
    list_filter = ["currency", "direction", "is_active"]
    search_fields = ["marketplace_key", "note"]

    def has_view_permission(self, request, obj=None):
        return request.user.is_staff

    def has_module_permission(self, request):
        return request.user.is_staff

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(RatePolicy)
class RatePolicyAdmin(AccountScopedAdmin):
    """The account's rate-age limit, shared by listings prices and order money."""

    area = Area.ACCOUNT
    list_display = ["account", "max_rate_age_days", "updated_at"]
