"""Marketplace languages, hub locales and the rules that connect them.

Hub locale ids are Babel ids with underscores ("de", "es_MX", "zh_Hans"). Babel negotiates no
territory fallback (de_AT does not fall back to de), so every chain here is explicit: a
locale, then the chain from the data file or the account's policy, by default its language and
then English.

Assignments: a translator assigned "de" covers "de" and every locale under it ("de_DE",
"de_AT"); one assigned "de_AT" covers only "de_AT". The same prefix rule tells whether a chain
step is the catalog's own language ("en" matches a source locale of "en_US").
"""

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from babel import Locale, UnknownLocaleError

DATA_DIR = Path(__file__).resolve().parent / "data"
FALLBACK_LAST_RESORT = "en"


@dataclass(frozen=True)
class MarketplaceLanguage:
    tag: str  # the marketplace's own code: "de_DE" on Amazon, "in" (Indonesian) on AliExpress
    hub_locale: str  # default hub locale whose texts serve it
    is_to_check: bool  # our assumption, to confirm with the marketplace


@dataclass(frozen=True)
class Marketplace:
    code: str  # "amazon.DE", "aliexpress", "wish"
    channel: str  # "amazon", "aliexpress", "wish"
    name: str
    country_code: str
    marketplace_id: str
    currency: str
    languages: tuple[MarketplaceLanguage, ...]

    @property
    def default_language(self) -> MarketplaceLanguage:
        return self.languages[0]

    def language(self, tag: str | None) -> MarketplaceLanguage | None:
        if tag is None:
            return self.default_language
        return next((language for language in self.languages if language.tag == tag), None)


@cache
def _locale_data() -> dict:
    with (DATA_DIR / "marketplace_locales.json").open(encoding="utf-8") as handle:
        return json.load(handle)


@cache
def limit_data() -> dict:
    with (DATA_DIR / "marketplace_limits.json").open(encoding="utf-8") as handle:
        return json.load(handle)


@cache
def marketplace_list() -> tuple[Marketplace, ...]:
    marketplaces = []
    for row in _locale_data()["marketplaces"]:
        languages = tuple(
            MarketplaceLanguage(tag=lang["tag"], hub_locale=lang["hub_locale"], is_to_check=lang["to_check"])
            for lang in row["languages"]
        )
        marketplaces.append(
            Marketplace(
                code=row["code"],
                channel=row["channel"],
                name=row["name"],
                country_code=row["country_code"],
                marketplace_id=row["marketplace_id"],
                currency=row["currency"],
                languages=languages,
            )
        )
    return tuple(marketplaces)


def marketplace_get(code: str) -> Marketplace | None:
    """By hub code ("amazon.DE") or by Amazon marketplace id ("A1PA6795UKMFR9")."""
    for marketplace in marketplace_list():
        if code in (marketplace.code, marketplace.marketplace_id):
            return marketplace
    return None


def default_fallbacks() -> dict[str, list[str]]:
    return {key: value for key, value in _locale_data()["default_fallbacks"].items() if not key.startswith("_")}


def locale_is_valid(value: str) -> bool:
    if not isinstance(value, str) or not value or "-" in value:
        return False
    try:
        Locale.parse(value)
    except (UnknownLocaleError, ValueError, TypeError):
        return False
    return True


def locale_language(locale: str) -> str:
    return locale.split("_", 1)[0]


def locale_covers(assigned: str, locale: str) -> bool:
    """'de' covers de, de_DE and de_AT; 'de_AT' covers only de_AT."""
    return locale == assigned or locale.startswith(assigned + "_")


def locale_is_source(locale: str, source_locale: str) -> bool:
    """Whether a chain step is served by the catalog text itself: the source locale or a parent of it."""
    return locale_covers(locale, source_locale)


def fallback_chain(locale: str, overrides: dict[str, list[str]] | None = None) -> list[str]:
    """The locale, then where to look when it has no approved text. Duplicates are dropped."""
    chain = (overrides or {}).get(locale)
    if chain is None:
        chain = default_fallbacks().get(locale)
    if chain is None:
        language = locale_language(locale)
        chain = [language] if language != locale else []
        if language != FALLBACK_LAST_RESORT:
            chain.append(FALLBACK_LAST_RESORT)
    ordered: list[str] = []
    for step in [locale, *chain]:
        if step not in ordered:
            ordered.append(step)
    return ordered


def to_bcp47(locale: str) -> str:
    """Hub id to the tag XLIFF and HTML use: 'es_MX' -> 'es-MX', 'zh_Hans' -> 'zh-Hans'."""
    return locale.replace("_", "-")


def from_bcp47(tag: str) -> str:
    return tag.strip().replace("-", "_")


def locale_display_name(locale: str, in_locale: str = "en") -> str:
    try:
        return Locale.parse(locale).get_display_name(Locale.parse(in_locale)) or locale
    except (UnknownLocaleError, ValueError):
        return locale


def formatting_locale(marketplace: Marketplace, language: MarketplaceLanguage) -> str:
    """The Babel locale for prices and dates shown to that marketplace's buyers."""
    # Amazon's tags are Babel ids already; AliExpress uses codes of its own ("in", "iw").
    own_tag = language.tag if marketplace.channel == "amazon" else ""
    candidates = [own_tag, language.hub_locale]
    for candidate in candidates:
        if candidate and locale_is_valid(candidate):
            return candidate
    return FALLBACK_LAST_RESORT
