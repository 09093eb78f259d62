"""Values other apps may import: what a listing gets from i18n, and what the workbench shows."""

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class Issue:
    """One finding about a text: `error` blocks the save, `warning` is saved and shown."""

    severity: str  # "error" or "warning"
    code: str  # "limit", "forbidden_chars", "word_repeats", "html", "glossary"
    message: str
    channel: str = ""  # "amazon", "aliexpress", "wish" for marketplace rules
    limit: int | None = None
    actual: int | None = None

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


@dataclass(frozen=True)
class TextUnit:
    """One translatable text in one locale, with its current source and translation (if any)."""

    unit: str  # "product.12.bullet.0"
    product_pk: int
    product_code: str
    variant_pk: int | None
    variant_sku: str
    field: str
    position: int
    locale: str
    source_locale: str
    source_text: str
    source_hash: str
    text: str = ""
    status: str = "missing"
    is_outdated: bool = False
    # The source the translation was made from, when it differs from the current one.
    previous_source_text: str = ""
    translation_pk: int | None = None
    translated_by: str = ""
    translated_at: datetime | None = None
    reviewed_by: str = ""
    reviewed_at: datetime | None = None
    updated_at: datetime | None = None


@dataclass(frozen=True)
class FieldContent:
    """How one field of a listing was resolved along the fallback chain."""

    field: str
    text: str
    locale_used: str  # "" when nothing in the chain had a usable text
    is_fallback: bool  # not the marketplace language's own hub locale
    is_source: bool  # the catalog text itself, untranslated
    is_approved: bool  # an approved, current translation, or the source in its own language


@dataclass(frozen=True)
class LocalizedContent:
    """What a listing for (variant, marketplace, language) should say, for the listings app.

    `description` is already in the marketplace's format (the HTML subset, or plain text).
    `is_held` is the account policy's verdict: True means do not publish this listing yet.
    """

    marketplace: str
    language_tag: str
    locale: str  # the hub locale serving that language
    title: str
    description: str
    bullets: tuple[str, ...]
    keywords: tuple[str, ...]
    locale_used: str  # the locale the title came from ("" when none was found)
    is_fallback: bool
    is_approved: bool
    is_held: bool
    fields: tuple[FieldContent, ...] = field(default_factory=tuple)
    issues: tuple[Issue, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class ImportProblem:
    row: int
    id: str
    code: str  # "unknown_unit", "wrong_locale", "source_changed", "source_edited", "invalid_text", "duplicate", ...
    message: str


@dataclass(frozen=True)
class ImportReport:
    locale: str
    format: str
    applied: int
    unchanged: int
    untranslated: int
    refused: tuple[ImportProblem, ...]
