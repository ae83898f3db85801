"""Retention: expired session facts, old dedupe keys, analytics and feedback are deleted at start-up and periodically."""

from __future__ import annotations

import asyncio
import logging

from bot.channels.dedupe import KEEP_SECONDS, EventStore
from bot.feedback import FeedbackStore
from bot.sessions import SessionStore
from bot.settings import Settings
from bot.store.analytics import AnalyticsLog
from bot.store.database import Store

log = logging.getLogger("bot.store.retention")
DAY = 24 * 3600


def purge_expired(store: Store, settings: Settings) -> dict[str, int]:
    """Delete every row past its retention period; returns how many rows went from each table."""
    counts = {
        "sessions": SessionStore(store, settings.session_ttl_hours * 3600).purge_expired(),
        "seen_events": EventStore(store).purge_older_than(KEEP_SECONDS),
        "analytics_events": AnalyticsLog(store).purge_older_than(settings.analytics_retention_days * DAY),
        "feedback": FeedbackStore(store).purge_older_than(settings.feedback_retention_days * DAY),
    }
    if any(counts.values()):
        log.info("retention purge: %s", counts)
    return counts


def purge_session(store: Store, session_id: str) -> dict[str, int]:
    """Erase one applicant's conversation: its facts and the ratings given in it (analytics hold no session id)."""
    return {
        "sessions": int(SessionStore(store, 1).delete(session_id)),
        "feedback": FeedbackStore(store).delete_session(session_id),
    }


async def purge_periodically(store: Store, settings: Settings) -> None:
    """Every purge_interval_minutes, run purge_expired off the event loop, until cancelled."""
    while True:
        await asyncio.sleep(settings.purge_interval_minutes * 60)
        try:
            await asyncio.to_thread(purge_expired, store, settings)
        except Exception as exc:  # a database hiccup must not end the loop; the next round tries again
            log.warning("retention purge failed: %s", type(exc).__name__)
