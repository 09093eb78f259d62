"""The audit log: a price change made through the API, the admin and a spreadsheet import each
appear with who, when, what and the values before and after; credentials are never shown;
owners read the log (page and API), other roles get 403."""

import json
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from hub.accounts.roles import Role
from hub.audit.models import AuditEntry
from hub.inventory.models import MovementReason
from hub.inventory.services import stock_adjust
from listings.models import PriceRule
from tests.channels.factories import AMAZON_CREDENTIALS, amazon_account
from tests.factories.accounts import MembershipFactory, UserFactory
from tests.factories.catalog import ProductFactory, VariantFactory
from tests.factories.inventory import WarehouseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def variant(account):
    return VariantFactory(product=ProductFactory(account=account, code="MUG"), sku="MUG-1", base_price=Decimal("10.00"))


def _entries(account, object_type):
    return list(AuditEntry.objects.filter(account=account, object_type=object_type).order_by("pk"))


def test_a_price_change_through_the_api_is_recorded_with_before_and_after(owner_client, api_url, variant):
    AuditEntry.objects.all().delete()

    response = owner_client.patch(api_url(f"catalog/variants/{variant.pk}/"), {"base_price": "12.50"}, format="json")

    assert response.status_code == 200, response.content
    [entry] = _entries(variant.account, "catalog.variant")
    assert (entry.action, entry.source, entry.object_id) == ("update", "api", str(variant.pk))
    assert (entry.actor, entry.actor_email) == (owner_client.user, owner_client.user.email)
    assert entry.changes == {"base_price": ["10.000", "12.50"]}


def test_a_price_rule_change_through_the_admin_is_recorded(client, account):
    owner = MembershipFactory(account=account, role=Role.OWNER, user=UserFactory(is_staff=True)).user
    channel_account = amazon_account(account)
    rule = PriceRule.objects.create(account=account, channel_account=channel_account, markup_pct=Decimal("10"))
    AuditEntry.objects.all().delete()
    client.force_login(owner)
    page = client.get(f"/admin/listings/pricerule/{rule.pk}/change/")
    form = page.context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    data = {key: ("" if value is None else value) for key, value in data.items()}
    data["markup_pct"] = "25"

    response = client.post(f"/admin/listings/pricerule/{rule.pk}/change/", data)

    assert response.status_code == 302, response.content.decode()[:2000]
    [entry] = _entries(account, "listings.pricerule")
    assert (entry.action, entry.source, entry.actor) == ("update", "admin", owner)
    assert entry.changes == {"markup_pct": ["10.000", "25"]}


def test_a_price_change_through_an_import_is_recorded(owner_client, api_url, variant):
    AuditEntry.objects.all().delete()
    sheet = b"product_code,title,sku,base_price\nMUG,Mug,MUG-1,14.00\nMUG,Mug,MUG-2,3.00\n"

    response = owner_client.post(
        api_url("catalog/import/"),
        {"file": SimpleUploadedFile("prices.csv", sheet, content_type="text/csv")},
        format="multipart",
    )

    assert response.status_code == 200, response.content
    entries = _entries(variant.account, "catalog.variant")
    assert [(e.action, e.source, e.actor) for e in entries] == [
        ("create", "import", owner_client.user),
        ("update", "import", owner_client.user),
    ] or [(e.action, e.source, e.actor) for e in entries] == [
        ("update", "import", owner_client.user),
        ("create", "import", owner_client.user),
    ]
    update = next(e for e in entries if e.action == "update")
    create = next(e for e in entries if e.action == "create")
    assert update.object_id == str(variant.pk)
    assert update.changes == {"base_price": ["10.000", "14.00"]}
    assert create.changes["sku"] == [None, "MUG-2"]
    assert create.changes["base_price"] == [None, "3.00"]


def test_a_dry_run_import_records_nothing(owner_client, api_url, variant):
    AuditEntry.objects.all().delete()
    sheet = b"product_code,title,sku,base_price\nMUG,Mug,MUG-1,14.00\n"

    response = owner_client.post(
        api_url("catalog/import/?dry_run=true"),
        {"file": SimpleUploadedFile("prices.csv", sheet, content_type="text/csv"), "dry_run": "true"},
        format="multipart",
    )

    assert response.status_code == 200, response.content
    assert response.json()["dry_run"] is True
    assert _entries(variant.account, "catalog.variant") == []


