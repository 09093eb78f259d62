"""Products and variants with their attribute values, checked by hub.catalog.rules."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from hub.accounts.models import SellerAccount
from hub.catalog.models import (
    Product,
    ProductAttributeValue,
    ProductStatus,
    Variant,
    VariantAttributeValue,
)
from hub.catalog.rules import (
    VALUE_COLUMNS,
    CatalogContext,
    Errors,
    clean_attributes,
    clean_product,
    clean_variant,
    measures_complete,
    required_missing,
    variation_signature,
)
from hub.catalog.services._deletion import delete_unless_in_use


def _raise(errors: Errors) -> None:
    if errors:
        raise ValidationError(errors)


def _write_values(model: type, owner_field: str, owner: Any, typed: dict[int, dict[str, Any]]) -> None:
    """Replace the owner's attribute values with `typed` (attribute id -> typed columns)."""
    model.objects.filter(**{owner_field: owner}).exclude(attribute_id__in=typed).delete()
    existing = {value.attribute_id: value for value in model.objects.filter(**{owner_field: owner})}
    blank = {"value_text": "", "value_number": None, "value_unit": "", "value_option": None, "value_boolean": None}
    for attribute_id, fields in typed.items():
        columns = {**blank, **fields}
        row = existing.get(attribute_id)
        if row is None:
            model.objects.create(**{owner_field: owner}, attribute_id=attribute_id, **columns)
        elif any(getattr(row, key) != value for key, value in columns.items()):
            for key, value in columns.items():
                setattr(row, key, value)
            row.save()


def _skus_taken(account: SellerAccount, skus: list[str], exclude_pk: int | None = None) -> set[str]:
    taken = Variant.objects.filter(account=account, sku__in=[sku for sku in skus if sku])
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    return set(taken.values_list("sku", flat=True))


def _check_sku_free(
    account: SellerAccount,
    sku: str,
    errors: Errors,
    name: str,
    exclude_pk: int | None = None,
    taken: set[str] | None = None,
) -> None:
    """`taken` (from _skus_taken) spares a query per SKU when many are checked at once."""
    if taken is None:
        taken = _skus_taken(account, [sku], exclude_pk)
    if sku and sku in taken:
        errors.setdefault(name, []).append(f"SKU '{sku}' is used by another variant.")


def _check_product_complete(ctx: CatalogContext, product: Product) -> None:
    """An active product has a category, at least one variant, and every required attribute."""
    errors: Errors = {}
    if product.category is None:
        errors.setdefault("category", []).append("An active product needs a category.")
    variants = list(product.variants.prefetch_related("attribute_values"))
    if not variants:
        errors.setdefault("variants", []).append("An active product needs at least one variant.")
    rules = ctx.category_rules(product.category)
    codes_by_id = {rule.attribute.pk: code for code, rule in ctx.attributes.items()}
    present = {codes_by_id[v.attribute_id] for v in product.attribute_values.all()}
    for code in required_missing(rules, present, variation=False):
        errors.setdefault(f"attributes.{code}", []).append("This attribute is required for this category.")
    for variant in variants:
        have = {codes_by_id[v.attribute_id] for v in variant.attribute_values.all()}
        for code in required_missing(rules, have, variation=True):
            errors.setdefault(f"variants.{variant.sku}.attributes.{code}", []).append(
                "This attribute is required for this category."
            )
    _raise(errors)


def _check_variations_distinct(ctx: CatalogContext, product: Product) -> None:
    variation_ids = {ctx.attributes[c].attribute.pk for c in ctx.category_rules(product.category).variation_codes()}
    if not variation_ids:
        return
    values: dict[int, dict[int, dict[str, Any]]] = {}
    for row in VariantAttributeValue.objects.filter(variant__product=product).values(
        "variant_id", "attribute_id", *VALUE_COLUMNS
    ):
        values.setdefault(row.pop("variant_id"), {})[row.pop("attribute_id")] = row
    seen: dict[tuple, str] = {}
    for variant in product.variants.order_by("position", "pk"):
        signature = variation_signature(values.get(variant.pk, {}), variation_ids)
        if signature in seen:
            raise ValidationError(
                {"variants": f"Variants {seen[signature]} and {variant.sku} have the same variation values."}
            )
        seen[signature] = variant.sku


