import pytest
from django.db import IntegrityError, transaction

from hub.core.exceptions import ApplicationError
from hub.inventory.models import MovementReason, StockLevel, StockMovement
from hub.inventory.selectors import stock_ledger_totals
from hub.inventory.services import InsufficientStockError, stock_adjust, stock_apply, stock_transfer
from hub.inventory.types import StockChange
from tests.factories.accounts import UserFactory
from tests.factories.catalog import ProductFactory, VariantFactory
from tests.factories.inventory import FbaWarehouseFactory, WarehouseFactory


@pytest.fixture
def variant(account):
    return VariantFactory(product=ProductFactory(account=account))


@pytest.fixture
def warehouse(account):
    return WarehouseFactory(account=account, code="sz")


def _level(variant, warehouse):
    level = StockLevel.objects.get(variant=variant, warehouse=warehouse)
    return level.on_hand, level.reserved


def test_receipt_creates_the_level_and_one_movement(account, variant, warehouse):
    user = UserFactory()

    movement = stock_adjust(
        account=account,
        variant=variant,
        warehouse=warehouse,
        on_hand_change=12,
        reason=MovementReason.RECEIPT,
        reference="PO-7",
        note="first delivery",
        user=user,
    )

    assert _level(variant, warehouse) == (12, 0)
    stored = StockMovement.objects.get()
    assert stored.pk == movement.pk
    assert (stored.on_hand_change, stored.reserved_change, stored.on_hand_after, stored.reserved_after) == (
        12,
        0,
        12,
        0,
    )
    assert (stored.reason, stored.reference, stored.note, stored.created_by) == (
        "receipt",
        "PO-7",
        "first delivery",
        user,
    )


def test_reserve_ship_and_release(account, variant, warehouse):
    stock_adjust(account=account, variant=variant, warehouse=warehouse, on_hand_change=10)
    stock_adjust(
        account=account, variant=variant, warehouse=warehouse, reserved_change=4, reason=MovementReason.RESERVATION
    )
    stock_adjust(
        account=account,
        variant=variant,
        warehouse=warehouse,
        on_hand_change=-3,
        reserved_change=-3,
        reason=MovementReason.SHIPMENT,
    )
    stock_adjust(
        account=account, variant=variant, warehouse=warehouse, reserved_change=-1, reason=MovementReason.RELEASE
    )

    assert _level(variant, warehouse) == (7, 0)
    assert stock_ledger_totals(account=account, variant_id=variant.pk, warehouse_id=warehouse.pk) == {
        "on_hand": 7,
        "reserved": 0,
    }
    assert list(StockMovement.objects.order_by("pk").values_list("on_hand_after", "reserved_after")) == [
        (10, 0),
        (10, 4),
        (7, 1),
        (7, 0),
    ]


def test_count_sets_the_figure_and_records_the_difference(account, variant, warehouse):
    stock_adjust(account=account, variant=variant, warehouse=warehouse, on_hand_change=10)

    movement = stock_adjust(
        account=account, variant=variant, warehouse=warehouse, set_on_hand=6, reason=MovementReason.COUNT
    )

    assert (movement.on_hand_change, movement.on_hand_after) == (-4, 6)
    assert _level(variant, warehouse) == (6, 0)


def test_a_count_that_changes_nothing_writes_no_movement(account, variant, warehouse):
    stock_adjust(account=account, variant=variant, warehouse=warehouse, on_hand_change=5)

    movement = stock_adjust(account=account, variant=variant, warehouse=warehouse, set_on_hand=5)

    assert movement is None
    assert StockMovement.objects.count() == 1


@pytest.mark.parametrize(
    ("change", "message", "fields"),
    [
        pytest.param(
            {"on_hand_change": -6},
            "5 on hand and 0 reserved, cannot apply -6 on hand / +0 reserved",
            {"on_hand_change": ["Only 5 on hand; cannot apply -6."]},
            id="remove-more-than-on-hand",
        ),
        pytest.param(
            {"reserved_change": -1},
            "5 on hand and 0 reserved, cannot apply +0 on hand / -1 reserved",
            {"reserved_change": ["Only 0 reserved; cannot apply -1."]},
            id="release-more-than-reserved",
        ),
    ],
)
def test_going_below_zero_is_refused_and_writes_nothing(account, variant, warehouse, change, message, fields):
    stock_adjust(account=account, variant=variant, warehouse=warehouse, on_hand_change=5)

    with pytest.raises(InsufficientStockError) as raised:
        stock_adjust(account=account, variant=variant, warehouse=warehouse, **change)

    assert raised.value.code == "insufficient_stock"
    assert raised.value.message == (f"Not enough stock: variant {variant.pk} in warehouse {warehouse.pk}: {message}")
    assert raised.value.fields == fields
    assert _level(variant, warehouse) == (5, 0)
    assert StockMovement.objects.count() == 1


def test_negative_count_is_refused(account, variant, warehouse):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as raised:
        stock_adjust(account=account, variant=variant, warehouse=warehouse, set_on_hand=-1)

    assert raised.value.message_dict == {"on_hand": ["Stock on hand cannot be negative."]}
    assert StockLevel.objects.count() == 0


