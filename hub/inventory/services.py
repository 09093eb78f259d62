"""The one way stock changes: lock the levels, check, write the figures and the ledger together."""

import logging
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from hub.accounts.models import SellerAccount, User
from hub.audit.services import audit_record_many
from hub.catalog.models import Variant
from hub.core.exceptions import ApplicationError, ConflictError
from hub.inventory.models import MovementReason, StockLevel, StockMovement, Warehouse
from hub.inventory.types import StockChange

logger = logging.getLogger(__name__)

# Stock figures are PostgreSQL integer columns; a bigger figure is refused, not a database error.
MAX_UNITS = 2**31 - 1


class InsufficientStockError(ConflictError):
    pass


def _ensure_levels(account: SellerAccount, keys: set[tuple[int, int]]) -> None:
    """Create missing stock rows at zero. Concurrent creators are fine: the unique constraint
    lets one win and `ignore_conflicts` makes the others no-ops."""
    existing = set(
        StockLevel.objects.filter(
            account=account, variant_id__in={v for v, _ in keys}, warehouse_id__in={w for _, w in keys}
        ).values_list("variant_id", "warehouse_id")
    )
    missing = keys - existing
    if missing:
        StockLevel.objects.bulk_create(
            [StockLevel(account=account, variant_id=v, warehouse_id=w) for v, w in sorted(missing)],
            ignore_conflicts=True,
        )


def _check_ownership(account: SellerAccount, changes: Sequence[StockChange]) -> None:
    variant_ids = {change.variant_id for change in changes}
    warehouse_ids = {change.warehouse_id for change in changes}
    found_variants = set(Variant.objects.filter(account=account, pk__in=variant_ids).values_list("pk", flat=True))
    found_warehouses = set(Warehouse.objects.filter(account=account, pk__in=warehouse_ids).values_list("pk", flat=True))
    fields: dict[str, list[str]] = {}
    if variant_ids - found_variants:
        fields["variant"] = [f"Unknown variant {pk}." for pk in sorted(variant_ids - found_variants)]
    if warehouse_ids - found_warehouses:
        fields["warehouse"] = [f"Unknown warehouse {pk}." for pk in sorted(warehouse_ids - found_warehouses)]
    if fields:
        raise ApplicationError("Stock change names records that do not exist.", fields=fields)


def _levels_write(levels: list[StockLevel], now) -> None:
    """Write new figures of locked levels. On PostgreSQL one UPDATE … FROM (VALUES …) per 1,000
    rows: Django's bulk_update builds a CASE per row, which took most of a 10,000-row import."""
    for level in levels:
        level.updated_at = now
    if connection.vendor != "postgresql":
        StockLevel.objects.bulk_update(levels, ["on_hand", "reserved", "updated_at"], batch_size=1000)
        return
    table = StockLevel._meta.db_table
    for start in range(0, len(levels), 1000):
        chunk = levels[start : start + 1000]
        rows = ", ".join(["(%s::bigint, %s::integer, %s::integer)"] * len(chunk))
        params = [value for level in chunk for value in (level.pk, level.on_hand, level.reserved)]
        with connection.cursor() as cursor:
            cursor.execute(
                f'UPDATE "{table}" AS level SET on_hand = v.on_hand, reserved = v.reserved, updated_at = %s '
                f"FROM (VALUES {rows}) AS v(id, on_hand, reserved) WHERE level.id = v.id",
                [now, *params],
            )


def _lock_idempotency_keys(account: SellerAccount, keys: list[str]) -> None:
    """Serialise callers that use one idempotency key, whatever stock levels they change: the
    second waits for the first to commit and then finds the key applied (the level locks alone
    do not meet when the two name different levels). PostgreSQL transaction-level advisory
    locks, taken in one order before any level lock, so two batches cannot deadlock."""
    if not keys or connection.vendor != "postgresql":
        return
    names = [f"stock:{account.pk}:{key}" for key in set(keys)]
    with connection.cursor() as cursor:  # one statement however many keys (imports send thousands)
        cursor.execute(
            "SELECT count(pg_advisory_xact_lock(h)) FROM "
            "(SELECT hashtextextended(name, 0) AS h FROM unnest(%s::text[]) AS name ORDER BY 1) AS keys",
            [names],
        )


