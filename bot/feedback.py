"""Answer ratings in the shared store, with personal facts masked before anything is written."""

from __future__ import annotations

import csv
import io
import json
import time
from pathlib import Path

from sqlalchemy import delete, insert, select

from bot.redact import redact  # re-exported: callers imported it from here first
from bot.store import Store
from bot.store.tables import feedback

FIELDS = ("id", "created_at", "session_id", "rating", "question", "answer", "citations", "comment")


class FeedbackStore:
    def __init__(self, store: Store | Path) -> None:
        self._owned = not isinstance(store, Store)
        self.store = Store(f"sqlite:///{store}") if self._owned else store

    def add(self, *, session_id: str | None, question: str, answer: str, citations: list[dict], rating: str, comment: str = "") -> int:
        values = {"created_at": time.time(), "session_id": session_id, "rating": rating, "question": redact(question),
                  "answer": answer, "citations": json.dumps(citations, ensure_ascii=False), "comment": redact(comment)}
        stmt = insert(feedback).values(**values).returning(feedback.c.id)
        return int(self.store.run(lambda c: c.execute(stmt).scalar_one(), write=True))

    def rows(self) -> list[dict]:
        stmt = select(*(feedback.c[f] for f in FIELDS)).order_by(feedback.c.id)
        return self.store.run(lambda c: [dict(r._mapping) for r in c.execute(stmt)])

    def delete_session(self, session_id: str) -> int:
        """Remove every rating given in one session (the applicant asked for their data to be erased)."""
        stmt = delete(feedback).where(feedback.c.session_id == session_id)
        return self.store.run(lambda c: c.execute(stmt).rowcount, write=True)

    def purge_older_than(self, seconds: float) -> int:
        stmt = delete(feedback).where(feedback.c.created_at < time.time() - seconds)
        return self.store.run(lambda c: c.execute(stmt).rowcount, write=True)

    def close(self) -> None:
        if self._owned:
            self.store.close()


def export(rows: list[dict], fmt: str) -> str:
    if fmt == "json":
        out = [{**r, "citations": json.loads(r["citations"])} for r in rows]
        return json.dumps(out, ensure_ascii=False, indent=2) + "\n"
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=FIELDS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()
