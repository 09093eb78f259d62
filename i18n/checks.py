"""Checks run on every save: the marketplaces' text rules (data in data/marketplace_limits.json),
the description HTML subset, and the glossary. Pure functions: text in, `Issue`s out."""

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence

from i18n.keys import keyword_terms
from i18n.locales import limit_data, locale_covers
from i18n.models import ContentField, GlossaryKind
from i18n.richtext import html_problems, html_to_text
from i18n.types import Issue

CHANNEL_NAMES = {"amazon": "Amazon", "aliexpress": "AliExpress", "wish": "Wish"}
# Words Amazon does not count when it limits repeats (articles, prepositions, conjunctions).
_SMALL_WORDS = frozenset(
    "a an and or the for with of in on to by at from "
    "der die das und oder mit für von zu im am ein eine "
    "le la les et ou pour avec de du des un une en "
    "el los las y o para con del una por "
    "il lo gli e per di da".split()
)
_WORD = re.compile(r"\w+", re.UNICODE)
_LATIN = "[0-9A-Za-z\u00c0-\u024f]"
_LATIN_RE = re.compile(_LATIN)


def channel_rules(channel: str) -> dict:
    return limit_data()["channels"].get(channel, {"rules": [], "unused_fields": [], "description_format": "html"})


def _chars(text: str) -> int:
    return len(unicodedata.normalize("NFC", text))


def _bytes(text: str) -> int:
    return len(unicodedata.normalize("NFC", text).encode("utf-8"))


def measure(rule: dict, *, channel: str, field: str, text: str) -> int | None:
    """The number a rule compares with its maximum, or None when it does not apply to one text
    of that field (the number of bullets is a property of the whole set, not of one bullet)."""
    kind = rule["measure"]
    config = channel_rules(channel)
    if field == ContentField.DESCRIPTION and config.get("description_format") == "text":
        text = html_to_text(text)
    items = keyword_terms(text) if field == ContentField.KEYWORDS else [text]
    if kind == "chars":
        return _chars(text)
    if kind == "bytes":
        return _bytes(text)
    if kind == "items":
        return len(items) if field == ContentField.KEYWORDS else None
    if kind == "item_chars":
        return max((_chars(item) for item in items), default=0)
    if kind == "item_bytes":
        return max((_bytes(item) for item in items), default=0)
    if kind == "joined_bytes":
        return _bytes(config.get("keyword_joiner", " ").join(items))
    return None


def _rule_field(field: str) -> str:
    return "bullets" if field == ContentField.BULLET else field


def limit_issues(*, field: str, text: str, channels: Iterable[str]) -> list[Issue]:
    issues: list[Issue] = []
    for channel in sorted(set(channels)):
        config = channel_rules(channel)
        name = CHANNEL_NAMES.get(channel, channel)
        for rule in config["rules"]:
            if rule["field"] != _rule_field(field):
                continue
            if rule["measure"] == "forbidden_chars":
                found = sorted({char for char in text if char in rule["chars"]})
                if found:
                    issues.append(
                        Issue(
                            rule["severity"],
                            "forbidden_chars",
                            f"{name}: {rule['note']} Found: {' '.join(found)}",
                            channel,
                        )
                    )
                continue
            if rule["measure"] == "word_repeats":
                counts = Counter(
                    word for word in (match.casefold() for match in _WORD.findall(text)) if word not in _SMALL_WORDS
                )
                repeated = sorted(word for word, count in counts.items() if count > rule["max"])
                if repeated:
                    message = f"{name}: {rule['note']} Repeated: {', '.join(repeated)}"
                    issues.append(Issue(rule["severity"], "word_repeats", message, channel, rule["max"]))
                continue
            actual = measure(rule, channel=channel, field=field, text=text)
            if actual is not None and actual > rule["max"]:
                message = f"{name}: {rule['note']} This text has {actual}."
                issues.append(Issue(rule["severity"], "limit", message, channel, rule["max"], actual))
    return issues


def html_issues(*, field: str, text: str) -> list[Issue]:
    if field != ContentField.DESCRIPTION:
        return []
    return [
        Issue("error", "html", f"Line {problem.line}, column {problem.column}: {problem.message}")
        for problem in html_problems(text)
    ]


def _term_pattern(term: str, is_case_sensitive: bool) -> re.Pattern:
    # "Acme" must not match "Acmeville", yet must match in "Acmeのブレスレット": a boundary is
    # only another Latin letter or digit (CJK text has no spaces around words).
    start = rf"(?<!{_LATIN})" if _LATIN_RE.match(term[:1]) else ""
    end = rf"(?!{_LATIN})" if _LATIN_RE.match(term[-1:]) else ""
    return re.compile(start + re.escape(term) + end, 0 if is_case_sensitive else re.IGNORECASE)


def glossary_matches(terms: Sequence, *, source: str, locale: str) -> list:
    """The glossary terms that apply to this source text in this locale."""
    found = []
    for term in terms:
        if term.kind == GlossaryKind.REQUIRED and not locale_covers(term.locale, locale):
            continue
        if _term_pattern(term.term, term.is_case_sensitive).search(source):
            found.append(term)
    return found


def glossary_issues(terms: Sequence, *, source: str, text: str, locale: str, severity: str) -> list[Issue]:
    issues = []
    for term in glossary_matches(terms, source=source, locale=locale):
        if term.kind == GlossaryKind.DO_NOT_TRANSLATE:
            # The term must appear exactly as in the source.
            if not _term_pattern(term.term, True).search(text):
                issues.append(Issue(severity, "glossary", f"Keep “{term.term}” as it is (do not translate)."))
        elif not _term_pattern(term.translation, term.is_case_sensitive).search(text):
            issues.append(Issue(severity, "glossary", f"Translate “{term.term}” as “{term.translation}”."))
    return issues


def counters(*, field: str, text: str, channels: Iterable[str]) -> list[dict]:
    """What the workbench shows under a text: per channel, the measured value against each limit."""
    rows = []
    for channel in sorted(set(channels)):
        config = channel_rules(channel)
        if _rule_field(field) in config.get("unused_fields", []):
            continue
        for rule in config["rules"]:
            if rule["field"] != _rule_field(field) or rule["measure"] in ("forbidden_chars", "word_repeats"):
                continue
            actual = measure(rule, channel=channel, field=field, text=text)
            if actual is None:
                continue
            rows.append(
                {
                    "channel": channel,
                    "channel_name": CHANNEL_NAMES.get(channel, channel),
                    "measure": rule["measure"],
                    "max": rule["max"],
                    "severity": rule["severity"],
                    "actual": actual,
                    "is_over": actual > rule["max"],
                    "note": rule["note"],
                    # What the page's script needs to measure the same way while typing.
                    "joiner": config.get("keyword_joiner", " "),
                    "format": config.get("description_format", "html"),
                }
            )
    return rows
