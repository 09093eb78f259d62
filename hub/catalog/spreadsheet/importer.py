"""Catalog import: validate every row first, then write everything in one transaction or nothing.

Re-importing the same file finds nothing to change and writes nothing (no new stock movements,
no touched timestamps). A dry run does all the work and rolls it back, so its summary is exactly
what the real import would do.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from hub.accounts.models import SellerAccount, User
from hub.audit.services import audit_record_many
from hub.catalog.models import Product, ProductAttributeValue, Variant, VariantAttributeValue
from hub.catalog.rules import VALUE_COLUMNS
from hub.catalog.signals import products_changed
from hub.catalog.spreadsheet.format import MAX_REPORTED_ERRORS
from hub.catalog.spreadsheet.planner import Planner, ProductPlan, typed_to_columns
from hub.catalog.spreadsheet.reader import sheet_read
from hub.core.exceptions import ApplicationError
from hub.inventory.models import MovementReason
from hub.inventory.services import stock_apply
from hub.inventory.types import StockChange


@dataclass
class ImportSummary:
    rows: int = 0
    products_created: int = 0
    products_updated: int = 0
    products_unchanged: int = 0
    variants_created: int = 0
    variants_updated: int = 0
    variants_unchanged: int = 0
    stock_levels_changed: int = 0
    dry_run: bool = False
    file_format: str = ""
    duration_ms: int = 0


def _sync_values(model: type, owner_field: str, plans: list[tuple[Any, dict, set[int]]]) -> set[int]:
    """Bring attribute values of many owners to what the file says; returns owners that changed."""
    owner_ids = [owner.pk for owner, _typed, in_file in plans if in_file]
    if not owner_ids:
        return set()
    existing: dict[tuple[int, int], Any] = {
        (getattr(row, f"{owner_field}_id"), row.attribute_id): row
        for row in model.objects.filter(**{f"{owner_field}_id__in": owner_ids})
    }
    to_create, to_update, to_delete, changed = [], [], [], set()
    for owner, typed, in_file in plans:
        for attribute_id in in_file:
            row = existing.get((owner.pk, attribute_id))
            wanted = typed_to_columns(typed[attribute_id]) if attribute_id in typed else None
            if wanted is None:
                if row is not None:
                    to_delete.append(row.pk)
                    changed.add(owner.pk)
            elif row is None:
                to_create.append(model(**{owner_field: owner}, attribute_id=attribute_id, **wanted))
                changed.add(owner.pk)
            elif any(getattr(row, key) != value for key, value in wanted.items()):
                for key, value in wanted.items():
                    setattr(row, key, value)
                to_update.append(row)
                changed.add(owner.pk)
    if to_delete:
        model.objects.filter(pk__in=to_delete).delete()
    model.objects.bulk_create(to_create, batch_size=2000)
    model.objects.bulk_update(to_update, list(VALUE_COLUMNS), batch_size=2000)
    return changed


class _DryRunRollback(Exception):
    pass


def _apply(
    account: SellerAccount, user: User | None, name: str, plans: list[ProductPlan], summary: ImportSummary
) -> None:
    now = timezone.now()
    new_products, changed_products = [], []
    for plan in plans:
        if plan.existing is None:
            plan.existing = Product(account=account, **plan.fields)
            new_products.append(plan.existing)
            continue
        product = plan.existing
        changed = [key for key, value in plan.fields.items() if getattr(product, key) != value]
        if changed:
            for key in changed:
                setattr(product, key, plan.fields[key])
            product.updated_at = now
            changed_products.append(product)
    Product.objects.bulk_create(new_products, batch_size=2000)
    update_fields = sorted({key for plan in plans for key in plan.fields} | {"updated_at"})
    Product.objects.bulk_update(changed_products, update_fields, batch_size=2000)
    value_changed = _sync_values(
        ProductAttributeValue, "product", [(p.existing, p.attribute_values, p.attribute_ids_in_file) for p in plans]
    )

    new_variants, changed_variants, variant_plans = [], [], []
    for plan in plans:
        for position, variant_plan in enumerate(plan.variants):
            variant_plans.append(variant_plan)
            if variant_plan.existing is None:
                fields = {"gtin": "", "gtin_exempt": False, "position": position, **variant_plan.fields}
                variant_plan.existing = Variant(
                    account=account, product=plan.existing, currency=account.base_currency, **fields
                )
                new_variants.append(variant_plan.existing)
                continue
            variant = variant_plan.existing
            changed = [key for key, value in variant_plan.fields.items() if getattr(variant, key) != value]
            if ("base_price" in changed or "cost" in changed) and variant.currency != account.base_currency:
                variant.currency = account.base_currency
                changed.append("currency")
            if changed:
                for key in changed:
                    if key != "currency":
                        setattr(variant, key, variant_plan.fields[key])
                variant.updated_at = now
                changed_variants.append(variant)
    Variant.objects.bulk_create(new_variants, batch_size=2000)
    variant_fields = sorted({key for vp in variant_plans for key in vp.fields} | {"updated_at", "currency"})
    Variant.objects.bulk_update(changed_variants, variant_fields, batch_size=2000)
    audit_record_many([*new_variants, *changed_variants], user=user, source="import")
    variant_value_changed = _sync_values(
        VariantAttributeValue,
        "variant",
        [(v.existing, v.attribute_values, v.attribute_ids_in_file) for v in variant_plans],
    )

    new_product_ids = {p.pk for p in new_products}
    new_variant_ids = {v.pk for v in new_variants}
    changed_product_ids = {p.pk for p in changed_products} | (value_changed - new_product_ids)
    changed_variant_ids = {v.pk for v in changed_variants} | (variant_value_changed - new_variant_ids)
    touched = new_product_ids | changed_product_ids | {v.product_id for v in new_variants}
    touched |= set(Variant.objects.filter(pk__in=changed_variant_ids).values_list("product_id", flat=True))
    products_changed.send(sender=Product, account_id=account.pk, product_ids=frozenset(touched))
    summary.products_created = len(new_products)
    summary.products_updated = len(changed_product_ids)
    summary.products_unchanged = len(plans) - len(new_products) - len(changed_product_ids)
    summary.variants_created = len(new_variants)
    summary.variants_updated = len(changed_variant_ids)
    summary.variants_unchanged = len(variant_plans) - len(new_variants) - len(changed_variant_ids)

    changes = [
        StockChange(
            variant_id=vp.existing.pk,
            warehouse_id=warehouse_id,
            reason=MovementReason.IMPORT,
            set_on_hand=on_hand,
            reference=f"import {name}"[:200],
        )
        for vp in variant_plans
        for warehouse_id, on_hand in vp.stock.items()
    ]
    summary.stock_levels_changed = len(stock_apply(account=account, changes=changes, user=user))


def catalog_import(
    *, account: SellerAccount, name: str, data: bytes, user: User | None = None, dry_run: bool = False
) -> ImportSummary:
    """Import a catalog spreadsheet. Any bad row or column refuses the whole file with a report
    of every problem (row, column, message); otherwise returns what was created and updated."""
    started = time.monotonic()
    sheet = sheet_read(name=name, data=data)
    with transaction.atomic():
        # One import per account at a time, planning included: a second import of the same file
        # waits here, then plans against what the first wrote (and changes nothing), instead of
        # both creating the same SKUs and one failing on the unique constraint.
        SellerAccount.objects.select_for_update().filter(pk=account.pk).exists()
        return _import_locked(account, user, name, sheet, dry_run, started)


def _import_locked(
    account: SellerAccount, user: User | None, name: str, sheet, dry_run: bool, started: float
) -> ImportSummary:
    planner = Planner(account, sheet)
    plans = planner.plan()
    if planner.problems:
        problems = sorted(planner.problems, key=lambda p: (p.row, p.column))
        shown = problems[:MAX_REPORTED_ERRORS]
        first = shown[0]
        raise ApplicationError(
            f"{len(problems)} problem(s) in the file, nothing was imported. "
            f"First: row {first.row}, column '{first.column}': {first.message}",
            code="bad_file",
            extra={"rows": [asdict(p) for p in shown], "total_problems": len(problems)},
        )
    summary = ImportSummary(rows=len(sheet.rows), dry_run=dry_run, file_format=sheet.file_format)
    try:
        with transaction.atomic():
            _apply(account, user, name, plans, summary)
            if dry_run:
                raise _DryRunRollback
    except _DryRunRollback:
        pass
    summary.duration_ms = int((time.monotonic() - started) * 1000)
    return summary
