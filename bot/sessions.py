"""Conversation state per session, in SQLite (WAL), surviving restarts; expired sessions are purged."""

from __future__ import annotations

import json
import sqlite3
import threading
import time
import uuid
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS sessions (
    id TEXT PRIMARY KEY,
    state TEXT NOT NULL,
    updated_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS sessions_updated ON sessions(updated_at);
"""
MAX_SESSION_ID = 128


class SessionStore:
    def __init__(self, path: Path, ttl_seconds: float) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._conn = sqlite3.connect(str(path), check_same_thread=False, timeout=10)
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.executescript(SCHEMA)
        self._lock = threading.Lock()
        self._ttl = ttl_seconds

    @staticmethod
    def new_id() -> str:
        return uuid.uuid4().hex

    def load(self, session_id: str) -> dict:
        with self._lock:
            row = self._conn.execute(
                "SELECT state, updated_at FROM sessions WHERE id = ?", (session_id,)
            ).fetchone()
        if row is None or time.time() - row[1] > self._ttl:
            return {}
        return json.loads(row[0])

    def save(self, session_id: str, state: dict) -> None:
        payload = json.dumps(state, ensure_ascii=False)
        with self._lock, self._conn:
            self._conn.execute(
                "INSERT INTO sessions (id, state, updated_at) VALUES (?, ?, ?) "
                "ON CONFLICT(id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at",
                (session_id, payload, time.time()),
            )

    def delete(self, session_id: str) -> bool:
        with self._lock, self._conn:
            return self._conn.execute("DELETE FROM sessions WHERE id = ?", (session_id,)).rowcount > 0

    def purge_expired(self) -> int:
        with self._lock, self._conn:
            return self._conn.execute(
                "DELETE FROM sessions WHERE updated_at < ?", (time.time() - self._ttl,)
            ).rowcount

    def close(self) -> None:
        with self._lock:
            self._conn.close()
