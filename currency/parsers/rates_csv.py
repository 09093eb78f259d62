"""The hub's own rate CSV, for manual rates: `date,base,quote,rate[,note]`, one rate a line
("1 base = rate quote"). Any rate file may also be an ECB file; `rates_file_parse` tells them apart."""

from __future__ import annotations

import csv
import io
from datetime import date

from currency.exceptions import RateFileError, row_error
from currency.parsers.common import RateRow, currency_parse, errors_raise, rate_parse, text_decode
from currency.parsers.ecb import ecb_parse

REQUIRED_COLUMNS = ("date", "base", "quote", "rate")


def rates_csv_parse(text: str) -> list[RateRow]:
    reader = csv.reader(io.StringIO(text))
    header = [cell.strip().lower() for cell in next(reader, [])]
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        raise RateFileError(
            "The rates file's header is wrong.",
            [
                row_error(1, name, f"Column '{name}' is missing (header: date,base,quote,rate[,note]).")
                for name in missing
            ],
        )
    position = {name: header.index(name) for name in (*REQUIRED_COLUMNS, "note") if name in header}
    errors: list[dict] = []
    rows: list[RateRow] = []
    seen: dict[tuple, int] = {}
    for line, cells in enumerate(reader, start=2):
        if not cells or all(not cell.strip() for cell in cells):
            continue
        values = {name: (cells[index].strip() if index < len(cells) else "") for name, index in position.items()}
        row_errors: list[dict] = []
        try:
            day = date.fromisoformat(values["date"])
        except ValueError:
            row_errors.append(row_error(line, "date", f"'{values['date']}' is not a date (YYYY-MM-DD)."))
        parsed = {}
        for name in ("base", "quote"):
            try:
                parsed[name] = currency_parse(values[name])
            except ValueError as error:
                row_errors.append(row_error(line, name, str(error)))
        try:
            rate = rate_parse(values["rate"])
        except ValueError as error:
            row_errors.append(row_error(line, "rate", str(error)))
        if not row_errors and parsed["base"] == parsed["quote"]:
            row_errors.append(row_error(line, "quote", "Base and quote are the same currency."))
        if len(values.get("note", "")) > 200:
            row_errors.append(row_error(line, "note", "The note is longer than 200 characters."))
        if row_errors:
            errors.extend(row_errors)
            continue
        key = (day, parsed["base"], parsed["quote"])
        if key in seen:
            errors.append(row_error(line, "date", f"The same rate is also on line {seen[key]}."))
            continue
        seen[key] = line
        rows.append(RateRow(day, parsed["base"], parsed["quote"], rate, line, values.get("note", "")))
    errors_raise(errors, "The rates file has bad rows")
    if not rows:
        raise RateFileError("The rates file holds no rates.", [row_error(None, None, "No rates found.")])
    return rows


def rates_file_kind(data: bytes) -> str:
    """'ecb' for ECB files (zip, xml, or a CSV whose header is Date + currency codes), else 'csv'."""
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if data[:4] == b"PK\x03\x04" or head[:1] == b"<":
        return "ecb"
    first_line = head.split(b"\n", 1)[0].decode("utf-8", "replace").lower()
    cells = [cell.strip() for cell in first_line.split(",")]
    return "csv" if all(name in cells for name in ("base", "quote", "rate")) else "ecb"


def rates_file_parse(data: bytes) -> tuple[str, list[RateRow]]:
    kind = rates_file_kind(data)
    return kind, (ecb_parse(data) if kind == "ecb" else rates_csv_parse(text_decode(data)))
