from datetime import timedelta
from decimal import Decimal

import pytest

from fulfilment.models import HoldReason, MoneyState, Order, OrderStatus, ReservationState
from fulfilment.services.ingest import order_ingest
from hub.inventory.models import StockLevel
from tests.fulfilment.support import T0, canonical, eur_usd_rates, stocked_variant

pytestmark = pytest.mark.django_db


def test_new_order_is_stored_converted_and_reserved(account, amazon, own_warehouse):
    eur_usd_rates()
    variant = stocked_variant(account, own_warehouse, units=5)
    result = order_ingest(account=account, channel_account=amazon, canonical=canonical(lines=[("SKU-1", 2, "20.00")]))
    order = result.order
    assert result.created and order.status == OrderStatus.UNSHIPPED
    assert order.currency == "EUR" and order.total == Decimal("40.00")
    assert order.base_currency == "USD" and order.base_total == Decimal("43.20")
    assert order.rate == Decimal("1.08") and order.rate_date == T0.date() and order.rate_source == "ecb"
    assert order.fees_total == Decimal("6.00") and order.fee_source == "estimated"
    assert order.reservation_state == ReservationState.RESERVED
    assert order.warehouse == own_warehouse and order.network == "own"
    level = StockLevel.objects.get(variant=variant, warehouse=own_warehouse)
    assert (level.on_hand, level.reserved) == (5, 2)
    assert order.routing_decisions.count() == 1 and order.shipments.count() == 1


def test_same_or_older_update_changes_nothing(account, amazon, own_warehouse):
    eur_usd_rates()
    stocked_variant(account, own_warehouse)
    first = canonical(updated=T0 + timedelta(hours=2))
    order_ingest(account=account, channel_account=amazon, canonical=first)
    again = order_ingest(account=account, channel_account=amazon, canonical=first)
    older = order_ingest(
        account=account,
        channel_account=amazon,
        canonical=canonical(status="CANCELLED", updated=T0 + timedelta(hours=1)),
    )
    assert not again.changed and not older.changed
    order = Order.objects.get()
    assert order.status == OrderStatus.UNSHIPPED and order.version == 1 and order.versions.count() == 1
    assert StockLevel.objects.get().reserved == 1


def test_cancellation_releases_and_keeps_versions(account, amazon, own_warehouse):
    eur_usd_rates()
    stocked_variant(account, own_warehouse)
    order_ingest(account=account, channel_account=amazon, canonical=canonical())
    order_ingest(
        account=account,
        channel_account=amazon,
        canonical=canonical(status="CANCELLED", updated=T0 + timedelta(hours=3)),
    )
    order = Order.objects.get()
    assert order.status == OrderStatus.CANCELLED and order.reservation_state == ReservationState.RELEASED
    assert StockLevel.objects.get().reserved == 0
    versions = list(order.versions.values_list("version", "status"))
    assert versions == [(1, "unshipped"), (2, "cancelled")]
    assert order.versions.get(version=2).changes["canonical_status"] == {"from": "unshipped", "to": "cancelled"}


def test_unknown_sku_holds_the_order_with_the_reason(account, amazon, own_warehouse):
    eur_usd_rates()
    stocked_variant(account, own_warehouse)
    order = order_ingest(
        account=account, channel_account=amazon, canonical=canonical(lines=[("SKU-1", 1, "5"), ("NOPE-9", 1, "5")])
    ).order
    assert order.hold_reason == HoldReason.UNKNOWN_SKU and "NOPE-9" in order.hold_detail
    assert order.reservation_state == ReservationState.NONE
    assert order.lines.count() == 2  # kept, never dropped


def test_missing_rate_is_unconverted_never_one_to_one(account, amazon, own_warehouse):
    stocked_variant(account, own_warehouse)
    order = order_ingest(account=account, channel_account=amazon, canonical=canonical()).order
    assert order.money_state == MoneyState.UNCONVERTED and "EUR" in order.money_reason
    assert order.base_total is None and order.rate is None
    assert order.reservation_state == ReservationState.RESERVED  # money waits, the buyer does not


def test_shortage_follows_the_account_rule(account, amazon, own_warehouse):
    from fulfilment.models import FulfilmentSettings

    eur_usd_rates()
    stocked_variant(account, own_warehouse, units=1)
    first = order_ingest(account=account, channel_account=amazon, canonical=canonical("A", lines=[("SKU-1", 2, "1")]))
    assert first.order.reservation_state == ReservationState.BACKORDERED
    FulfilmentSettings.objects.create(account=account, shortage_rule="unfulfillable")
    second = order_ingest(account=account, channel_account=amazon, canonical=canonical("B", lines=[("SKU-1", 2, "1")]))
    assert second.order.reservation_state == ReservationState.UNFULFILLABLE
    assert StockLevel.objects.get().reserved == 0


