"""The audit log page (owners only): newest first, filtered by object type, person and dates."""

from __future__ import annotations

import datetime

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hub.accounts.models import Membership
from hub.accounts.pages import account_page
from hub.accounts.roles import Area
from hub.audit.models import AuditAction, AuditSource
from hub.audit.selectors import audit_actor_choices, audit_entry_list

PAGE_SIZE = 50

OBJECT_TYPE_LABELS = {
    "catalog.variant": _("Variant price"),
    "listings.pricerule": _("Price rule"),
    "listings.promotion": _("Promotion"),
    "listings.publishjob": _("Publish job"),
    "listings.listing": _("Listing"),
    "listings.listingparent": _("Listing (parent)"),
    "listings.categorymapping": _("Category mapping"),
    "listings.attributemapping": _("Attribute mapping"),
    "fulfilment.routingrule": _("Routing rule"),
    "accounts.membership": _("Member and role"),
    "accounts.invitation": _("Invitation"),
    "accounts.selleraccount": _("Account settings"),
    "channels.channelaccount": _("Marketplace connection"),
    "inventory.stockmovement": _("Stock adjustment"),
}
ACTION_LABELS = {
    AuditAction.CREATE: _("Created"),
    AuditAction.UPDATE: _("Changed"),
    AuditAction.DELETE: _("Deleted"),
}
SOURCE_LABELS = {
    AuditSource.API: _("API"),
    AuditSource.ADMIN: _("Admin"),
    AuditSource.PAGE: _("Page"),
    AuditSource.IMPORT: _("Import"),
    AuditSource.TASK: _("Background task"),
    AuditSource.COMMAND: _("Command line"),
}


def _date(text: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(text or "")
    except ValueError:
        return None


def _day_start(day: datetime.date, account_timezone: str) -> datetime.datetime:
    from zoneinfo import ZoneInfo

    return datetime.datetime.combine(day, datetime.time.min, tzinfo=ZoneInfo(account_timezone))


@account_page(Area.ACCOUNT, write=True)
def audit_log(request: HttpRequest, membership: Membership) -> HttpResponse:
    account = membership.account
    entries = audit_entry_list(account=account)
    object_type = request.GET.get("object_type", "")
    if object_type in OBJECT_TYPE_LABELS:
        entries = entries.filter(object_type=object_type)
    actor = request.GET.get("actor", "")
    if actor.isdigit():
        entries = entries.filter(actor_id=int(actor))
    date_from, date_to = _date(request.GET.get("from")), _date(request.GET.get("to"))
    if date_from:
        entries = entries.filter(created_at__gte=_day_start(date_from, account.timezone))
    if date_to:
        entries = entries.filter(created_at__lt=_day_start(date_to + datetime.timedelta(days=1), account.timezone))
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    for row in rows:
        row.type_label = OBJECT_TYPE_LABELS.get(row.object_type, row.object_type)
        row.action_label = ACTION_LABELS.get(row.action, row.action)
        row.source_label = SOURCE_LABELS.get(row.source, row.source)
        row.change_rows = [(name, values[0], values[1]) for name, values in row.changes.items()]
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "account": account,
        "entries": rows,
        "page": page,
        "page_query": query.urlencode(),
        "object_types": list(OBJECT_TYPE_LABELS.items()),
        "actors": audit_actor_choices(account=account),
        "filters": {
            "object_type": object_type,
            "actor": int(actor) if actor.isdigit() else None,
            "from": date_from.isoformat() if date_from else "",
            "to": date_to.isoformat() if date_to else "",
        },
        "now": timezone.now(),
    }
    return render(request, "audit/log.html", context)
