"""Platform event ids already handled, persisted in SQLite so a restart does not answer a redelivery again."""

from __future__ import annotations

import sqlite3
import threading
import time
from contextlib import closing
from pathlib import Path

from fastapi import FastAPI

KEEP_SECONDS = 7 * 24 * 3600  # LINE and Slack redeliver within hours; a week is ample


class EventStore:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        with self._connect() as db:
            db.execute("CREATE TABLE IF NOT EXISTS seen_events (channel TEXT, event_id TEXT, seen_at REAL,"
                       " PRIMARY KEY (channel, event_id))")

    def _connect(self) -> closing[sqlite3.Connection]:
        # One short-lived connection per call: callers are request handlers and worker threads,
        # and nothing has to be closed when the app stops.
        return closing(sqlite3.connect(self.path, timeout=10, isolation_level=None))

    def claim(self, channel: str, event_id: str) -> bool:
        """True the first time an event id is seen (the caller answers it), False for a redelivery."""
        now = time.time()
        with self._lock, self._connect() as db:
            cur = db.execute("INSERT OR IGNORE INTO seen_events VALUES (?, ?, ?)", (channel, event_id, now))
            if cur.rowcount and int(now) % 100 == 0:  # prune now and then rather than on every event
                db.execute("DELETE FROM seen_events WHERE seen_at < ?", (now - KEEP_SECONDS,))
            return cur.rowcount == 1


def event_store(app: FastAPI) -> EventStore:
    store = getattr(app.state, "channel_events", None)
    if store is None:
        store = EventStore(Path(app.state.settings.data_dir) / "channels.sqlite3")
        app.state.channel_events = store
    return store
