"""The ECB euro reference-rate files: 1 EUR = x units of each currency, per working day.

Formats read (all from https://www.ecb.europa.eu/stats/eurofxref/):
- `eurofxref-hist.csv` (and its zip): `Date,USD,JPY,...,` newest first, ISO dates, `N/A` where a
  currency was not quoted, and a trailing comma on every line;
- `eurofxref.csv` (and its zip): one day, spaces after commas, dates like `30 October 2026`;
- `eurofxref-daily.xml`, `eurofxref-hist-90d.xml`, `eurofxref-hist.xml`: a gesmes envelope with
  `<Cube time="YYYY-MM-DD">` days holding `<Cube currency="USD" rate="1.0705"/>`.

Every problem is reported with its line and column; one bad cell refuses the whole file.
"""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from xml.parsers import expat

from currency.exceptions import RateFileError, row_error
from currency.parsers.common import (
    RateRow,
    currency_parse,
    errors_raise,
    rate_parse,
    text_decode,
    zip_member_read,
)

ECB_BASE = "EUR"
_MISSING = {"", "N/A", "NA", "-"}


def ecb_date_parse(text: str) -> date:
    text = text.strip()
    for pattern in ("%Y-%m-%d", "%d %B %Y"):
        try:
            return datetime.strptime(text, pattern).date()  # noqa: DTZ007 - a calendar date, no time
        except ValueError:
            continue
    raise ValueError(f"'{text}' is not a date (YYYY-MM-DD or '30 October 2026').")


def ecb_parse(data: bytes) -> list[RateRow]:
    """Rows of any ECB file (csv, xml, or a zip holding one); raises RateFileError."""
    if data[:4] == b"PK\x03\x04":
        name, data = zip_member_read(data, (".csv", ".xml"))
        return ecb_xml_parse(data) if name.lower().endswith(".xml") else ecb_csv_parse(text_decode(data))
    if data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"<":
        return ecb_xml_parse(data)
    return ecb_csv_parse(text_decode(data))


def ecb_csv_parse(text: str) -> list[RateRow]:
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if not header or header[0].strip().lower() != "date":
        raise RateFileError(
            "Not an ECB rates file.", [row_error(1, None, "The first column of the header must be 'Date'.")]
        )
    errors: list[dict] = []
    columns: list[tuple[int, str]] = []
    for index, cell in enumerate(header[1:], start=1):
        if not cell.strip():
            continue  # the trailing comma of every ECB line
        try:
            columns.append((index, currency_parse(cell)))
        except ValueError as error:
            errors.append(row_error(1, cell.strip(), str(error)))
    if not columns:
        errors.append(row_error(1, None, "The header names no currency."))
    errors_raise(errors, "The ECB file's header is wrong")

    rows: list[RateRow] = []
    seen: dict[date, int] = {}
    for line, cells in enumerate(reader, start=2):
        if not cells or all(not cell.strip() for cell in cells):
            continue
        try:
            day = ecb_date_parse(cells[0])
        except ValueError as error:
            errors.append(row_error(line, "Date", str(error)))
            continue
        if day in seen:
            errors.append(row_error(line, "Date", f"{day.isoformat()} also appears on line {seen[day]}."))
            continue
        seen[day] = line
        for index, code in columns:
            cell = cells[index].strip() if index < len(cells) else ""
            if cell in _MISSING:
                continue
            try:
                rows.append(RateRow(day, ECB_BASE, code, rate_parse(cell), line))
            except ValueError as error:
                errors.append(row_error(line, code, str(error)))
    errors_raise(errors, "The ECB file has bad rows")
    if not rows:
        raise RateFileError("The ECB file holds no rates.", [row_error(None, None, "No rates found.")])
    return rows


def ecb_xml_parse(data: bytes) -> list[RateRow]:
    parser = expat.ParserCreate(namespace_separator=" ")
    rows: list[RateRow] = []
    errors: list[dict] = []
    state: dict = {"day": None, "days": set()}

    def refuse_doctype(*args) -> None:
        # ECB files have no DTD; refusing one rules out entity-expansion tricks.
        raise RateFileError(
            "The XML file declares a DTD.", [row_error(parser.CurrentLineNumber, None, "DTDs are not accepted.")]
        )

    def start(name: str, attributes: dict[str, str]) -> None:
        if name.rsplit(" ", 1)[-1] != "Cube":
            return
        line = parser.CurrentLineNumber
        if "time" in attributes:
            try:
                day = ecb_date_parse(attributes["time"])
            except ValueError as error:
                errors.append(row_error(line, "time", str(error)))
                state["day"] = None
                return
            if day in state["days"]:
                errors.append(row_error(line, "time", f"{day.isoformat()} appears twice."))
            state["days"].add(day)
            state["day"] = day
        elif "currency" in attributes or "rate" in attributes:
            if state["day"] is None:
                errors.append(row_error(line, "currency", "A rate outside a dated <Cube time=...>."))
                return
            try:
                code = currency_parse(attributes.get("currency", ""))
            except ValueError as error:
                errors.append(row_error(line, "currency", str(error)))
                return
            try:
                rows.append(RateRow(state["day"], ECB_BASE, code, rate_parse(attributes.get("rate", "")), line))
            except ValueError as error:
                errors.append(row_error(line, code, str(error)))

    parser.StartElementHandler = start
    parser.StartDoctypeDeclHandler = refuse_doctype
    parser.EntityDeclHandler = refuse_doctype
    try:
        parser.Parse(data, True)
    except expat.ExpatError as error:
        raise RateFileError(
            "The XML file is not well-formed.", [row_error(error.lineno, None, expat.ErrorString(error.code))]
        ) from None
    errors_raise(errors, "The ECB XML file has bad rates")
    if not rows:
        raise RateFileError("The XML file holds no ECB rates.", [row_error(None, None, "No <Cube> rates found.")])
    return rows
