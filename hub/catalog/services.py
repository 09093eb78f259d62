"""Writes to the catalog: categories, attributes, products, variants and images."""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max, ProtectedError, RestrictedError

from hub.accounts.models import SellerAccount
from hub.catalog.models import (
    CATEGORY_PATH_SEPARATOR,
    Attribute,
    AttributeKind,
    AttributeOption,
    Category,
    CategoryAttribute,
    Product,
    ProductAttributeValue,
    ProductImage,
    ProductStatus,
    Variant,
    VariantAttributeValue,
)
from hub.catalog.rules import CatalogContext, Errors, clean_attributes, clean_product, clean_variant
from hub.core.exceptions import ConflictError
from hub.core.text import human_size

# --- categories --------------------------------------------------------------------------------


def _category_path(name: str, parent: Category | None) -> tuple[str, int]:
    if parent is None:
        return name, 0
    return f"{parent.path}{CATEGORY_PATH_SEPARATOR}{name}", parent.depth + 1


def _clean_category_name(name: str) -> str:
    name = " ".join(str(name).split())
    if not name:
        raise ValidationError({"name": "This field is required."})
    if ">" in name or "/" in name:
        raise ValidationError({"name": "A category name cannot contain '>' or '/' (they separate levels)."})
    return name


def category_create(*, account: SellerAccount, name: str, parent: Category | None = None) -> Category:
    name = _clean_category_name(name)
    if parent is not None and parent.account_id != account.pk:
        raise ValidationError({"parent": "Unknown category."})
    path, depth = _category_path(name, parent)
    if Category.objects.filter(account=account, path=path).exists():
        raise ValidationError({"name": f"'{path}' exists already."})
    return Category.objects.create(account=account, name=name, parent=parent, path=path, depth=depth)


@transaction.atomic
def category_update(*, category: Category, name: str | None = None, parent: Any = ...) -> Category:
    """Rename or move a category; the paths of everything below it follow."""
    if name is not None:
        category.name = _clean_category_name(name)
    if parent is not ...:
        node = parent
        while node is not None:
            if node.pk == category.pk:
                raise ValidationError({"parent": "A category cannot be moved below itself."})
            node = node.parent
        category.parent = parent
    old_path = category.path
    category.path, category.depth = _category_path(category.name, category.parent)
    if category.path != old_path:
        if Category.objects.filter(account_id=category.account_id, path=category.path).exclude(pk=category.pk).exists():
            raise ValidationError({"name": f"'{category.path}' exists already."})
        descendants = list(
            Category.objects.filter(
                account_id=category.account_id, path__startswith=old_path + CATEGORY_PATH_SEPARATOR
            ).order_by("depth")
        )
        category.save()
        by_pk = {category.pk: category}
        for child in descendants:
            parent_node = by_pk[child.parent_id]
            child.path, child.depth = _category_path(child.name, parent_node)
            by_pk[child.pk] = child
        Category.objects.bulk_update(descendants, ["path", "depth"])
    else:
        category.save()
    return category


def category_delete(*, category: Category) -> None:
    try:
        category.delete()
    except (ProtectedError, RestrictedError):
        raise ConflictError(
            "This category still has products or sub-categories; move them first.", code="in_use"
        ) from None


# --- attributes --------------------------------------------------------------------------------


def _clean_options(options: list[Any]) -> list[dict[str, str]]:
    cleaned, seen = [], set()
    for index, option in enumerate(options):
        value = (option.get("value") if isinstance(option, dict) else str(option)) or ""
        label = (option.get("label") if isinstance(option, dict) else "") or ""
        value = value.strip()
        if not value:
            raise ValidationError({f"options.{index}": "An option needs a value."})
        if value.casefold() in seen:
            raise ValidationError({f"options.{index}": f"'{value}' is listed twice."})
        seen.add(value.casefold())
        cleaned.append({"value": value, "label": label.strip()})
    return cleaned


def _clean_units(kind: str, units: list[str]) -> list[str]:
    if kind != AttributeKind.NUMBER:
        if units:
            raise ValidationError({"units": "Only number attributes have units."})
        return []
    units = [str(unit).strip() for unit in units if str(unit).strip()]
    if not units:
        raise ValidationError({"units": "A number attribute lists its units, the default first (e.g. cm, in)."})
    if len(set(units)) != len(units):
        raise ValidationError({"units": "A unit is listed twice."})
    return units


