"""Errors raised by the store layer."""

from __future__ import annotations

from bot.errors import BotError


class StoreUnavailable(BotError):
    """The database could not be reached or stayed locked after every retry."""