def _notify_on_commit(account: SellerAccount, variant_ids: set[int]) -> None:
    """`stock_changed` once the change commits (receivers' failures are logged, never the writer's)."""
    if not variant_ids:
        return
    from hub.inventory.signals import stock_changed

    ids, account_id = frozenset(variant_ids), account.pk

    def send() -> None:
        for receiver, result in stock_changed.send_robust(sender=StockLevel, account_id=account_id, variant_ids=ids):
            if isinstance(result, Exception):
                logger.error("stock_changed receiver %s failed: %r", receiver, result)

    transaction.on_commit(send)


@transaction.atomic
def stock_apply(
    *, account: SellerAccount, changes: Sequence[StockChange], user: User | None = None
) -> list[StockMovement]:
    """Apply `changes` all together or not at all and return the ledger rows written.

    Rows are locked in primary-key order (no deadlocks between two batches); a change whose
    idempotency key was applied before is skipped, so a retried task or order line repeats nothing.
    """
    if not changes:
        return []
    for change in changes:
        if change.reason not in MovementReason.values:
            raise ValidationError({"reason": f"'{change.reason}' is not a stock movement reason."})
        if change.set_on_hand is not None and (change.on_hand_change or change.reserved_change):
            raise ApplicationError("A change either sets the on-hand figure or moves it, not both.")
        if change.set_on_hand is not None and change.set_on_hand < 0:
            raise ValidationError({"on_hand": "Stock on hand cannot be negative."})
    _check_ownership(account, changes)
    keys = [c.idempotency_key for c in changes if c.idempotency_key]
    if len(keys) != len(set(keys)):
        raise ApplicationError("The same idempotency key appears twice in one batch.")
    _lock_idempotency_keys(account, keys)
    _ensure_levels(account, {(c.variant_id, c.warehouse_id) for c in changes})

    wanted = {(c.variant_id, c.warehouse_id) for c in changes}
    locked = {
        (level.variant_id, level.warehouse_id): level
        for level in StockLevel.objects.select_for_update()
        .filter(account=account, variant_id__in={v for v, _ in wanted}, warehouse_id__in={w for _, w in wanted})
        .order_by("pk")
    }
    already_applied = set(
        StockMovement.objects.filter(account=account, idempotency_key__in=keys).values_list(
            "idempotency_key", flat=True
        )
    )

    movements: list[StockMovement] = []
    touched: dict[int, StockLevel] = {}
    problems: list[str] = []
    fields: dict[str, list[str]] = {}
    for change in changes:
        if change.idempotency_key in already_applied:
            continue
        level = locked[(change.variant_id, change.warehouse_id)]
        on_hand_change = change.on_hand_change
        if change.set_on_hand is not None:
            on_hand_change = change.set_on_hand - level.on_hand
        if on_hand_change == 0 and change.reserved_change == 0:
            continue
        new_on_hand = level.on_hand + on_hand_change
        new_reserved = level.reserved + change.reserved_change
        if new_on_hand > MAX_UNITS or new_reserved > MAX_UNITS:
            name = "set_on_hand" if change.set_on_hand is not None else "on_hand_change"
            if new_reserved > MAX_UNITS:
                name = "reserved_change"
            raise ValidationError({name: f"A stock level holds at most {MAX_UNITS} units."})
        if new_on_hand < 0 or new_reserved < 0:
            problems.append(
                f"variant {change.variant_id} in warehouse {change.warehouse_id}: "
                f"{level.on_hand} on hand and {level.reserved} reserved, cannot apply "
                f"{on_hand_change:+d} on hand / {change.reserved_change:+d} reserved"
            )
            if new_on_hand < 0:
                fields.setdefault("on_hand_change", []).append(
                    f"Only {level.on_hand} on hand; cannot apply {on_hand_change:+d}."
                )
            if new_reserved < 0:
                fields.setdefault("reserved_change", []).append(
                    f"Only {level.reserved} reserved; cannot apply {change.reserved_change:+d}."
                )
            continue
        level.on_hand, level.reserved = new_on_hand, new_reserved
        touched[level.pk] = level
        movements.append(
            StockMovement(
                account=account,
                variant_id=change.variant_id,
                warehouse_id=change.warehouse_id,
                on_hand_change=on_hand_change,
                reserved_change=change.reserved_change,
                on_hand_after=new_on_hand,
                reserved_after=new_reserved,
                reason=change.reason,
                reference=change.reference[:200],
                note=change.note[:500],
                idempotency_key=change.idempotency_key,
                created_by=user,
            )
        )
    if problems:
        raise InsufficientStockError(
            "Not enough stock: "
            + "; ".join(problems[:5])
            + (f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""),
            code="insufficient_stock",
            fields=fields,
            extra={"problems": problems},
        )
    _levels_write(list(touched.values()), timezone.now())
    _notify_on_commit(account, {level.variant_id for level in touched.values()})
    try:
        with transaction.atomic():
            StockMovement.objects.bulk_create(movements, batch_size=1000)
            audit_record_many(movements, user=user)
    except IntegrityError as error:  # the key lock makes this a backstop (e.g. another database)
        raise ConflictError("This stock change was applied already.", code="duplicate") from error
    return movements


