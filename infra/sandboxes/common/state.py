"""Each sandbox keeps its state in its own SQLite file (one connection per thread, WAL)."""

import sqlite3
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any


class State:
    def __init__(self, path: str | Path, schema: str) -> None:
        self.path = str(path)
        if self.path == ":memory:":
            # Every thread of the threaded server must see one database: a named in-memory
            # database shared through SQLite's shared cache, alive while this object lives.
            self.path = f"file:sandbox-{id(self)}?mode=memory&cache=shared"
        else:
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        self._write_lock = threading.RLock()
        self.schema = schema
        self._keeper = self.connection  # keeps a shared in-memory database alive
        self.executescript(schema)

    @property
    def connection(self) -> sqlite3.Connection:
        connection = getattr(self._local, "connection", None)
        if connection is None:
            connection = sqlite3.connect(
                self.path, timeout=30, isolation_level=None, check_same_thread=False, uri=self.path.startswith("file:")
            )
            connection.row_factory = sqlite3.Row
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA foreign_keys=ON")
            self._local.connection = connection
        return connection

    def executescript(self, script: str) -> None:
        with self._write_lock:
            self.connection.executescript(script)

    def query(self, sql: str, params: Iterable[Any] = ()) -> list[sqlite3.Row]:
        return self.connection.execute(sql, tuple(params)).fetchall()

    def one(self, sql: str, params: Iterable[Any] = ()) -> sqlite3.Row | None:
        return self.connection.execute(sql, tuple(params)).fetchone()

    def execute(self, sql: str, params: Iterable[Any] = ()) -> sqlite3.Cursor:
        with self._write_lock:
            return self.connection.execute(sql, tuple(params))

    def transaction(self) -> "_Transaction":
        """`with state.transaction() as db:` runs statements in one BEGIN IMMEDIATE … COMMIT."""
        return _Transaction(self)

    def wipe(self) -> None:
        """Drop every table and recreate the schema (the control endpoint's reset)."""
        with self._write_lock:
            tables = [row[0] for row in self.query("SELECT name FROM sqlite_master WHERE type='table'")]
            self.connection.execute("PRAGMA foreign_keys=OFF")
            for table in tables:
                if not table.startswith("sqlite_"):
                    self.connection.execute(f'DROP TABLE IF EXISTS "{table}"')
            self.connection.execute("PRAGMA foreign_keys=ON")
            self.connection.executescript(self.schema)


class _Transaction:
    def __init__(self, state: State) -> None:
        self.state = state

    def __enter__(self) -> sqlite3.Connection:
        self.state._write_lock.acquire()
        self.state.connection.execute("BEGIN IMMEDIATE")
        return self.state.connection

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            self.state.connection.execute("ROLLBACK" if exc_type else "COMMIT")
        finally:
            self.state._write_lock.release()
