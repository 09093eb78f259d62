"""Marketplace connections: every channel account with its marketplaces, status, last check and
rate-limit state; connect (credentials entered once, stored encrypted by the channels services,
never shown again), verify, disconnect; the call log per account with filters and a
plain-language explanation of each error kind. Owners write; the other roles with channels
access read."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from channels import services
from channels.connection_services import channel_account_disconnect
from channels.exceptions import ChannelError, ErrorKind
from channels.labels import FAMILY_LABELS
from channels.marketplaces import amazon_marketplaces
from channels.models import ChannelAccount, ChannelAccountStatus
from channels.pages import selectors
from channels.types import Family
from channels.validation import RULES
from hub.accounts.models import Membership
from hub.accounts.pages import account_page, can_write, membership_current
from hub.accounts.roles import Area
from hub.catalog.pages.messages import translated

PAGE_SIZE = 50

STATUS_LABELS = {
    ChannelAccountStatus.NEW: gettext_lazy("Not verified yet"),
    ChannelAccountStatus.CONNECTED: gettext_lazy("Connected"),
    ChannelAccountStatus.AUTH_FAILED: gettext_lazy("Credentials refused"),
    ChannelAccountStatus.ERROR: gettext_lazy("Error"),
    ChannelAccountStatus.DISABLED: gettext_lazy("Disconnected"),
}
CREDENTIAL_LABELS = {
    "lwa_app_id": gettext_lazy("LWA client id"),
    "lwa_client_secret": gettext_lazy("LWA client secret"),
    "refresh_token": gettext_lazy("Refresh token"),
    "app_key": gettext_lazy("App key"),
    "app_secret": gettext_lazy("App secret"),
    "access_token": gettext_lazy("Access token"),
    "client_id": gettext_lazy("Client id"),
    "client_secret": gettext_lazy("Client secret"),
}
ERROR_KINDS = {
    ErrorKind.THROTTLED.value: (
        gettext_lazy("Throttled"),
        gettext_lazy(
            "Too many calls of this kind in a short time: the marketplace, or the hub's own limiter before "
            "the marketplace had to, said “not yet”. The hub waits and tries again by itself; nothing to do "
            "unless it lasts."
        ),
    ),
    ErrorKind.TRANSIENT.value: (
        gettext_lazy("Temporary failure"),
        gettext_lazy(
            "The marketplace did not answer properly (a server error, a timeout or a dropped connection). "
            "The same call usually works a little later; the hub retries it."
        ),
    ),
    ErrorKind.REJECTED.value: (
        gettext_lazy("Refused content"),
        gettext_lazy(
            "The marketplace refused what was sent (a missing or invalid field). Sending it again would be "
            "refused again: correct the data named in the marketplace's messages."
        ),
    ),
    ErrorKind.AUTH_FAILED.value: (
        gettext_lazy("Credentials refused"),
        gettext_lazy(
            "The marketplace did not accept the credentials (a wrong secret, or an authorisation that was "
            "revoked or expired). Connect the account again with new credentials."
        ),
    ),
    ErrorKind.NOT_FOUND.value: (
        gettext_lazy("Not found"),
        gettext_lazy(
            "The marketplace does not know the item asked for (a SKU, an order or a document). Often harmless "
            "when the hub only checks whether something exists."
        ),
    ),
    ErrorKind.UNSUPPORTED.value: (
        gettext_lazy("Not offered"),
        gettext_lazy("This marketplace has no such operation; the hub does it another way or not at all."),
    ),
    ErrorKind.OUTCOME_UNKNOWN.value: (
        gettext_lazy("Outcome unknown"),
        gettext_lazy(
            "The call reached the marketplace but no usable answer came back, so it may or may not have been "
            "applied. The hub reads the marketplace's state before sending it again, so nothing happens twice."
        ),
    ),
}
PERIOD_LABELS = [
    ("1h", gettext_lazy("Last hour")),
    ("24h", gettext_lazy("Last 24 hours")),
    ("7d", gettext_lazy("Last 7 days")),
    ("30d", gettext_lazy("Last 30 days")),
]


@login_required
def connections_current(request: HttpRequest) -> HttpResponse:
    membership = membership_current(request)
    if membership is None:
        return redirect("home")
    return redirect("channels:connections", account_pk=membership.account_id)


def _families() -> list[dict]:
    rows = []
    for family in Family:
        rules = RULES[family]
        fields = [(key, CREDENTIAL_LABELS.get(key, key), True) for key in rules.required]
        fields += [(key, CREDENTIAL_LABELS.get(key, key), False) for key in rules.optional if key in CREDENTIAL_LABELS]
        rows.append({"value": family.value, "label": FAMILY_LABELS[family.value], "fields": fields})
    return rows


def _page(
    request: HttpRequest, membership: Membership, *, form: dict | None = None, errors: dict | None = None, status=200
) -> HttpResponse:
    account = membership.account
    rows = selectors.connection_rows(account=account)
    for row in rows:
        row.status_label = STATUS_LABELS.get(row.channel_account.status, row.channel_account.status)
        row.family_label = FAMILY_LABELS.get(row.channel_account.family, row.channel_account.family)
    form = form or {"family": Family.AMAZON.value, "marketplaces": []}
    errors = errors or {}
    families = _families()
    for family in families:
        family["field_rows"] = [
            {
                "key": key,
                "label": label,
                "required": required,
                "errors": errors.get(f"credentials.{key}", []) if form.get("family") == family["value"] else [],
            }
            for key, label, required in family["fields"]
        ]
    context = {
        "account": account,
        "rows": rows,
        "can_write": can_write(membership, Area.CHANNELS),
        "families": families,
        "amazon_marketplaces": sorted(amazon_marketplaces().values(), key=lambda m: (m.region, m.code)),
        "form": form,
        "errors": errors,
        "credential_errors": errors.get("credentials", []),
    }
    return render(request, "channels/connections.html", context, status=status)


@account_page(Area.CHANNELS)
def connections(request: HttpRequest, membership: Membership) -> HttpResponse:
    return _page(request, membership)


def _error_dict(error: ValidationError) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for key, values in error.message_dict.items():
        name = "base_url" if key.startswith("base_urls") else key
        found.setdefault(name, []).extend(translated(value) for value in values)
    return found


@account_page(Area.CHANNELS, write=True)
def connect(request: HttpRequest, membership: Membership) -> HttpResponse:
    if request.method != "POST":
        return redirect("channels:connections", account_pk=membership.account_id)
    post = request.POST
    family = post.get("family", "")
    # What the page shows again on an error: never a credential (they are typed once).
    form = {
        "family": family,
        "name": post.get("name", "").strip(),
        "seller_reference": post.get("seller_reference", "").strip(),
        "base_url": post.get("base_url", "").strip(),
        "marketplaces": post.getlist("marketplaces"),
    }
    if family not in {f.value for f in Family}:
        return _page(request, membership, form=form, errors={"family": [_("Choose a marketplace.")]}, status=400)
    kind = Family(family)
    credentials = {
        key: post.get(f"cred-{family}-{key}", "").strip()
        for key in (*RULES[kind].required, *RULES[kind].optional)
        if post.get(f"cred-{family}-{key}", "").strip()
    }
    base_urls = dict.fromkeys(RULES[kind].base_url_keys, form["base_url"]) if form["base_url"] else None
    try:
        channel_account = services.channel_account_create(
            account=membership.account,
            name=form["name"],
            family=family,
            marketplaces=form["marketplaces"] if kind is Family.AMAZON else None,
            base_urls=base_urls,
            seller_reference=form["seller_reference"],
            credentials=credentials,
        )
    except ValidationError as error:
        return _page(request, membership, form=form, errors=_error_dict(error), status=400)
    messages.success(
        request,
        _("%(name)s is connected; its credentials are stored encrypted. Verify it to check them.")
        % {"name": channel_account.name},
    )
    return redirect("channels:connections", account_pk=membership.account_id)


def _channel_account(membership: Membership, channel_account_pk: int) -> ChannelAccount:
    return get_object_or_404(ChannelAccount, account=membership.account, pk=channel_account_pk)


@account_page(Area.CHANNELS, write=True)
def verify(request: HttpRequest, membership: Membership, channel_account_pk: int) -> HttpResponse:
    channel_account = _channel_account(membership, channel_account_pk)
    if request.method == "POST":
        if not channel_account.has_credentials:
            messages.error(
                request, _("%(name)s has no credentials; connect it again.") % {"name": channel_account.name}
            )
            return redirect("channels:connections", account_pk=membership.account_id)
        try:
            channel_account = services.channel_account_verify(channel_account=channel_account, wait_seconds=2.0)
        except ChannelError:
            messages.warning(request, _("The marketplace did not answer; try again in a moment."))
        else:
            if channel_account.status == ChannelAccountStatus.CONNECTED:
                messages.success(
                    request,
                    _("%(name)s works: the marketplace accepted the credentials.") % {"name": channel_account.name},
                )
            else:
                messages.error(
                    request,
                    _("%(name)s: %(status)s. %(detail)s")
                    % {
                        "name": channel_account.name,
                        "status": STATUS_LABELS.get(channel_account.status, channel_account.status),
                        "detail": channel_account.last_error,
                    },
                )
    return redirect("channels:connections", account_pk=membership.account_id)


@account_page(Area.CHANNELS, write=True)
def disconnect(request: HttpRequest, membership: Membership, channel_account_pk: int) -> HttpResponse:
    channel_account = _channel_account(membership, channel_account_pk)
    if request.method == "POST":
        channel_account_disconnect(channel_account=channel_account)
        messages.success(
            request, _("%(name)s is disconnected; its credentials were erased.") % {"name": channel_account.name}
        )
    return redirect("channels:connections", account_pk=membership.account_id)


@account_page(Area.CHANNELS)
def calls(request: HttpRequest, membership: Membership, channel_account_pk: int) -> HttpResponse:
    channel_account = _channel_account(membership, channel_account_pk)
    operation = request.GET.get("operation", "")
    status = request.GET.get("status", "")
    period = request.GET.get("period", "")
    log = selectors.call_log(channel_account=channel_account, operation=operation, status=status, period=period)
    page = Paginator(log, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    kinds_seen = []
    for call in rows:
        call.kind_label = ERROR_KINDS.get(call.error_kind, ("", ""))[0]
        if call.error_kind and call.error_kind not in kinds_seen:
            kinds_seen.append(call.error_kind)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "account": membership.account,
        "channel_account": channel_account,
        "status_label": STATUS_LABELS.get(channel_account.status, channel_account.status),
        "marketplaces": selectors.marketplace_labels(channel_account),
        "calls": rows,
        "page": page,
        "page_query": query.urlencode(),
        "operations": selectors.call_operations(channel_account=channel_account),
        "operation": operation,
        "status": status,
        "period": period,
        "periods": PERIOD_LABELS,
        "kinds": [(value, label) for value, (label, _text) in ERROR_KINDS.items()],
        "kinds_seen": kinds_seen,
        "all_explanations": [(kind, label, text) for kind, (label, text) in ERROR_KINDS.items()],
    }
    return render(request, "channels/calls.html", context)
