"""The Amazon sandbox's SQLite schema, the simulated clock and the marketplace table.

Times are stored as epoch seconds of the *simulated* clock, which starts at the wall clock and
runs `speedup` times faster (`POST /_control/clock/advance` jumps it ahead). Documents are kept
as JSON next to the columns that queries filter and sort on.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"

SCHEMA = """
CREATE TABLE IF NOT EXISTS listings (
    seller_id TEXT NOT NULL, sku TEXT NOT NULL, marketplace_id TEXT NOT NULL,
    product_type TEXT NOT NULL, requirements TEXT NOT NULL, attributes TEXT NOT NULL,
    asin TEXT NOT NULL, fnsku TEXT NOT NULL, issues TEXT NOT NULL DEFAULT '[]',
    created REAL NOT NULL, updated REAL NOT NULL,
    PRIMARY KEY (seller_id, sku, marketplace_id)
);
CREATE TABLE IF NOT EXISTS orders (
    order_id TEXT PRIMARY KEY, seller_id TEXT NOT NULL, marketplace_id TEXT NOT NULL,
    status TEXT NOT NULL, channel TEXT NOT NULL, purchased REAL NOT NULL, updated REAL NOT NULL,
    next_at REAL, next_step TEXT, doc TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS orders_by_purchase ON orders (seller_id, purchased, order_id);
CREATE INDEX IF NOT EXISTS orders_by_update ON orders (seller_id, updated, order_id);
CREATE INDEX IF NOT EXISTS orders_due ON orders (next_at);
CREATE TABLE IF NOT EXISTS financial_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT, seller_id TEXT NOT NULL, order_id TEXT NOT NULL,
    kind TEXT NOT NULL, posted REAL NOT NULL, doc TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS inventory (
    seller_id TEXT NOT NULL, marketplace_id TEXT NOT NULL, sku TEXT NOT NULL,
    asin TEXT NOT NULL, fnsku TEXT NOT NULL, product_name TEXT NOT NULL,
    fulfillable INTEGER NOT NULL DEFAULT 0, reserved INTEGER NOT NULL DEFAULT 0,
    unfulfillable INTEGER NOT NULL DEFAULT 0, inbound_working INTEGER NOT NULL DEFAULT 0,
    inbound_shipped INTEGER NOT NULL DEFAULT 0, inbound_receiving INTEGER NOT NULL DEFAULT 0,
    updated REAL NOT NULL,
    PRIMARY KEY (seller_id, marketplace_id, sku)
);
CREATE TABLE IF NOT EXISTS mcf_orders (
    seller_id TEXT NOT NULL, order_id TEXT NOT NULL, marketplace_id TEXT NOT NULL,
    status TEXT NOT NULL, received REAL NOT NULL, status_updated REAL NOT NULL,
    next_at REAL, doc TEXT NOT NULL,
    PRIMARY KEY (seller_id, order_id)
);
CREATE TABLE IF NOT EXISTS mcf_packages (
    package_number INTEGER PRIMARY KEY AUTOINCREMENT, seller_id TEXT NOT NULL,
    order_id TEXT NOT NULL, shipment_id TEXT NOT NULL, carrier TEXT NOT NULL,
    tracking_number TEXT NOT NULL, shipped REAL NOT NULL, doc TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS inbound_shipments (
    seller_id TEXT NOT NULL, shipment_id TEXT NOT NULL, plan_id TEXT NOT NULL,
    marketplace_id TEXT NOT NULL, status TEXT NOT NULL, created REAL NOT NULL,
    updated REAL NOT NULL, next_at REAL, doc TEXT NOT NULL,
    PRIMARY KEY (seller_id, shipment_id)
);
CREATE TABLE IF NOT EXISTS feed_documents (
    document_id TEXT PRIMARY KEY, seller_id TEXT NOT NULL, content_type TEXT NOT NULL,
    content BLOB, compression TEXT, created REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS feeds (
    feed_id TEXT PRIMARY KEY, seller_id TEXT NOT NULL, feed_type TEXT NOT NULL,
    marketplace_ids TEXT NOT NULL, input_document_id TEXT NOT NULL, status TEXT NOT NULL,
    created REAL NOT NULL, started REAL, ended REAL, result_document_id TEXT, next_at REAL
);
CREATE TABLE IF NOT EXISTS notification_destinations (
    destination_id TEXT PRIMARY KEY, client_id TEXT NOT NULL, name TEXT NOT NULL, arn TEXT NOT NULL,
    created REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS notification_subscriptions (
    subscription_id TEXT PRIMARY KEY, client_id TEXT NOT NULL, seller_id TEXT NOT NULL,
    notification_type TEXT NOT NULL, payload_version TEXT NOT NULL, destination_id TEXT NOT NULL,
    processing_directive TEXT, created REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS subscriptions_by_seller ON notification_subscriptions (seller_id, notification_type);
CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
"""


@dataclass(frozen=True)
class Marketplace:
    code: str
    id: str
    country: str
    region: str
    currency: str
    locale: str
    name: str


def load_marketplaces() -> dict[str, Marketplace]:
    rows = json.loads((DATA / "marketplaces.json").read_text())["marketplaces"]
    return {row["id"]: Marketplace(**row) for row in rows}


MARKETPLACES = load_marketplaces()


class Clock:
    """Simulated time: starts at the wall clock, runs `speed()` times faster, can jump ahead."""

    def __init__(self, speed: callable) -> None:
        self._speed = speed
        self._lock = threading.Lock()
        self._simulated = time.time()
        self._last = time.monotonic()

    def now(self) -> float:
        with self._lock:
            current = time.monotonic()
            self._simulated += (current - self._last) * self._speed()
            self._last = current
            return self._simulated

    def advance(self, seconds: float) -> float:
        self.now()
        with self._lock:
            self._simulated += seconds
            return self._simulated


def dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
