"""The tenant walk: every account-scoped route of the published OpenAPI schema, every method,
requested by the owner of another account with real ids of the first account's objects in the
path — once under the first account's URL, once under the caller's own account URL. Every answer
must be 404 (another tenant's things do not exist for the caller), none a 5xx.

The routes come from the schema, so a route added later is walked automatically. Its ids come
from the route's own view (the queryset it would read for the first account) or, for parameters
that are not object ids, from PATH_VALUES below. A route whose id cannot be filled (no such object
in the first account's data) fails the test; only SKIPPED routes, each with its reason, are left
out, and a skip that no longer matches a route fails too."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import resolve
from django.utils import timezone
from rest_framework.test import APIClient, APIRequestFactory, force_authenticate

from channels.models import ChannelCall
from fulfilment.models import Order, RoutingRule, Shipment, TrackingPush
from hub.accounts.models import Membership
from hub.accounts.roles import Role
from i18n.models import GlossaryTerm
from listings.models import Listing, ListingParent, PriceRule, Promotion, PublishJob
from tests.factories.accounts import MembershipFactory, SellerAccountFactory
from tests.hub.support import tenant_build
from tests.listings.support import rate, shop

pytestmark = pytest.mark.django_db

ACCOUNT_PREFIX = "/api/accounts/{account_pk}/"
METHODS = ("get", "post", "put", "patch", "delete")

# Path parameters that are not an object id of a viewset, filled from the first account's data.
PATH_VALUES = {
    "product_pk": lambda fill: fill["product"].pk,
    "attribute_pk": lambda fill: fill["attribute"].pk,
    "member_pk": lambda fill: fill["member"].pk,
    "invitation_pk": lambda fill: fill["invitation"].pk,
    "kind": lambda fill: "product",
    "unit": lambda fill: f"product.{fill['product'].pk}.title",
    "locale": lambda fill: "de",
}
# The `{id}` of views that are not account-scoped viewsets (no queryset to read it from).
ID_VALUES = {
    "/api/accounts/{account_pk}/i18n/sources/{kind}/{id}/": lambda fill: fill["product"].pk,
    "/api/accounts/{account_pk}/i18n/glossary/{id}/": lambda fill: fill["glossary_term"].pk,
}
# (method, path) → why it is not walked. Keep this empty unless a route truly cannot be.
SKIPPED: dict[tuple[str, str], str] = {}
# Parameters that name the first account's objects; a route with one is also walked under the
# caller's own account URL (the id must not resolve there either).
OBJECT_PARAMETERS = {"id", "product_pk", "attribute_pk", "member_pk", "invitation_pk", "unit"}


def _fill_first_account():
    """One of everything an account-scoped route can address."""
    first = shop(SellerAccountFactory(name="First seller", base_currency="CNY"))
    tenant = tenant_build(first.account)
    account = first.account
    rate("EUR", "USD", "1.1")
    owner = MembershipFactory(account=account, role=Role.OWNER)
    client = APIClient()
    client.force_authenticate(owner.user)
    base = f"/api/accounts/{account.pk}/"

    def post(path, body, status=201):
        response = client.post(base + path, body, format="json")
        assert response.status_code == status, (path, response.content)
        return response.json()

    post("currency/rates/", {"date": str(timezone.localdate()), "base": "CNY", "quote": "EUR", "rate": "0.13"})
    term = GlossaryTerm.objects.create(
        account=account, term="bracelet", kind="required", locale="de", translation="Armband"
    )
    PriceRule.objects.create(account=account, channel_account=first.wish, markup_pct=Decimal("10"))
    Promotion.objects.create(
        account=account,
        name="Sale",
        kind="percent",
        value=Decimal("10"),
        starts_at=timezone.now(),
        ends_at=timezone.now() + timedelta(days=2),
    )
    RoutingRule.objects.create(account=account, name="Own first", warehouse=first.own)
    parent = ListingParent.objects.create(
        account=account,
        product=first.bracelet,
        channel_account=first.wish,
        family="wish",
        marketplace_id="wish",
        sku="BR-1",
    )
    Listing.objects.create(
        account=account,
        variant=first.variants[0],
        parent=parent,
        channel_account=first.wish,
        family="wish",
        marketplace_id="wish",
        sku=first.variants[0].sku,
    )
    job = PublishJob.objects.create(account=account, created_by=owner.user, selection={"skus": ["BR-1-SILVER"]})
    order_body = {
        "currency": "USD",
        "ship_to": {"name": "Li Wei", "line1": "1 Nanshan Rd", "city": "Shenzhen", "country_code": "CN"},
        "lines": [{"sku": first.variants[0].sku, "quantity": 1, "unit_price": "12.50"}],
        "external_id": "WALK-1",
    }
    post("orders/", order_body)
    order = Order.objects.get(account=account)
    ChannelCall.objects.create(
        account=account, channel_account=first.wish, operation="walk", method="GET", url_path="/api/v3/walk"
    )
    return {
        "account": account,
        "product": tenant.product,
        "attribute": tenant.attribute,
        "member": tenant.member,
        "invitation": tenant.invitation,
        "job": job,
        "glossary_term": term,
        "order": order,
    }


def _ensure_shipment_and_push(fill):
    order = fill["order"]
    shipment = Shipment.objects.filter(order=order).first()
    if shipment is not None and not TrackingPush.objects.filter(order=order).exists():
        TrackingPush.objects.create(order=order, shipment=shipment)


def _operations(schema: dict) -> list[tuple[str, str]]:
    return [
        (method, path)
        for path, item in sorted(schema["paths"].items())
        if path.startswith(ACCOUNT_PREFIX)
        for method in METHODS
        if method in item
    ]


def _parameters(path: str) -> list[str]:
    return re.findall(r"\{(\w+)\}", path)


def _view_id(path: str, values: dict, fill: dict, owner) -> int | None:  # type: ignore[no-untyped-def]
    """The `{id}` this route's own view would find in the first account: its queryset, read as the
    first account's owner."""
    concrete = path.replace("{id}", "1")
    for name, value in values.items():
        concrete = concrete.replace("{" + name + "}", str(value))
    match = resolve(concrete)
    view_class = getattr(match.func, "cls", None)
    if view_class is None or not hasattr(view_class, "get_queryset"):
        return None
    view = view_class()
    view.action_map = {"get": "retrieve"}
    request = APIRequestFactory().get(concrete)
    force_authenticate(request, user=owner)
    view.request = view.initialize_request(request)
    view.args, view.kwargs = (), {**match.kwargs}
    view.format_kwarg = None
    view.action = "retrieve"
    view.account = fill["account"]
    view.membership = Membership.objects.get(account=fill["account"], user=owner)
    row = view.get_queryset().order_by("pk").first()
    return None if row is None else row.pk


