"""The product editor: product fields and attributes, variants, images and stock per warehouse.

Each part posts its own form; a refused save re-renders the editor (HTTP 400) with the posted
values and every message beside its field. The rules live in hub.catalog.rules and the services.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from currency.codes import currency_minor_units
from hub.accounts.models import Membership
from hub.accounts.pages import account_page, can_write
from hub.accounts.roles import Area, role_can_read
from hub.catalog import services
from hub.catalog.grid import readiness_problems
from hub.catalog.models import (
    AttributeKind,
    Category,
    Product,
    ProductAttributeValue,
    ProductStatus,
    Variant,
    VariantAttributeValue,
)
from hub.catalog.pages.messages import validation_dict
from hub.catalog.rules import CatalogContext
from hub.catalog.units import LengthUnit, WeightUnit
from hub.core.exceptions import ApplicationError
from hub.core.text import decimal_text, human_size
from hub.inventory.models import StockLevel, Warehouse

PRODUCT_FIELDS = ("code", "title", "brand", "description", "category", "status")
VARIANT_FIELDS = (
    "sku",
    "gtin",
    "base_price",
    "cost",
    "weight",
    "weight_unit",
    "length",
    "width",
    "height",
    "dimension_unit",
)

READINESS_LABELS = {
    "not_active": gettext_lazy("The product is not active."),
    "no_category": gettext_lazy("It has no category."),
    "no_image": gettext_lazy("It has no image."),
    "no_variant": gettext_lazy("It has no variant."),
    "no_gtin": gettext_lazy("A variant has neither a GTIN nor the GTIN exemption."),
}
KIND_HINTS = {
    AttributeKind.TEXT: gettext_lazy("Text"),
    AttributeKind.NUMBER: gettext_lazy("Number with unit"),
    AttributeKind.ENUM: gettext_lazy("One of the listed values"),
    AttributeKind.BOOLEAN: gettext_lazy("Yes or no"),
}
STATUS_LABELS = {
    ProductStatus.DRAFT: gettext_lazy("Draft"),
    ProductStatus.ACTIVE: gettext_lazy("Active"),
    ProductStatus.ARCHIVED: gettext_lazy("Archived"),
}


def _value_text(value) -> str:  # type: ignore[no-untyped-def]
    kind = value.attribute.kind
    if kind == AttributeKind.NUMBER:
        return f"{decimal_text(value.value_number)} {value.value_unit}".strip()
    if kind == AttributeKind.ENUM:
        return value.value_option.value if value.value_option else ""
    if kind == AttributeKind.BOOLEAN:
        return "" if value.value_boolean is None else ("true" if value.value_boolean else "false")
    return value.value_text


def _product(membership: Membership, product_pk: int) -> Product:
    return get_object_or_404(
        Product.objects.select_related("category").prefetch_related(
            Prefetch("attribute_values", ProductAttributeValue.objects.select_related("attribute", "value_option")),
            Prefetch(
                "variants",
                Variant.objects.order_by("position", "sku").prefetch_related(
                    Prefetch(
                        "attribute_values", VariantAttributeValue.objects.select_related("attribute", "value_option")
                    )
                ),
            ),
            "images",
        ),
        account=membership.account,
        pk=product_pk,
    )


def _attribute_rows(ctx: CatalogContext, rules, *, variation: bool, values: dict[str, str], errors: dict) -> list:  # type: ignore[no-untyped-def]
    rows = []
    for code, link in sorted(rules.attributes.items(), key=lambda item: (item[1].position, item[0])):
        if link.is_variation != variation:
            continue
        rule = ctx.attributes[code]
        rows.append(
            {
                "code": code,
                "name": rule.attribute.name,
                "kind": rule.attribute.kind,
                "hint": KIND_HINTS[rule.attribute.kind],
                "units": rule.attribute.units,
                "options": sorted(
                    {o.value: o for o in rule.options_by_key.values()}.values(), key=lambda o: o.position
                ),
                "is_required": link.is_required,
                "value": values.get(code, ""),
                "errors": errors.get(f"attributes.{code}", []),
            }
        )
    return rows


def _posted_attributes(post, prefix: str = "attr.") -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {key[len(prefix) :]: value for key, value in post.items() if key.startswith(prefix)}


def _editor(
    request: HttpRequest,
    membership: Membership,
    product: Product,
    *,
    product_post: dict | None = None,
    product_errors: dict | None = None,
    variant_post: dict[Any, dict] | None = None,
    variant_errors: dict[Any, dict] | None = None,
    image_errors: dict | None = None,
    status: int = 200,
) -> HttpResponse:
    account = membership.account
    ctx = CatalogContext(account)
    product_errors = product_errors or {}
    variant_post = variant_post or {}
    variant_errors = variant_errors or {}
    category = product.category
    if product_post is not None and "category" in product_post:
        category = ctx.category_lookup(product_post.get("category")) or category
    rules = ctx.category_rules(category)
    if product_post is not None:
        fields = {name: product_post.get(name, "") for name in PRODUCT_FIELDS}
        attribute_values = _posted_attributes(product_post)
    else:
        fields = {name: getattr(product, name) for name in PRODUCT_FIELDS if name != "category"}
        fields["category"] = product.category_id or ""
        attribute_values = {v.attribute.code: _value_text(v) for v in product.attribute_values.all()}

    variants = []
    for variant in product.variants.all():
        posted = variant_post.get(variant.pk)
        errors = variant_errors.get(variant.pk, {})
        if posted is not None:
            values = {name: posted.get(name, "") for name in VARIANT_FIELDS}
            values["gtin_exempt"] = posted.get("gtin_exempt") == "on"
            attrs = _posted_attributes(posted)
        else:
            values = {
                "sku": variant.sku,
                "gtin": variant.gtin,
                "gtin_exempt": variant.gtin_exempt,
                "base_price": _amount_text(variant.base_price, variant.currency),
                "cost": _amount_text(variant.cost, variant.currency),
                "weight": decimal_text(variant.weight),
                "weight_unit": variant.weight_unit,
                "length": decimal_text(variant.length),
                "width": decimal_text(variant.width),
                "height": decimal_text(variant.height),
                "dimension_unit": variant.dimension_unit,
            }
            attrs = {v.attribute.code: _value_text(v) for v in variant.attribute_values.all()}
        variants.append(
            {
                "variant": variant,
                "form_id": f"v-{variant.pk}",
                "values": values,
                "errors": errors,
                "attributes": _attribute_rows(ctx, rules, variation=True, values=attrs, errors=errors),
            }
        )
    new_post = variant_post.get("new")
    new_errors = variant_errors.get("new", {})
    new_values = {name: (new_post or {}).get(name, "") for name in VARIANT_FIELDS}
    new_values["gtin_exempt"] = (new_post or {}).get("gtin_exempt") == "on"
    new_variant = {
        "values": new_values,
        "errors": new_errors,
        "attributes": _attribute_rows(
            ctx, rules, variation=True, values=_posted_attributes(new_post or {}), errors=new_errors
        ),
    }

    warehouses = list(Warehouse.objects.filter(account=account, is_active=True).order_by("code"))
    levels = {
        (level.variant_id, level.warehouse_id): level
        for level in StockLevel.objects.filter(account=account, variant__product=product)
    }
    stock_rows = [
        {"variant": row["variant"], "levels": [levels.get((row["variant"].pk, w.pk)) for w in warehouses]}
        for row in variants
    ]
    images = sorted(product.images.all(), key=lambda image: (image.position, image.pk))
    context = {
        "account": account,
        "membership": membership,
        "product": product,
        "fields": fields,
        "errors": product_errors,
        "general_errors": product_errors.get("general", []) + product_errors.get("variants", []),
        "product_attributes": _attribute_rows(
            ctx, rules, variation=False, values=attribute_values, errors=product_errors
        ),
        "variation_codes": sorted(rules.variation_codes()),
        "variants": variants,
        "new_variant": new_variant,
        "categories": Category.objects.filter(account=account).order_by("path"),
        "statuses": [(value, STATUS_LABELS[value]) for value in ProductStatus.values],
        "weight_units": WeightUnit.values,
        "length_units": LengthUnit.values,
        "images": images,
        "image_errors": image_errors or {},
        "image_limit": human_size(settings.IMAGE_MAX_BYTES),
        "image_max_bytes": settings.IMAGE_MAX_BYTES,
        "warehouses": warehouses,
        "stock_rows": stock_rows,
        "with_stock": role_can_read(membership.role, Area.INVENTORY),
        "readiness": [READINESS_LABELS[key] for key in readiness_problems(product=product)],
        "can_write": can_write(membership, Area.CATALOG),
        "decimals": currency_minor_units(account.base_currency),
        "currency": account.base_currency,
    }
    return render(request, "catalog/product.html", context, status=status)


def _amount_text(value, currency: str) -> str:  # type: ignore[no-untyped-def]
    """The stored amount with the currency's decimals (89.00, 1250 for JPY) for an input field."""
    if value is None:
        return ""
    try:
        places = currency_minor_units(currency)
    except Exception:  # an unknown code: show what is stored
        return decimal_text(value)
    return f"{value:.{places}f}"


