"""The build reads only what changed: a second build with nothing changed builds nothing, and each
kind of change rebuilds exactly the listings it feeds (listings.services.build_inputs)."""

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from currency.models import ExchangeRate
from hub.catalog.models import ProductStatus, VariantAttributeValue
from hub.catalog.services.bulk import catalog_bulk_run
from i18n.models import SourceText
from listings.models import CategoryMapping, Listing, ListingParent, PriceRule, Promotion
from listings.services.build import Selection, listings_build
from listings.services.build_inputs import products_mark_changed
from listings.services.listing_actions import listings_set_enabled
from tests.factories.catalog import ProductFactory, VariantFactory
from tests.listings.support import shop

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog(account):
    """The bracelet family (2 variants) plus a second bracelet (1 variant), on Wish and AliExpress."""
    found = shop(account)
    second = ProductFactory(account=account, code="BR-2", category=found.category, status=ProductStatus.ACTIVE)
    variant = VariantFactory(product=second, sku="BR-2-SILVER", base_price=Decimal("80"), currency="CNY")
    option = found.colour.options.get(value="silver")
    VariantAttributeValue.objects.create(variant=variant, attribute=found.colour, value_option=option)
    found.second = second
    return found


def built(account, **kwargs) -> set[tuple[str, str]]:
    """(sku, family) of the listings this build wrote."""
    before = dict(Listing.objects.values_list("pk", "built_at"))
    listings_build(account=account, fetch=False, **kwargs)
    return {
        (row.sku, row.family) for row in Listing.objects.all() if row.pk not in before or row.built_at != before[row.pk]
    }


def both(*skus: str) -> set[tuple[str, str]]:
    return {(sku, family) for sku in skus for family in ("wish", "aliexpress")}


def test_a_build_with_nothing_changed_builds_nothing(catalog):
    first = listings_build(account=catalog.account, fetch=False)
    assert first.listings == 6  # 3 variants × 2 marketplaces
    again = listings_build(account=catalog.account, fetch=False)
    assert (again.listings, again.parents) == (0, 0)
    # --rebuild (changed_only=False) still builds all of it.
    assert listings_build(account=catalog.account, fetch=False, changed_only=False).listings == 6


def test_a_variant_edit_rebuilds_its_product_only_and_the_new_price_is_built(catalog):
    built(catalog.account)
    variant = catalog.variants[0]
    variant.base_price = Decimal("120")
    variant.save()
    assert built(catalog.account) == both("BR-1-ROSE_GOLD", "BR-1-SILVER")  # the family is built whole
    row = Listing.objects.get(sku="BR-1-ROSE_GOLD", family="wish")
    assert row.desired_price == Decimal("16.95")  # 120 × 0.14 = 16.80 → the .95 grid
    assert built(catalog.account) == set()


def test_texts_values_and_images_mark_their_product(catalog):
    built(catalog.account)
    SourceText.objects.create(
        account=catalog.account, product=catalog.second, field="bullet", position=0, text="Sterling silver"
    )
    assert built(catalog.account) == both("BR-2-SILVER")
    value = VariantAttributeValue.objects.get(variant__sku="BR-1-SILVER")
    value.value_option = catalog.colour.options.get(value="rose_gold")
    value.save()
    assert built(catalog.account) == both("BR-1-ROSE_GOLD", "BR-1-SILVER")
    catalog.bracelet.images.first().delete()
    assert built(catalog.account) == both("BR-1-ROSE_GOLD", "BR-1-SILVER")


def test_bulk_price_change_marks_the_products_it_changed(catalog):
    built(catalog.account)
    result = catalog_bulk_run(
        account=catalog.account, product_ids=[catalog.second.pk], action="price_percent", value="10", apply=True
    )
    assert result.applied
    assert built(catalog.account) == both("BR-2-SILVER")


def test_a_mapping_edit_rebuilds_its_marketplace_family_and_a_rule_its_marketplace(catalog):
    built(catalog.account)
    mapping = CategoryMapping.objects.get(category=catalog.category, family="wish")
    mapping.target = "6003"
    mapping.save()
    assert built(catalog.account) == {(s, "wish") for s in ("BR-1-ROSE_GOLD", "BR-1-SILVER", "BR-2-SILVER")}
    PriceRule.objects.create(
        account=catalog.account, channel_account=catalog.aliexpress, marketplace_id="", markup_pct=Decimal("5")
    )
    assert built(catalog.account) == {(s, "aliexpress") for s in ("BR-1-ROSE_GOLD", "BR-1-SILVER", "BR-2-SILVER")}