def test_every_account_scoped_route_answers_404_to_another_tenant():
    fill = _fill_first_account()
    _ensure_shipment_and_push(fill)
    first_owner = Membership.objects.filter(account=fill["account"], role=Role.OWNER).first().user
    stranger = MembershipFactory(account=SellerAccountFactory(name="Second seller"), role=Role.OWNER)
    own_account = stranger.account
    client = APIClient()
    client.force_authenticate(stranger.user)
    schema = client.get("/api/schema/?format=json").json()
    operations = _operations(schema)

    walked, unfilled, failures = [], [], []
    for method, path in operations:
        if (method, path) in SKIPPED:
            continue
        values = {"account_pk": fill["account"].pk}
        missing = []
        for name in _parameters(path):
            if name in ("account_pk", "id"):
                continue
            if name in PATH_VALUES:
                values[name] = PATH_VALUES[name](fill)
            else:
                missing.append(name)
        if "{id}" in path:
            if path in ID_VALUES:
                values["id"] = ID_VALUES[path](fill)
            else:
                found = _view_id(path, values, fill, first_owner)
                if found is None:
                    missing.append("id")
                else:
                    values["id"] = found
        if missing:
            unfilled.append(f"{method.upper()} {path}: no value for {', '.join(missing)} in the first account")
            continue
        urls = [path.format(**values)]
        if OBJECT_PARAMETERS & set(_parameters(path)):
            urls.append(path.format(**{**values, "account_pk": own_account.pk}))
        for url in urls:
            response = getattr(client, method)(url, {} if method != "get" else None, format="json")
            walked.append((method, url))
            if response.status_code != 404:
                failures.append(f"{method.upper()} {url} ({path}) -> {response.status_code} {response.content[:200]!r}")

    stale = sorted(set(SKIPPED) - set(operations))
    print(f"tenant walk: {len(operations)} operations, {len(walked)} requests, {len(SKIPPED)} skipped")
    assert stale == [], f"skips for routes that no longer exist: {stale}"
    assert unfilled == [], "\n".join(unfilled)
    assert failures == [], "\n".join(failures)
    assert len(operations) >= 130
