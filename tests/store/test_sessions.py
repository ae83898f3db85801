"""Sessions on both backends: round trip, expiry, deletion, purge."""

from __future__ import annotations

from sqlalchemy import update

from bot.sessions import SessionStore
from bot.store.tables import sessions as sessions_table


def _age(store, session_id: str, seconds: float) -> None:
    store.run(lambda c: c.execute(update(sessions_table).where(sessions_table.c.id == session_id)
                                   .values(updated_at=sessions_table.c.updated_at - seconds)), write=True)


def test_round_trip_and_overwrite(store):
    sessions = SessionStore(store, 3600)
    assert sessions.load("nobody") == {}
    sessions.save("s1", {"facts": {"education": "修士"}, "last_question": "受験資格は？"})
    sessions.save("s1", {"facts": {"education": "学士"}})
    assert sessions.load("s1") == {"facts": {"education": "学士"}}


def test_expired_session_reads_empty_and_is_purged(store):
    sessions = SessionStore(store, 3600)
    sessions.save("old", {"facts": {"birth": "1997-06"}})
    sessions.save("fresh", {"facts": {"birth": "2000-01"}})
    _age(store, "old", 3601)
    assert sessions.load("old") == {}
    assert sessions.purge_expired() == 1
    assert sessions.load("fresh") == {"facts": {"birth": "2000-01"}}
    assert sessions.purge_expired() == 0


def test_delete(store):
    sessions = SessionStore(store, 3600)
    sessions.save("gone", {"x": 1})
    assert sessions.delete("gone") is True
    assert sessions.delete("gone") is False
    assert sessions.load("gone") == {}


def test_a_bare_path_gets_a_private_sqlite_store(tmp_path):
    sessions = SessionStore(tmp_path / "eval.sqlite3", 60)
    sessions.save("s", {"a": "あ"})
    assert SessionStore(tmp_path / "eval.sqlite3", 60).load("s") == {"a": "あ"}
    sessions.close()
