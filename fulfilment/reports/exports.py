"""CSV and XLSX of any dashboard table: the group keys, then every figure (plain Decimals)."""

from __future__ import annotations

import csv
import io

from fulfilment.reports.selectors import FIGURES
from fulfilment.reports.tables import FIGURE_LABELS, KEY_LABELS, Table, key_label


def table_matrix(table: Table, currency: str) -> list[list]:
    header = [str(KEY_LABELS[name]) for name in table.group_by]
    header += [
        str(FIGURE_LABELS[name]) + (f" ({currency})" if name not in ("orders", "units", "margin_percent") else "")
        for name in FIGURES
    ]
    rows = [header]
    for row in table.rows:
        keys = [key_label(table, name, row[name]) for name in table.group_by]
        rows.append(keys + [row[name] for name in FIGURES])
    return rows


def table_csv(table: Table, currency: str) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in table_matrix(table, currency):
        writer.writerow(["" if value is None else value for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # BOM: spreadsheet apps read UTF-8 (Chinese labels)


def table_xlsx(table: Table, currency: str) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=table.name[:31])
    for row in table_matrix(table, currency):
        # Decimals stay exact: openpyxl writes them as numbers from their text.
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
