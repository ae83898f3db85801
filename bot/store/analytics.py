"""Analytics events: one row per answered question — redacted text, answer kind, mode, fallback, latency."""

from __future__ import annotations

import time
from dataclasses import dataclass

from sqlalchemy import delete, insert, select

from bot.redact import redact
from bot.store.database import Store
from bot.store.tables import analytics_events

FIELDS = ("id", "created_at", "channel", "question", "kind", "mode", "lang", "fallback", "latency_ms")


@dataclass(frozen=True)
class AnalyticsEvent:
    channel: str  # web, line, slack
    question: str  # raw; masked by record()
    kind: str
    mode: str
    lang: str
    latency_ms: float


class AnalyticsLog:
    def __init__(self, store: Store) -> None:
        self.store = store

    def record(self, event: AnalyticsEvent) -> None:
        values = {"created_at": time.time(), "channel": event.channel[:16], "question": redact(event.question),
                  "kind": event.kind, "mode": event.mode, "lang": event.lang,
                  "fallback": event.kind == "fallback", "latency_ms": round(event.latency_ms, 2)}
        self.store.run(lambda c: c.execute(insert(analytics_events).values(**values)), write=True)

    def rows(self) -> list[dict]:
        stmt = select(*(analytics_events.c[f] for f in FIELDS)).order_by(analytics_events.c.id)
        return self.store.run(lambda c: [dict(r._mapping) for r in c.execute(stmt)])

    def purge_older_than(self, seconds: float) -> int:
        stmt = delete(analytics_events).where(analytics_events.c.created_at < time.time() - seconds)
        return self.store.run(lambda c: c.execute(stmt).rowcount, write=True)