def test_credentials_are_recorded_as_set_never_their_value(owner_client, api_url, account):
    channel_account = amazon_account(account)
    [created] = _entries(account, "channels.channelaccount")

    response = owner_client.patch(
        api_url(f"channels/accounts/{channel_account.pk}/"),
        {"credentials": {"refresh_token": "Atzr|NewSecretRefreshToken0002"}, "name": "Amazon US"},
        format="json",
    )

    assert response.status_code == 200, response.content
    updated = _entries(account, "channels.channelaccount")[-1]
    assert created.changes["credentials_encrypted"] == [None, "(set)"]
    assert updated.changes == {"name": ["Amazon", "Amazon US"], "credentials_encrypted": ["(set)", "(set)"]}
    stored = json.dumps(list(AuditEntry.objects.values_list("changes", flat=True)))
    for secret in [*AMAZON_CREDENTIALS.values(), "NewSecretRefreshToken0002", channel_account.credentials_encrypted]:
        assert secret not in stored


def test_roles_members_and_stock_adjustments_are_recorded(owner_client, api_url, account, variant):
    member = MembershipFactory(account=account, role=Role.CATALOG)
    warehouse = WarehouseFactory(account=account)
    AuditEntry.objects.all().delete()

    owner_client.patch(api_url(f"members/{member.pk}/"), {"role": "manager"}, format="json")
    owner_client.delete(api_url(f"members/{member.pk}/"))
    stock_adjust(account=account, variant=variant, warehouse=warehouse, on_hand_change=7, reason=MovementReason.RECEIPT)

    role_change, removal = _entries(account, "accounts.membership")
    assert role_change.changes == {"role": ["catalog", "manager"]}
    assert (removal.action, removal.changes["role"]) == ("delete", ["manager", None])
    [movement] = _entries(account, "inventory.stockmovement")
    assert movement.changes["on_hand_change"] == [None, 7]
    assert movement.changes["on_hand_after"] == [None, 7]
    assert movement.source == "task"  # no request: a service called directly


def test_routing_rules_through_the_api_are_recorded(owner_client, api_url, account):
    warehouse = WarehouseFactory(account=account)
    AuditEntry.objects.all().delete()

    created = owner_client.post(
        api_url("fulfilment/routing-rules/"),
        {"name": "EU first", "warehouse": warehouse.pk, "countries": ["DE"]},
        format="json",
    )
    assert created.status_code == 201, created.content
    rule_pk = created.json()["id"]
    owner_client.patch(api_url(f"fulfilment/routing-rules/{rule_pk}/"), {"countries": ["DE", "FR"]}, format="json")
    owner_client.delete(api_url(f"fulfilment/routing-rules/{rule_pk}/"))

    entries = _entries(account, "fulfilment.routingrule")
    assert [e.action for e in entries] == ["create", "update", "delete"]
    assert entries[1].changes == {"countries": [["DE"], ["DE", "FR"]]}


def test_owners_read_the_log_through_the_api_and_other_roles_get_403(member_client, api_url, variant):
    owner = member_client(Role.OWNER)
    AuditEntry.objects.all().delete()
    owner.patch(api_url(f"catalog/variants/{variant.pk}/"), {"base_price": "11.00"}, format="json")

    answer = owner.get(api_url("audit/?object_type=catalog.variant"))

    assert answer.status_code == 200
    [row] = answer.json()["results"]
    assert row["changes"] == {"base_price": ["10.000", "11.00"]}
    assert row["actor_email"] == owner.user.email
    assert owner.get(api_url(f"audit/{row['id']}/")).status_code == 200
    assert owner.get(api_url("audit/?object_type=accounts.membership")).json()["results"] == []
    for role in (Role.CATALOG, Role.MANAGER, Role.LOGISTICS, Role.TRANSLATOR):
        assert member_client(role).get(api_url("audit/")).status_code == 403, role


def test_another_accounts_log_is_404(owner_client, api_url, other_account):
    assert owner_client.get(api_url("audit/", target=other_account)).status_code == 404


def test_the_page_filters_by_object_type_person_and_date(client, account, variant, member_client, api_url):
    owner = member_client(Role.OWNER)
    AuditEntry.objects.all().delete()
    owner.patch(api_url(f"catalog/variants/{variant.pk}/"), {"base_price": "11.00"}, format="json")
    member = MembershipFactory(account=account, role=Role.CATALOG)
    owner.patch(api_url(f"members/{member.pk}/"), {"role": "manager"}, format="json")
    client.force_login(owner.user)

    everything = client.get(f"/audit/{account.pk}/")
    prices = client.get(f"/audit/{account.pk}/?object_type=catalog.variant")
    nobody = client.get(f"/audit/{account.pk}/?actor={member.user.pk}")
    tomorrow = client.get(f"/audit/{account.pk}/?from=2999-01-01")

    assert everything.status_code == 200
    assert {e.object_type for e in everything.context["entries"]} >= {"catalog.variant", "accounts.membership"}
    assert [(e.object_type, e.action) for e in prices.context["entries"]] == [("catalog.variant", "update")]
    assert "10.000" in prices.content.decode() and "11.00" in prices.content.decode()
    assert list(nobody.context["entries"]) == []
    assert list(tomorrow.context["entries"]) == []