@transaction.atomic
def attribute_create(
    *,
    account: SellerAccount,
    code: str,
    name: str,
    kind: str,
    units: list[str] | None = None,
    options: list[Any] | None = None,
) -> Attribute:
    if kind not in AttributeKind.values:
        raise ValidationError({"kind": f"'{kind}' is not one of {', '.join(AttributeKind.values)}."})
    if options and kind != AttributeKind.ENUM:
        raise ValidationError({"options": "Only enumeration attributes have options."})
    if kind == AttributeKind.ENUM and not options:
        raise ValidationError({"options": "An enumeration lists at least one option."})
    if Attribute.objects.filter(account=account, code=code).exists():
        raise ValidationError({"code": f"Attribute '{code}' exists already."})
    attribute = Attribute(
        account=account, code=code, name=name.strip(), kind=kind, units=_clean_units(kind, units or [])
    )
    attribute.full_clean()
    attribute.save()
    AttributeOption.objects.bulk_create(
        [
            AttributeOption(attribute=attribute, value=o["value"], label=o["label"], position=i)
            for i, o in enumerate(_clean_options(options or []))
        ]
    )
    return attribute


@transaction.atomic
def attribute_update(
    *, attribute: Attribute, name: str | None = None, units: list[str] | None = None, options: list[Any] | None = None
) -> Attribute:
    """Options are merged: new values are added, labels and order updated, and an option that is
    no longer listed is removed only when no product uses it."""
    if name is not None:
        attribute.name = name.strip()
    if units is not None:
        attribute.units = _clean_units(attribute.kind, units)
    attribute.full_clean()
    attribute.save()
    if options is not None:
        if attribute.kind != AttributeKind.ENUM:
            raise ValidationError({"options": "Only enumeration attributes have options."})
        wanted = _clean_options(options)
        existing = {o.value.casefold(): o for o in attribute.options.all()}
        for position, option in enumerate(wanted):
            current = existing.pop(option["value"].casefold(), None)
            if current is None:
                AttributeOption.objects.create(
                    attribute=attribute, value=option["value"], label=option["label"], position=position
                )
            elif (current.label, current.position) != (option["label"], position):
                current.label, current.position = option["label"], position
                current.save(update_fields=["label", "position"])
        for leftover in existing.values():
            try:
                leftover.delete()
            except ProtectedError:
                raise ValidationError(
                    {"options": f"Option '{leftover.value}' is still used by products; change them first."}
                ) from None
    return attribute


def attribute_delete(*, attribute: Attribute) -> None:
    """Only an attribute no product or variant has a value for can go: deleting it would silently
    drop those values (text, numbers and yes/no cascade; only options were protected)."""
    in_use = (
        ProductAttributeValue.objects.filter(attribute=attribute).exists()
        or VariantAttributeValue.objects.filter(attribute=attribute).exists()
    )
    if in_use:
        raise ConflictError("Products or variants still have values for this attribute.", code="in_use")
    attribute.delete()


def category_attribute_set(
    *,
    category: Category,
    attribute: Attribute,
    is_required: bool = False,
    is_variation: bool = False,
    position: int = 0,
) -> CategoryAttribute:
    if attribute.account_id != category.account_id:
        raise ValidationError({"attribute": "Unknown attribute."})
    if is_variation and attribute.kind == AttributeKind.TEXT:
        raise ValidationError(
            {"is_variation": "Variation attributes are enumerations, numbers or yes/no, not free text."}
        )
    link, _created = CategoryAttribute.objects.update_or_create(
        category=category,
        attribute=attribute,
        defaults={"is_required": is_required, "is_variation": is_variation, "position": position},
    )
    return link


# --- products and variants -----------------------------------------------------------------------


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


def _variation_signature(typed: dict[int, dict[str, Any]], variation_ids: set[int]) -> tuple:
    def value_key(fields: dict[str, Any]) -> Any:
        option = fields.get("value_option")
        return option.pk if option is not None else tuple(sorted((k, str(v)) for k, v in fields.items()))

    return tuple(sorted((pk, value_key(fields)) for pk, fields in typed.items() if pk in variation_ids))


def _check_sku_free(account: SellerAccount, sku: str, errors: Errors, name: str, exclude_pk: int | None = None) -> None:
    taken = Variant.objects.filter(account=account, sku=sku)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if sku and taken.exists():
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
    for code in sorted(rules.required(variation=False) - present):
        errors.setdefault(f"attributes.{code}", []).append("This attribute is required for this category.")
    for variant in variants:
        have = {codes_by_id[v.attribute_id] for v in variant.attribute_values.all()}
        for code in sorted(rules.required(variation=True) - have):
            errors.setdefault(f"variants.{variant.sku}.attributes.{code}", []).append(
                "This attribute is required for this category."
            )
    _raise(errors)


def _check_variations_distinct(ctx: CatalogContext, product: Product) -> None:
    variation_ids = {ctx.attributes[c].attribute.pk for c in ctx.category_rules(product.category).variation_codes()}
    if not variation_ids:
        return
    seen: dict[tuple, str] = {}
    for variant in product.variants.prefetch_related("attribute_values__value_option"):
        typed = {
            v.attribute_id: {
                "value_option": v.value_option,
                "value_number": v.value_number,
                "value_unit": v.value_unit,
                "value_boolean": v.value_boolean,
            }
            for v in variant.attribute_values.all()
        }
        signature = _variation_signature(typed, variation_ids)
        if signature in seen:
            raise ValidationError(
                {"variants": f"Variants {seen[signature]} and {variant.sku} have the same variation values."}
            )
        seen[signature] = variant.sku


