"""Ship the USD pegs (source "peg") and the default price rounding rules as data, from the CSV
files in currency/data/ (the files are the record; this only loads them)."""

import csv
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.db import migrations
from django.utils import timezone

DATA = Path(__file__).resolve().parent.parent / "data"


def _rows(name: str) -> list[dict]:
    lines = [line for line in (DATA / name).read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    return list(csv.DictReader(lines))


def load(apps, schema_editor):
    ExchangeRate = apps.get_model("currency", "ExchangeRate")
    PriceRoundingRule = apps.get_model("currency", "PriceRoundingRule")
    now = timezone.now()
    for row in _rows("pegs.csv"):
        ExchangeRate.objects.get_or_create(
            date=date.fromisoformat(row["date"]),
            base=row["base"],
            quote=row["quote"],
            source="peg",
            account=None,
            defaults={"rate": Decimal(row["rate"]), "note": row["note"], "fetched_at": now},
        )
    for row in _rows("rounding_rules.csv"):
        PriceRoundingRule.objects.get_or_create(
            marketplace_key=row["marketplace_key"],
            currency=row["currency"],
            defaults={
                "step": Decimal(row["step"]),
                "ending": Decimal(row["ending"]),
                "direction": row["direction"],
                "note": row["note"],
            },
        )


def unload(apps, schema_editor):
    apps.get_model("currency", "ExchangeRate").objects.filter(source="peg", account=None).delete()
    apps.get_model("currency", "PriceRoundingRule").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("currency", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