def stock_adjust(
    *,
    account: SellerAccount,
    variant: Variant,
    warehouse: Warehouse,
    on_hand_change: int = 0,
    reserved_change: int = 0,
    set_on_hand: int | None = None,
    reason: str = MovementReason.ADJUSTMENT,
    reference: str = "",
    note: str = "",
    idempotency_key: str | None = None,
    user: User | None = None,
) -> StockMovement | None:
    """One change to one level; returns its ledger row (None when nothing changed)."""
    movements = stock_apply(
        account=account,
        user=user,
        changes=[
            StockChange(
                variant_id=variant.pk,
                warehouse_id=warehouse.pk,
                reason=reason,
                on_hand_change=on_hand_change,
                reserved_change=reserved_change,
                set_on_hand=set_on_hand,
                reference=reference,
                note=note,
                idempotency_key=idempotency_key,
            )
        ],
    )
    return movements[0] if movements else None


@transaction.atomic
def stock_transfer(
    *,
    account: SellerAccount,
    variant: Variant,
    source: Warehouse,
    destination: Warehouse,
    quantity: int,
    reference: str = "",
    user: User | None = None,
) -> list[StockMovement]:
    if quantity <= 0:
        raise ValidationError({"quantity": "A transfer moves at least one unit."})
    if source.pk == destination.pk:
        raise ValidationError({"destination": "Source and destination are the same warehouse."})
    try:
        return stock_apply(
            account=account,
            user=user,
            changes=[
                StockChange(
                    variant.pk, source.pk, MovementReason.TRANSFER_OUT, on_hand_change=-quantity, reference=reference
                ),
                StockChange(
                    variant.pk, destination.pk, MovementReason.TRANSFER_IN, on_hand_change=quantity, reference=reference
                ),
            ],
        )
    except InsufficientStockError as error:
        # Only the source can run short; the caller named a quantity, not a change.
        error.fields = {"quantity": error.fields.get("on_hand_change", [])}
        raise


def warehouse_create(*, account: SellerAccount, **fields) -> Warehouse:
    warehouse = Warehouse(account=account, **fields)
    warehouse.full_clean()
    warehouse.save()
    return warehouse


def warehouse_update(*, warehouse: Warehouse, **fields) -> Warehouse:
    for key, value in fields.items():
        setattr(warehouse, key, value)
    warehouse.full_clean()
    warehouse.save()
    return warehouse
