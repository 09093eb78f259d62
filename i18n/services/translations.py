"""Writes of translations: save (draft or for review), approve, send back, comment.

Statuses move only along ALLOWED_TRANSITIONS. Any change of the text, or a save made against a
changed source, makes the translation a draft again (or "needs review" when submitted) and
clears the review. Every save runs the checks: HTML and marketplace errors always block it;
glossary findings block it only when the text goes to a reviewer or is approved, so a draft
can be saved half done.
"""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from hub.accounts.models import Membership
from hub.core.exceptions import ApplicationError, ConflictError
from i18n.access import locale_write_check
from i18n.checks import glossary_issues, html_issues, limit_issues
from i18n.exceptions import ForbiddenError, I18nErrorCode
from i18n.keys import UnitRef, source_hash, text_clean
from i18n.locales import locale_is_source, locale_is_valid
from i18n.models import Translation, TranslationComment, TranslationStatus
from i18n.selectors import (
    ResolvedUnit,
    glossary_for_locale,
    policy_channels_for_locale,
    policy_get,
    unit_resolve,
)
from i18n.types import Issue

MISSING = TranslationStatus.MISSING
DRAFT = TranslationStatus.DRAFT
NEEDS_REVIEW = TranslationStatus.NEEDS_REVIEW
APPROVED = TranslationStatus.APPROVED

ALLOWED_TRANSITIONS: dict[str, set[str]] = {
    MISSING: {DRAFT, NEEDS_REVIEW},
    DRAFT: {DRAFT, NEEDS_REVIEW, APPROVED},
    NEEDS_REVIEW: {DRAFT, NEEDS_REVIEW, APPROVED},
    APPROVED: {DRAFT, NEEDS_REVIEW, APPROVED},
}


@dataclass(frozen=True)
class SaveResult:
    translation: Translation
    issues: list[Issue]
    is_changed: bool


def _transition(current: str, target: str) -> None:
    if target not in ALLOWED_TRANSITIONS[current]:
        raise ConflictError(f"A translation cannot go from {current} to {target}.", code=I18nErrorCode.TRANSITION.value)


def issue_dict(issue: Issue) -> dict:
    return {
        "severity": issue.severity,
        "code": issue.code,
        "message": issue.message,
        "channel": issue.channel,
        "limit": issue.limit,
        "actual": issue.actual,
    }


def text_check(*, unit: ResolvedUnit, locale: str, text: str, is_strict: bool) -> list[Issue]:
    """Every finding about `text` as the translation of `unit` in `locale`. `is_strict` turns
    glossary findings into errors (submitting or approving)."""
    account = unit.product.account
    policy = policy_get(account=account)
    issues = html_issues(field=unit.field, text=text)
    issues += limit_issues(field=unit.field, text=text, channels=policy_channels_for_locale(policy, locale))
    issues += glossary_issues(
        glossary_for_locale(account=account, locale=locale),
        source=unit.source_text,
        text=text,
        locale=locale,
        severity="error" if is_strict else "warning",
    )
    return issues


def _raise_if_errors(issues: list[Issue]) -> None:
    errors = [issue.message for issue in issues if issue.is_error]
    if errors:
        raise ApplicationError(
            f"The text cannot be saved: {errors[0]}",
            code="invalid_text",
            fields={"text": errors},
            extra={"issues": [issue_dict(issue) for issue in issues]},
        )


def locale_target_check(*, locale: str, source_locale: str) -> None:
    if not locale_is_valid(locale):
        raise ApplicationError(f"'{locale}' is not a locale id (e.g. de, es_MX).", fields={"locale": ["Unknown."]})
    if locale_is_source(locale, source_locale):
        raise ApplicationError(
            f"{locale} is the catalog's own language ({source_locale}); edit the catalog instead.",
            code=I18nErrorCode.SOURCE_LOCALE.value,
            fields={"locale": ["This is the source language."]},
        )


def _locked_translation(unit: ResolvedUnit, locale: str) -> Translation | None:
    lookup = {"field": unit.field, "position": unit.position, "locale": locale}
    if unit.variant is not None:
        lookup["variant"] = unit.variant
    else:
        lookup.update(product=unit.product, variant__isnull=True)
    return Translation.objects.select_for_update(of=("self",)).filter(**lookup).order_by("pk").first()


def _translation_create(
    membership: Membership, unit: ResolvedUnit, locale: str, text: str, status: str, current_hash: str, now
) -> Translation:
    return Translation.objects.create(
        account=membership.account,
        product=unit.product,
        variant=unit.variant,
        field=unit.field,
        position=unit.position,
        locale=locale,
        source=unit.source_row,
        text=text,
        status=status,
        source_text=unit.source_text,
        source_hash=current_hash,
        translated_by=membership.user,
        translated_at=now,
    )


