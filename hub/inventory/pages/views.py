"""Stock per warehouse and SKU (on hand, reserved, available; low-stock filter), adjustments and
transfers with a reason, and each SKU's movement history. Writes go through
hub.inventory.services (locked rows, ledger row per change)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hub.accounts.models import Membership
from hub.accounts.pages import account_page, can_write, membership_current
from hub.accounts.roles import Area
from hub.catalog.models import Variant
from hub.catalog.pages.messages import validation_dict
from hub.core.exceptions import ApplicationError
from hub.inventory import selectors, services
from hub.inventory.models import MovementReason, Warehouse, WarehouseKind

PAGE_SIZE = 50
LOW_STOCK_DEFAULT = 5
# Reasons a person gives by hand (the others come from orders, imports and marketplaces).
MANUAL_REASONS = [
    (MovementReason.ADJUSTMENT, gettext_lazy("Manual adjustment")),
    (MovementReason.COUNT, gettext_lazy("Stock count")),
    (MovementReason.RECEIPT, gettext_lazy("Goods received")),
    (MovementReason.RETURN, gettext_lazy("Customer return")),
    (MovementReason.DAMAGE, gettext_lazy("Damaged or lost")),
]
REASON_LABELS = {
    MovementReason.RECEIPT: gettext_lazy("Goods received"),
    MovementReason.ADJUSTMENT: gettext_lazy("Manual adjustment"),
    MovementReason.COUNT: gettext_lazy("Stock count"),
    MovementReason.IMPORT: gettext_lazy("Spreadsheet import"),
    MovementReason.RESERVATION: gettext_lazy("Reserved for an order"),
    MovementReason.RELEASE: gettext_lazy("Reservation released"),
    MovementReason.SHIPMENT: gettext_lazy("Shipped to a customer"),
    MovementReason.RETURN: gettext_lazy("Customer return"),
    MovementReason.TRANSFER_OUT: gettext_lazy("Transfer out"),
    MovementReason.TRANSFER_IN: gettext_lazy("Transfer in"),
    MovementReason.DAMAGE: gettext_lazy("Damaged or lost"),
    MovementReason.SYNC: gettext_lazy("Synchronised from a marketplace (FBA)"),
}


@login_required
def stock_current(request: HttpRequest) -> HttpResponse:
    membership = membership_current(request)
    if membership is None:
        return redirect("home")
    return redirect("inventory:stock", account_pk=membership.account_id)


def _int(value: Any, default: int | None = None) -> int | None:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return default


def _stock_page(
    request: HttpRequest,
    membership: Membership,
    *,
    adjust: dict | None = None,
    adjust_errors: dict | None = None,
    move: dict | None = None,
    move_errors: dict | None = None,
    warehouse_form: dict | None = None,
    warehouse_errors: dict | None = None,
    status: int = 200,
) -> HttpResponse:
    account = membership.account
    params = request.GET
    q = (params.get("q") or "").strip()[:100]
    warehouse_id = _int(params.get("warehouse"))
    low = params.get("low") == "1"
    threshold = max(0, _int(params.get("threshold"), LOW_STOCK_DEFAULT) or 0)
    levels = selectors.stock_level_list(account=account)
    if q:
        levels = levels.filter(
            Q(variant__sku__istartswith=q)
            | Q(variant__product__code__istartswith=q)
            | Q(variant__product__title__icontains=q)
        )
    if warehouse_id:
        levels = levels.filter(warehouse_id=warehouse_id)
    if low:
        levels = levels.filter(available_units__lte=threshold)
    levels = levels.order_by("variant__sku", "warehouse__code", "pk")
    page = Paginator(levels, PAGE_SIZE).get_page(params.get("page"))
    query = params.copy()
    query.pop("page", None)
    warehouses = list(Warehouse.objects.filter(account=account).order_by("code"))
    context = {
        "account": account,
        "page": page,
        "levels": page.object_list,
        "q": q,
        "warehouse_id": warehouse_id,
        "low": low,
        "threshold": threshold,
        "page_query": query.urlencode(),
        "warehouses": warehouses,
        "can_write": can_write(membership, Area.INVENTORY),
        "reasons": MANUAL_REASONS,
        "adjust": adjust or {"mode": "change"},
        "adjust_errors": adjust_errors or {},
        "move": move or {},
        "move_errors": move_errors or {},
        "warehouse_form": warehouse_form or {"kind": WarehouseKind.OWN},
        "warehouse_errors": warehouse_errors or {},
        "warehouse_kinds": [(WarehouseKind.OWN, _("Own warehouse")), (WarehouseKind.FBA, _("Amazon FBA"))],
    }
    return render(request, "inventory/stock.html", context, status=status)


@account_page(Area.INVENTORY)
def stock(request: HttpRequest, membership: Membership) -> HttpResponse:
    return _stock_page(request, membership)


def _variant_by_sku(membership: Membership, sku: str, errors: dict, name: str = "sku") -> Variant | None:
    sku = (sku or "").strip()
    if not sku:
        errors.setdefault(name, []).append(_("This field is required."))
        return None
    variant = Variant.objects.filter(account=membership.account, sku=sku).first()
    if variant is None:
        errors.setdefault(name, []).append(_("There is no variant with SKU %(sku)s.") % {"sku": sku})
    return variant


def _warehouse(membership: Membership, value: str, errors: dict, name: str) -> Warehouse | None:
    warehouse = Warehouse.objects.filter(account=membership.account, pk=_int(value) or 0).first()
    if warehouse is None:
        errors.setdefault(name, []).append(_("Choose a warehouse."))
    return warehouse


def _back(request: HttpRequest, membership: Membership) -> HttpResponse:
    target = request.POST.get("next") or ""
    if target.startswith("/stock/"):
        return redirect(target)
    return redirect("inventory:stock", account_pk=membership.account_id)


@account_page(Area.INVENTORY, write=True)
def adjust(request: HttpRequest, membership: Membership) -> HttpResponse:
    if request.method != "POST":
        return redirect("inventory:stock", account_pk=membership.account_id)
    post = request.POST
    errors: dict[str, list[str]] = {}
    variant = _variant_by_sku(membership, post.get("sku", ""), errors)
    warehouse = _warehouse(membership, post.get("warehouse", ""), errors, "warehouse")
    mode = post.get("mode", "change")
    quantity = _int(post.get("quantity"))
    if quantity is None:
        errors.setdefault("quantity", []).append(_("Enter a whole number."))
    elif mode == "change" and quantity == 0:
        errors.setdefault("quantity", []).append(_("Give a change other than zero, e.g. 5 or -2."))
    reason = post.get("reason", "")
    if reason not in dict(MANUAL_REASONS):
        errors.setdefault("reason", []).append(_("Choose a reason."))
    if not errors:
        try:
            movement = services.stock_adjust(
                account=membership.account,
                variant=variant,
                warehouse=warehouse,
                on_hand_change=quantity if mode == "change" else 0,
                set_on_hand=quantity if mode == "set" else None,
                reason=reason,
                note=post.get("note", "")[:500],
                user=request.user,
            )
        except (ValidationError, ApplicationError) as error:
            found = validation_dict(error)
            for key in ("on_hand_change", "set_on_hand", "on_hand"):
                if key in found:
                    errors.setdefault("quantity", []).extend(found.pop(key))
            for key, value in found.items():
                errors.setdefault(key if key in ("sku", "warehouse", "reason") else "general", []).extend(value)
        else:
            if movement is None:
                messages.info(request, _("Nothing changed: the figure was already %(n)s.") % {"n": quantity})
            else:
                messages.success(
                    request,
                    _("%(sku)s in %(warehouse)s: %(before)s → %(after)s on hand.")
                    % {
                        "sku": variant.sku,
                        "warehouse": warehouse.name,
                        "before": movement.on_hand_after - movement.on_hand_change,
                        "after": movement.on_hand_after,
                    },
                )
            return _back(request, membership)
    return _stock_page(request, membership, adjust=post.dict(), adjust_errors=errors, status=400)


@account_page(Area.INVENTORY, write=True)
def transfer(request: HttpRequest, membership: Membership) -> HttpResponse:
    if request.method != "POST":
        return redirect("inventory:stock", account_pk=membership.account_id)
    post = request.POST
    errors: dict[str, list[str]] = {}
    variant = _variant_by_sku(membership, post.get("sku", ""), errors)
    source = _warehouse(membership, post.get("source", ""), errors, "source")
    destination = _warehouse(membership, post.get("destination", ""), errors, "destination")
    quantity = _int(post.get("quantity"))
    if quantity is None:
        errors.setdefault("quantity", []).append(_("Enter a whole number."))
    reason = (post.get("reason") or "").strip()
    if not reason:
        errors.setdefault("reason", []).append(_("Say why the stock moves (e.g. restocking FBA)."))
    if not errors:
        try:
            services.stock_transfer(
                account=membership.account,
                variant=variant,
                source=source,
                destination=destination,
                quantity=quantity,
                reference=reason[:200],
                user=request.user,
            )
        except (ValidationError, ApplicationError) as error:
            for key, value in validation_dict(error).items():
                errors.setdefault(key if key in ("quantity", "destination", "source") else "general", []).extend(value)
        else:
            messages.success(
                request,
                _("%(quantity)s × %(sku)s moved from %(source)s to %(destination)s.")
                % {"quantity": quantity, "sku": variant.sku, "source": source.name, "destination": destination.name},
            )
            return _back(request, membership)
    return _stock_page(request, membership, move=post.dict(), move_errors=errors, status=400)


@account_page(Area.INVENTORY, write=True)
def warehouse_add(request: HttpRequest, membership: Membership) -> HttpResponse:
    if request.method != "POST":
        return redirect("inventory:stock", account_pk=membership.account_id)
    post = request.POST
    fields = {
        "code": post.get("code", "").strip(),
        "name": post.get("name", "").strip(),
        "kind": post.get("kind", WarehouseKind.OWN),
        "country": post.get("country", "").strip().upper(),
        "city": post.get("city", "").strip(),
        "fba_region": post.get("fba_region", "").strip().upper(),
    }
    if Warehouse.objects.filter(account=membership.account, code=fields["code"]).exists():
        errors = {"code": [_("A warehouse with this code exists already.")]}
        return _stock_page(request, membership, warehouse_form=fields, warehouse_errors=errors, status=400)
    try:
        warehouse = services.warehouse_create(account=membership.account, **fields)
    except ValidationError as error:
        return _stock_page(
            request, membership, warehouse_form=fields, warehouse_errors=validation_dict(error), status=400
        )
    messages.success(request, _("Warehouse %(name)s added.") % {"name": warehouse.name})
    return redirect("inventory:stock", account_pk=membership.account_id)


@account_page(Area.INVENTORY)
def movements(request: HttpRequest, membership: Membership, variant_pk: int) -> HttpResponse:
    account = membership.account
    variant = get_object_or_404(Variant.objects.select_related("product"), account=account, pk=variant_pk)
    history = selectors.stock_movement_list(account=account).filter(variant=variant)
    warehouse_id = _int(request.GET.get("warehouse"))
    if warehouse_id:
        history = history.filter(warehouse_id=warehouse_id)
    page = Paginator(history.order_by("-created_at", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    for row in rows:
        row.reason_label = REASON_LABELS.get(row.reason, row.reason)
    levels = selectors.stock_level_list(account=account).filter(variant=variant).order_by("warehouse__code")
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "account": account,
        "variant": variant,
        "levels": levels,
        "movements": rows,
        "page": page,
        "page_query": query.urlencode(),
        "warehouses": Warehouse.objects.filter(account=account).order_by("code"),
        "warehouse_id": warehouse_id,
        "can_write": can_write(membership, Area.INVENTORY),
        "reasons": MANUAL_REASONS,
        "adjust": {"mode": "change", "sku": variant.sku},
        "adjust_errors": {},
    }
    return render(request, "inventory/movements.html", context)
