"""Reads of text units: one unit, and the workbench queues (missing, outdated, needs review...).

A queue is built in SQL as a union of unit keys (product title and description from the
catalog, i18n source rows, or translation rows), ordered and sliced there; only the page is
then loaded into `TextUnit` values. "Outdated" compares the source text a translation was made
from with the current source, in the query itself.
"""

from dataclasses import dataclass

from django.db.models import (
    BigIntegerField,
    Case,
    CharField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.http import Http404

from hub.accounts.models import SellerAccount
from hub.catalog.models import Product, Variant
from i18n.keys import UnitRef, source_hash
from i18n.models import FIELD_ORDER, ContentField, SourceText, Translation, TranslationStatus
from i18n.types import TextUnit


class Queue:
    MISSING = "missing"
    OUTDATED = "outdated"
    DRAFT = "draft"
    NEEDS_REVIEW = "needs_review"
    APPROVED = "approved"
    ALL = "all"
    # What a translator still has to do: exported to PO / XLIFF by default.
    PENDING = "pending"

    CHOICES = (MISSING, OUTDATED, DRAFT, NEEDS_REVIEW, APPROVED, ALL, PENDING)


@dataclass(frozen=True)
class ResolvedUnit:
    ref: UnitRef
    product: Product
    variant: Variant | None
    source_row: SourceText | None
    source_text: str

    @property
    def field(self) -> str:
        return self.ref.field

    @property
    def position(self) -> int:
        return self.ref.position


def unit_resolve(*, account: SellerAccount, ref: UnitRef) -> ResolvedUnit:
    """The unit and its current source; 404 when it does not exist in this account."""
    if ref.kind == "product":
        product = Product.objects.filter(account=account, pk=ref.object_pk).first()
        if product is None:
            raise Http404
        if ref.field in (ContentField.TITLE, ContentField.DESCRIPTION):
            return ResolvedUnit(ref, product, None, None, getattr(product, ref.field))
        row = SourceText.objects.filter(
            product=product, variant__isnull=True, field=ref.field, position=ref.position
        ).first()
        variant = None
    else:
        variant = Variant.objects.select_related("product").filter(account=account, pk=ref.object_pk).first()
        if variant is None:
            raise Http404
        product = variant.product
        row = SourceText.objects.filter(variant=variant, field=ref.field, position=ref.position).first()
    if row is None:
        raise Http404
    return ResolvedUnit(ref, product, variant, row, row.text)


def _current_source() -> Case:
    return Case(
        When(source__isnull=False, then=F("source__text")),
        When(field=ContentField.TITLE, then=F("product__title")),
        default=F("product__description"),
        output_field=TextField(),
    )


def translations_annotated(*, account: SellerAccount, locale: str) -> QuerySet[Translation]:
    return Translation.objects.filter(account=account, locale=locale).annotate(current_source=_current_source())


def _outdated() -> Q:
    return ~Q(source_text=F("current_source"))


def _field_order(field_expression: str = "field") -> Case:
    return Case(
        *[When(**{field_expression: field}, then=Value(order)) for field, order in FIELD_ORDER.items()],
        output_field=IntegerField(),
    )


def _key_columns(*, product: str, code: str, variant: str | None, field, position, order) -> dict:
    # Only expressions, always in this order, so every part of the union has the same columns.
    return {
        "u_code": F(code),
        "u_product": F(product),
        "u_variant": Coalesce(F(variant), Value(0), output_field=BigIntegerField()) if variant else Value(0),
        "u_order": order,
        "u_position": position,
        "u_field": field,
    }


def _catalog_keys(account: SellerAccount, locale: str | None, field: str, product_pk: int | None) -> QuerySet:
    products = Product.objects.filter(account=account).exclude(**{field: ""})
    if product_pk is not None:
        products = products.filter(pk=product_pk)
    if locale is not None:
        translated = Translation.objects.filter(
            product=OuterRef("pk"), variant__isnull=True, field=field, locale=locale
        )
        products = products.filter(~Exists(translated))
    return products.order_by().values(
        **_key_columns(
            product="pk",
            code="code",
            variant=None,
            field=Value(field, output_field=CharField()),
            position=Value(0, output_field=IntegerField()),
            order=Value(FIELD_ORDER[field], output_field=IntegerField()),
        )
    )


def _source_row_keys(account: SellerAccount, locale: str | None, product_pk: int | None) -> QuerySet:
    rows = SourceText.objects.filter(account=account).exclude(text="")
    if product_pk is not None:
        rows = rows.filter(product_id=product_pk)
    if locale is not None:
        rows = rows.filter(~Exists(Translation.objects.filter(source=OuterRef("pk"), locale=locale)))
    return rows.order_by().values(
        **_key_columns(
            product="product_id",
            code="product__code",
            variant="variant_id",
            field=F("field"),
            position=F("position"),
            order=_field_order(),
        )
    )


def _translation_keys(translations: QuerySet) -> QuerySet:
    return translations.order_by().values(
        **_key_columns(
            product="product_id",
            code="product__code",
            variant="variant_id",
            field=F("field"),
            position=F("position"),
            order=_field_order(),
        )
    )


def _queue_keys(*, account: SellerAccount, locale: str, queue: str, product_pk: int | None) -> QuerySet:
    def units(missing_in: str | None) -> QuerySet:
        return _catalog_keys(account, missing_in, ContentField.TITLE, product_pk).union(
            _catalog_keys(account, missing_in, ContentField.DESCRIPTION, product_pk),
            _source_row_keys(account, missing_in, product_pk),
            all=True,
        )

    if queue == Queue.ALL:
        return units(None)
    if queue == Queue.MISSING:
        return units(locale)
    translations = translations_annotated(account=account, locale=locale)
    if product_pk is not None:
        translations = translations.filter(product_id=product_pk)
    if queue == Queue.OUTDATED:
        translations = translations.filter(_outdated())
    elif queue == Queue.PENDING:
        translations = translations.filter(_outdated() | Q(status=TranslationStatus.DRAFT))
        return units(locale).union(_translation_keys(translations), all=True)
    else:
        translations = translations.filter(status=queue).exclude(_outdated())
    return _translation_keys(translations)


def _ordered(keys: QuerySet) -> QuerySet:
    return keys.order_by("u_code", "u_variant", "u_order", "u_position")


def queue_count(*, account: SellerAccount, locale: str, queue: str, product_pk: int | None = None) -> int:
    return _queue_keys(account=account, locale=locale, queue=queue, product_pk=product_pk).count()


def queue_counts(*, account: SellerAccount, locale: str) -> dict[str, int]:
    return {
        queue: queue_count(account=account, locale=locale, queue=queue)
        for queue in (Queue.MISSING, Queue.OUTDATED, Queue.DRAFT, Queue.NEEDS_REVIEW, Queue.APPROVED)
    }


def text_unit_page(
    *,
    account: SellerAccount,
    locale: str,
    queue: str,
    product_pk: int | None = None,
    offset: int = 0,
    limit: int = 50,
) -> tuple[int, list[TextUnit]]:
    keys = _ordered(_queue_keys(account=account, locale=locale, queue=queue, product_pk=product_pk))
    total = keys.count()
    page = list(keys[offset : offset + limit])
    return total, text_units_load(account=account, locale=locale, keys=page)


def text_units_load(*, account: SellerAccount, locale: str, keys: list[dict]) -> list[TextUnit]:
    """Turn unit keys (rows of the queue query) into `TextUnit`s with source and translation:
    four queries whatever the page size."""
    product_pks = {key["u_product"] for key in keys}
    variant_pks = {key["u_variant"] for key in keys if key["u_variant"]}
    products = {product.pk: product for product in Product.objects.filter(pk__in=product_pks)}
    variants = {variant.pk: variant for variant in Variant.objects.filter(pk__in=variant_pks)}
    sources = {
        (row.product_id, row.variant_id or 0, row.field, row.position): row
        for row in SourceText.objects.filter(product_id__in=product_pks)
    }
    translations = {
        (row.product_id, row.variant_id or 0, row.field, row.position): row
        for row in Translation.objects.filter(
            account=account, locale=locale, product_id__in=product_pks
        ).select_related("translated_by", "reviewed_by")
    }
    units = []
    for key in keys:
        product = products[key["u_product"]]
        variant = variants.get(key["u_variant"])
        index = (product.pk, key["u_variant"], key["u_field"], key["u_position"])
        row = sources.get(index)
        if row is not None:
            source = row.text
        else:
            source = getattr(product, key["u_field"], "")
        ref = UnitRef(
            kind="variant" if variant else "product",
            object_pk=variant.pk if variant else product.pk,
            field=key["u_field"],
            position=key["u_position"],
        )
        units.append(_text_unit(account, locale, ref, product, variant, source, translations.get(index)))
    return units


def _text_unit(
    account: SellerAccount,
    locale: str,
    ref: UnitRef,
    product: Product,
    variant: Variant | None,
    source: str,
    translation: Translation | None,
) -> TextUnit:
    common = {
        "unit": str(ref),
        "product_pk": product.pk,
        "product_code": product.code,
        "variant_pk": variant.pk if variant else None,
        "variant_sku": variant.sku if variant else "",
        "field": ref.field,
        "position": ref.position,
        "locale": locale,
        "source_locale": account.source_locale,
        "source_text": source,
        "source_hash": source_hash(source),
    }
    if translation is None:
        return TextUnit(**common)
    is_outdated = translation.source_text != source
    return TextUnit(
        **common,
        text=translation.text,
        status=translation.status,
        is_outdated=is_outdated,
        previous_source_text=translation.source_text if is_outdated else "",
        translation_pk=translation.pk,
        translated_by=translation.translated_by.email if translation.translated_by else "",
        translated_at=translation.translated_at,
        reviewed_by=translation.reviewed_by.email if translation.reviewed_by else "",
        reviewed_at=translation.reviewed_at,
        updated_at=translation.updated_at,
    )


def translation_find(*, unit: ResolvedUnit, locale: str) -> Translation | None:
    lookup = {"field": unit.field, "position": unit.position, "locale": locale}
    if unit.variant is not None:
        lookup["variant"] = unit.variant
    else:
        lookup.update(product=unit.product, variant__isnull=True)
    return Translation.objects.select_related("translated_by", "reviewed_by").filter(**lookup).first()


def text_unit_get(*, account: SellerAccount, ref: UnitRef, locale: str) -> TextUnit:
    unit = unit_resolve(account=account, ref=ref)
    translation = translation_find(unit=unit, locale=locale)
    return _text_unit(account, locale, ref, unit.product, unit.variant, unit.source_text, translation)


def text_unit_neighbours(
    *, account: SellerAccount, locale: str, queue: str, unit: str
) -> tuple[str | None, str | None]:
    """The units before and after `unit` in a queue, for "save and next" in the workbench. The
    queue is small per locale in practice; keys only, no text is loaded."""
    keys = list(_ordered(_queue_keys(account=account, locale=locale, queue=queue, product_pk=None))[:2000])
    names = [_key_name(key) for key in keys]
    if unit not in names:
        return None, names[0] if names else None
    index = names.index(unit)
    return (names[index - 1] if index > 0 else None), (names[index + 1] if index + 1 < len(names) else None)


def _key_name(key: dict) -> str:
    kind, pk = ("variant", key["u_variant"]) if key["u_variant"] else ("product", key["u_product"])
    return str(UnitRef(kind=kind, object_pk=pk, field=key["u_field"], position=key["u_position"]))


def unit_translation_get(*, unit: ResolvedUnit, locale: str) -> Translation | None:
    """The stored translation of a resolved unit in `locale`, if any."""
    lookup = {"field": unit.field, "position": unit.position, "locale": locale}
    if unit.variant is not None:
        lookup["variant"] = unit.variant
    else:
        lookup.update(product=unit.product, variant__isnull=True)
    return Translation.objects.filter(**lookup).order_by("pk").first()
