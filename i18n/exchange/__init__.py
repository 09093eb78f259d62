"""Exchange files for translators' own tools: export a locale's texts, import them back.

export_file(...) -> ExportFile(filename, content_type, content)
import_file(...) -> ImportReport   (raises ApplicationError with extra.rows for a bad file)
"""

from dataclasses import dataclass

from django.conf import settings

from hub.accounts.models import Membership
from hub.core.exceptions import ApplicationError
from i18n.access import locale_read_check, locale_write_check
from i18n.exchange.common import ExchangeEntry, FileProblem, bad_file, entries_apply
from i18n.exchange.po import po_read, po_write
from i18n.exchange.xliff import xliff12_write, xliff20_write, xliff_read
from i18n.locales import locale_is_valid
from i18n.selectors import Queue, text_unit_page
from i18n.types import ImportReport

FORMATS = {
    "po": ("po", "text/x-gettext-translation; charset=utf-8"),
    "xliff-1.2": ("xlf", "application/xliff+xml; charset=utf-8"),
    "xliff-2.0": ("xlf", "application/xliff+xml; charset=utf-8"),
}


@dataclass(frozen=True)
class ExportFile:
    filename: str
    content_type: str
    content: bytes
    unit_count: int


def _locale_check(locale: str) -> None:
    """A locale in the URL that is no locale at all ("de%00", "xx_YY") is bad input, not a crash."""
    if not locale_is_valid(locale):
        message = f"'{locale}' is not a locale id (use e.g. de, es_MX)."
        raise ApplicationError(message, code="invalid", fields={"locale": [message]})


def export_file(*, membership: Membership, locale: str, file_format: str, queue: str = Queue.PENDING) -> ExportFile:
    _locale_check(locale)
    locale_read_check(membership, locale)
    if file_format not in FORMATS:
        raise bad_file(f"Unknown format {file_format}; use {', '.join(FORMATS)}.", [])
    account = membership.account
    _total, units = text_unit_page(
        account=account, locale=locale, queue=queue, offset=0, limit=settings.I18N_EXPORT_MAX_UNITS
    )
    original = f"crossborder-hub/account-{account.pk}/{locale}"
    if file_format == "po":
        content = po_write(units=units, locale=locale, source_locale=account.source_locale, account_name=account.name)
    elif file_format == "xliff-1.2":
        content = xliff12_write(units=units, locale=locale, source_locale=account.source_locale, original=original)
    else:
        content = xliff20_write(units=units, locale=locale, source_locale=account.source_locale, original=original)
    extension, content_type = FORMATS[file_format]
    version = file_format.removeprefix("xliff-").replace(".", "") if file_format != "po" else ""
    filename = f"account{account.pk}-{locale}-{queue}{'-xliff' + version if version else ''}.{extension}"
    return ExportFile(filename=filename, content_type=content_type, content=content, unit_count=len(units))


def _sniff_xml(data: bytes) -> bool:
    return data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<")


def import_file(*, membership: Membership, locale: str, data: bytes, submit: bool = False) -> ImportReport:
    """Read a PO or XLIFF file (told apart by content) and apply it. A file that cannot be read
    changes nothing and raises with the offending rows."""
    _locale_check(locale)
    locale_write_check(membership, locale)
    if not data:
        raise bad_file("The file is empty.", [{"row": 1, "column": 1, "message": "Empty file."}])
    if len(data) > settings.UPLOAD_MAX_BYTES:
        raise bad_file(f"The file is larger than {settings.UPLOAD_MAX_BYTES} bytes.", [])
    try:
        if _sniff_xml(data):
            file_format, entries = xliff_read(data, locale=locale)
        else:
            file_format, entries = "po", po_read(data, locale=locale)
    except FileProblem as problem:
        raise bad_file(problem.message, problem.rows) from None
    return entries_apply(membership=membership, locale=locale, entries=entries, file_format=file_format, submit=submit)


__all__ = ["FORMATS", "ExchangeEntry", "ExportFile", "export_file", "import_file"]
