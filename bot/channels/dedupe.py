"""Platform event ids already handled, kept in the shared store: neither a restart nor a redelivery to another
instance answers the same LINE/Slack event twice."""

from __future__ import annotations

import time
from pathlib import Path

from fastapi import FastAPI
from sqlalchemy import delete

from bot.store import Store
from bot.store.tables import seen_events

KEEP_SECONDS = 7 * 24 * 3600  # LINE and Slack redeliver within hours; a week is ample


class EventStore:
    def __init__(self, store: Store | Path) -> None:
        self.store = store if isinstance(store, Store) else Store(f"sqlite:///{store}")

    def claim(self, channel: str, event_id: str) -> bool:
        """True the first time an event id is seen (the caller answers it), False for a redelivery."""
        # INSERT … ON CONFLICT DO NOTHING is one atomic statement on both SQLite and PostgreSQL, so two
        # instances receiving the same event at the same moment cannot both win.
        # RETURNING rather than rowcount: SQLAlchemy reports rowcount -1 for this INSERT on psycopg.
        stmt = (self.store.insert(seen_events).values(channel=channel, event_id=event_id, seen_at=time.time())
                .on_conflict_do_nothing(index_elements=[seen_events.c.channel, seen_events.c.event_id])
                .returning(seen_events.c.event_id))
        return self.store.run(lambda c: c.execute(stmt).first() is not None, write=True)

    def purge_older_than(self, seconds: float = KEEP_SECONDS) -> int:
        stmt = delete(seen_events).where(seen_events.c.seen_at < time.time() - seconds)
        return self.store.run(lambda c: c.execute(stmt).rowcount, write=True)


def event_store(app: FastAPI) -> EventStore:
    store = getattr(app.state, "channel_events", None)
    if store is None:
        store = EventStore(app.state.bot.store)
        app.state.channel_events = store
    return store