def test_a_rate_becoming_unusable_rebuilds_and_blocks_but_a_small_move_waits_for_the_threshold(catalog):
    built(catalog.account)
    rate = ExchangeRate.objects.get(base="CNY", quote="USD")
    rate.rate = Decimal("0.1401")  # 0.07 %: below the 1 % re-price threshold, fx_reprice's business
    rate.save()
    assert built(catalog.account) == set()
    ExchangeRate.objects.filter(pk=rate.pk).update(date=timezone.localdate() - timedelta(days=30))
    assert built(catalog.account) == both("BR-1-ROSE_GOLD", "BR-1-SILVER", "BR-2-SILVER")
    row = Listing.objects.get(sku="BR-2-SILVER", family="wish")
    assert any(issue["code"] in ("rate_stale", "rate_missing") and issue["blocking"] for issue in row.issues)


def test_a_promotion_marks_the_products_it_covers_and_delist_marks_its_product(catalog):
    built(catalog.account)
    now = timezone.now()
    promotion = Promotion.objects.create(
        account=catalog.account,
        name="Singles day",
        kind="percent",
        value=Decimal("10"),
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(days=1),
        skus=["BR-2-SILVER"],
    )
    assert built(catalog.account) == both("BR-2-SILVER")
    assert Listing.objects.get(sku="BR-2-SILVER", family="wish").promotion_id == promotion.pk
    promotion.delete()
    assert built(catalog.account) == both("BR-2-SILVER")
    assert Listing.objects.get(sku="BR-2-SILVER", family="wish").promotion_id is None
    rows = list(Listing.objects.filter(sku="BR-2-SILVER", family="wish").select_related("variant"))
    listings_set_enabled(account=catalog.account, listings=rows, enabled=False)  # its job builds it
    assert ListingParent.objects.get(product=catalog.second, family="wish").built_version > 0
    # Its job built the Wish listing it delisted; the product's AliExpress listing follows next.
    assert built(catalog.account) == {("BR-2-SILVER", "aliexpress")}


def test_a_new_product_and_a_new_marketplace_are_built_without_touching_the_rest(catalog):
    built(catalog.account)
    third = ProductFactory(account=catalog.account, code="BR-3", category=catalog.category, status=ProductStatus.ACTIVE)
    VariantFactory(product=third, sku="BR-3-SILVER", base_price=Decimal("60"), currency="CNY")
    assert built(catalog.account) == both("BR-3-SILVER")


def test_a_mark_during_a_build_is_not_lost(catalog):
    """A change committed after the build read the version is built by the next build."""
    built(catalog.account)
    products_mark_changed([catalog.second.pk])
    from listings.services import build_inputs

    real = build_inputs.product_versions

    def versions_then_edit(ids):
        found = real(ids)
        products_mark_changed([catalog.second.pk])  # lands after the versions were read
        return found

    build_inputs_versions = "listings.services.build.product_versions"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(build_inputs_versions, versions_then_edit)
        assert built(catalog.account) == both("BR-2-SILVER")
    assert built(catalog.account) == both("BR-2-SILVER")
    assert built(catalog.account) == set()


def test_selection_narrowing_leaves_other_marketplaces_stale(catalog):
    built(catalog.account)
    products_mark_changed([catalog.bracelet.pk])
    wish_only = Selection(channel_accounts=[catalog.wish.pk])
    assert built(catalog.account, selection=wish_only) == {("BR-1-ROSE_GOLD", "wish"), ("BR-1-SILVER", "wish")}
    assert built(catalog.account) == {("BR-1-ROSE_GOLD", "aliexpress"), ("BR-1-SILVER", "aliexpress")}


def test_cli_plan_builds_what_changed_and_rebuild_builds_everything(catalog):
    out = io.StringIO()
    call_command("listings", "plan", "--account", str(catalog.account.pk), stdout=out)
    assert "built 6 listings" in out.getvalue()
    out = io.StringIO()
    call_command("listings", "plan", "--account", str(catalog.account.pk), stdout=out)
    assert "built 0 listings" in out.getvalue()
    out = io.StringIO()
    call_command("listings", "plan", "--account", str(catalog.account.pk), "--rebuild", stdout=out)
    assert "built 6 listings" in out.getvalue()


def test_warehouses_attributes_and_old_payloads_are_inputs_too(catalog, settings):
    built(catalog.account)
    assert Listing.objects.get(sku="BR-1-ROSE_GOLD", family="wish").desired_quantity == 5
    catalog.own.is_active = False  # its stock no longer serves anyone
    catalog.own.save()
    assert built(catalog.account) == both("BR-1-ROSE_GOLD", "BR-1-SILVER", "BR-2-SILVER")
    assert Listing.objects.get(sku="BR-1-ROSE_GOLD", family="wish").desired_quantity == 0
    option = catalog.colour.options.get(value="silver")
    option.value = "sterling_silver"
    option.save()
    assert built(catalog.account) == both("BR-1-ROSE_GOLD", "BR-1-SILVER", "BR-2-SILVER")
    # A stored payload older than half a signed image URL's life is built again (its URLs expire).
    settings.MEDIA_SIGNED_URL_SECONDS = 3600
    ListingParent.objects.filter(product=catalog.second).update(built_at=timezone.now() - timedelta(hours=1))
    assert built(catalog.account) == both("BR-2-SILVER")
    assert built(catalog.account) == set()
