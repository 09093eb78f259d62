"""The AliExpress sandbox's SQLite state. Products and orders keep their full body as JSON next
to the columns the queries filter on."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

SCHEMA = """
CREATE TABLE IF NOT EXISTS tokens (
    access_token TEXT PRIMARY KEY, refresh_token TEXT NOT NULL, app_key TEXT NOT NULL,
    seller_id TEXT NOT NULL, expires_at REAL NOT NULL, refresh_expires_at REAL NOT NULL);
CREATE INDEX IF NOT EXISTS tokens_refresh ON tokens(refresh_token);
CREATE TABLE IF NOT EXISTS auth_codes (
    code TEXT PRIMARY KEY, app_key TEXT NOT NULL, seller_id TEXT NOT NULL, redirect_uri TEXT,
    created_at REAL NOT NULL, used INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS products (
    product_id INTEGER PRIMARY KEY, seller_id TEXT NOT NULL, status TEXT NOT NULL,
    audit_until REAL, created_at REAL NOT NULL, modified_at REAL NOT NULL, body TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS products_seller ON products(seller_id, status);
CREATE TABLE IF NOT EXISTS orders (
    order_id INTEGER PRIMARY KEY, seller_id TEXT NOT NULL, status TEXT NOT NULL,
    created_at REAL NOT NULL, modified_at REAL NOT NULL, body TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS orders_seller_created ON orders(seller_id, created_at);
CREATE TABLE IF NOT EXISTS order_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT, order_id INTEGER NOT NULL, due_at REAL NOT NULL, kind TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS order_events_due ON order_events(due_at);
CREATE TABLE IF NOT EXISTS feed_jobs (
    job_id INTEGER PRIMARY KEY, seller_id TEXT NOT NULL, operation_type TEXT NOT NULL,
    items TEXT NOT NULL, results TEXT, ready_at REAL NOT NULL, created_at REAL NOT NULL);
"""


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def product_load(db: sqlite3.Connection, product_id: int, seller_id: str) -> dict | None:
    row = db.execute(
        "SELECT body, status FROM products WHERE product_id = ? AND seller_id = ?", (product_id, seller_id)
    ).fetchone()
    if row is None:
        return None
    product = json.loads(row["body"])
    product["status"] = row["status"]
    return product


def product_save(db: sqlite3.Connection, product: dict) -> None:
    db.execute(
        "INSERT INTO products (product_id, seller_id, status, audit_until, created_at, modified_at, body) "
        "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(product_id) DO UPDATE SET status = excluded.status, "
        "audit_until = excluded.audit_until, modified_at = excluded.modified_at, body = excluded.body",
        (
            product["product_id"],
            product["seller_id"],
            product["status"],
            product.get("audit_until"),
            product["created_at"],
            product["modified_at"],
            dumps(product),
        ),
    )


def products_settle(db: sqlite3.Connection, now: float) -> None:
    """Products whose (simulated) audit is over go on sale."""
    db.execute(
        "UPDATE products SET status = 'onSelling', audit_until = NULL WHERE status = 'auditing' AND audit_until <= ?",
        (now,),
    )


def order_load(db: sqlite3.Connection, order_id: int, seller_id: str | None = None) -> dict | None:
    sql, params = "SELECT body FROM orders WHERE order_id = ?", [order_id]
    if seller_id is not None:
        sql, params = sql + " AND seller_id = ?", [*params, seller_id]
    row = db.execute(sql, params).fetchone()
    return json.loads(row["body"]) if row else None


def order_save(db: sqlite3.Connection, order: dict) -> None:
    db.execute(
        "INSERT INTO orders (order_id, seller_id, status, created_at, modified_at, body) VALUES (?, ?, ?, ?, ?, ?) "
        "ON CONFLICT(order_id) DO UPDATE SET status = excluded.status, modified_at = excluded.modified_at, "
        "body = excluded.body",
        (order["order_id"], order["seller_id"], order["status"], order["created"], order["modified"], dumps(order)),
    )


def event_add(db: sqlite3.Connection, order_id: int, due_at: float, kind: str) -> None:
    db.execute("INSERT INTO order_events (order_id, due_at, kind) VALUES (?, ?, ?)", (order_id, due_at, kind))
