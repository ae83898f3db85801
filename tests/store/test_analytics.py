"""Analytics: every answer through the real pipeline leaves one redacted event; channels are told apart."""

from __future__ import annotations

import pytest

from bot.analytics import channel_of
from bot.store.analytics import AnalyticsLog
from bot.store.tables import analytics_events
from tests.conftest import TODAY


def _last(bot) -> dict:
    return AnalyticsLog(bot.store).rows()[-1]


def test_eligibility_question_is_stored_without_the_birth_date(bot):
    bot.pipeline.ask("1997年6月3日生まれ、修士修了です。総合職の院卒者試験を受けられますか", None, TODAY)
    event = _last(bot)
    assert "1997" not in event["question"] and "[日付]" in event["question"]
    assert event["kind"] == "eligibility" and event["fallback"] is False
    assert event["channel"] == "web" and event["lang"] == "ja" and event["latency_ms"] > 0


def test_fallback_is_flagged_and_contacts_are_masked(bot):
    bot.pipeline.ask("taro@example.com です。今日の天気を教えて", "line:U-analytics", TODAY)
    event = _last(bot)
    assert event["kind"] == "fallback" and event["fallback"] is True
    assert event["channel"] == "line" and "taro@" not in event["question"] and "[メール]" in event["question"]


def test_the_mode_recorded_is_the_one_the_answer_was_retrieved_with(bot):
    bot.pipeline.ask("Is there a transfer to regional offices?", "slack:T1:C1:123.4", TODAY)
    event = _last(bot)  # glossary terms: the configured fusion
    assert event["lang"] == "en" and event["mode"] == bot.retriever.mode and event["channel"] == "slack"
    bot.pipeline.ask("Is the zorblax fluffy today?", "slack:T1:C1:123.5", TODAY)
    assert _last(bot)["mode"] == "faq"  # no known idea: the vectors alone


def test_analytics_hold_no_session_id():
    assert "session_id" not in analytics_events.c  # nothing links an event back to a conversation


@pytest.mark.parametrize(("session_id", "channel"), [("line:U1", "line"), ("slack:T:C:k", "slack"),
                                                     ("0f3a", "web"), ("evil:x", "web")])
def test_channel_of(session_id, channel):
    assert channel_of(session_id) == channel


def test_a_failing_analytics_write_does_not_cost_the_answer(bot, monkeypatch):
    def broken(_event):
        raise RuntimeError("disk full")

    monkeypatch.setattr(bot.pipeline._analytics, "record", broken)
    session_id, answer = bot.pipeline.ask("地方転勤はありますか", None, TODAY)
    assert session_id and answer.kind in ("answer", "clarify")
