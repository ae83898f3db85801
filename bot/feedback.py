"""Answer ratings in SQLite, with personal facts masked before anything is written."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import threading
import time
from pathlib import Path

from bot.redact import redact  # re-exported: callers imported it from here first

SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at REAL NOT NULL,
    session_id TEXT,
    rating TEXT NOT NULL CHECK (rating IN ('up', 'down')),
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    citations TEXT NOT NULL,
    comment TEXT NOT NULL
);
"""
FIELDS = ("id", "created_at", "session_id", "rating", "question", "answer", "citations", "comment")

class FeedbackStore:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._conn = sqlite3.connect(str(path), check_same_thread=False, timeout=10)
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.executescript(SCHEMA)
        self._lock = threading.Lock()

    def add(self, *, session_id: str | None, question: str, answer: str, citations: list[dict], rating: str, comment: str = "") -> int:
        row = (time.time(), session_id, rating, redact(question), answer, json.dumps(citations, ensure_ascii=False), redact(comment))
        with self._lock, self._conn:
            cur = self._conn.execute(
                "INSERT INTO feedback (created_at, session_id, rating, question, answer, citations, comment) VALUES (?,?,?,?,?,?,?)",
                row,
            )
            return int(cur.lastrowid)

    def rows(self) -> list[dict]:
        with self._lock:
            cur = self._conn.execute(f"SELECT {', '.join(FIELDS)} FROM feedback ORDER BY id")
            return [dict(zip(FIELDS, r)) for r in cur.fetchall()]

    def close(self) -> None:
        self._conn.close()


def export(rows: list[dict], fmt: str) -> str:
    if fmt == "json":
        out = [{**r, "citations": json.loads(r["citations"])} for r in rows]
        return json.dumps(out, ensure_ascii=False, indent=2) + "\n"
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=FIELDS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()
