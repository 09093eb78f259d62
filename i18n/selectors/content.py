"""What a listing says in one marketplace language: each field resolved along the fallback chain.

Resolution of one text: for each step of the chain (the hub locale serving the marketplace
language first), take an approved translation made from the current source; a step that is
the catalog's own language ("en" for an en_US catalog) takes the source text itself. A draft,
a text awaiting review or an outdated translation is never published.

Policy: "publish with fallback" publishes whatever the chain found and flags it; "hold" holds the
listing unless every text is an approved translation somewhere in the chain (falling back to
the untranslated source holds it). A title or description found nowhere holds it either way.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable

from django.db.models import Q

from hub.catalog.models import Variant
from hub.core.exceptions import ApplicationError
from i18n.checks import channel_rules, limit_issues
from i18n.keys import keyword_terms
from i18n.locales import Marketplace, locale_is_source, marketplace_get
from i18n.models import ContentField, MissingTranslationPolicy, SourceText, Translation, TranslationStatus
from i18n.richtext import html_render_safe, html_to_text
from i18n.selectors.policy import policy_chain, policy_get, policy_hub_locale
from i18n.types import FieldContent, Issue, LocalizedContent

_Key = tuple[str, int]  # (field, position)


def _sources(variant: Variant, source_rows: Iterable[SourceText]) -> dict[_Key, tuple[str, int | None]]:
    """Current source text per (field, position), with the variant's own rows replacing the
    product's for a whole field. Values: (text, variant pk or None). `source_rows`: the product's
    SourceText rows (other variants' rows are skipped)."""
    product = variant.product
    product_rows: dict[_Key, str] = {
        (ContentField.TITLE, 0): product.title,
        (ContentField.DESCRIPTION, 0): product.description,
    }
    variant_rows: dict[_Key, str] = {}
    for row in source_rows:
        if row.variant_id not in (None, variant.pk):
            continue
        rows = product_rows if row.variant_id is None else variant_rows
        rows[(row.field, row.position)] = row.text
    overridden = {field for field, _position in variant_rows}
    merged: dict[_Key, tuple[str, int | None]] = {
        key: (text, None) for key, text in product_rows.items() if key[0] not in overridden
    }
    merged.update({key: (text, variant.pk) for key, text in variant_rows.items()})
    return {key: value for key, value in merged.items() if value[0]}


def _resolve(
    key: _Key,
    source: str,
    owner: int | None,
    chain: list[str],
    source_locale: str,
    translations: dict[tuple[_Key, int | None, str], Translation],
) -> FieldContent:
    for index, step in enumerate(chain):
        translation = translations.get((key, owner, step))
        if (
            translation is not None
            and translation.status == TranslationStatus.APPROVED
            and translation.source_text == source
        ):
            return FieldContent(key[0], translation.text, step, index > 0, False, True)
        if locale_is_source(step, source_locale):
            return FieldContent(key[0], source, step, index > 0, True, index == 0)
    return FieldContent(key[0], "", "", True, False, False)


def localized_content_for(
    *,
    variant: Variant,
    marketplace: str | Marketplace,
    locale: str | None = None,
    readable: Callable[[str], bool] | None = None,
) -> LocalizedContent:
    """`locale` is the marketplace's language tag ("fr_CA" on amazon.CA); its default when omitted.
    `readable` (a preview for one person) drops the chain steps that person may not read, so a
    de_AT translator never sees approved German through the fallback; the catalog's own language
    always stays. Four queries: the policy, the variant's product, source rows and translations."""
    found, language = _marketplace_language(marketplace, locale)
    variant = Variant.objects.select_related("product", "account").get(pk=variant.pk)
    account = variant.account
    policy = policy_get(account=account)
    hub_locale = policy_hub_locale(policy, found, language)
    chain = policy_chain(policy, hub_locale)
    if readable is not None:
        chain = [step for step in chain if locale_is_source(step, account.source_locale) or readable(step)]
    sources = SourceText.objects.filter(Q(variant__isnull=True) | Q(variant=variant), product=variant.product)
    rows = Translation.objects.filter(
        Q(variant__isnull=True) | Q(variant=variant), product_id=variant.product_id, locale__in=chain
    )
    translations = {((row.field, row.position), row.variant_id, row.locale): row for row in rows}
    return _localized(variant, found, language.tag, hub_locale, chain, policy, account, sources, translations)


def localized_contents_for(
    *, account, variants: list[Variant], marketplace: str | Marketplace, locale: str | None = None
) -> dict[int, LocalizedContent]:
    """`localized_content_for` of many variants of one account at once (their `product` loaded),
    by variant pk: three queries whatever their number (the policy, source rows, translations)."""
    found, language = _marketplace_language(marketplace, locale)
    policy = policy_get(account=account)
    hub_locale = policy_hub_locale(policy, found, language)
    chain = policy_chain(policy, hub_locale)
    product_ids = sorted({variant.product_id for variant in variants})
    sources: dict[int, list[SourceText]] = defaultdict(list)
    translations: dict[int, dict] = defaultdict(dict)
    for start in range(0, len(product_ids), 1000):
        chunk = product_ids[start : start + 1000]
        for row in SourceText.objects.filter(product_id__in=chunk):
            sources[row.product_id].append(row)
        for row in Translation.objects.filter(product_id__in=chunk, locale__in=chain):
            translations[row.product_id][((row.field, row.position), row.variant_id, row.locale)] = row
    return {
        variant.pk: _localized(
            variant,
            found,
            language.tag,
            hub_locale,
            chain,
            policy,
            account,
            sources[variant.product_id],
            translations[variant.product_id],
        )
        for variant in variants
    }


def _marketplace_language(marketplace: str | Marketplace, locale: str | None):
    found = marketplace if isinstance(marketplace, Marketplace) else marketplace_get(marketplace)
    if found is None:
        raise ApplicationError(f"Unknown marketplace {marketplace}.", fields={"marketplace": ["Unknown marketplace."]})
    language = found.language(locale)
    if language is None:
        tags = ", ".join(lang.tag for lang in found.languages)
        raise ApplicationError(
            f"{found.name} does not publish in {locale}.", fields={"locale": [f"Use one of {tags}."]}
        )
    return found, language


def _localized(variant, found, tag, hub_locale, chain, policy, account, source_rows, translations) -> LocalizedContent:
    sources = _sources(variant, source_rows)
    resolved = {
        key: _resolve(key, text, owner, chain, account.source_locale, translations)
        for key, (text, owner) in sorted(sources.items(), key=lambda item: (item[0][0], item[0][1]))
    }
    return _content(found, tag, hub_locale, policy.missing_translation, resolved)


def _content(
    marketplace: Marketplace,
    tag: str,
    hub_locale: str,
    policy_choice: str,
    resolved: dict[_Key, FieldContent],
) -> LocalizedContent:
    def text_of(field: str) -> FieldContent | None:
        return resolved.get((field, 0))

    title = text_of(ContentField.TITLE)
    description = text_of(ContentField.DESCRIPTION)
    bullets = [content for (field, _), content in sorted(resolved.items()) if field == ContentField.BULLET]
    keywords = text_of(ContentField.KEYWORDS)
    fields = [content for content in (title, description, *bullets, keywords) if content is not None]

    unresolved_required = any(content is not None and not content.locale_used for content in (title, description))
    untranslated_fallback = any(content.is_source and content.is_fallback for content in fields)
    if policy_choice == MissingTranslationPolicy.HOLD:
        is_held = unresolved_required or untranslated_fallback or any(not content.locale_used for content in fields)
    else:
        is_held = unresolved_required

    description_text = description.text if description else ""
    if channel_rules(marketplace.channel).get("description_format") == "text":
        description_text = html_to_text(description_text)
    elif description_text:
        description_text = html_render_safe(description_text)
    bullet_texts = tuple(content.text for content in bullets if content.locale_used)
    keyword_terms_ = tuple(keyword_terms(keywords.text)) if keywords and keywords.locale_used else ()
    return LocalizedContent(
        marketplace=marketplace.code,
        language_tag=tag,
        locale=hub_locale,
        title=title.text if title else "",
        description=description_text,
        bullets=bullet_texts,
        keywords=keyword_terms_,
        locale_used=title.locale_used if title else "",
        is_fallback=any(content.is_fallback for content in fields),
        is_approved=all(content.is_approved for content in fields),
        is_held=is_held,
        fields=tuple(fields),
        issues=tuple(_issues(marketplace.channel, title, description, bullet_texts, keywords)),
    )


def _issues(
    channel: str,
    title: FieldContent | None,
    description: FieldContent | None,
    bullets: Iterable[str],
    keywords: FieldContent | None,
) -> list[Issue]:
    issues: list[Issue] = []
    for content in (title, description, keywords):
        if content is not None and content.text:
            issues.extend(limit_issues(field=content.field, text=content.text, channels=[channel]))
    bullets = list(bullets)
    for bullet in bullets:
        issues.extend(limit_issues(field=ContentField.BULLET, text=bullet, channels=[channel]))
    for rule in channel_rules(channel)["rules"]:
        if rule["field"] == "bullets" and rule["measure"] == "items" and len(bullets) > rule["max"]:
            issues.append(Issue(rule["severity"], "limit", rule["note"], channel, rule["max"], len(bullets)))
    return issues