def test_a_batch_is_all_or_nothing(account, variant, warehouse):
    other = VariantFactory(product=variant.product)
    stock_adjust(account=account, variant=variant, warehouse=warehouse, on_hand_change=3)

    with pytest.raises(InsufficientStockError):
        stock_apply(
            account=account,
            changes=[
                StockChange(other.pk, warehouse.pk, MovementReason.RECEIPT, on_hand_change=8),
                StockChange(variant.pk, warehouse.pk, MovementReason.SHIPMENT, on_hand_change=-4),
            ],
        )

    assert _level(variant, warehouse) == (3, 0)
    assert StockLevel.objects.filter(variant=other, on_hand__gt=0).count() == 0
    assert StockMovement.objects.count() == 1


def test_same_idempotency_key_twice_writes_one_movement(account, variant, warehouse):
    first = stock_adjust(
        account=account, variant=variant, warehouse=warehouse, on_hand_change=4, idempotency_key="order-1-line-1"
    )
    second = stock_adjust(
        account=account, variant=variant, warehouse=warehouse, on_hand_change=4, idempotency_key="order-1-line-1"
    )

    assert first is not None
    assert second is None
    assert _level(variant, warehouse) == (4, 0)
    assert list(StockMovement.objects.values_list("idempotency_key", flat=True)) == ["order-1-line-1"]


def test_idempotency_keys_are_per_account(account, other_account, variant, warehouse):
    theirs = VariantFactory(product=ProductFactory(account=other_account))
    their_warehouse = WarehouseFactory(account=other_account)

    stock_adjust(account=account, variant=variant, warehouse=warehouse, on_hand_change=1, idempotency_key="k")
    stock_adjust(
        account=other_account, variant=theirs, warehouse=their_warehouse, on_hand_change=1, idempotency_key="k"
    )

    assert StockMovement.objects.filter(idempotency_key="k").count() == 2


def test_duplicate_key_in_one_batch_is_refused(account, variant, warehouse):
    with pytest.raises(ApplicationError) as raised:
        stock_apply(
            account=account,
            changes=[
                StockChange(variant.pk, warehouse.pk, MovementReason.RECEIPT, on_hand_change=1, idempotency_key="k"),
                StockChange(variant.pk, warehouse.pk, MovementReason.RECEIPT, on_hand_change=1, idempotency_key="k"),
            ],
        )

    assert raised.value.message == "The same idempotency key appears twice in one batch."
    assert StockMovement.objects.count() == 0


def test_another_accounts_records_are_unknown(account, other_account, variant, warehouse):
    theirs = VariantFactory(product=ProductFactory(account=other_account))
    their_warehouse = WarehouseFactory(account=other_account)

    with pytest.raises(ApplicationError) as raised:
        stock_apply(
            account=account,
            changes=[StockChange(theirs.pk, their_warehouse.pk, MovementReason.RECEIPT, on_hand_change=1)],
        )

    assert raised.value.fields == {
        "variant": [f"Unknown variant {theirs.pk}."],
        "warehouse": [f"Unknown warehouse {their_warehouse.pk}."],
    }
    assert StockLevel.objects.count() == 0


def test_unknown_reason_is_refused(account, variant, warehouse):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        stock_adjust(account=account, variant=variant, warehouse=warehouse, on_hand_change=1, reason="gift")

    assert StockMovement.objects.count() == 0


def test_transfer_moves_units_between_warehouses(account, variant, warehouse):
    fba = FbaWarehouseFactory(account=account, code="fba-us")
    stock_adjust(account=account, variant=variant, warehouse=warehouse, on_hand_change=10)

    movements = stock_transfer(
        account=account, variant=variant, source=warehouse, destination=fba, quantity=4, reference="FBA15X"
    )

    assert [(m.reason, m.on_hand_change, m.on_hand_after) for m in movements] == [
        ("transfer_out", -4, 6),
        ("transfer_in", 4, 4),
    ]
    assert (_level(variant, warehouse), _level(variant, fba)) == ((6, 0), (4, 0))


@pytest.mark.parametrize(
    ("quantity", "same", "field"),
    [pytest.param(0, False, "quantity", id="zero"), pytest.param(1, True, "destination", id="same-warehouse")],
)
def test_bad_transfers(account, variant, warehouse, quantity, same, field):
    from django.core.exceptions import ValidationError

    destination = warehouse if same else WarehouseFactory(account=account)

    with pytest.raises(ValidationError) as raised:
        stock_transfer(account=account, variant=variant, source=warehouse, destination=destination, quantity=quantity)

    assert list(raised.value.message_dict) == [field]


def test_the_ledger_is_append_only(account, variant, warehouse):
    movement = stock_adjust(account=account, variant=variant, warehouse=warehouse, on_hand_change=1)

    with pytest.raises(TypeError, match="append-only"):
        movement.save()
    with pytest.raises(TypeError, match="append-only"):
        movement.delete()
    with pytest.raises(TypeError, match="append-only"):
        StockMovement.objects.filter(pk=movement.pk).update(on_hand_change=5)
    with pytest.raises(TypeError, match="append-only"):
        StockMovement.objects.all().delete()
    assert StockMovement.objects.get().on_hand_change == 1


@pytest.mark.parametrize(
    ("field", "constraint"),
    [
        pytest.param("on_hand", "stock_level_on_hand_not_negative", id="on-hand"),
        pytest.param("reserved", "stock_level_reserved_not_negative", id="reserved"),
    ],
)
def test_the_database_refuses_negative_stock(account, variant, warehouse, field, constraint):
    stock_adjust(account=account, variant=variant, warehouse=warehouse, on_hand_change=1)

    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        StockLevel.objects.filter(variant=variant).update(**{field: -1})

    assert _level(variant, warehouse) == (1, 0)