def _product_data(post, ctx: CatalogContext) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    data = {name: post.get(name, "") for name in PRODUCT_FIELDS if name in post}
    data["attributes"] = _posted_attributes(post)
    return data


def _variant_data(post, *, with_attributes: bool) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    data: dict[str, Any] = {name: post.get(name, "") for name in VARIANT_FIELDS}
    data["gtin_exempt"] = post.get("gtin_exempt") == "on"
    if not data["weight"]:
        data["weight_unit"] = ""
    if not any(data[name] for name in ("length", "width", "height")):
        data["dimension_unit"] = ""
    if with_attributes:
        data["attributes"] = _posted_attributes(post)
    return data


@account_page(Area.CATALOG)
def product_edit(request: HttpRequest, membership: Membership, product_pk: int) -> HttpResponse:
    product = _product(membership, product_pk)
    if request.method == "POST":
        ctx = CatalogContext(membership.account)
        data = _product_data(request.POST, ctx)
        try:
            services.product_update(product=product, data=data)
        except (ValidationError, ApplicationError) as error:
            return _editor(
                request,
                membership,
                _product(membership, product_pk),
                product_post=request.POST,
                product_errors=validation_dict(error),
                status=400,
            )
        messages.success(request, _("Product saved."))
        return redirect("catalog:product", account_pk=membership.account_id, product_pk=product.pk)
    return _editor(request, membership, product)