@transaction.atomic
def product_create(*, account: SellerAccount, data: dict[str, Any]) -> Product:
    """Create a product with its attribute values and (optionally) its variants in one go."""
    ctx = CatalogContext(account)
    errors: Errors = {}
    product_fields = clean_product(ctx, {"status": ProductStatus.DRAFT, **data}, errors)
    for required in ("code", "title"):
        if required not in data:
            errors.setdefault(required, []).append("This field is required.")
    rules = ctx.category_rules(product_fields.get("category"))
    product_values = clean_attributes(
        ctx, rules, data.get("attributes") or {}, variation=False, errors=errors, check_required=False
    )
    if product_fields.get("code") and Product.objects.filter(account=account, code=product_fields["code"]).exists():
        errors.setdefault("code", []).append(f"Product code '{product_fields['code']}' exists already.")
    variants_in = data.get("variants") or []
    variant_rows = []
    skus_seen: set[str] = set()
    taken = _skus_taken(account, [str(variant.get("sku") or "").strip() for variant in variants_in])
    for index, variant_data in enumerate(variants_in):
        variant_errors: Errors = {}
        cleaned = clean_variant(ctx, {"gtin": "", "gtin_exempt": False, **variant_data}, variant_errors)
        for required in ("sku", "base_price"):
            if required not in variant_data:
                variant_errors.setdefault(required, []).append("This field is required.")
        typed = clean_attributes(
            ctx,
            rules,
            variant_data.get("attributes") or {},
            variation=True,
            errors=variant_errors,
            check_required=False,
        )
        sku = cleaned.get("sku", "")
        if sku in skus_seen:
            variant_errors.setdefault("sku", []).append(f"SKU '{sku}' appears twice in this product.")
        skus_seen.add(sku)
        _check_sku_free(account, sku, variant_errors, "sku", taken=taken)
        for name, messages in variant_errors.items():
            errors[f"variants.{index}.{name}"] = messages
        variant_rows.append((cleaned, typed))
    _raise(errors)

    product = Product.objects.create(account=account, **product_fields)
    _write_values(ProductAttributeValue, "product", product, product_values)
    for position, (cleaned, typed) in enumerate(variant_rows):
        cleaned.setdefault("position", position)
        variant = Variant.objects.create(account=account, product=product, currency=account.base_currency, **cleaned)
        _write_values(VariantAttributeValue, "variant", variant, typed)
    _check_variations_distinct(ctx, product)
    if product.status == ProductStatus.ACTIVE:
        _check_product_complete(ctx, product)
    return product


@transaction.atomic
def product_update(*, product: Product, data: dict[str, Any]) -> Product:
    """Change product fields; `attributes`, when given, replaces all product attribute values."""
    product = Product.objects.select_for_update().get(pk=product.pk)
    ctx = CatalogContext(product.account)
    errors: Errors = {}
    fields = clean_product(ctx, {k: v for k, v in data.items() if k != "attributes"}, errors)
    if "code" in fields and fields["code"] != product.code:
        if Product.objects.filter(account_id=product.account_id, code=fields["code"]).exists():
            errors.setdefault("code", []).append(f"Product code '{fields['code']}' exists already.")
    rules = ctx.category_rules(fields.get("category", product.category))
    typed = None
    if "attributes" in data:
        typed = clean_attributes(
            ctx, rules, data.get("attributes") or {}, variation=False, errors=errors, check_required=False
        )
    _raise(errors)
    for key, value in fields.items():
        setattr(product, key, value)
    product.save()
    if typed is not None:
        _write_values(ProductAttributeValue, "product", product, typed)
    if "category" in fields:
        _check_attributes_fit_category(ctx, product)
    _check_variations_distinct(ctx, product)
    if product.status == ProductStatus.ACTIVE:
        _check_product_complete(ctx, product)
    return product


