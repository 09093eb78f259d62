"""Exact on SQLite, the embedded database of `make run`: SQLite sums decimal columns as floats
(46759.044000000020), so the figures must not come from such sums. The check runs in a child
process on a fresh SQLite file with the `make run` settings (sqlite_revenue.py); the suite's own
database is PostgreSQL."""

import csv
import io
import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
MONEY = (
    "gross_sales",
    "discounts",
    "refunds",
    "fees_returned",
    "marketplace_fees",
    "fulfilment_costs",
    "net_revenue",
    "cost_of_goods",
    "margin",
)


def _run(tmp_path) -> dict:
    environ = {key: value for key, value in os.environ.items() if key not in ("DEBUG", "DATABASE_URL", "REDIS_URL")}
    environ.update(
        DJANGO_SETTINGS_MODULE="hub.config.settings.local",
        DATABASE_URL=f"sqlite:///{tmp_path / 'hub.sqlite3'}",
        MEDIA_ROOT=str(tmp_path / "media"),
    )
    result = subprocess.run(
        [sys.executable, "-m", "tests.fulfilment.reports.sqlite_revenue"],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout)


def _cents(text: str) -> Decimal:
    """A figure as the API writes it: a Decimal string with exactly the euro's two decimals."""
    assert isinstance(text, str) and "." in text and len(text.split(".")[1]) == 2, text
    return Decimal(text)


def test_on_sqlite_rows_add_up_to_the_totals_to_the_cent(tmp_path):
    data = _run(tmp_path)
    assert data["vendor"] == "sqlite"
    # the rollups hold integers (thousandths), which SQLite sums exactly; decimals it would keep
    # as binary floats and sum as floats
    assert data["storage"] == ["integer"]
    assert data["raw_gross_sum"] == repr(int(Decimal(data["expected"]["gross_sales"]) * 1000))
    expected = {key: Decimal(value) for key, value in data["expected"].items()}
    for group_by, answer in data["answers"].items():
        totals = answer["totals"]
        for name in MONEY:
            row_sum = sum((_cents(row[name]) for row in answer["rows"]), Decimal(0))
            assert row_sum == _cents(totals[name]), (group_by, name, row_sum, totals[name])
        # and the totals are the orders' own amounts, summed in Decimal here
        assert _cents(totals["gross_sales"]) == expected["gross_sales"], group_by
        assert _cents(totals["refunds"]) == expected["refunds"], group_by
        assert _cents(totals["fees_returned"]) == expected["fees_returned"], group_by
        assert totals["orders"] == expected["orders"]
        net = (
            _cents(totals["gross_sales"])
            - _cents(totals["discounts"])
            - (_cents(totals["refunds"]) - _cents(totals["fees_returned"]))
            - _cents(totals["marketplace_fees"])
            - _cents(totals["fulfilment_costs"])
        )
        assert _cents(totals["net_revenue"]) == net
    assert len(data["answers"]["channel"]["rows"]) == 3
    assert len(data["answers"]["channel,sku"]["rows"]) > 3

    # the export has the same exact figures
    rows = list(csv.reader(io.StringIO(data["export_csv"])))
    header, body = rows[0], rows[1:]
    gross = header.index("Gross sales (EUR)")
    assert sum((_cents(row[gross]) for row in body), Decimal(0)) == expected["gross_sales"]
