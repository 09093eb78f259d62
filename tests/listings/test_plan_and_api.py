"""Build → plan → job through the API and the CLI, without a marketplace (no job runs here)."""

import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command

from listings.models import Listing, ListingStatus, PriceRule, PublishJob
from listings.services.build import Selection, listings_build
from listings.services.plan import plan_build
from tests.listings.support import shop

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog(account):
    return shop(account)


def test_build_prices_in_marketplace_currency_with_rate_date_and_own_stock(catalog):
    summary = listings_build(account=catalog.account, fetch=False)
    assert summary.listings == 4  # 2 variants × (Wish, AliExpress)
    row = Listing.objects.get(sku="BR-1-ROSE_GOLD", family="wish")
    # 100 CNY × 0.14 = 14.00 USD, on the seeded Wish rounding grid (.95 endings)
    assert (row.currency, row.desired_price) == ("USD", Decimal("13.95"))
    assert row.rate == Decimal("0.14") and row.rate_date is not None
    assert row.desired_quantity == 5  # own warehouse only: FBA stock does not serve Wish without MCF
    assert row.desired_payload["variations"][0]["options"] == {"Color": "Rose Gold"}
    assert not [issue for issue in row.issues if issue["blocking"]]


def test_plan_counts_creates_once_per_product_and_nothing_after_acknowledgement(catalog):
    listings_build(account=catalog.account, fetch=False)
    plan = plan_build(account=catalog.account)
    assert plan.counts == {"create": 6}  # 2 products (parents) + 4 listings
    assert plan.calls == 2  # one product call per marketplace carries both variants
    Listing.objects.update(
        acked_hash=models_f("desired_hash"),
        acked_content_hash=models_f("desired_content_hash"),
        acked_price=models_f("desired_price"),
        acked_quantity=models_f("desired_quantity"),
        status=ListingStatus.PUBLISHED,
    )
    from listings.models import ListingParent

    ListingParent.objects.update(
        acked_hash=models_f("desired_hash"),
        acked_content_hash=models_f("desired_content_hash"),
        external_id="1",
        status=ListingStatus.PUBLISHED,
    )
    again = plan_build(account=catalog.account)
    assert again.counts == {"nothing": 4} and again.calls == 0


def test_one_price_change_plans_one_batched_patch_per_marketplace(catalog):
    test_plan_counts_creates_once_per_product_and_nothing_after_acknowledgement(catalog)
    variant = catalog.variants[0]
    variant.base_price = Decimal("120")
    variant.save()
    listings_build(account=catalog.account, fetch=False)
    plan = plan_build(account=catalog.account, diffs=True)
    patches = [e for e in plan.entries if e.action == "patch_price"]
    assert sorted((e.sku, e.family) for e in patches) == [("BR-1-ROSE_GOLD", "aliexpress"), ("BR-1-ROSE_GOLD", "wish")]
    assert plan.calls == 2
    assert any("price" in name for name in patches[0].fields)


def models_f(name):
    from django.db.models import F

    return F(name)


def test_api_plan_job_and_matrix_rows(catalog, owner_client, api_url):
    owner_client.membership.account = catalog.account
    response = owner_client.post(api_url("listings/plan/"), {"channel_accounts": [catalog.wish.pk]}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["counts"] == {"create": 3}
    job = owner_client.post(api_url("listings/jobs/"), {"channel_accounts": [catalog.wish.pk]}, format="json")
    assert job.status_code == 202 and job.json()["total"] == 1
    assert PublishJob.objects.get().status == "queued"
    rows = owner_client.get(api_url("listings/listings/")).json()
    assert {row["sku"] for row in rows["results"]} == {"BR-1-ROSE_GOLD", "BR-1-SILVER"}
    first = rows["results"][0]
    assert {"sku", "family", "marketplace", "status", "price", "currency", "quantity", "external_id", "issues"} <= set(
        first
    )


def test_api_refuses_bad_selections_and_rules(catalog, owner_client, api_url, other_account):
    other = shop_other(other_account)
    response = owner_client.post(api_url("listings/plan/"), {"channel_accounts": [other.pk]}, format="json")
    assert response.status_code == 404
    response = owner_client.post(
        api_url("listings/plan/"),
        {"channel_accounts": [catalog.wish.pk], "marketplaces": ["ATVPDKIKX0DER"]},
        format="json",
    )
    assert response.status_code == 400 and "marketplaces" in response.json()["fields"]
    undercut = owner_client.post(
        api_url("listings/price-rules/"),
        {"channel_account": catalog.wish.pk, "markup_pct": "-85", "min_margin_pct": "10"},
        format="json",
    )
    assert undercut.status_code == 400 and "markup_pct" in undercut.json()["fields"]
    assert not PriceRule.objects.exists()
    backwards = owner_client.post(
        api_url("listings/promotions/"),
        {
            "name": "618",
            "kind": "percent",
            "value": "10",
            "skus": ["BR-1-SILVER"],
            "starts_at": "2026-06-18T00:00:00Z",
            "ends_at": "2026-06-01T00:00:00Z",
        },
        format="json",
    )
    assert backwards.status_code == 400 and "ends_at" in backwards.json()["fields"]
    foreign_category = owner_client.post(
        api_url("listings/category-mappings/"),
        {"category": other_category(other_account).pk, "family": "wish", "target": "6002"},
        format="json",
    )
    assert foreign_category.status_code == 400 and "category" in foreign_category.json()["fields"]


def shop_other(account):
    from tests.channels.factories import wish_account

    return wish_account(account)


def other_category(account):
    from tests.factories.catalog import CategoryFactory

    return CategoryFactory(account=account)


def test_cli_status_json_is_one_array_with_the_documented_fields(catalog):
    listings_build(account=catalog.account, fetch=False)
    out = io.StringIO()
    call_command("listings", "status", "--account", str(catalog.account.pk), "--json", stdout=out)
    rows = json.loads(out.getvalue())
    assert isinstance(rows, list) and len(rows) == 4
    for key in ("sku", "family", "marketplace", "status", "price", "currency", "quantity", "external_id", "issues"):
        assert key in rows[0]
    out = io.StringIO()
    call_command("listings", "plan", "--account", str(catalog.account.pk), "--sku", "BR-1-SILVER", "--json", stdout=out)
    plan = json.loads(out.getvalue())
    assert {row["sku"] for row in plan if row["kind"] == "listing"} == {"BR-1-SILVER"}
    assert Selection  # the CLI and the API share one selection type


def test_cancel_skips_what_is_left_and_resume_requeues_only_unfinished_families(
    catalog, owner_client, api_url, monkeypatch
):
    from listings.services import apply

    queued = []
    monkeypatch.setattr(apply, "publish_job_enqueue", lambda job, families=None: queued.append(job.pk))
    job = apply.publish_job_create(account=catalog.account, enqueue=False)
    assert job.total == 2
    response = owner_client.post(api_url(f"listings/jobs/{job.pk}/cancel/"))
    assert response.status_code == 200 and response.json()["status"] == "cancelled"
    assert set(job.items.values_list("state", flat=True)) == {"skipped"}
    other = apply.publish_job_create(account=catalog.account, enqueue=False)
    other.status = "running"
    other.save()
    assert owner_client.post(api_url(f"listings/jobs/{other.pk}/resume/")).status_code == 200
    assert queued == [other.pk]
    assert owner_client.get(api_url("listings/jobs/999999/")).status_code == 404
