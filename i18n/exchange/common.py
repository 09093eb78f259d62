"""What every exchange format shares: the entries read from a file, file-level errors, and how
entries are applied (unknown ids and stale sources are reported, never applied)."""

from dataclasses import dataclass

from django.db import transaction
from django.http import Http404

from hub.accounts.models import Membership
from hub.core.exceptions import ApplicationError
from i18n.access import locale_write_check
from i18n.exceptions import I18nErrorCode
from i18n.keys import exchange_id_parse, source_hash, text_clean
from i18n.models import ContentField, TranslationStatus
from i18n.selectors import unit_resolve, unit_translation_get
from i18n.services import translation_write
from i18n.types import ImportProblem, ImportReport

FIELD_LABELS = {
    ContentField.TITLE: "title",
    ContentField.DESCRIPTION: "description (HTML subset: p, br, b, strong, i, em, ul, ol, li)",
    ContentField.BULLET: "bullet point",
    ContentField.KEYWORDS: "search keywords, one term per line",
}


@dataclass(frozen=True)
class ExchangeEntry:
    row: int
    id: str
    source: str
    target: str
    is_unfinished: bool = False  # PO fuzzy, XLIFF "needs translation" / "initial": never sent for review
    problem: str = ""  # set by a reader when the entry itself cannot be used (plural, inline markup)


class FileProblem(Exception):
    """A file that cannot be read at all: nothing is applied, the rows say where."""

    def __init__(self, message: str, rows: list[dict]) -> None:
        super().__init__(message)
        self.message = message
        self.rows = rows


def bad_file(message: str, rows: list[dict]) -> ApplicationError:
    return ApplicationError(message, code=I18nErrorCode.BAD_FILE.value, extra={"rows": rows})


def _is_untouched(unit, locale: str, entry: ExchangeEntry, *, submit: bool) -> bool:
    stored = unit_translation_get(unit=unit, locale=locale)
    if stored is None or stored.text != text_clean(unit.field, entry.target):
        return False
    # Same text: only a request to send an unchanged draft for review still does something.
    wants_review = submit and not entry.is_unfinished and stored.status == TranslationStatus.DRAFT
    return not (wants_review and stored.source_text == unit.source_text)


def entries_apply(
    *, membership: Membership, locale: str, entries: list[ExchangeEntry], file_format: str, submit: bool = False
) -> ImportReport:
    locale_write_check(membership, locale)
    refused: list[ImportProblem] = []
    applied = unchanged = untranslated = 0
    seen: set[str] = set()

    def refuse(entry: ExchangeEntry, code: str, message: str) -> None:
        refused.append(ImportProblem(row=entry.row, id=entry.id, code=code, message=message))

    with transaction.atomic():
        for entry in entries:
            parsed = exchange_id_parse(entry.id)
            if entry.problem:
                refuse(entry, "unsupported", entry.problem)
                continue
            if parsed is None:
                refuse(entry, "unknown_unit", "This id was not exported by the hub.")
                continue
            if entry.id in seen:
                refuse(entry, "duplicate", "This id appears twice in the file; the first one was used.")
                continue
            seen.add(entry.id)
            if parsed.locale != locale:
                refuse(entry, "wrong_locale", f"This text is for {parsed.locale}, not {locale}.")
                continue
            try:
                unit = unit_resolve(account=membership.account, ref=parsed.unit)
            except Http404:
                refuse(entry, "unknown_unit", "No such text in this account (deleted since the export?).")
                continue
            if not source_hash(unit.source_text).startswith(parsed.hash_prefix):
                refuse(
                    entry,
                    "source_changed",
                    "The source text changed after this file was exported; export again and translate the new text.",
                )
                continue
            if not source_hash(entry.source).startswith(parsed.hash_prefix):
                refuse(entry, "source_edited", "The source text in the file was edited; only the target may change.")
                continue
            if not entry.target.strip():
                untranslated += 1
                continue
            if _is_untouched(unit, locale, entry, submit=submit):
                # The file holds what the hub holds: nothing to change (an outdated approved
                # translation stays approved and outdated until someone edits it).
                unchanged += 1
                continue
            try:
                result = translation_write(
                    membership=membership,
                    unit=unit,
                    locale=locale,
                    text=entry.target,
                    submit=submit and not entry.is_unfinished,
                )
            except ApplicationError as error:
                messages = error.fields.get("text") or [error.message]
                refuse(entry, "invalid_text", " ".join(messages))
                continue
            if result.is_changed:
                applied += 1
            else:
                unchanged += 1
    return ImportReport(
        locale=locale,
        format=file_format,
        applied=applied,
        unchanged=unchanged,
        untranslated=untranslated,
        refused=tuple(refused),
    )
