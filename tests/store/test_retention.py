"""Retention: expired rows go at start-up, on the periodic purge and via `python -m bot purge`."""

from __future__ import annotations

import json
import time

from fastapi.testclient import TestClient
from sqlalchemy import update

from bot.channels.app import create_app
from bot.channels.dedupe import EventStore
from bot.cli import main
from bot.feedback import FeedbackStore
from bot.sessions import SessionStore
from bot.settings import Settings
from bot.store import open_store
from bot.store.analytics import AnalyticsEvent, AnalyticsLog
from bot.store.retention import DAY, purge_expired
from bot.store.tables import analytics_events, feedback, seen_events, sessions


def _backdate(store, table, column, seconds: float) -> None:
    store.run(lambda c: c.execute(update(table).values({column: table.c[column] - seconds})), write=True)


def _fill(store, prefix: str) -> None:
    SessionStore(store, 3600).save(f"{prefix}-session", {"facts": {"birth": "1997-06"}})
    FeedbackStore(store).add(session_id=f"{prefix}-session", question="q", answer="a", citations=[], rating="up")
    EventStore(store).claim("line", f"{prefix}-event")
    AnalyticsLog(store).record(AnalyticsEvent("web", "q", "answer", "rrf", "ja", 12.0))


def test_purge_expired_honours_each_retention_period(store):
    settings = Settings(session_ttl_hours=1, analytics_retention_days=30, feedback_retention_days=60)
    _fill(store, "old")
    _backdate(store, sessions, "updated_at", 2 * 3600)
    _backdate(store, analytics_events, "created_at", 31 * DAY)
    _backdate(store, feedback, "created_at", 61 * DAY)
    _backdate(store, seen_events, "seen_at", 8 * DAY)
    _fill(store, "new")
    assert purge_expired(store, settings) == {"sessions": 1, "seen_events": 1, "analytics_events": 1, "feedback": 1}
    assert SessionStore(store, 3600).load("new-session") != {}
    assert [r["session_id"] for r in FeedbackStore(store).rows()] == ["new-session"]
    assert len(AnalyticsLog(store).rows()) == 1
    assert EventStore(store).claim("line", "new-event") is False


def test_feedback_outlives_the_analytics_window_when_configured_so(store):
    _fill(store, "x")
    _backdate(store, feedback, "created_at", 100 * DAY)
    _backdate(store, analytics_events, "created_at", 100 * DAY)
    counts = purge_expired(store, Settings(analytics_retention_days=90, feedback_retention_days=365))
    assert counts["analytics_events"] == 1 and counts["feedback"] == 0


def _row(store, session_id: str):
    return store.run(lambda c: c.execute(sessions.select().where(sessions.c.id == session_id)).first())


def test_app_start_up_purges_expired_sessions(bot, tmp_path):
    SessionStore(bot.store, 3600).save("expired-at-start", {"facts": {"birth": "1990-01"}})
    _backdate(bot.store, sessions, "updated_at", 3 * 3600)
    assert _row(bot.store, "expired-at-start") is not None
    with TestClient(create_app(Settings(data_dir=tmp_path, session_ttl_hours=1), bot=bot)):
        assert _row(bot.store, "expired-at-start") is None


def test_running_app_purges_periodically(bot, tmp_path):
    settings = Settings(data_dir=tmp_path, session_ttl_hours=1, purge_interval_minutes=0.005)  # every 0.3 s
    with TestClient(create_app(settings, bot=bot)):
        SessionStore(bot.store, 3600).save("expires-while-running", {"facts": {}})
        _backdate(bot.store, sessions, "updated_at", 3 * 3600)
        deadline = time.monotonic() + 10
        while _row(bot.store, "expires-while-running") is not None and time.monotonic() < deadline:
            time.sleep(0.1)
        assert _row(bot.store, "expires-while-running") is None


def test_cli_purge_session_erases_facts_and_ratings(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("BOT_DATA_DIR", str(tmp_path))
    store = open_store(Settings(data_dir=tmp_path))
    _fill(store, "erase")
    _fill(store, "keep")
    assert main(["purge", "--session", "erase-session"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["deleted"] == {"sessions": 1, "feedback": 1}
    assert SessionStore(store, 3600).load("erase-session") == {}
    assert SessionStore(store, 3600).load("keep-session") != {}
    assert [r["session_id"] for r in FeedbackStore(store).rows()] == ["keep-session"]
    assert main(["purge", "--session", "erase-session"]) == 0
    assert json.loads(capsys.readouterr().out)["deleted"] == {"sessions": 0, "feedback": 0}
    store.close()


def test_cli_purge_expired_uses_the_settings(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("BOT_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("BOT_SESSION_TTL_HOURS", "2")
    store = open_store(Settings(data_dir=tmp_path))
    _fill(store, "old")
    _backdate(store, sessions, "updated_at", 3 * 3600)
    assert main(["purge", "--expired"]) == 0
    assert json.loads(capsys.readouterr().out)["deleted"]["sessions"] == 1
    store.close()


def test_cli_purge_needs_a_target(capsys):
    import pytest

    with pytest.raises(SystemExit):
        main(["purge"])
    assert "--session" in capsys.readouterr().err


def test_session_ttl_applies_to_live_conversations(tmp_path):
    sessions = SessionStore(open_store(Settings(data_dir=tmp_path)), ttl_seconds=0.2)
    sessions.save("short", {"facts": {"birth": "1997-06"}})
    assert sessions.load("short") != {}
    time.sleep(0.3)
    assert sessions.load("short") == {}
