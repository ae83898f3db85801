"""All mutable state (sessions, feedback, channel dedupe keys, analytics) behind one SQLAlchemy store."""

from __future__ import annotations

from bot.settings import Settings
from bot.store.database import Store
from bot.store.errors import StoreUnavailable

__all__ = ["Store", "StoreUnavailable", "open_store"]


def open_store(settings: Settings) -> Store:
    """BOT_DATABASE_URL when set (postgresql+psycopg://… for several instances), else SQLite in data_dir."""
    return Store(settings.store_url, busy_timeout_ms=settings.store_busy_timeout_ms, attempts=settings.store_retry_attempts)
