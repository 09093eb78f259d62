"""The Amazon marketplace list (channels/data/amazon_marketplaces.json) as typed, cached data."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA_FILE = Path(__file__).resolve().parent / "data" / "amazon_marketplaces.json"


@dataclass(frozen=True)
class AmazonMarketplace:
    code: str
    country: str
    marketplace_id: str
    region: str
    currency: str
    default_locale: str


@cache
def amazon_marketplaces() -> dict[str, AmazonMarketplace]:
    """marketplace id -> marketplace."""
    rows = json.loads(DATA_FILE.read_text(encoding="utf-8"))["marketplaces"]
    return {row["marketplace_id"]: AmazonMarketplace(**row) for row in rows}


def amazon_marketplace_get(marketplace_id: str) -> AmazonMarketplace | None:
    return amazon_marketplaces().get(marketplace_id)


def amazon_marketplace_by_code(code: str) -> AmazonMarketplace | None:
    code = "UK" if code.upper() == "GB" else code.upper()
    return next((m for m in amazon_marketplaces().values() if m.code == code), None)