@account_page(Area.CATALOG, write=True)
def product_new(request: HttpRequest, membership: Membership) -> HttpResponse:
    account = membership.account
    errors: dict = {}
    values = {"code": "", "title": "", "brand": "", "category": "", "sku": "", "base_price": ""}
    if request.method == "POST":
        values = {key: request.POST.get(key, "") for key in values}
        data: dict[str, Any] = {key: values[key] for key in ("code", "title", "brand", "category")}
        data["status"] = ProductStatus.DRAFT
        if values["sku"] or values["base_price"]:
            data["variants"] = [{"sku": values["sku"], "base_price": values["base_price"]}]
        try:
            product = services.product_create(account=account, data=data)
        except (ValidationError, ApplicationError) as error:
            errors = validation_dict(error)
            for key in ("sku", "base_price"):
                errors.setdefault(key, []).extend(errors.pop(f"variants.0.{key}", []))
        else:
            messages.success(request, _("Product %(code)s created.") % {"code": product.code})
            return redirect("catalog:product", account_pk=account.pk, product_pk=product.pk)
    context = {
        "account": account,
        "values": values,
        "errors": errors,
        "categories": Category.objects.filter(account=account).order_by("path"),
        "currency": account.base_currency,
    }
    return render(request, "catalog/product_new.html", context, status=400 if errors else 200)


@account_page(Area.CATALOG, write=True)
def variant_add(request: HttpRequest, membership: Membership, product_pk: int) -> HttpResponse:
    product = _product(membership, product_pk)
    if request.method != "POST":
        return redirect("catalog:product", account_pk=membership.account_id, product_pk=product.pk)
    ctx = CatalogContext(membership.account)
    has_variation = bool(ctx.category_rules(product.category).variation_codes())
    try:
        variant = services.variant_create(
            product=product, data=_variant_data(request.POST, with_attributes=has_variation)
        )
    except (ValidationError, ApplicationError) as error:
        errors = validation_dict(error)
        return _editor(
            request,
            membership,
            _product(membership, product_pk),
            variant_post={"new": request.POST},
            variant_errors={"new": errors},
            product_errors={"variants": errors.get("variants", [])},
            status=400,
        )
    messages.success(request, _("Variant %(sku)s added.") % {"sku": variant.sku})
    return redirect("catalog:product", account_pk=membership.account_id, product_pk=product.pk)


