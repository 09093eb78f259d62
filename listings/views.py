"""The listings pages: publish (selection → channel accounts and marketplaces → plan → confirm →
live progress → results) and the listing matrix (SKU × marketplace). Same rules as the API: not a
member → 404; a role without access → 403."""

from __future__ import annotations

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from channels import labels
from channels.models import ChannelAccount
from hub.accounts.roles import Area, role_can_read, role_can_write
from hub.accounts.selectors import membership_get_for_user
from hub.catalog.models import Category, Product, ProductStatus
from hub.core.exceptions import ApplicationError
from listings.models import ItemState, JobStatus, Listing, PublishJob, PushAction
from listings.selectors import job_progress, listing_status_row
from listings.services import listing_actions
from listings.services.apply import publish_job_cancel, publish_job_create
from listings.services.build import Selection, listings_build
from listings.services.plan import plan_build
from listings.services.selection import selection_validate

PRODUCTS_SHOWN = 200


def _membership(request: HttpRequest, account_pk: int, *, write: bool = False):
    membership = membership_get_for_user(user=request.user, account_pk=account_pk)
    allowed = role_can_write if write else role_can_read
    if not allowed(membership.role, Area.LISTINGS):
        raise PermissionDenied(_("Your role has no access to listings."))
    request.session["account_pk"] = membership.account_id
    return membership


def marketplace_label(channel_account: ChannelAccount, marketplace_id: str) -> str:
    return labels.marketplace_label(channel_account.family, marketplace_id)


def _markets(account) -> list[dict]:
    return [
        {
            "channel_account": ca,
            "marketplace_id": mp,
            "key": f"{ca.pk}:{mp}",
            "label": marketplace_label(ca, mp),
        }
        for ca in ChannelAccount.objects.filter(account=account).order_by("family", "pk")
        for mp in ca.marketplaces or []
    ]


def _selection_from(request: HttpRequest, account) -> Selection:
    data = request.POST
    markets = data.getlist("markets")
    channel_accounts = sorted({int(key.split(":", 1)[0]) for key in markets if ":" in key})
    marketplaces = sorted({key.split(":", 1)[1] for key in markets if ":" in key})
    selection = Selection(
        channel_accounts=channel_accounts,
        marketplaces=marketplaces,
        products=[int(pk) for pk in data.getlist("products") if pk.isdigit()],
    )
    return selection_validate(account=account, selection=selection)


@login_required
def publish(request: HttpRequest, account_pk: int) -> HttpResponse:
    membership = _membership(request, account_pk, write=True)
    account = membership.account
    query = request.GET.get("q", "").strip()
    category = request.GET.get("category", "")
    products = Product.objects.filter(account=account, status=ProductStatus.ACTIVE).select_related("category")
    if query:
        products = products.filter(title__icontains=query) | products.filter(code__icontains=query)
    if category.isdigit():
        products = products.filter(category_id=int(category))
    context = {
        "account": account,
        "products": products.order_by("code")[:PRODUCTS_SHOWN],
        "product_count": products.count(),
        "categories": Category.objects.filter(account=account),
        "markets": _markets(account),
        "query": query,
        "category": category,
        "plan": None,
    }
    if request.method == "POST":
        try:
            selection = _selection_from(request, account)
        except ApplicationError as error:
            messages.error(request, error.message)
            return render(request, "listings/publish.html", context, status=400)
        if not selection.products or not selection.channel_accounts:
            messages.error(request, _("Choose at least one product and one marketplace."))
            return render(request, "listings/publish.html", context, status=400)
        if request.POST.get("step") == "apply":
            job = publish_job_create(account=account, selection=selection, user=request.user, build=False)
            return redirect("listings:job", account_pk=account.pk, job_pk=job.pk)
        listings_build(account=account, selection=selection)
        plan = plan_build(account=account, selection=selection, diffs=True)
        context.update(
            plan=plan,
            selection=selection,
            chosen_products=set(selection.products),
            chosen_markets={f"{ca}:{mp}" for ca in selection.channel_accounts for mp in selection.marketplaces},
            entries=[e for e in plan.entries if e.action != "nothing" or e.blocking][:500],
            work=len(plan.work),
        )
    return render(request, "listings/publish.html", context)


@login_required
def job(request: HttpRequest, account_pk: int, job_pk: int) -> HttpResponse:
    membership = _membership(request, account_pk)
    found = get_object_or_404(PublishJob, account=membership.account, pk=job_pk)
    return render(
        request,
        "listings/job.html",
        {
            "account": membership.account,
            "job": found,
            "progress": job_progress(found),
            "status_label": found.get_status_display(),
            # The live progress script shows the API's codes in the page's language.
            "labels": {
                str(value): str(label)
                for choices in (JobStatus, ItemState, PushAction)
                for value, label in choices.choices
            },
            "api_url": f"/api/accounts/{membership.account_id}/listings/jobs/{found.pk}/",
            "can_write": role_can_write(membership.role, Area.LISTINGS),
        },
    )


