"""Writes of i18n-owned source texts (in the account's source locale): bullet points and search
keywords of a product or variant, and a variant's own title and description.

Changing a source never touches translations: they notice by themselves that they are outdated.
Removing a bullet removes its translations with it (nothing is left to translate).
"""

from django.core.exceptions import ValidationError
from django.db import transaction

from hub.catalog.models import Product, Variant
from i18n.checks import html_issues
from i18n.keys import MAX_BULLETS, text_clean
from i18n.models import ContentField, SourceText

_NOT_GIVEN = object()


def _row_set(*, product: Product, variant: Variant | None, field: str, position: int, text: str) -> None:
    lookup = {"product": product, "variant": variant, "field": field, "position": position}
    if not text:
        SourceText.objects.filter(**lookup).delete()
        return
    row = SourceText.objects.select_for_update(of=("self",)).filter(**lookup).order_by("pk").first()
    if row is None:
        SourceText.objects.create(account_id=product.account_id, text=text, **lookup)
    elif row.text != text:
        row.text = text
        row.save(update_fields=["text", "updated_at"])


def _bullets_clean(bullets: object) -> list[str]:
    if not isinstance(bullets, list) or not all(isinstance(bullet, str) for bullet in bullets):
        raise ValidationError({"bullets": "A list of texts, one per bullet point."})
    cleaned = [text_clean(ContentField.BULLET, bullet) for bullet in bullets]
    errors = [f"Bullet {index + 1} is empty." for index, bullet in enumerate(cleaned) if not bullet]
    if len(cleaned) > MAX_BULLETS:
        errors.append(f"At most {MAX_BULLETS} bullet points.")
    if errors:
        raise ValidationError({"bullets": errors})
    return cleaned


def _keywords_clean(keywords: object) -> str:
    if isinstance(keywords, list) and all(isinstance(term, str) for term in keywords):
        keywords = "\n".join(keywords)
    if not isinstance(keywords, str):
        raise ValidationError({"keywords": "A list of search terms (or one term per line)."})
    return text_clean(ContentField.KEYWORDS, keywords)


@transaction.atomic
def source_texts_set(
    *,
    product: Product,
    variant: Variant | None = None,
    title: object = _NOT_GIVEN,
    description: object = _NOT_GIVEN,
    bullets: object = _NOT_GIVEN,
    keywords: object = _NOT_GIVEN,
) -> None:
    """Set the given fields; fields not passed stay as they are. An empty title, description,
    bullet list or keyword list removes the variant's own text (it then shows the product's)."""
    if variant is not None and variant.product_id != product.pk:
        raise ValidationError({"variant": "This variant belongs to another product."})
    errors: dict[str, list[str]] = {}
    if variant is None and (title is not _NOT_GIVEN or description is not _NOT_GIVEN):
        errors["title" if title is not _NOT_GIVEN else "description"] = [
            "A product's title and description are edited in the catalog."
        ]
    for name, value in (("title", title), ("description", description)):
        if value is not _NOT_GIVEN and not isinstance(value, str):
            errors[name] = ["A text."]
    if isinstance(description, str):
        problems = html_issues(field=ContentField.DESCRIPTION, text=text_clean(ContentField.DESCRIPTION, description))
        if problems:
            errors["description"] = [issue.message for issue in problems]
    if errors:
        raise ValidationError(errors)
    cleaned_bullets = _bullets_clean(bullets) if bullets is not _NOT_GIVEN else None
    cleaned_keywords = _keywords_clean(keywords) if keywords is not _NOT_GIVEN else None

    for field, value in ((ContentField.TITLE, title), (ContentField.DESCRIPTION, description)):
        if isinstance(value, str):
            _row_set(product=product, variant=variant, field=field, position=0, text=text_clean(field, value))
    if cleaned_bullets is not None:
        for position, bullet in enumerate(cleaned_bullets):
            _row_set(product=product, variant=variant, field=ContentField.BULLET, position=position, text=bullet)
        SourceText.objects.filter(
            product=product, variant=variant, field=ContentField.BULLET, position__gte=len(cleaned_bullets)
        ).delete()
    if cleaned_keywords is not None:
        _row_set(product=product, variant=variant, field=ContentField.KEYWORDS, position=0, text=cleaned_keywords)
