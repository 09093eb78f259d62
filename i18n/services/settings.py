"""Writes of the account's i18n policy and glossary."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from hub.accounts.models import SellerAccount
from i18n.locales import locale_is_source, locale_is_valid, marketplace_get
from i18n.models import GlossaryKind, GlossaryTerm, I18nPolicy, MissingTranslationPolicy
from i18n.selectors import policy_get

POLICY_FIELDS = {
    "missing_translation",
    "is_four_eyes",
    "target_locales",
    "fallback_chains",
    "marketplace_locales",
    "marketplaces",
}


def _locale_errors(values: object, source_locale: str, *, allow_source: bool = False) -> list[str]:
    if not isinstance(values, list) or not all(isinstance(value, str) for value in values):
        return ["A list of locale ids such as de or es_MX."]
    errors = [f"'{value}' is not a locale id (use e.g. de, es_MX)." for value in values if not locale_is_valid(value)]
    if not allow_source:
        errors += [
            f"'{value}' is the catalog's own language." for value in values if locale_is_source(value, source_locale)
        ]
    if len(set(values)) != len(values):
        errors.append("A locale appears twice.")
    return errors


def _policy_errors(account: SellerAccount, fields: dict) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    source = account.source_locale
    if "missing_translation" in fields and fields["missing_translation"] not in MissingTranslationPolicy.values:
        errors["missing_translation"] = [f"One of {', '.join(MissingTranslationPolicy.values)}."]
    if "is_four_eyes" in fields and not isinstance(fields["is_four_eyes"], bool):
        errors["is_four_eyes"] = ["true or false."]
    if "target_locales" in fields:
        if problems := _locale_errors(fields["target_locales"], source):
            errors["target_locales"] = problems
    chains = fields.get("fallback_chains", {})
    if not isinstance(chains, dict):
        errors["fallback_chains"] = ['An object such as {"fr_CA": ["fr", "en"]}.']
    else:
        for locale, chain in chains.items():
            problems = _locale_errors([locale], source, allow_source=True)
            problems += _locale_errors(chain, source, allow_source=True)
            if isinstance(chain, list) and locale in chain:
                problems.append("A locale cannot fall back to itself.")
            if problems:
                errors[f"fallback_chains.{locale}"] = problems
    mapping = fields.get("marketplace_locales", {})
    if not isinstance(mapping, dict):
        errors["marketplace_locales"] = ['An object such as {"amazon.UK:en_GB": "en_GB"}.']
    else:
        for key, locale in mapping.items():
            code, _, tag = str(key).rpartition(":")
            marketplace = marketplace_get(code)
            if marketplace is None or marketplace.language(tag) is None:
                errors[f"marketplace_locales.{key}"] = ["Use <marketplace code>:<language tag>, e.g. amazon.UK:en_GB."]
            elif problems := _locale_errors([locale], source, allow_source=True):
                errors[f"marketplace_locales.{key}"] = problems
    codes = fields.get("marketplaces", [])
    if not isinstance(codes, list) or any(not isinstance(c, str) or marketplace_get(c) is None for c in codes):
        errors["marketplaces"] = ["A list of marketplace codes such as amazon.DE, aliexpress, wish."]
    return errors


@transaction.atomic
def policy_update(*, account: SellerAccount, **fields: object) -> I18nPolicy:
    unknown = set(fields) - POLICY_FIELDS
    if unknown:
        raise ValidationError({name: ["Not a policy setting."] for name in sorted(unknown)})
    errors = _policy_errors(account, fields)
    if errors:
        raise ValidationError(errors)
    policy = policy_get(account=account)
    for name, value in fields.items():
        if name == "marketplaces":
            # Stored under their hub codes, whichever id the caller used.
            value = [marketplace_get(code).code for code in value]  # type: ignore[union-attr, attr-defined]
        setattr(policy, name, value)
    policy.save()
    return policy


def _glossary_clean(account: SellerAccount, data: dict) -> dict:
    kind = data.get("kind")
    term = (data.get("term") or "").strip()
    locale = (data.get("locale") or "").strip()
    translation = (data.get("translation") or "").strip()
    errors: dict[str, list[str]] = {}
    if not term:
        errors["term"] = ["A term is required."]
    if kind not in GlossaryKind.values:
        errors["kind"] = [f"One of {', '.join(GlossaryKind.values)}."]
    elif kind == GlossaryKind.DO_NOT_TRANSLATE:
        if locale or translation:
            errors["locale" if locale else "translation"] = ["A do-not-translate term applies to every locale."]
    else:
        if not locale_is_valid(locale):
            errors["locale"] = ["The locale this translation is required in (e.g. de)."]
        elif locale_is_source(locale, account.source_locale):
            errors["locale"] = ["This is the catalog's own language."]
        if not translation:
            errors["translation"] = ["The required translation."]
    if errors:
        raise ValidationError(errors)
    return {
        "term": term,
        "kind": kind,
        "locale": locale,
        "translation": translation,
        "is_case_sensitive": bool(data.get("is_case_sensitive", False)),
        "note": (data.get("note") or "").strip()[:500],
    }


def _glossary_save(term: GlossaryTerm) -> GlossaryTerm:
    try:
        with transaction.atomic():
            term.save()
    except IntegrityError:
        raise ValidationError({"term": ["This term is already in the glossary for this locale."]}) from None
    return term


def glossary_term_create(*, account: SellerAccount, **data: object) -> GlossaryTerm:
    return _glossary_save(GlossaryTerm(account=account, **_glossary_clean(account, data)))


def glossary_term_update(*, term: GlossaryTerm, **data: object) -> GlossaryTerm:
    current = {
        "term": term.term,
        "kind": term.kind,
        "locale": term.locale,
        "translation": term.translation,
        "is_case_sensitive": term.is_case_sensitive,
        "note": term.note,
    }
    for name, value in _glossary_clean(term.account, {**current, **data}).items():
        setattr(term, name, value)
    return _glossary_save(term)


def glossary_term_delete(*, term: GlossaryTerm) -> None:
    term.delete()