def translation_write(
    *,
    membership: Membership,
    unit: ResolvedUnit,
    locale: str,
    text: str,
    submit: bool = False,
    expected_source_hash: str | None = None,
) -> SaveResult:
    """Save `text` for a resolved unit (the API, the workbench page and file imports all end here)."""
    locale_write_check(membership, locale)
    locale_target_check(locale=locale, source_locale=membership.account.source_locale)
    text = text_clean(unit.field, text)
    current_hash = source_hash(unit.source_text)
    if expected_source_hash and not current_hash.startswith(expected_source_hash):
        raise ConflictError(
            "The source text changed while this translation was being written; review it and save again.",
            code=I18nErrorCode.SOURCE_CHANGED.value,
            extra={"source_text": unit.source_text, "source_hash": current_hash},
        )
    if not text:
        raise ApplicationError("Write a translation before saving.", fields={"text": ["This text is empty."]})
    issues = text_check(unit=unit, locale=locale, text=text, is_strict=submit)
    _raise_if_errors(issues)

    now = timezone.now()
    with transaction.atomic():
        translation = _locked_translation(unit, locale)
        if translation is None:
            target = NEEDS_REVIEW if submit else DRAFT
            _transition(MISSING, target)
            try:
                with transaction.atomic():
                    created = _translation_create(membership, unit, locale, text, target, current_hash, now)
            except IntegrityError:
                # Another first save of this text won the race (the unique constraint waited for
                # it): lock the row it created and save over it as an edit.
                created = None
                translation = _locked_translation(unit, locale)
                if translation is None:
                    raise ConflictError(
                        "This text was saved by someone else at the same moment; reload it and save again.",
                        code="conflict",
                    ) from None
            if created is not None:
                return SaveResult(created, issues, True)

        is_changed = translation.text != text or translation.source_text != unit.source_text
        if is_changed:
            target = NEEDS_REVIEW if submit else DRAFT
            _transition(translation.status, target)
            translation.text = text
            translation.source_text = unit.source_text
            translation.source_hash = current_hash
            translation.translated_by = membership.user
            translation.translated_at = now
            translation.reviewed_by = None
            translation.reviewed_at = None
            translation.status = target
        elif submit and translation.status == DRAFT:
            _transition(DRAFT, NEEDS_REVIEW)
            translation.status = NEEDS_REVIEW
        else:
            return SaveResult(translation, issues, False)
        translation.save()
        return SaveResult(translation, issues, True)


def translation_save(
    *,
    membership: Membership,
    ref: UnitRef,
    locale: str,
    text: str,
    submit: bool = False,
    expected_source_hash: str | None = None,
) -> SaveResult:
    locale_write_check(membership, locale)
    unit = unit_resolve(account=membership.account, ref=ref)
    return translation_write(
        membership=membership,
        unit=unit,
        locale=locale,
        text=text,
        submit=submit,
        expected_source_hash=expected_source_hash,
    )


def _existing(
    membership: Membership, ref: UnitRef, locale: str, missing_message: str = "There is no translation to review yet."
) -> tuple[ResolvedUnit, Translation]:
    locale_write_check(membership, locale)
    unit = unit_resolve(account=membership.account, ref=ref)
    translation = _locked_translation(unit, locale)
    if translation is None:
        raise ConflictError(missing_message, code=I18nErrorCode.TRANSITION.value)
    return unit, translation


@transaction.atomic
def translation_approve(
    *, membership: Membership, ref: UnitRef, locale: str, expected_source_hash: str | None = None
) -> Translation:
    unit, translation = _existing(membership, ref, locale)
    if translation.source_text != unit.source_text or (
        expected_source_hash and not source_hash(unit.source_text).startswith(expected_source_hash)
    ):
        raise ConflictError(
            "The source text changed after this translation was made; update the translation first.",
            code=I18nErrorCode.OUTDATED.value,
        )
    if translation.status == APPROVED:
        return translation
    policy = policy_get(account=membership.account)
    if policy.is_four_eyes:
        if translation.status != NEEDS_REVIEW:
            raise ConflictError("Send the text for review first (four-eyes rule).", code=I18nErrorCode.TRANSITION.value)
        if translation.translated_by_id == membership.user_id:
            raise ForbiddenError(
                "This account uses the four-eyes rule: someone else must approve your translation.",
                code=I18nErrorCode.FOUR_EYES.value,
            )
    _transition(translation.status, APPROVED)
    _raise_if_errors(text_check(unit=unit, locale=locale, text=translation.text, is_strict=True))
    translation.status = APPROVED
    translation.reviewed_by = membership.user
    translation.reviewed_at = timezone.now()
    translation.save(update_fields=["status", "reviewed_by", "reviewed_at", "updated_at"])
    return translation


@transaction.atomic
def translation_send_back(*, membership: Membership, ref: UnitRef, locale: str, comment: str) -> Translation:
    """A reviewer returns a text to its translator with a comment saying why."""
    comment = (comment or "").strip()
    if not comment:
        raise ApplicationError("Say what needs changing.", fields={"comment": ["A comment is required."]})
    _unit, translation = _existing(membership, ref, locale)
    if translation.status not in (NEEDS_REVIEW, APPROVED):
        raise ConflictError("Only a text in review or approved can be sent back.", code=I18nErrorCode.TRANSITION.value)
    _transition(translation.status, DRAFT)
    translation.status = DRAFT
    translation.reviewed_by = None
    translation.reviewed_at = None
    translation.save(update_fields=["status", "reviewed_by", "reviewed_at", "updated_at"])
    TranslationComment.objects.create(translation=translation, author=membership.user, text=comment)
    return translation


@transaction.atomic
def translation_comment_add(*, membership: Membership, ref: UnitRef, locale: str, text: str) -> TranslationComment:
    text = (text or "").strip()
    if not text:
        raise ApplicationError("The comment is empty.", fields={"text": ["Write a comment."]})
    _unit, translation = _existing(membership, ref, locale, "Comments belong to a translation: save one first.")
    return TranslationComment.objects.create(translation=translation, author=membership.user, text=text[:5000])
