"""The store itself: SQLite pragmas and lock retries, PostgreSQL outages and restarts, ping, URL handling."""

from __future__ import annotations

import sqlite3
import threading
import time

import pytest
from sqlalchemy import text

from bot.sessions import SessionStore
from bot.settings import Settings
from bot.store import Store, StoreUnavailable, open_store


def test_sqlite_is_wal_with_a_busy_timeout(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'bot.sqlite3'}", busy_timeout_ms=1234)
    with store.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 1234
    assert store.ping()
    store.close()


def test_stores_opening_a_new_file_together_all_start(tmp_path):
    """Instances started at once on one new file each create the schema; none may fail on a table another made."""
    for round_ in range(5):
        path = tmp_path / f"bot{round_}.sqlite3"
        start = threading.Barrier(8)
        errors: list[BaseException] = []

        def open_one():
            start.wait()
            try:
                Store(f"sqlite:///{path}").close()
            except BaseException as exc:  # noqa: BLE001 - collected and reported below
                errors.append(exc)

        threads = [threading.Thread(target=open_one) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == []
    store = Store(f"sqlite:///{path}")
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM sessions")).scalar() == 0
    store.close()


def _hold_write_lock(path):
    """Another process's writer, as far as SQLite can tell: a separate connection inside BEGIN IMMEDIATE."""
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    other.execute("INSERT INTO sessions (id, state, updated_at) VALUES ('holder', '{}', 0)")
    return other


def test_a_locked_write_is_retried_and_succeeds_after_release(tmp_path):
    path = tmp_path / "bot.sqlite3"
    # A busy timeout far shorter than the lock is held, so only the store's own retries can get the write through.
    store = Store(f"sqlite:///{path}", busy_timeout_ms=50, attempts=10, backoff_s=0.05)
    sessions = SessionStore(store, 3600)
    other = _hold_write_lock(path)
    result: dict = {}

    def write():
        try:
            sessions.save("s-locked", {"facts": {"birth": "1997"}})
            result["ok"] = True
        except Exception as exc:  # reported below
            result["error"] = exc

    writer = threading.Thread(target=write)
    writer.start()
    time.sleep(0.6)
    assert writer.is_alive() and not result, "the write should still be waiting for the lock"
    other.execute("COMMIT")
    other.close()
    writer.join(timeout=30)
    assert result == {"ok": True}
    assert store.retries >= 1
    assert sessions.load("s-locked") == {"facts": {"birth": "1997"}}
    store.close()


def test_without_retries_the_same_lock_is_a_clear_error(tmp_path):
    path = tmp_path / "bot.sqlite3"
    store = Store(f"sqlite:///{path}", busy_timeout_ms=50, attempts=1)
    other = _hold_write_lock(path)
    try:
        with pytest.raises(StoreUnavailable, match="データベースが応答しません"):
            SessionStore(store, 3600).save("s", {})
    finally:
        other.execute("ROLLBACK")
        other.close()
        store.close()


def test_unsupported_database_is_refused():
    with pytest.raises(StoreUnavailable, match="対応していないデータベース"):
        Store("mysql://u@localhost/db")


def test_settings_choose_sqlite_by_default_and_hide_the_password(tmp_path):
    assert Settings(data_dir=tmp_path).store_url == f"sqlite:///{tmp_path / 'bot.sqlite3'}"
    settings = Settings(data_dir=tmp_path, database_url="postgresql+psycopg://bot:s3cret@db.internal/bot")
    assert settings.store_url.endswith("@db.internal/bot")
    assert "s3cret" not in repr(settings)
    store = open_store(Settings(data_dir=tmp_path))
    assert store.dialect == "sqlite" and store.ping()
    store.close()


def test_postgres_restart_is_recovered_without_a_new_store(pg_cluster, pg_url):
    store = Store(pg_url)
    sessions = SessionStore(store, 3600)
    sessions.save("before", {"n": 1})  # leaves an open connection in the pool
    pg_cluster.restart()  # that connection is now dead
    sessions.save("after", {"n": 2})
    assert sessions.load("before") == {"n": 1} and sessions.load("after") == {"n": 2}
    store.close()


def test_postgres_outage_is_reported_then_recovered(own_cluster):
    store = Store(own_cluster.url(), attempts=2, backoff_s=0.01)
    sessions = SessionStore(store, 3600)
    sessions.save("s", {"n": 1})
    own_cluster.stop()
    assert store.ping() is False
    with pytest.raises(StoreUnavailable):
        sessions.save("s", {"n": 2})
    own_cluster.start()
    assert store.ping() is True
    sessions.save("s", {"n": 3})
    assert sessions.load("s") == {"n": 3}
    store.close()