def test_afn_orders_are_recorded_not_routed(account, amazon, fba_warehouse):
    eur_usd_rates()
    stocked_variant(account, fba_warehouse)
    order = order_ingest(account=account, channel_account=amazon, canonical=canonical(fulfilled_by="marketplace")).order
    assert order.reservation_state == ReservationState.MARKETPLACE and order.network == "marketplace"
    assert order.routing_decisions.count() == 0 and StockLevel.objects.get().reserved == 0


def test_pending_amazon_order_without_prices_has_no_amount_yet(account, amazon, own_warehouse):
    from dataclasses import replace

    from fulfilment.models import MoneyState

    stocked_variant(account, own_warehouse)
    raw = canonical(status="PENDING")
    raw = replace(raw, total=None, lines=tuple(replace(line, unit_price=None) for line in raw.lines))
    order = order_ingest(account=account, channel_account=amazon, canonical=raw).order
    assert order.currency == "EUR"  # the marketplace's, not the seller's base currency
    assert order.money_state == MoneyState.NO_AMOUNT and order.base_total is None


def test_held_order_is_matched_again_once_the_sku_exists(account, amazon, own_warehouse):
    from fulfilment.services.follow import order_rematch

    eur_usd_rates()
    order = order_ingest(account=account, channel_account=amazon, canonical=canonical(lines=[("LATE-1", 1, "5")])).order
    assert order_rematch(order.pk) == HoldReason.UNKNOWN_SKU
    stocked_variant(account, own_warehouse, sku="LATE-1")
    assert order_rematch(order.pk) == HoldReason.NONE
    order.refresh_from_db()
    assert order.reservation_state == ReservationState.RESERVED and order.events.filter(kind="matched").exists()


def test_order_money_follows_the_accounts_rate_age_policy(account, amazon, own_warehouse):
    """One rate-age policy per account (currency.RatePolicy), shared with listings: a 30-day-old
    rate is too old under the hub's 7 days, usable once the account allows 60."""
    from datetime import timedelta

    from currency.selectors import max_rate_age_days
    from currency.services.policy import rate_policy_set
    from fulfilment.services.follow import order_reconvert

    eur_usd_rates(T0.date() - timedelta(days=30))
    stocked_variant(account, own_warehouse)
    assert max_rate_age_days(account.pk) == 7
    order = order_ingest(account=account, channel_account=amazon, canonical=canonical("AGE-1")).order
    assert order.money_state == MoneyState.UNCONVERTED and order.base_total is None

    rate_policy_set(account=account, max_rate_age_days=60)
    assert max_rate_age_days(account.pk) == 60
    assert order_reconvert(order.pk) == MoneyState.CONVERTED
    order.refresh_from_db()
    assert order.base_total == Decimal("21.60") and order.rate_date == T0.date() - timedelta(days=30)
    fresh = order_ingest(account=account, channel_account=amazon, canonical=canonical("AGE-2")).order
    assert fresh.money_state == MoneyState.CONVERTED


@pytest.mark.django_db(transaction=True)
def test_the_listings_rate_age_becomes_the_accounts_policy(account):
    """Migration currency 0003 copies ListingSettings.max_rate_age_days into RatePolicy, before
    listings 0003 drops the column: run on the schema as it was."""
    import importlib

    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    from currency.models import RatePolicy
    from currency.selectors import max_rate_age_days

    executor = MigrationExecutor(connection)
    executor.migrate([("listings", "0002_build_inputs")])
    try:
        nodes = [("listings", "0002_build_inputs"), *executor.loader.graph.leaf_nodes("currency")]
        old_apps = executor.loader.project_state(nodes).apps
        old_apps.get_model("listings", "ListingSettings").objects.create(account_id=account.pk, max_rate_age_days=3650)
        importlib.import_module("currency.migrations.0003_ratepolicy").from_listing_settings(old_apps, None)
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
    assert RatePolicy.objects.get(account=account).max_rate_age_days == 3650
    assert max_rate_age_days(account.pk) == 3650


def test_demo_seller_converts_todays_orders_offline(db):
    """The bundled ECB rates end weeks before today; the demo seller's rate-age policy (shared
    with its listings) still converts a live order, as `make run` shows it."""
    import io
    from datetime import UTC, datetime

    from currency.models import ExchangeRate
    from currency.selectors import max_rate_age_days
    from infra.demo.loader import load_demo

    account = load_demo(stdout=io.StringIO())
    assert max_rate_age_days(account.pk) == 3650
    newest = T0.date()  # like the bundled ECB file's last day, 2026-10-30, seen on 2026-12-03
    eur_usd_rates(newest)
    assert ExchangeRate.objects.filter(date__gt=newest).count() == 0
    now = datetime.combine(newest + timedelta(days=34), datetime.min.time(), tzinfo=UTC)
    order = order_ingest(
        account=account,
        canonical=canonical("DEMO-LIVE-1", currency="USD", purchased=now, lines=[("NO-SUCH-SKU", 1, "10.00")]),
        family="manual",
    ).order
    assert order.money_state == MoneyState.CONVERTED, order.money_reason
    assert order.base_currency == "CNY" and order.base_total > 0
    assert order.rate_date <= newest
