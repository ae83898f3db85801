"""Conversation state per session in the shared store, so any instance can continue any conversation.

Facts applicants give (birth dates, education) live here only until the session expires: load() ignores an
expired row and purge_expired() deletes it.
"""

from __future__ import annotations

import json
import time
import uuid
from pathlib import Path

from sqlalchemy import delete, select

from bot.store import Store
from bot.store.tables import MAX_SESSION_ID, sessions

__all__ = ["MAX_SESSION_ID", "SessionStore"]


class SessionStore:
    def __init__(self, store: Store | Path, ttl_seconds: float) -> None:
        # A bare path (evaluations, scripts) gets a private SQLite store that close() also closes.
        self._owned = not isinstance(store, Store)
        self.store = Store(f"sqlite:///{store}") if self._owned else store
        self._ttl = ttl_seconds

    @staticmethod
    def new_id() -> str:
        return uuid.uuid4().hex

    def load(self, session_id: str) -> dict:
        row = self.store.run(lambda c: c.execute(
            select(sessions.c.state, sessions.c.updated_at).where(sessions.c.id == session_id)).first())
        if row is None or time.time() - row.updated_at > self._ttl:
            return {}
        return json.loads(row.state)

    def save(self, session_id: str, state: dict) -> None:
        values = {"id": session_id, "state": json.dumps(state, ensure_ascii=False), "updated_at": time.time()}
        stmt = self.store.insert(sessions).values(**values)
        stmt = stmt.on_conflict_do_update(index_elements=[sessions.c.id],
                                          set_={"state": stmt.excluded.state, "updated_at": stmt.excluded.updated_at})
        self.store.run(lambda c: c.execute(stmt), write=True)

    def delete(self, session_id: str) -> bool:
        return self.store.run(lambda c: c.execute(delete(sessions).where(sessions.c.id == session_id)).rowcount > 0,
                              write=True)

    def purge_expired(self) -> int:
        cutoff = time.time() - self._ttl
        return self.store.run(lambda c: c.execute(delete(sessions).where(sessions.c.updated_at < cutoff)).rowcount,
                              write=True)

    def close(self) -> None:
        if self._owned:
            self.store.close()
