"""PO files through babel.messages.

One entry per text unit: msgctxt is the exchange id (unit, locale, source hash), msgid the source,
msgstr the translation. Outdated translations are exported fuzzy with the old source as
`#| msgid`, so PO editors show what changed. Babel flags any msgid with a '%' as python-format;
listing text has no format placeholders, so that flag is ignored on import.

Babel's reader is lenient (an unterminated string is silently cut short), so every line is
checked here first and a malformed file is refused with line numbers.
"""

import io
import re

from babel.messages.catalog import Catalog
from babel.messages.pofile import PoFileError, read_po

from i18n.exchange.common import FIELD_LABELS, ExchangeEntry, FileProblem
from i18n.keys import exchange_id
from i18n.types import TextUnit

_KEYWORD_LINE = re.compile(r'^(msgctxt|msgid|msgid_plural|msgstr|msgstr\[\d+\])\s+"(.*)"\s*$')
_KEYWORD_START = re.compile(r"^(msgctxt|msgid|msgid_plural|msgstr|msgstr\[\d+\])\s")
_CONTINUATION = re.compile(r'^"(.*)"\s*$')
# Inside a quoted PO string: escaped characters, or anything but a quote or a backslash.
_STRING_BODY = re.compile(r'^(?:\\[\\"ntr]|[^"\\])*$')
_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r"})


def _quote(text: str) -> str:
    return '"' + text.translate(_ESCAPES) + '"'


def _po_lines(keyword: str, text: str, prefix: str = "") -> list[str]:
    """`keyword "text"`, or for text with line breaks `keyword ""` and one quoted line per line.
    Lines are never wrapped inside a string: a wrapped `#|` comment is what broke msgfmt before."""
    pieces = text.splitlines(keepends=True)
    if len(pieces) <= 1:
        return [f"{prefix}{keyword} {_quote(text)}"]
    return [f'{prefix}{keyword} ""', *(f"{prefix}{_quote(piece)}" for piece in pieces)]


def _comment_lines(marker: str, text: str) -> list[str]:
    return [f"{marker} {line}".rstrip() for line in text.splitlines() or [""]]


def _header(*, locale: str, source_locale: str, account_name: str) -> list[str]:
    catalog = Catalog(locale=locale, project="Crossborder Hub", fuzzy=False, version="1", language_team=locale)
    fields = [f"{name}: {value}\n" for name, value in catalog.mime_headers]
    comment = [
        f"Listing texts of {account_name}: {source_locale} -> {locale}.",
        "Translate msgstr only. Keep msgctxt and msgid as they are:",
        "they tell the hub which text this is and its source.",
    ]
    lines = [line for text in comment for line in _comment_lines("#", text)]
    lines += ['msgid ""', 'msgstr ""', *(_quote(field) for field in fields)]
    return lines


def po_write(*, units: list[TextUnit], locale: str, source_locale: str, account_name: str) -> bytes:
    """A PO file GNU msgfmt -c and polib accept: header from Babel, entries written here.

    Babel's writer wraps the `#| msgid` of outdated entries in the middle of their quotes, so the
    entries are written line by line: every string on one line per source line, escaped."""
    lines = _header(locale=locale, source_locale=source_locale, account_name=account_name)
    for unit in units:
        where = f"{unit.product_code}{' / ' + unit.variant_sku if unit.variant_sku else ''}"
        label = FIELD_LABELS.get(unit.field, unit.field) + (f" {unit.position + 1}" if unit.field == "bullet" else "")
        lines.append("")
        lines += _comment_lines("#.", f"{where}: {label}")
        lines += _comment_lines("#.", f"status: {unit.status}{' (source changed)' if unit.is_outdated else ''}")
        if unit.is_outdated:
            lines.append("#, fuzzy")
            lines += _po_lines("msgid", unit.previous_source_text, prefix="#| ")
        lines += _po_lines("msgctxt", exchange_id(unit.unit, locale, unit.source_hash))
        lines += _po_lines("msgid", unit.source_text)
        lines += _po_lines("msgstr", unit.text)
    return ("\n".join(lines) + "\n").encode("utf-8")


def _check_lines(text: str) -> list[dict]:
    rows = []
    contexts: dict[str, int] = {}
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        match = _KEYWORD_LINE.match(stripped) or _CONTINUATION.match(stripped)
        if match is None:
            message = (
                "Broken quoted text (unescaped quote or bad escape)."
                if _KEYWORD_START.match(stripped) or stripped.startswith('"')
                else "Not a PO line (keyword and quoted text expected)."
            )
            rows.append({"row": number, "column": 1, "message": message})
            continue
        body = match.group(match.lastindex or 1)
        if not _STRING_BODY.match(body):
            rows.append({"row": number, "column": 1, "message": "Broken quoted text (unescaped quote or bad escape)."})
            continue
        if match.re is _KEYWORD_LINE and match.group(1) == "msgctxt":
            if body in contexts:
                rows.append(
                    {"row": number, "column": 1, "message": f"msgctxt repeats the entry of line {contexts[body]}."}
                )
            contexts[body] = number
    return rows


def po_read(data: bytes, *, locale: str) -> list[ExchangeEntry]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise FileProblem(
            "The file is not UTF-8.", [{"row": line, "column": 1, "message": "Not UTF-8 text."}]
        ) from None
    rows = _check_lines(text)
    if rows:
        raise FileProblem("The PO file is malformed.", rows)
    try:
        catalog = read_po(io.StringIO(text), abort_invalid=True)
    except PoFileError as error:
        row = {"row": error.lineno + 1, "column": 1, "message": str(error)}
        raise FileProblem("The PO file is malformed.", [row]) from None
    except (ValueError, LookupError) as error:
        # An unknown Language header or charset.
        raise FileProblem("The PO header is not valid.", [{"row": 1, "column": 1, "message": str(error)}]) from None
    if catalog.locale is not None and str(catalog.locale) != locale:
        message = f"This file is for {catalog.locale}, not {locale}."
        raise FileProblem(message, [{"row": 1, "column": 1, "message": message}])
    entries = []
    for message in catalog:
        if not message.id:
            continue  # the header
        if isinstance(message.id, tuple | list):
            entries.append(
                ExchangeEntry(
                    message.lineno or 0, message.context or "", "", "", problem="Plural forms are not used by listings."
                )
            )
            continue
        entries.append(
            ExchangeEntry(
                row=message.lineno or 0,
                id=message.context or "",
                source=message.id,
                target=message.string or "",
                is_unfinished=message.fuzzy,
            )
        )
    return entries
