from hub.inventory.selectors import stock_ledger_totals, stock_level_list, stock_movement_list
from hub.inventory.services import stock_adjust


def test_stock_level_list_annotates_available(tenant):
    stock_adjust(account=tenant.account, variant=tenant.variant, warehouse=tenant.warehouse, reserved_change=4)

    level = stock_level_list(account=tenant.account).get()

    assert (level.on_hand, level.reserved, level.available_units, level.available) == (10, 4, 6, 6)


def test_ledger_totals_equal_the_level(tenant):
    stock_adjust(account=tenant.account, variant=tenant.variant, warehouse=tenant.warehouse, on_hand_change=-3)

    assert stock_ledger_totals(
        account=tenant.account, variant_id=tenant.variant.pk, warehouse_id=tenant.warehouse.pk
    ) == {"on_hand": 7, "reserved": 0}
    assert stock_ledger_totals(
        account=tenant.account, variant_id=tenant.variant.pk, warehouse_id=tenant.second_warehouse.pk
    ) == {"on_hand": 0, "reserved": 0}


def test_movements_are_scoped_to_the_account(tenant, other_tenant):
    assert [m.pk for m in stock_movement_list(account=tenant.account)] == [tenant.movement.pk]
