"""Attributes, their options and units, and which categories use them."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError

from hub.accounts.models import SellerAccount
from hub.catalog.models import (
    Attribute,
    AttributeKind,
    AttributeOption,
    Category,
    CategoryAttribute,
    ProductAttributeValue,
    VariantAttributeValue,
)
from hub.core.exceptions import ConflictError


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
