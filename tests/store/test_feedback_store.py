"""Feedback rows on both backends: masked on the way in, erasable per session, purged by age."""

from __future__ import annotations

from bot.feedback import FeedbackStore


def _add(feedback: FeedbackStore, session_id: str, question: str, comment: str = "") -> int:
    return feedback.add(session_id=session_id, question=question, answer="回答", citations=[{"n": 1}], rating="down",
                        comment=comment)


def test_rows_are_redacted_and_ordered(store):
    feedback = FeedbackStore(store)
    first = _add(feedback, "s1", "1997年6月3日生まれです", comment="090-1234-5678 に連絡を")
    second = _add(feedback, "s2", "地方転勤はありますか")
    rows = feedback.rows()
    assert [r["id"] for r in rows] == [first, second]
    assert rows[0]["question"] == "[日付]生まれです" and "[電話番号]" in rows[0]["comment"]
    assert rows[1]["question"] == "地方転勤はありますか"


def test_delete_session_and_purge(store):
    feedback = FeedbackStore(store)
    _add(feedback, "erase-me", "q1")
    _add(feedback, "erase-me", "q2")
    _add(feedback, "keep", "q3")
    assert feedback.delete_session("erase-me") == 2
    assert [r["session_id"] for r in feedback.rows()] == ["keep"]
    assert feedback.purge_older_than(3600) == 0
    assert feedback.purge_older_than(-1) == 1
    assert feedback.rows() == []
