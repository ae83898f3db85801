"""Store: one SQLAlchemy engine for all mutable state — embedded SQLite by default, PostgreSQL for several instances.

SQLite runs in WAL mode with a busy timeout, and a write that still finds the database locked is retried with
backoff. PostgreSQL connections are checked before use (pool_pre_ping), so after a server restart the next
request gets a fresh connection instead of an error, without restarting the app.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.schema import CreateIndex, CreateTable

from bot.store.errors import StoreUnavailable
from bot.store.tables import metadata

log = logging.getLogger("bot.store")
T = TypeVar("T")

_SCHEMA_LOCK = 0x5A17_0B07  # any constant shared by every instance of this app
_LOCKED = ("database is locked", "database table is locked", "database is busy")


class Store:
    def __init__(self, url: str, *, busy_timeout_ms: int = 5000, attempts: int = 6, backoff_s: float = 0.05) -> None:
        self.url = make_url(url)
        self.dialect = self.url.get_backend_name()
        if self.dialect not in ("sqlite", "postgresql"):
            raise StoreUnavailable(f"対応していないデータベースです: {self.dialect}（sqlite か postgresql+psycopg を指定してください）")
        self._attempts = max(1, attempts)
        self._backoff = backoff_s
        self._lock = threading.Lock()
        self.retries = 0  # writes that had to be retried; exposed for tests and metrics
        self.engine = self._make_engine(busy_timeout_ms)
        self.run(self._create_tables, write=True)

    def _make_engine(self, busy_timeout_ms: int) -> Engine:
        if self.dialect == "sqlite":
            database = self.url.database or ""
            if database and database != ":memory:":
                Path(database).parent.mkdir(parents=True, exist_ok=True)
            # The driver's own timeout is SQLite's busy handler; the PRAGMA below states it explicitly.
            engine = create_engine(self.url, connect_args={"timeout": busy_timeout_ms / 1000})

            @event.listens_for(engine, "connect")
            def _pragmas(dbapi_conn, _record) -> None:
                cur = dbapi_conn.cursor()
                cur.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")  # before WAL: switching can itself be busy
                cur.execute("PRAGMA journal_mode = WAL")
                cur.execute("PRAGMA synchronous = NORMAL")  # durable enough under WAL, far fewer fsyncs
                cur.close()

            return engine
        return create_engine(self.url, pool_pre_ping=True, pool_size=5, max_overflow=10, pool_recycle=1800,
                             connect_args={"connect_timeout": 5})

    def _create_tables(self, conn: Connection) -> None:
        if self.dialect == "postgresql":
            # Instances starting together would race on CREATE TABLE; one transaction-scoped lock serialises them.
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _SCHEMA_LOCK})
            metadata.create_all(conn)
            return
        # SQLite has no such lock, and create_all's check and CREATE are separate statements: processes starting
        # together on one file would both find a table missing. IF NOT EXISTS makes each CREATE safe on its own.
        for table in metadata.sorted_tables:
            conn.execute(CreateTable(table, if_not_exists=True))
            for index in table.indexes:
                conn.execute(CreateIndex(index, if_not_exists=True))

    # -- running statements ----------------------------------------------------------------------
    def run(self, work: Callable[[Connection], T], *, write: bool = False) -> T:
        """Run work(conn) in one transaction; retry when SQLite is locked or a pooled connection was lost."""
        for attempt in range(1, self._attempts + 1):
            try:
                if write:
                    with self.engine.begin() as conn:
                        return work(conn)
                with self.engine.connect() as conn:
                    return work(conn)
            except DBAPIError as exc:
                if not self._retryable(exc) or attempt == self._attempts:
                    if self._retryable(exc):
                        raise StoreUnavailable(f"データベースが応答しません（{attempt}回試行）: {type(exc.orig).__name__}") from exc
                    raise
                with self._lock:
                    self.retries += 1
                delay = min(2.0, self._backoff * 2 ** (attempt - 1)) * (0.5 + random.random())
                log.warning("store %s: %s; retry %d in %.2fs", self.dialect, _reason(exc), attempt, delay)
                time.sleep(delay)
        raise AssertionError("unreachable")

    def _retryable(self, exc: DBAPIError) -> bool:
        if exc.connection_invalidated:  # the server went away under a pooled connection (e.g. a restart)
            return True
        if isinstance(exc, OperationalError):
            message = str(exc.orig).lower()
            if self.dialect == "sqlite":
                return any(m in message for m in _LOCKED)
            return "connection" in message or "terminating" in message or "server closed" in message
        return False

    def insert(self, table):
        """The dialect's INSERT, which has on_conflict_do_nothing / on_conflict_do_update."""
        return (postgresql.insert if self.dialect == "postgresql" else sqlite.insert)(table)

    # -- health and shutdown ---------------------------------------------------------------------
    def ping(self) -> bool:
        """True when the database answers a trivial query now (for /readyz)."""
        try:
            with self.engine.connect() as conn:
                conn.execute(text("SELECT 1"))
            return True
        except Exception as exc:  # readiness must report, never raise
            log.warning("store ping failed: %s", type(exc).__name__)
            return False

    def describe(self) -> str:
        """The URL with any password hidden, for logs and the CLI."""
        return self.url.render_as_string(hide_password=True)

    def close(self) -> None:
        self.engine.dispose()


def _reason(exc: DBAPIError) -> str:
    return str(exc.orig).splitlines()[0][:200] if exc.orig is not None else type(exc).__name__
