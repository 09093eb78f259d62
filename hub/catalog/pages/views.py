"""The product grid (search, filters, sort, pages, selection for bulk actions) and the spreadsheet
import from the page. Reads come from hub.catalog.grid; writes go through the catalog services."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hub.accounts.models import Membership
from hub.accounts.pages import account_page, can_write, membership_current
from hub.accounts.roles import Area, role_can_read
from hub.catalog import grid
from hub.catalog.models import Category, ProductStatus
from hub.catalog.pages.messages import translated
from hub.catalog.services.bulk import catalog_bulk_run
from hub.catalog.spreadsheet.importer import catalog_import
from hub.core.exceptions import ApplicationError
from hub.core.templatetags.hub_format import money
from hub.core.text import human_size


@login_required
def products_current(request: HttpRequest) -> HttpResponse:
    """/catalog/ opens the grid of the account the user works in."""
    membership = membership_current(request)
    if membership is None:
        return redirect("home")
    return redirect("catalog:products", account_pk=membership.account_id)


def _grid_context(request: HttpRequest, membership: Membership) -> dict:
    account = membership.account
    query = grid.GridQuery.from_params(request.GET)
    try:
        number = max(1, int(request.GET.get("page") or 1))
    except ValueError:
        number = 1
    products, total = grid.product_grid_page(account=account, query=query, page=number)
    pages = max(1, -(-total // grid.PAGE_SIZE))
    if number > pages:
        number = pages
        products, total = grid.product_grid_page(account=account, query=query, page=number)
    page = Paginator(range(total), grid.PAGE_SIZE).get_page(number)
    status_words = {key: str(label) for key, label in STATUS_WORDS.items()}
    for product in products:
        product.main_image_url = default_storage.url(product.main_image) if product.main_image else ""
        product.status_label = status_words.get(product.status, product.status)
        if product.min_price is not None:
            low = money(product.min_price, product.currency)
            product.price_text = (
                low
                if product.max_price == product.min_price
                else f"{low} – {money(product.max_price, product.currency)}"
            )
        else:
            product.price_text = ""
        product.stock_class = (
            "out" if product.available <= 0 else ("low" if product.available <= query.low_stock else "")
        )
    params = request.GET.copy()
    params.pop("page", None)
    sort_params = params.copy()
    sort_params.pop("sort", None)
    return {
        "account": account,
        "membership": membership,
        "query": query,
        "page": page,
        "products": products,
        "total": total,
        "page_query": params.urlencode(),
        "sort_query": sort_params.urlencode(),
        "statuses": ProductStatus.choices,
        "categories": list(Category.objects.filter(account=account).order_by("path").values("pk", "path")),
        "brands": grid.brand_list(account=account),
        "can_write": can_write(membership, Area.CATALOG),
        "with_stock": role_can_read(membership.role, Area.INVENTORY),
        "upload_limit": human_size(settings.UPLOAD_MAX_BYTES),
        "ready_word": _("Ready"),
        "not_ready_word": _("Not ready"),
        "select_word": _("Select"),
    }


@account_page(Area.CATALOG)
def products(request: HttpRequest, membership: Membership) -> HttpResponse:
    return render(request, "catalog/products.html", _grid_context(request, membership))


@account_page(Area.CATALOG, write=True)
def import_view(request: HttpRequest, membership: Membership) -> HttpResponse:
    """Import a CSV/XLSX from the page: the summary, or the row/column report with nothing written."""
    if request.method != "POST":
        return redirect("catalog:products", account_pk=membership.account_id)
    upload = request.FILES.get("file")
    dry_run = request.POST.get("dry_run") == "on"
    context = {"account": membership.account, "summary": None, "problems": [], "error": "", "dry_run": dry_run}
    status = 200
    if upload is None:
        context["error"], status = _("Choose a CSV or XLSX file."), 400
    elif upload.size > settings.UPLOAD_MAX_BYTES:
        context["error"] = _("The file is %(size)s; the limit is %(limit)s.") % {
            "size": human_size(upload.size),
            "limit": human_size(settings.UPLOAD_MAX_BYTES),
        }
        status = 400
    else:
        try:
            context["summary"] = catalog_import(
                account=membership.account, name=upload.name, data=upload.read(), user=request.user, dry_run=dry_run
            )
        except ApplicationError as error:
            status = 400
            rows = error.extra.get("rows", [])
            context["problems"] = [{**row, "message": translated(row["message"])} for row in rows]
            context["total_problems"] = error.extra.get("total_problems", len(rows))
            context["error"] = (
                _("%(count)s problem(s) in the file; nothing was imported.") % {"count": context["total_problems"]}
                if rows
                else translated(error.message)
            )
    context["file_name"] = upload.name if upload else ""
    context["back_url"] = redirect("catalog:products", account_pk=membership.account_id).url
    return render(request, "catalog/import_result.html", context, status=status)


def grid_url(account_pk: int, **params: str) -> str:
    base = redirect("catalog:products", account_pk=account_pk).url
    return f"{base}?{urlencode(params)}" if params else base


BULK_FIELD_LABELS = {
    "status": gettext_lazy("Status"),
    "category": gettext_lazy("Category"),
    "base_price": gettext_lazy("Price"),
}


@account_page(Area.CATALOG, write=True)
def bulk(request: HttpRequest, membership: Membership) -> HttpResponse:
    """The grid's bulk panel posts here (fetch from static/hub/workspace.js) and shows the HTML it
    gets back: the preview of every change, or the problems (nothing saved); `apply=1` saves."""
    if request.method != "POST":
        return redirect("catalog:products", account_pk=membership.account_id)
    context: dict = {"changes": [], "problems": [], "fields": {}, "applied": False}
    status = 200
    try:
        category = int(request.POST.get("category") or 0) or None
    except ValueError:
        category = None
    try:
        result = catalog_bulk_run(
            account=membership.account,
            product_ids=[int(pk) for pk in request.POST.getlist("products") if pk.isdigit()],
            action=request.POST.get("action", ""),
            value=request.POST.get("value"),
            category=category,
            apply=request.POST.get("apply") == "1",
        )
    except ApplicationError as error:
        status = 400
        context["problems"] = [{**p, "message": translated(p["message"])} for p in error.extra.get("problems", [])]
        if not context["problems"]:
            context["fields"] = {k: [translated(m) for m in v] for k, v in error.fields.items()}
        context["changes"] = error.extra.get("changes", [])
    else:
        context["changes"] = [vars(change) for change in result.changes]
        context["applied"] = result.applied
    for change in context["changes"]:
        change["field_label"] = BULK_FIELD_LABELS.get(change["field"], change["field"])
        if change["field"] == "status":
            change["before"] = STATUS_WORDS.get(change["before"], change["before"])
            change["after"] = STATUS_WORDS.get(change["after"], change["after"])
    return render(request, "catalog/_bulk_result.html", context, status=status)


STATUS_WORDS = {
    ProductStatus.DRAFT: gettext_lazy("Draft"),
    ProductStatus.ACTIVE: gettext_lazy("Active"),
    ProductStatus.ARCHIVED: gettext_lazy("Archived"),
}
