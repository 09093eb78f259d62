"""Names for text units, hashes of source texts, and the text clean-up every save goes through.

A unit key names one translatable text without a locale:

    product.12.title   product.12.description   product.12.bullet.0   product.12.keywords
    variant.34.title   variant.34.bullet.2      ...

An exchange id (PO msgctxt, XLIFF unit id) adds the locale and the first 16 hex digits of the
source hash at export time, so an import can tell that the source changed since:

    product.12.bullet.0:de:3f2a9c1b4d5e6f70

Only letters, digits, '.', '_' and ':' appear, so the id is a valid XLIFF 2.0 NMTOKEN.
"""

import hashlib
import re
import unicodedata
from dataclasses import dataclass

from i18n.models import ContentField

HASH_PREFIX_LENGTH = 16
MAX_BULLETS = 10
_KEY_PATTERN = re.compile(r"^(product|variant)\.([1-9][0-9]{0,17})\.(title|description|keywords|bullet\.([0-9]{1,2}))$")
_EXCHANGE_PATTERN = re.compile(r"^(?P<unit>[a-z0-9.]+):(?P<locale>[A-Za-z0-9_]{2,20}):(?P<hash>[0-9a-f]{16})$")
# Control characters cannot travel in XML 1.0 and have no place in listing text (tab and line feed stay).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class UnitRef:
    kind: str  # "product" or "variant"
    object_pk: int
    field: str
    position: int = 0

    def __str__(self) -> str:
        suffix = f"bullet.{self.position}" if self.field == ContentField.BULLET else self.field
        return f"{self.kind}.{self.object_pk}.{suffix}"


def unit_ref_parse(value: str) -> UnitRef | None:
    match = _KEY_PATTERN.match(value or "")
    if match is None:
        return None
    kind, pk, field, position = match.group(1), int(match.group(2)), match.group(3), match.group(4)
    if position is not None:
        if int(position) >= MAX_BULLETS:
            return None
        return UnitRef(kind=kind, object_pk=pk, field=ContentField.BULLET, position=int(position))
    return UnitRef(kind=kind, object_pk=pk, field=field)


def source_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def exchange_id(unit: str, locale: str, hash_: str) -> str:
    return f"{unit}:{locale}:{hash_[:HASH_PREFIX_LENGTH]}"


@dataclass(frozen=True)
class ExchangeId:
    unit: UnitRef
    locale: str
    hash_prefix: str


def exchange_id_parse(value: str) -> ExchangeId | None:
    match = _EXCHANGE_PATTERN.match((value or "").strip())
    if match is None:
        return None
    unit = unit_ref_parse(match.group("unit"))
    if unit is None:
        return None
    return ExchangeId(unit=unit, locale=match.group("locale"), hash_prefix=match.group("hash"))


def text_clean(field: str, text: str) -> str:
    """NFC (marketplaces count code points after NFC), Unix line breaks, no control characters;
    one-line fields lose their line breaks, keywords become one trimmed term per line."""
    text = unicodedata.normalize("NFC", text or "").replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text)
    if field in (ContentField.TITLE, ContentField.BULLET):
        return " ".join(text.split("\n")).strip()
    if field == ContentField.KEYWORDS:
        return "\n".join(term.strip() for term in text.split("\n") if term.strip())
    return text.strip()


def keyword_terms(text: str) -> list[str]:
    return [term for term in text.split("\n") if term]