@account_page(Area.CATALOG, write=True)
def variant_edit(request: HttpRequest, membership: Membership, product_pk: int, variant_pk: int) -> HttpResponse:
    product = _product(membership, product_pk)
    variant = get_object_or_404(Variant, product=product, pk=variant_pk)
    if request.method != "POST":
        return redirect("catalog:product", account_pk=membership.account_id, product_pk=product.pk)
    ctx = CatalogContext(membership.account)
    has_variation = bool(ctx.category_rules(product.category).variation_codes())
    try:
        services.variant_update(variant=variant, data=_variant_data(request.POST, with_attributes=has_variation))
    except (ValidationError, ApplicationError) as error:
        errors = validation_dict(error)
        return _editor(
            request,
            membership,
            _product(membership, product_pk),
            variant_post={variant.pk: request.POST},
            variant_errors={variant.pk: errors},
            product_errors={"variants": errors.get("variants", [])},
            status=400,
        )
    messages.success(request, _("Variant %(sku)s saved.") % {"sku": request.POST.get("sku") or variant.sku})
    return redirect("catalog:product", account_pk=membership.account_id, product_pk=product.pk)


@account_page(Area.CATALOG, write=True)
def variant_remove(request: HttpRequest, membership: Membership, product_pk: int, variant_pk: int) -> HttpResponse:
    product = _product(membership, product_pk)
    variant = get_object_or_404(Variant, product=product, pk=variant_pk)
    if request.method == "POST":
        try:
            services.variant_delete(variant=variant)
        except (ValidationError, ApplicationError) as error:
            return _editor(
                request, membership, product, variant_errors={variant.pk: validation_dict(error)}, status=400
            )
        messages.success(request, _("Variant %(sku)s removed.") % {"sku": variant.sku})
    return redirect("catalog:product", account_pk=membership.account_id, product_pk=product.pk)


@account_page(Area.CATALOG, write=True)
def image_add(request: HttpRequest, membership: Membership, product_pk: int) -> HttpResponse:
    product = _product(membership, product_pk)
    if request.method != "POST":
        return redirect("catalog:product", account_pk=membership.account_id, product_pk=product.pk)
    upload = request.FILES.get("image")
    if upload is None:
        return _editor(request, membership, product, image_errors={"image": [_("Choose an image file.")]}, status=400)
    try:
        services.product_image_add(product=product, file=upload, alt_text=request.POST.get("alt_text", ""))
    except (ValidationError, ApplicationError) as error:
        return _editor(request, membership, product, image_errors=validation_dict(error), status=400)
    messages.success(request, _("Image added."))
    return redirect("catalog:product", account_pk=membership.account_id, product_pk=product.pk)


@account_page(Area.CATALOG, write=True)
def image_move(request: HttpRequest, membership: Membership, product_pk: int, image_pk: int) -> HttpResponse:
    """`direction`: up, down, or main (first place: the image marketplaces show first)."""
    product = _product(membership, product_pk)
    ids = [image.pk for image in sorted(product.images.all(), key=lambda image: (image.position, image.pk))]
    if request.method == "POST" and image_pk in ids:
        index = ids.index(image_pk)
        direction = request.POST.get("direction")
        ids.pop(index)
        if direction == "main":
            ids.insert(0, image_pk)
        elif direction == "up":
            ids.insert(max(0, index - 1), image_pk)
        else:
            ids.insert(min(len(ids), index + 1), image_pk)
        services.product_images_reorder(product=product, image_ids=ids)
        messages.success(request, _("Image order saved."))
    return redirect("catalog:product", account_pk=membership.account_id, product_pk=product.pk)


@account_page(Area.CATALOG, write=True)
def image_remove(request: HttpRequest, membership: Membership, product_pk: int, image_pk: int) -> HttpResponse:
    product = _product(membership, product_pk)
    image = get_object_or_404(product.images.all(), pk=image_pk)
    if request.method == "POST":
        services.product_image_delete(image=image)
        messages.success(request, _("Image removed."))
    return redirect("catalog:product", account_pk=membership.account_id, product_pk=product.pk)
