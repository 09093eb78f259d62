"""Server-rendered fulfilment pages. Same rules as the API: not a member → 404; a role without
the area → 403. Views only parse input and call the services and selectors."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseForbidden, JsonResponse
from django.shortcuts import redirect, render
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fulfilment import selectors
from fulfilment.models import Network, Order, OrderStatus, ReservationState, RoutingRule, Shipment, ShipmentStatus
from fulfilment.services import manual, own_warehouse
from hub.accounts.models import Membership
from hub.accounts.roles import Area, role_can_read, role_can_write
from hub.accounts.selectors import membership_get_for_user
from hub.core.exceptions import ApplicationError
from hub.inventory.models import Warehouse, WarehouseKind

FAMILIES = ("amazon", "aliexpress", "wish", "manual")


class Forbidden(Exception):
    pass


def _member(request: HttpRequest, account_pk: int, area: Area, *, write: bool = False) -> Membership:
    membership = membership_get_for_user(user=request.user, account_pk=account_pk)
    allowed = role_can_write if write else role_can_read
    if not allowed(membership.role, area):
        raise Forbidden
    request.session["account_pk"] = membership.account_id
    return membership


def _guard(area: Area, *, write: bool = False):  # type: ignore[no-untyped-def]
    def decorate(view):  # type: ignore[no-untyped-def]
        @login_required
        def wrapped(request, account_pk, *args, **kwargs):  # type: ignore[no-untyped-def]
            needs_write = write or request.method == "POST"
            try:
                membership = _member(request, account_pk, area, write=needs_write)
            except Forbidden:
                return HttpResponseForbidden(_("Your role does not allow this."))
            return view(request, membership, *args, **kwargs)

        wrapped.__name__ = view.__name__
        return wrapped

    return decorate


def _order_filters(request: HttpRequest, orders):  # type: ignore[no-untyped-def]
    chosen = {key: request.GET.get(key, "") for key in ("family", "status", "warehouse", "date_from", "date_to", "q")}
    if chosen["family"] in FAMILIES:
        orders = orders.filter(family=chosen["family"])
    if chosen["status"] in OrderStatus.values:
        orders = orders.filter(status=chosen["status"])
    if chosen["warehouse"].isdigit():
        orders = orders.filter(warehouse_id=int(chosen["warehouse"]))
    for key, lookup in (("date_from", "order_date__gte"), ("date_to", "order_date__lte")):
        try:
            day = parse_date(chosen[key]) if chosen[key] else None
        except ValueError:
            day = None
        if day is None:
            chosen[key] = ""
        else:
            orders = orders.filter(**{lookup: day})
    if chosen["q"]:
        orders = orders.filter(external_id__icontains=chosen["q"])
    return orders, chosen


@_guard(Area.ORDERS)
def orders(request: HttpRequest, membership: Membership) -> HttpResponse:
    account = membership.account
    queryset, chosen = _order_filters(request, selectors.order_list(account_id=account.pk))
    page = Paginator(queryset.order_by("-purchased_at", "-pk"), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "fulfilment/orders.html",
        {
            "account": account,
            "page": page,
            "chosen": chosen,
            "families": FAMILIES,
            "statuses": OrderStatus.choices,
            "warehouses": Warehouse.objects.filter(account=account),
            "can_write": role_can_write(membership.role, Area.ORDERS),
        },
    )


def _timeline(order: Order) -> list[dict]:
    entries = [
        {
            "at": version.created_at,
            "kind": "version",
            "title": _("Version %(number)s: %(status)s")
            % {"number": version.version, "status": version.get_status_display()},
            "detail": ", ".join(sorted(version.changes)) if version.changes else version.marketplace_status,
        }
        for version in order.versions.all()
    ]
    entries += [
        {"at": event.created_at, "kind": event.kind, "title": event.kind.replace("_", " "), "detail": event.message}
        for event in order.events.all()
    ]
    entries.sort(key=lambda entry: (entry["at"], entry["kind"] != "version"))
    return entries


@_guard(Area.ORDERS)
def order_page(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    try:
        order = selectors.order_detail(account_id=membership.account_id, pk=pk)
    except Order.DoesNotExist:
        raise Http404 from None
    return render(
        request,
        "fulfilment/order.html",
        {
            "account": membership.account,
            "order": order,
            "timeline": _timeline(order),
            "can_ship": role_can_write(membership.role, Area.SHIPMENTS),
        },
    )


def _manual_lines(post) -> list[dict]:  # type: ignore[no-untyped-def]
    lines = []
    for index in range(5):
        sku = (post.get(f"sku_{index}") or "").strip()
        if not sku:
            continue
        quantity_text = (post.get(f"quantity_{index}") or "").strip()
        price_text = (post.get(f"price_{index}") or "").strip()
        try:
            quantity: int | str = int(quantity_text)
        except ValueError:
            quantity = quantity_text
        try:
            price: Decimal | str = Decimal(price_text)
        except InvalidOperation:
            price = price_text
        lines.append({"sku": sku, "quantity": quantity, "unit_price": price})
    return lines


@_guard(Area.ORDERS)
def manual_order(request: HttpRequest, membership: Membership) -> HttpResponse:
    account = membership.account
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        ship_to = {
            key: request.POST.get(key, "").strip()
            for key in ("name", "line1", "line2", "city", "state_or_region", "postal_code", "country_code", "phone")
        }
        ship_to["country_code"] = ship_to["country_code"].upper()
        try:
            result = manual.manual_order_create(
                account=account,
                currency=request.POST.get("currency", "").strip().upper(),
                lines=_manual_lines(request.POST),
                ship_to=ship_to,
                external_id=request.POST.get("external_id", ""),
                note=request.POST.get("note", ""),
            )
        except ApplicationError as error:
            errors = error.fields or {"__all__": [error.message]}
        else:
            messages.success(request, _("Manual order %(id)s created.") % {"id": result.order.external_id})
            return redirect("fulfilment:order", account_pk=account.pk, pk=result.order.pk)
    return render(
        request,
        "fulfilment/manual_order.html",
        {
            "account": account,
            "errors": errors,
            "post": request.POST,
            "rows": range(5),
            "default_currency": account.base_currency,
        },
        status=400 if errors else 200,
    )


@_guard(Area.SHIPMENTS)
def logistics(request: HttpRequest, membership: Membership) -> HttpResponse:
    account = membership.account
    base, chosen = _order_filters(request, selectors.order_list(account_id=account.pk))
    exceptions = [
        (key, label, base.filter(selectors.EXCEPTION_FILTERS[key]).distinct().order_by("purchased_at")[:50])
        for key, label in (
            ("unknown_sku", _("Unknown SKU")),
            ("unfulfillable", _("Unfulfillable")),
            ("mcf_failed", _("MCF failed")),
            ("tracking_rejected", _("Tracking not accepted")),
            ("backordered", _("Backordered")),
            ("unconverted", _("Money not converted")),
        )
    ]
    waiting = base.filter(
        status__in=[OrderStatus.PENDING, OrderStatus.UNSHIPPED, OrderStatus.PARTIALLY_SHIPPED],
        reservation_state=ReservationState.RESERVED,
    ).order_by("purchased_at")[:100]
    outbound = selectors.shipment_list(account_id=account.pk).order_by("-updated_at")
    if chosen["warehouse"].isdigit():
        outbound = outbound.filter(warehouse_id=int(chosen["warehouse"]))
    if chosen["family"] in FAMILIES:
        outbound = outbound.filter(order__family=chosen["family"])
    return render(
        request,
        "fulfilment/logistics.html",
        {
            "account": account,
            "chosen": chosen,
            "families": FAMILIES,
            "statuses": OrderStatus.choices,
            "warehouses": Warehouse.objects.filter(account=account),
            "own_warehouses": Warehouse.objects.filter(account=account, kind=WarehouseKind.OWN, is_active=True),
            "counts": selectors.logistics_counts(account_id=account.pk),
            "exceptions": exceptions,
            "waiting": waiting,
            "outbound": outbound[:100],
            "can_write": role_can_write(membership.role, Area.SHIPMENTS),
            "inbound": _inbound(account.pk),
        },
    )


def _inbound(account_id: int) -> list:
    return list(selectors.inbound_list(account_id=account_id)[:100])


@_guard(Area.SHIPMENTS)
def logistics_counts(request: HttpRequest, membership: Membership) -> JsonResponse:
    return JsonResponse(selectors.logistics_counts(account_id=membership.account_id))


@require_POST
@_guard(Area.SHIPMENTS, write=True)
def shipment_ship(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    shipment = Shipment.objects.filter(order__account_id=membership.account_id, pk=pk).first()
    if shipment is None:
        raise Http404
    try:
        own_warehouse.shipment_ship(
            shipment=shipment,
            carrier=request.POST.get("carrier", ""),
            tracking_number=request.POST.get("tracking_number", ""),
        )
    except ApplicationError as error:
        details = "; ".join(message for messages_ in error.fields.values() for message in messages_)
        messages.error(request, f"{error.message} {details}".strip())
    else:
        messages.success(request, _("Shipment marked shipped; the tracking number goes to the marketplace."))
    return redirect(request.POST.get("next") or f"/fulfilment/{membership.account_id}/orders/{shipment.order_id}/")


@_guard(Area.SHIPMENTS)
def tracking_csv(request: HttpRequest, membership: Membership) -> HttpResponse:
    report, problems = [], []
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            problems = [{"row": "", "column": "file", "message": _("Choose a CSV file.")}]
        else:
            try:
                report = own_warehouse.tracking_csv_apply(account=membership.account, content=upload.read())
            except ApplicationError as error:
                problems = error.extra.get("rows") or [{"row": "", "column": "file", "message": error.message}]
    return render(
        request,
        "fulfilment/tracking_csv.html",
        {"account": membership.account, "report": report, "problems": problems},
        status=400 if problems else 200,
    )


@_guard(Area.SHIPMENTS)
def pick_list(request: HttpRequest, membership: Membership, warehouse_pk: int) -> HttpResponse:
    warehouse = Warehouse.objects.filter(account_id=membership.account_id, pk=warehouse_pk).first()
    if warehouse is None:
        raise Http404
    rows = selectors.pick_list(account_id=membership.account_id, warehouse_id=warehouse.pk)
    return render(
        request, "fulfilment/pick_list.html", {"account": membership.account, "warehouse": warehouse, "rows": rows}
    )


@_guard(Area.SHIPMENTS)
def routing_rules(request: HttpRequest, membership: Membership) -> HttpResponse:
    account = membership.account
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        from fulfilment.api.serializers import RoutingRuleSerializer

        def listed(name: str) -> list[str]:
            return [part.strip() for part in request.POST.get(name, "").replace(";", ",").split(",") if part.strip()]

        data = {
            "name": request.POST.get("name", ""),
            "position": request.POST.get("position") or 100,
            "families": listed("families"),
            "marketplace_ids": listed("marketplace_ids"),
            "countries": [code.upper() for code in listed("countries")],
            "warehouse": request.POST.get("warehouse") or None,
            "prefer_cheapest": bool(request.POST.get("prefer_cheapest")),
            "allow_split": bool(request.POST.get("allow_split")),
        }
        serializer = RoutingRuleSerializer(data=data, context={"account": account})
        if serializer.is_valid():
            serializer.save(account=account)
            messages.success(request, _("Routing rule saved."))
            return redirect("fulfilment:routing", account_pk=account.pk)
        errors = {key: [str(m) for m in value] for key, value in serializer.errors.items()}
    return render(
        request,
        "fulfilment/routing.html",
        {
            "account": account,
            "rules": selectors.routing_rule_list(account_id=account.pk),
            "warehouses": Warehouse.objects.filter(account=account, is_active=True),
            "errors": errors,
            "post": request.POST,
            "networks": Network,
            "shipment_statuses": ShipmentStatus,
        },
        status=400 if errors else 200,
    )


@require_POST
@_guard(Area.SHIPMENTS, write=True)
def routing_rule_delete(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    RoutingRule.objects.filter(account_id=membership.account_id, pk=pk).delete()
    return redirect("fulfilment:routing", account_pk=membership.account_id)


@require_POST
@_guard(Area.SHIPMENTS, write=True)
def inbound_resolve(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    from fulfilment.models import InboundShipment
    from fulfilment.services.inbound import inbound_resolve as resolve

    shipment = InboundShipment.objects.filter(account_id=membership.account_id, pk=pk).first()
    if shipment is None:
        raise Http404
    try:
        resolve(shipment=shipment, user=request.user, note=request.POST.get("note", ""))
    except ApplicationError as error:
        messages.error(request, error.message)
    return redirect("fulfilment:logistics", account_pk=membership.account_id)