def test_the_page_is_in_the_owners_menu_only_and_403_for_others(client, account, member_client):
    owner, catalog = member_client(Role.OWNER), member_client(Role.CATALOG)
    client.force_login(owner.user)
    assert f'href="/audit/{account.pk}/"' in client.get(f"/audit/{account.pk}/").content.decode()
    client.force_login(catalog.user)

    assert client.get(f"/audit/{account.pk}/").status_code == 403
    assert f'href="/audit/{account.pk}/"' not in client.get("/").content.decode()


def test_the_page_speaks_chinese(client, account, member_client):
    owner = member_client(Role.OWNER)
    owner.user.ui_language = "zh-hans"
    owner.user.save()
    client.force_login(owner.user)

    page = client.get(f"/audit/{account.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()

    assert "审计日志" in page


def test_deleting_an_account_with_history_works(owner_client, api_url, account, variant):
    owner_client.patch(api_url(f"catalog/variants/{variant.pk}/"), {"base_price": "11.00"}, format="json")
    assert AuditEntry.objects.filter(account=account).exists()

    account.delete()

    assert not AuditEntry.objects.filter(account_id=account.pk).exists()


def test_old_entries_are_pruned_after_the_retention_period(settings, owner_client, api_url, variant):
    from datetime import timedelta

    from django.utils import timezone

    from hub.audit.tasks import audit_prune_task

    owner_client.patch(api_url(f"catalog/variants/{variant.pk}/"), {"base_price": "11.00"}, format="json")
    old = AuditEntry.objects.filter(account=variant.account).first()
    AuditEntry.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=40))
    total = AuditEntry.objects.count()
    settings.AUDIT_RETENTION_DAYS = 0
    assert audit_prune_task() == 0
    settings.AUDIT_RETENTION_DAYS = 30

    assert audit_prune_task() == 1
    assert AuditEntry.objects.count() == total - 1
    assert not AuditEntry.objects.filter(pk=old.pk).exists()


def test_delisting_is_recorded_but_listing_rows_built_are_not(owner_client, api_url, account):
    from listings.models import Listing, ListingParent
    from tests.listings.support import shop

    first = shop(account)
    AuditEntry.objects.all().delete()
    parent = ListingParent.objects.create(
        account=account,
        product=first.bracelet,
        channel_account=first.wish,
        family="wish",
        marketplace_id="wish",
        sku="BR-1",
    )
    listing = Listing.objects.create(
        account=account,
        variant=first.variants[0],
        parent=parent,
        channel_account=first.wish,
        family="wish",
        marketplace_id="wish",
        sku=first.variants[0].sku,
    )
    assert _entries(account, "listings.listing") == []

    response = owner_client.post(api_url(f"listings/listings/{listing.pk}/delist/"))

    assert response.status_code in (200, 201, 202), response.content
    [delisted] = _entries(account, "listings.listing")
    assert (delisted.action, delisted.changes, delisted.actor) == (
        "update",
        {"enabled": [True, False]},
        owner_client.user,
    )
    [job] = _entries(account, "listings.publishjob")
    assert job.action == "create" and job.changes["selection"][1]["skus"] == [first.variants[0].sku]


@pytest.mark.parametrize(
    "query",
    [
        "actor=99999999999999999999999999",
        "actor=1.5",
        "actor=-1",
        "object_type=nope",
        "created_after=1016-07-23T00:51:52-23:37",
        "created_before=0001-01-01T00:00:00%2B05:00",
        "object_id=%00",
        "page=999",
    ],
)
def test_odd_filters_are_never_a_500(owner_client, api_url, query):
    response = owner_client.get(api_url(f"audit/?{query}"))

    assert response.status_code in (200, 400, 404), response.content


def test_the_page_ignores_odd_filters(client, account, member_client):
    owner = member_client(Role.OWNER)
    client.force_login(owner.user)

    response = client.get(f"/audit/{account.pk}/?actor=999999999999999999999&from=nope&to=2026-13-40&page=x")

    assert response.status_code == 200