def _check_attributes_fit_category(ctx: CatalogContext, product: Product) -> None:
    """After a category change, values for attributes the new category does not use are errors:
    the seller decides what to do with them rather than the hub dropping data silently."""
    rules = ctx.category_rules(product.category)
    codes_by_id = {rule.attribute.pk: code for code, rule in ctx.attributes.items()}
    errors: Errors = {}
    for value in product.attribute_values.all():
        code = codes_by_id[value.attribute_id]
        if code not in rules.product_codes():
            errors.setdefault("category", []).append(f"The new category does not use attribute '{code}'.")
    for value in VariantAttributeValue.objects.filter(variant__product=product):
        code = codes_by_id[value.attribute_id]
        if code not in rules.variation_codes():
            errors.setdefault("category", []).append(f"The new category does not use variation attribute '{code}'.")
    if errors:
        errors["category"] = sorted(set(errors["category"]))
    _raise(errors)


def product_delete(*, product: Product) -> None:
    delete_unless_in_use(product, "This product has stock history or listings; archive it instead of deleting it.")


@transaction.atomic
def variant_create(*, product: Product, data: dict[str, Any]) -> Variant:
    account = product.account
    ctx = CatalogContext(account)
    errors: Errors = {}
    cleaned = clean_variant(ctx, {"gtin": "", "gtin_exempt": False, **data}, errors)
    for required in ("sku", "base_price"):
        if required not in data:
            errors.setdefault(required, []).append("This field is required.")
    typed = clean_attributes(
        ctx,
        ctx.category_rules(product.category),
        data.get("attributes") or {},
        variation=True,
        errors=errors,
        check_required=product.status == ProductStatus.ACTIVE,
    )
    _check_sku_free(account, cleaned.get("sku", ""), errors, "sku")
    _raise(errors)
    if "position" not in cleaned:
        cleaned["position"] = (product.variants.aggregate(top=Max("position"))["top"] or 0) + 1
    variant = Variant.objects.create(account=account, product=product, currency=account.base_currency, **cleaned)
    _write_values(VariantAttributeValue, "variant", variant, typed)
    _check_variations_distinct(ctx, product)
    return variant


@transaction.atomic
def variant_update(*, variant: Variant, data: dict[str, Any]) -> Variant:
    variant = Variant.objects.select_for_update().select_related("product", "account").get(pk=variant.pk)
    ctx = CatalogContext(variant.account)
    errors: Errors = {}
    cleaned = clean_variant(ctx, measures_complete(data, variant), errors)
    if "gtin" in cleaned and "gtin_exempt" not in data and variant.gtin_exempt and cleaned["gtin"]:
        errors.setdefault("gtin", []).append("A GTIN-exempt variant has no GTIN.")
    if "gtin_exempt" in cleaned and cleaned["gtin_exempt"] and "gtin" not in data and variant.gtin:
        cleaned["gtin"] = ""  # becoming exempt drops the code rather than keeping an inconsistent pair
    if "sku" in cleaned and cleaned["sku"] != variant.sku:
        _check_sku_free(variant.account, cleaned["sku"], errors, "sku", exclude_pk=variant.pk)
    typed = None
    if "attributes" in data:
        typed = clean_attributes(
            ctx,
            ctx.category_rules(variant.product.category),
            data.get("attributes") or {},
            variation=True,
            errors=errors,
            check_required=variant.product.status == ProductStatus.ACTIVE,
        )
    _raise(errors)
    if ("base_price" in cleaned or "cost" in cleaned) and variant.currency != variant.account.base_currency:
        variant.currency = variant.account.base_currency
    for key, value in cleaned.items():
        setattr(variant, key, value)
    variant.save()
    if typed is not None:
        _write_values(VariantAttributeValue, "variant", variant, typed)
    _check_variations_distinct(ctx, variant.product)
    return variant


def variant_delete(*, variant: Variant) -> None:
    delete_unless_in_use(variant, "This variant has stock history or listings; archive its product instead.")
