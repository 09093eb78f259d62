"""Turn an uploaded CSV or XLSX file into a header and rows of text, or a clear refusal."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.conf import settings

from hub.catalog.spreadsheet.format import cell_unescape
from hub.core.exceptions import ApplicationError
from hub.core.text import human_size


@dataclass
class Sheet:
    header: list[str]
    rows: list[tuple[int, list[str]]]  # (spreadsheet row number, cells), header is row 1
    file_format: str


def _refuse(message: str, *, row: int | None = None, column: str | None = None) -> ApplicationError:
    rows = [{"row": row, "column": column, "message": message}] if row is not None else []
    return ApplicationError(message, code="bad_file", fields={"file": [message]}, extra={"rows": rows})


def detect_format(name: str, head: bytes) -> str:
    lowered = (name or "").lower()
    if lowered.endswith(".xlsx") or head.startswith(b"PK\x03\x04"):
        return "xlsx"
    if lowered.endswith((".csv", ".txt", ".tsv")) or not lowered:
        return "csv"
    if lowered.endswith(".xls"):
        raise _refuse("Old .xls workbooks are not read; save the file as .xlsx or .csv.")
    raise _refuse(f"'{name}' is neither a .csv nor an .xlsx file.")


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        # repr gives the shortest text that reads back as the same float: 19.99, not 19.989999…
        text = repr(value)
        return text[:-2] if text.endswith(".0") else text
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value).strip()


def _read_csv(data: bytes) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise _refuse(
            f"The file is not UTF-8 text (byte 0x{data[error.start]:02x} on line {line}); "
            "save it as 'CSV UTF-8' and upload it again.",
            row=line,
        ) from None
    if "\x00" in text:
        raise _refuse("The file contains NUL bytes; it is not a CSV file.", row=1)
    first_line = text.split("\n", 1)[0]
    try:
        dialect = csv.Sniffer().sniff(first_line, delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise _refuse("The file is empty.", row=1) from None

    def rows() -> Iterator[tuple[int, list[str]]]:
        try:
            for cells in reader:
                yield reader.line_num, [cell_unescape(cell.strip()) for cell in cells]
        except csv.Error as error:
            raise _refuse(f"Line {reader.line_num}: {error}.", row=reader.line_num) from None

    return header, rows()


def _read_xlsx(data: bytes) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise _refuse("The file is not a readable .xlsx workbook.") from None
    sheet = workbook.worksheets[0]
    iterator = sheet.iter_rows(values_only=True)
    try:
        header = [_cell_text(value) for value in next(iterator)]
    except StopIteration:
        raise _refuse("The workbook's first sheet is empty.", row=1) from None

    def rows() -> Iterator[tuple[int, list[str]]]:
        for number, values in enumerate(iterator, start=2):
            yield number, [cell_unescape(_cell_text(value)) for value in values]
        workbook.close()

    return header, rows()


def sheet_read(*, name: str, data: bytes) -> Sheet:
    if len(data) > settings.UPLOAD_MAX_BYTES:
        raise _refuse(f"The file is {human_size(len(data))}; the limit is {human_size(settings.UPLOAD_MAX_BYTES)}.")
    if not data:
        raise _refuse("The file is empty.", row=1)
    file_format = detect_format(name, data[:4])
    header, rows = _read_xlsx(data) if file_format == "xlsx" else _read_csv(data)
    while header and not header[-1].strip():
        header.pop()
    body = [(number, cells) for number, cells in rows if any(cell for cell in cells)]
    return Sheet(header=[cell.strip() for cell in header], rows=body, file_format=file_format)
