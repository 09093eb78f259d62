"""The Wish sandbox's SQLite state. Products and orders keep their API-shaped body as JSON next to
the columns the list queries filter and sort on (epoch milliseconds)."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

SCHEMA = """
CREATE TABLE IF NOT EXISTS oauth_codes (
    code TEXT PRIMARY KEY, client_id TEXT NOT NULL, merchant_id TEXT NOT NULL, redirect_uri TEXT,
    created_at REAL NOT NULL, used INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS access_tokens (
    token TEXT PRIMARY KEY, client_id TEXT NOT NULL, merchant_id TEXT NOT NULL, expires_at REAL NOT NULL,
    revoked INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS refresh_tokens (
    token TEXT PRIMARY KEY, client_id TEXT NOT NULL, merchant_id TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS products (
    id TEXT PRIMARY KEY, merchant_id TEXT NOT NULL, parent_sku TEXT NOT NULL, state TEXT NOT NULL,
    review_at REAL, created_ms INTEGER NOT NULL, updated_ms INTEGER NOT NULL, body TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS products_merchant ON products(merchant_id, updated_ms);
CREATE INDEX IF NOT EXISTS products_parent_sku ON products(merchant_id, parent_sku);
CREATE TABLE IF NOT EXISTS variations (
    id TEXT PRIMARY KEY, product_id TEXT NOT NULL, merchant_id TEXT NOT NULL, sku TEXT NOT NULL,
    active INTEGER NOT NULL DEFAULT 1);
CREATE UNIQUE INDEX IF NOT EXISTS variations_sku ON variations(merchant_id, sku) WHERE active = 1;
CREATE TABLE IF NOT EXISTS product_requests (
    id TEXT PRIMARY KEY, merchant_id TEXT NOT NULL, product_id TEXT NOT NULL, created_ms INTEGER NOT NULL,
    review_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS orders (
    id TEXT PRIMARY KEY, merchant_id TEXT NOT NULL, state TEXT NOT NULL, released_ms INTEGER NOT NULL,
    updated_ms INTEGER NOT NULL, body TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS orders_updated ON orders(merchant_id, updated_ms);
CREATE TABLE IF NOT EXISTS order_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT, order_id TEXT NOT NULL, due_at REAL NOT NULL, kind TEXT NOT NULL,
    payload TEXT);
CREATE INDEX IF NOT EXISTS order_events_due ON order_events(due_at);
"""


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def product_load(db: sqlite3.Connection, product_id: str, merchant_id: str) -> dict | None:
    row = db.execute("SELECT body FROM products WHERE id = ? AND merchant_id = ?", (product_id, merchant_id)).fetchone()
    return json.loads(row["body"]) if row else None


def product_save(db: sqlite3.Connection, product: dict, merchant_id: str, review_at: float | None) -> None:
    db.execute(
        "INSERT INTO products (id, merchant_id, parent_sku, state, review_at, created_ms, updated_ms, body)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET parent_sku = excluded.parent_sku,"
        " state = excluded.state, review_at = excluded.review_at, updated_ms = excluded.updated_ms,"
        " body = excluded.body",
        (
            product["id"],
            merchant_id,
            product["parent_sku"],
            product["state"],
            review_at,
            product["_created_ms"],
            product["_updated_ms"],
            dumps(product),
        ),
    )


def product_review_at(db: sqlite3.Connection, product_id: str) -> float | None:
    row = db.execute("SELECT review_at FROM products WHERE id = ?", (product_id,)).fetchone()
    return row["review_at"] if row else None


def order_load(db: sqlite3.Connection, order_id: str, merchant_id: str | None = None) -> dict | None:
    sql, params = "SELECT body FROM orders WHERE id = ?", [order_id]
    if merchant_id is not None:
        sql, params = sql + " AND merchant_id = ?", [*params, merchant_id]
    row = db.execute(sql, params).fetchone()
    return json.loads(row["body"]) if row else None


def order_save(db: sqlite3.Connection, order: dict) -> None:
    db.execute(
        "INSERT INTO orders (id, merchant_id, state, released_ms, updated_ms, body) VALUES (?, ?, ?, ?, ?, ?)"
        " ON CONFLICT(id) DO UPDATE SET state = excluded.state, updated_ms = excluded.updated_ms, body = excluded.body",
        (order["id"], order["_merchant_id"], order["state"], order["_released_ms"], order["_updated_ms"], dumps(order)),
    )


def event_add(db: sqlite3.Connection, order_id: str, due_at: float, kind: str, payload: dict | None = None) -> None:
    db.execute(
        "INSERT INTO order_events (order_id, due_at, kind, payload) VALUES (?, ?, ?, ?)",
        (order_id, due_at, kind, dumps(payload) if payload is not None else None),
    )


def public(body: dict) -> dict:
    """The API view of a stored body: keys starting with "_" are the sandbox's own bookkeeping."""
    return {key: value for key, value in body.items() if not key.startswith("_")}