@login_required
@require_POST
def job_cancel(request: HttpRequest, account_pk: int, job_pk: int) -> HttpResponse:
    membership = _membership(request, account_pk, write=True)
    found = get_object_or_404(PublishJob, account=membership.account, pk=job_pk)
    publish_job_cancel(job=found)
    return redirect("listings:job", account_pk=account_pk, job_pk=job_pk)


@login_required
def matrix(request: HttpRequest, account_pk: int) -> HttpResponse:
    membership = _membership(request, account_pk)
    account = membership.account
    markets = _markets(account)
    query = request.GET.get("q", "").strip()
    rows = Listing.objects.filter(account=account).select_related("variant")
    if query:
        rows = rows.filter(variant__sku__icontains=query)
    skus = sorted(set(rows.values_list("variant__sku", flat=True)))
    page = Paginator(skus, 100).get_page(request.GET.get("page"))
    cells: dict[str, dict[str, dict]] = defaultdict(dict)
    for listing in rows.filter(variant__sku__in=list(page.object_list)).select_related("channel_account"):
        cell = listing_status_row(listing)
        cell["status_label"] = listing.get_status_display()
        cells[listing.variant.sku][f"{listing.channel_account_id}:{listing.marketplace_id}"] = cell
    table = [{"sku": sku, "cells": [cells[sku].get(market["key"]) for market in markets]} for sku in page.object_list]
    return render(
        request,
        "listings/matrix.html",
        {
            "account": account,
            "markets": markets,
            "table": table,
            "page": page,
            "query": query,
            "can_write": role_can_write(membership.role, Area.LISTINGS),
        },
    )


@login_required
@require_POST
def sync_now(request: HttpRequest, account_pk: int, listing_pk: int) -> HttpResponse:
    membership = _membership(request, account_pk, write=True)
    listing = get_object_or_404(Listing.objects.select_related("variant"), account=membership.account, pk=listing_pk)
    job = listing_actions.listing_sync(listing=listing, user=request.user)
    messages.success(request, _("Sync queued for %(sku)s (job %(job)s).") % {"sku": listing.variant.sku, "job": job.pk})
    return redirect(request.POST.get("next") or reverse("listings:matrix", kwargs={"account_pk": account_pk}))


@login_required
def mappings(request: HttpRequest, account_pk: int) -> HttpResponse:
    """Category and attribute mapping tables: see them, add or change one (the API's checks)."""
    from hub.catalog.models import Attribute
    from listings.models import AttributeMapping, CategoryMapping
    from listings.services.mapping import attribute_mapping_save, category_mapping_save

    membership = _membership(request, account_pk)
    account = membership.account
    can_write = role_can_write(membership.role, Area.LISTINGS)
    status = 200
    if request.method == "POST":
        if not can_write:
            raise PermissionDenied(_("Your role has no access to listings."))
        data = request.POST
        try:
            if data.get("kind") == "category":
                category = get_object_or_404(Category, account=account, pk=data.get("category"))
                category_mapping_save(
                    account=account,
                    category=category,
                    family=data.get("family", ""),
                    marketplace_id=data.get("marketplace_id", ""),
                    target=data.get("target", ""),
                    variation_theme=data.get("variation_theme", ""),
                )
            else:
                attribute = get_object_or_404(Attribute, account=account, pk=data.get("attribute"))
                pairs = [line.split("=", 1) for line in data.get("value_map", "").splitlines() if "=" in line]
                attribute_mapping_save(
                    account=account,
                    attribute=attribute,
                    family=data.get("family", ""),
                    product_type=data.get("product_type", ""),
                    target=data.get("target", ""),
                    value_map={key.strip(): value.strip() for key, value in pairs},
                )
            messages.success(request, _("Mapping saved."))
            return redirect("listings:mappings", account_pk=account.pk)
        except ApplicationError as error:
            messages.error(request, error.message + " " + " ".join(m for ms in error.fields.values() for m in ms))
            status = 400
    return render(
        request,
        "listings/mappings.html",
        {
            "account": account,
            "can_write": can_write,
            "categories": Category.objects.filter(account=account),
            "attributes": Attribute.objects.filter(account=account),
            "category_mappings": CategoryMapping.objects.filter(account=account).select_related("category"),
            "attribute_mappings": AttributeMapping.objects.filter(account=account).select_related("attribute"),
            "families": ["amazon", "aliexpress", "wish"],
        },
        status=status,
    )