def _variant_fields_with_defaults(cleaned: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in cleaned.items() if key != "attributes"}


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
        _check_sku_free(account, sku, variant_errors, "sku")
        for name, messages in variant_errors.items():
            errors[f"variants.{index}.{name}"] = messages
        variant_rows.append((cleaned, typed))
    _raise(errors)

    product = Product.objects.create(account=account, **product_fields)
    _write_values(ProductAttributeValue, "product", product, product_values)
    for position, (cleaned, typed) in enumerate(variant_rows):
        cleaned.setdefault("position", position)
        variant = Variant.objects.create(
            account=account, product=product, currency=account.base_currency, **_variant_fields_with_defaults(cleaned)
        )
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
    category = fields.get("category", product.category) if "category" in fields else product.category
    rules = ctx.category_rules(category)
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
    try:
        product.delete()
    except (ProtectedError, RestrictedError):
        raise ConflictError(
            "This product has stock history or listings; archive it instead of deleting it.", code="in_use"
        ) from None


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
    variant = Variant.objects.create(
        account=account, product=product, currency=account.base_currency, **_variant_fields_with_defaults(cleaned)
    )
    _write_values(VariantAttributeValue, "variant", variant, typed)
    _check_variations_distinct(ctx, product)
    return variant


@transaction.atomic
def variant_update(*, variant: Variant, data: dict[str, Any]) -> Variant:
    variant = Variant.objects.select_for_update().select_related("product", "account").get(pk=variant.pk)
    ctx = CatalogContext(variant.account)
    errors: Errors = {}
    cleaned = clean_variant(ctx, data, errors)
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
    for key, value in _variant_fields_with_defaults(cleaned).items():
        setattr(variant, key, value)
    variant.save()
    if typed is not None:
        _write_values(VariantAttributeValue, "variant", variant, typed)
    _check_variations_distinct(ctx, variant.product)
    return variant


def variant_delete(*, variant: Variant) -> None:
    try:
        variant.delete()
    except (ProtectedError, RestrictedError):
        raise ConflictError(
            "This variant has stock history or listings; archive its product instead.", code="in_use"
        ) from None


# --- images ------------------------------------------------------------------------------------

IMAGE_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}


@transaction.atomic
def product_image_add(
    *,
    product: Product,
    file: UploadedFile,
    variant: Variant | None = None,
    alt_text: str = "",
    position: int | None = None,
) -> ProductImage:
    from PIL import Image, UnidentifiedImageError

    if variant is not None and variant.product_id != product.pk:
        raise ValidationError({"variant": "This variant belongs to another product."})
    if file.size and file.size > settings.IMAGE_MAX_BYTES:
        raise ValidationError({"image": f"Images are limited to {human_size(settings.IMAGE_MAX_BYTES)}."})
    try:
        with Image.open(file) as picture:
            picture.verify()
            image_format = picture.format
    except (UnidentifiedImageError, OSError, SyntaxError):
        raise ValidationError({"image": "This file is not an image (JPEG, PNG, WebP or GIF)."}) from None
    if image_format not in IMAGE_FORMATS:
        raise ValidationError({"image": f"{image_format} images are not accepted; use JPEG, PNG, WebP or GIF."})
    file.seek(0)
    digest = hashlib.sha256()
    for chunk in file.chunks():
        digest.update(chunk)
    file.seek(0)
    if ProductImage.objects.filter(product=product, variant=variant, sha256=digest.hexdigest()).exists():
        raise ValidationError({"image": "This image is attached already."})
    if position is None:
        position = (product.images.aggregate(top=Max("position"))["top"] or 0) + 1
    image = ProductImage(product=product, variant=variant, alt_text=alt_text[:300], position=position)
    image.sha256 = digest.hexdigest()
    image.image.save(file.name or "image", file, save=False)
    image.save()
    return image


@transaction.atomic
def product_images_reorder(*, product: Product, image_ids: list[int]) -> list[ProductImage]:
    images = {image.pk: image for image in product.images.select_for_update()}
    if set(image_ids) != set(images) or len(image_ids) != len(images):
        raise ValidationError({"image_ids": "List every image of the product exactly once."})
    for position, pk in enumerate(image_ids):
        images[pk].position = position
    ProductImage.objects.bulk_update(images.values(), ["position"])
    return [images[pk] for pk in image_ids]


def product_image_delete(*, image: ProductImage) -> None:
    storage, name = image.image.storage, image.image.name
    image.delete()
    transaction.on_commit(lambda: storage.delete(name))
