"""The revenue dashboard (managers and owners; others get the styled 403), its CSV/XLSX exports
and the drill-down list of the orders behind any figure."""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from currency.codes import is_known_currency
from fulfilment.reports import charts, selectors
from fulfilment.reports.exports import table_csv, table_xlsx
from fulfilment.reports.inputs import CHANNELS, NETWORKS, RevenueQueryInput
from fulfilment.reports.selectors import FIGURES, RevenueQuery
from fulfilment.reports.tables import FIGURE_LABELS, KEY_LABELS, period_for, period_range, table_build, table_specs
from hub.accounts.models import Membership
from hub.accounts.pages import account_page
from hub.accounts.roles import Area

FILTER_KEYS = (
    "date_from",
    "date_to",
    "channel",
    "channel_account",
    "marketplace",
    "sku",
    "category",
    "warehouse",
    "network",
)


def _format_money(currency: str):  # type: ignore[no-untyped-def]
    from babel.numbers import format_decimal

    from currency.formatting import format_money
    from currency.money import Money
    from hub.core.templatetags.hub_format import babel_locale

    def fmt(value: Decimal) -> str:
        if currency and is_known_currency(currency):
            return format_money(Money(Decimal(value), currency), babel_locale())
        return format_decimal(value, locale=babel_locale())

    return fmt


def _parse(request: HttpRequest, membership: Membership) -> tuple[RevenueQuery, dict, dict]:
    """(query, errors, the chosen filters as text). Bad fields are reported and left out."""
    data = RevenueQueryInput(data=request.GET, account=membership.account)
    errors: dict = {}
    if not data.is_valid():
        errors = {key: [str(message) for message in value] for key, value in data.errors.items()}
        kept = {key: value for key, value in request.GET.items() if key not in errors}
        data = RevenueQueryInput(data=kept, account=membership.account)
        if not data.is_valid():
            data = RevenueQueryInput(data={}, account=membership.account)
            data.is_valid(raise_exception=True)
    query = data.query()
    chosen = {key: request.GET.get(key, "") for key in FILTER_KEYS if key not in errors}
    chosen["date_from"], chosen["date_to"] = query.date_from.isoformat(), query.date_to.isoformat()
    return query, errors, chosen


def _drill_params(query: RevenueQuery, group_by: tuple[str, ...], row: dict, chosen: dict) -> str | None:
    params = {key: value for key, value in chosen.items() if value}
    for name in group_by:
        value = row[name]
        if value is None or value == "":
            return None
        if name in ("day", "week", "month"):
            start, end = period_range(name, value, query)
            params["date_from"], params["date_to"] = start.isoformat(), end.isoformat()
        else:
            params[name] = value
    return urlencode(params)


def _over_time(query: RevenueQuery) -> tuple[list[str], dict]:
    from dataclasses import replace

    period = period_for(query)
    rows = selectors.revenue_rows(replace(query, group_by=("channel", period)))
    text = (lambda d: d.strftime("%Y-%m")) if period == "month" else (lambda d: d.isoformat())
    periods = sorted({row[period] for row in rows})
    series: dict[str, dict[str, Decimal]] = {}
    for row in rows:
        series.setdefault(row["channel"], {})[text(row[period])] = row["net_revenue"]
    return [text(p) for p in periods], series


