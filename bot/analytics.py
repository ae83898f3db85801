"""Every answer, from any channel, leaves one redacted analytics event in the store."""

from __future__ import annotations

import logging
import time
import unicodedata
from datetime import date

from bot.ingest.normalize import is_mostly_english
from bot.store.analytics import AnalyticsEvent, AnalyticsLog
from bot.types import Answer

log = logging.getLogger("bot.analytics")


def channel_of(session_id: str) -> str:
    """LINE and Slack sessions carry their platform as a prefix ("line:U…", "slack:T…"); the rest is the web."""
    prefix = session_id.split(":", 1)[0] if ":" in session_id else ""
    return prefix if prefix in ("line", "slack") else "web"


class RecordingPipeline:
    """The pipeline with ask() timed and recorded; every other attribute is the wrapped pipeline's."""

    def __init__(self, pipeline, analytics: AnalyticsLog) -> None:
        self.__dict__["_pipeline"] = pipeline
        self.__dict__["_analytics"] = analytics

    def __getattr__(self, name: str):
        return getattr(self._pipeline, name)

    def __setattr__(self, name: str, value) -> None:
        if name == "ask":  # tests wrap ask() to spy on it: keep that working on the proxy
            self.__dict__[name] = value
        else:
            setattr(self._pipeline, name, value)

    def ask(self, message: str, session_id: str | None, today: date) -> tuple[str, Answer]:
        started = time.perf_counter()
        session_id, answer = self._pipeline.ask(message, session_id, today)
        elapsed = (time.perf_counter() - started) * 1000
        lang = "en" if is_mostly_english(unicodedata.normalize("NFC", message)) else "ja"
        # The mode the answer was actually retrieved with: English without glossary terms uses the vectors only.
        mode = answer.hits[0].mode if answer.hits else str(self._pipeline.retriever.mode)
        try:
            self._analytics.record(AnalyticsEvent(channel_of(session_id), message, answer.kind, mode, lang, elapsed))
        except Exception as exc:  # analytics must never cost an applicant their answer
            log.warning("analytics event not stored: %s", type(exc).__name__)
        return session_id, answer
