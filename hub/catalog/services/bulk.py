"""Bulk actions on a selection of products: activate, archive, set a category, change prices by a
percentage or an amount. `catalog_bulk_run` works out every change and every problem; with
`apply=False` (the preview) or any problem, nothing is saved."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from currency.codes import currency_minor_units
from hub.accounts.models import SellerAccount
from hub.audit.services import audit_record_many
from hub.catalog.models import Category, Product, ProductStatus, Variant
from hub.catalog.services.products import product_update
from hub.catalog.signals import products_changed
from hub.core.exceptions import ApplicationError

ACTIONS = ("activate", "archive", "set_category", "price_percent", "price_amount")
MAX_PRODUCTS = 500
PRICE_LIMIT = Decimal(10) ** 17


@dataclass
class BulkChange:
    product: int
    code: str
    sku: str
    field: str
    before: str
    after: str


@dataclass
class BulkProblem:
    product: int
    code: str
    field: str
    message: str


@dataclass
class BulkResult:
    action: str
    applied: bool
    changes: list[BulkChange]

    def as_dict(self) -> dict:
        return {"action": self.action, "applied": self.applied, "changes": [asdict(c) for c in self.changes]}


class _Rollback(Exception):
    pass


def _price_changes(products: list[Product], action: str, value: Decimal, account: SellerAccount, result, problems):  # type: ignore[no-untyped-def]
    places = currency_minor_units(account.base_currency)
    quantum = Decimal(1).scaleb(-places)
    by_product = {p.pk: p for p in products}
    variants = list(Variant.objects.select_for_update().filter(product__in=products).order_by("product__code", "sku"))
    now = timezone.now()
    changed = []
    for variant in variants:
        product = by_product[variant.product_id]
        old = variant.base_price
        new = old * (1 + value / 100) if action == "price_percent" else old + value
        new = new.quantize(quantum, rounding=ROUND_HALF_UP)
        if new < 0:
            problems.append(
                BulkProblem(
                    product.pk, product.code, "base_price", f"{variant.sku}: the price would be negative ({new})."
                )
            )
            continue
        if new >= PRICE_LIMIT:
            problems.append(
                BulkProblem(product.pk, product.code, "base_price", f"{variant.sku}: the price is too large.")
            )
            continue
        if new == old and variant.currency == account.base_currency:
            continue
        result.changes.append(
            BulkChange(product.pk, product.code, variant.sku, "base_price", f"{old.quantize(quantum)}", f"{new}")
        )
        variant.base_price, variant.currency, variant.updated_at = new, account.base_currency, now
        changed.append(variant)
    Variant.objects.bulk_update(changed, ["base_price", "currency", "updated_at"], batch_size=1000)
    audit_record_many(changed, update_fields=["base_price", "currency"])
    products_changed.send(sender=Product, account_id=account.pk, product_ids=frozenset(v.product_id for v in changed))


def catalog_bulk_run(
    *,
    account: SellerAccount,
    product_ids: list[int],
    action: str,
    value: str | None = None,
    category: int | None = None,
    apply: bool = False,
) -> BulkResult:
    """Preview (apply=False) or apply one action on the products. Raises ApplicationError with
    `extra["problems"]` (product, code, field, message) when any product cannot take it; then
    nothing is written, whatever `apply` says."""
    fields: dict[str, list[str]] = {}
    if action not in ACTIONS:
        fields["action"] = [f"Choose one of {', '.join(ACTIONS)}."]
    ids = sorted({int(pk) for pk in product_ids if str(pk).isdigit()})
    if not ids:
        fields["products"] = ["Select at least one product."]
    elif len(ids) > MAX_PRODUCTS:
        fields["products"] = [f"Select at most {MAX_PRODUCTS} products at a time."]
    amount = None
    if action in ("price_percent", "price_amount"):
        try:
            amount = Decimal(str(value or "").strip().replace(",", "."))
            if not amount.is_finite():
                raise InvalidOperation
        except (InvalidOperation, ValueError):
            fields["value"] = ["Give a number, e.g. -10 or 2.50."]
        else:
            if action == "price_percent" and amount <= -100:
                fields["value"] = ["A price cannot drop by 100 % or more."]
    target = None
    if action == "set_category":
        target = Category.objects.filter(account=account, pk=category or 0).first()
        if target is None:
            fields["category"] = ["Choose a category."]
    if fields:
        raise ApplicationError("The bulk action is incomplete.", fields=fields)

    result = BulkResult(action=action, applied=False, changes=[])
    problems: list[BulkProblem] = []
    try:
        with transaction.atomic():
            products = list(Product.objects.select_for_update().filter(account=account, pk__in=ids).order_by("code"))
            if len(products) != len(ids):
                raise ApplicationError(
                    "Some selected products do not exist.", fields={"products": ["Unknown product."]}
                )
            if action in ("activate", "archive"):
                status = ProductStatus.ACTIVE if action == "activate" else ProductStatus.ARCHIVED
                for product in products:
                    if product.status == status:
                        continue
                    _run_update(product, {"status": status}, "status", product.status, status, result, problems)
            elif action == "set_category":
                for product in products:
                    if product.category_id == target.pk:
                        continue
                    before = product.category.path if product.category_id else ""
                    _run_update(product, {"category": target.pk}, "category", before, target.path, result, problems)
            else:
                _price_changes(products, action, amount, account, result, problems)
            if problems or not apply:
                raise _Rollback
    except _Rollback:
        pass
    if problems:
        raise ApplicationError(
            f"{len(problems)} problem(s); nothing was changed.",
            code="bulk_refused",
            fields={f"products.{p.code}": [p.message] for p in problems},
            extra={"problems": [asdict(p) for p in problems], "changes": [asdict(c) for c in result.changes]},
        )
    result.applied = apply
    return result


def _run_update(product, data, field, before, after, result, problems) -> None:  # type: ignore[no-untyped-def]
    try:
        with transaction.atomic():
            product_update(product=product, data=data)
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            for message in messages:
                problems.append(BulkProblem(product.pk, product.code, name, message))
        return
    result.changes.append(BulkChange(product.pk, product.code, "", field, str(before), str(after)))