@account_page(Area.REPORTS)
def revenue(request: HttpRequest, membership: Membership) -> HttpResponse:
    account = membership.account
    query, errors, chosen = _parse(request, membership)
    currency = account.base_currency
    fmt = _format_money(currency)
    report = selectors.revenue_report(query, currency=currency)
    base = reverse("fulfilment:revenue-orders", kwargs={"account_pk": account.pk})

    tables = []
    for name, _title, _group_by in table_specs(query):
        table = table_build(query, name, for_page=True)
        for row in table.rows:
            params = _drill_params(query, table.group_by, row, chosen)
            row["drill"] = f"{base}?{params}" if params is not None else ""
            row["labels"] = [(key, _key_text(table, key, row[key])) for key in table.group_by]
        tables.append(table)
    by_channel = tables[0]

    periods, series = _over_time(query)
    gross_total = sum((row["gross_sales"] for row in by_channel.rows), Decimal(0))
    share_bars = [
        (
            row["channel"],
            (row["gross_sales"] * 100 / gross_total).quantize(Decimal("0.1")) if gross_total else None,
            str((row["gross_sales"] * 100 / gross_total).quantize(Decimal("0.1"))) if gross_total else "–",
        )
        for row in by_channel.rows
    ]
    margin_bars = [
        (
            row["channel"],
            row["margin_percent"],
            str(row["margin_percent"]) if row["margin_percent"] is not None else "–",
        )
        for row in by_channel.rows
    ]
    context = {
        "account": account,
        "query": query,
        "errors": errors,
        "chosen": chosen,
        "currency": currency,
        "report": report,
        "tables": tables,
        "figures": FIGURES,
        "figure_labels": FIGURE_LABELS,
        "key_labels": KEY_LABELS,
        "top_skus": selectors.rank_skus(next(t for t in tables if t.name == "sku").all_rows or [], count=5),
        "chart_over_time": charts.line_chart(
            title=_("Net revenue over time per channel"), periods=periods, series=series, fmt=fmt
        ),
        "chart_share": charts.bar_chart(
            title=_("Share of gross sales per channel"), bars=share_bars, testid="chart-share", suffix=" %"
        ),
        "chart_margin": charts.bar_chart(
            title=_("Net margin per channel"), bars=margin_bars, testid="chart-margin", suffix=" %"
        ),
        "channels": CHANNELS,
        "networks": list(NETWORKS),
        "warehouses": _warehouses(account),
        "categories": _categories(account),
        "query_string": urlencode({k: v for k, v in chosen.items() if v}),
        "api_url": reverse("revenue-report", kwargs={"account_pk": account.pk}),
    }
    return render(request, "fulfilment/reports/revenue.html", context)


def _key_text(table, key, value) -> str:  # type: ignore[no-untyped-def]
    from fulfilment.reports.tables import key_label

    return key_label(table, key, value)


def _warehouses(account):  # type: ignore[no-untyped-def]
    from hub.inventory.models import Warehouse

    return Warehouse.objects.filter(account=account).order_by("code")


def _categories(account):  # type: ignore[no-untyped-def]
    from hub.catalog.models import Category

    return Category.objects.filter(account=account).order_by("path")


@account_page(Area.REPORTS)
def revenue_export(request: HttpRequest, membership: Membership) -> HttpResponse:
    query, errors, _chosen = _parse(request, membership)
    name = request.GET.get("table", "channel")
    file_format = request.GET.get("format", "csv")
    if file_format not in ("csv", "xlsx") or name not in {spec[0] for spec in table_specs(query)}:
        raise Http404
    table = table_build(query, name)
    currency = membership.account.base_currency
    filename = f"revenue-{name}-{query.date_from.isoformat()}-{query.date_to.isoformat()}.{file_format}"
    if file_format == "csv":
        response = HttpResponse(table_csv(table, currency), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            table_xlsx(table, currency),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@account_page(Area.REPORTS)
def revenue_orders(request: HttpRequest, membership: Membership) -> HttpResponse:
    """The orders behind a figure: the dashboard's filters plus the cell's keys."""
    query, errors, chosen = _parse(request, membership)
    orders = selectors.revenue_orders(query).select_related("channel_account")
    page = Paginator(orders, 50).get_page(request.GET.get("page"))
    totals = selectors.revenue_totals(query)
    return render(
        request,
        "fulfilment/reports/revenue_orders.html",
        {
            "account": membership.account,
            "query": query,
            "chosen": {k: v for k, v in chosen.items() if v},
            "errors": errors,
            "page": page,
            "totals": totals,
            "currency": membership.account.base_currency,
            "query_string": urlencode({k: v for k, v in chosen.items() if v}),
        },
    )
