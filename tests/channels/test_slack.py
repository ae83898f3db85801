"""Slack Events API against the real app on 127.0.0.1, with a recording stand-in for slack.com/api."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import uuid

import httpx
import pytest

from bot.channels.app import create_app
from bot.settings import Settings
from tests.channels.fake_platform import fake_slack, serve, slowed

SECRET = "slack-test-signing-secret"
TOKEN = "xoxb-test-token"
PUBLIC = "https://bot.example.go.jp"
POST_MESSAGE = "/api/chat.postMessage"


@pytest.fixture(scope="module")
def fake():
    platform = fake_slack()
    yield platform
    platform.close()


@pytest.fixture(scope="module")
def live(tmp_path_factory, fake):
    app = create_app(Settings(data_dir=tmp_path_factory.mktemp("slack"), slack_signing_secret=SECRET, slack_bot_token=TOKEN,
                              slack_api_base_url=f"{fake.url}/api/", public_base_url=PUBLIC))
    with serve(app) as url:
        yield app, url


@pytest.fixture(autouse=True)
def clean(fake):
    fake.reset()


def post(url: str, payload: dict, timestamp: int | None = None, secret: str = SECRET, headers: dict | None = None):
    body = json.dumps(payload, ensure_ascii=False).encode()
    ts = str(timestamp if timestamp is not None else int(time.time()))
    signature = "v0=" + hmac.new(secret.encode(), f"v0:{ts}:".encode() + body, hashlib.sha256).hexdigest()
    sent = {"Content-Type": "application/json", "X-Slack-Request-Timestamp": ts, "X-Slack-Signature": signature, **(headers or {})}
    return httpx.post(f"{url}/integrations/slack/events", content=body, headers=sent, timeout=10)


def callback(event: dict, event_id: str | None = None) -> dict:
    return {"type": "event_callback", "team_id": "T1", "api_app_id": "A1", "event": event,
            "event_id": event_id or f"Ev{uuid.uuid4().hex[:10]}", "event_time": int(time.time())}


def mention(text: str, ts: str = "1700000000.000100", **extra) -> dict:
    return callback({"type": "app_mention", "user": "U1", "text": f"<@UBOT> {text}", "ts": ts, "channel": "C1",
                     "event_ts": ts, **extra})


def dm(text: str, **extra) -> dict:
    return callback({"type": "message", "channel_type": "im", "user": "U2", "text": text,
                     "ts": "1700000001.000200", "channel": "D1", "event_ts": "1700000001.000200", **extra})


def test_url_verification_echoes_the_challenge(live):
    _, url = live
    r = post(url, {"type": "url_verification", "token": "t", "challenge": "abc123"})
    assert r.status_code == 200 and "abc123" in r.text


def test_bad_signature_and_old_timestamp_are_rejected(live, fake):
    _, url = live
    assert post(url, mention("地方転勤はありますか"), secret="wrong").status_code == 401
    old = int(time.time()) - 6 * 60  # outside Slack's 5-minute window, though correctly signed
    assert post(url, mention("地方転勤はありますか"), timestamp=old).status_code == 401
    time.sleep(0.5)
    assert fake.calls(POST_MESSAGE) == []


def test_mention_is_answered_in_its_thread_with_citations_in_context(live, fake):
    _, url = live
    assert post(url, mention("地方転勤はありますか", ts="1700000000.000111")).status_code == 200
    call = fake.wait_for(POST_MESSAGE)[0]
    assert call.headers["authorization"] == f"Bearer {TOKEN}"
    assert call.body["channel"] == "C1" and call.body["thread_ts"] == "1700000000.000111"
    assert "地方官署" in call.body["text"]
    context = [b for b in call.body["blocks"] if b["type"] == "context"][0]
    assert "【出典】" in context["elements"][0]["text"]
    assert f"<{PUBLIC}/sources/" in context["elements"][1]["text"]


def test_mention_inside_a_thread_stays_in_that_thread_and_session(live, fake):
    app, url = live
    pipeline = app.state.bot.pipeline
    seen, original = [], pipeline.ask
    pipeline.ask = lambda m, s, t: (seen.append(s), original(m, s, t))[1]
    try:
        post(url, mention("英語が苦手でも大丈夫？", ts="1700000100.000001"))
        fake.wait_for(POST_MESSAGE)
        post(url, mention("外務省の場合", ts="1700000200.000002", thread_ts="1700000100.000001"))
        calls = fake.wait_for(POST_MESSAGE, 2)
    finally:
        pipeline.ask = original
    assert {c.body["thread_ts"] for c in calls} == {"1700000100.000001"}
    assert seen == ["slack:T1:C1:1700000100.000001"] * 2


def test_direct_message_is_answered_and_bot_posts_or_edits_are_ignored(live, fake):
    _, url = live
    post(url, dm("地方転勤はありますか"))
    call = fake.wait_for(POST_MESSAGE)[0]
    assert call.body["channel"] == "D1" and "地方官署" in call.body["text"]
    post(url, dm("地方転勤はありますか", bot_id="BOTHER"))
    post(url, dm("地方転勤はありますか", subtype="message_changed"))
    post(url, callback({"type": "message", "channel_type": "channel", "user": "U3", "text": "地方転勤はありますか",
                        "ts": "1.2", "channel": "C9"}))
    time.sleep(1.0)
    assert len(fake.calls(POST_MESSAGE)) == 1


def test_retries_are_acknowledged_but_never_answered_twice(live, fake):
    _, url = live
    payload = mention("地方転勤はありますか", ts="1700000300.000003")
    assert post(url, payload).status_code == 200
    fake.wait_for(POST_MESSAGE)
    retry = post(url, payload, headers={"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"})
    assert retry.status_code == 200
    time.sleep(1.0)
    assert len(fake.calls(POST_MESSAGE)) == 1


def test_ack_within_3s_while_a_slow_answer_arrives_later(live, fake):
    app, url = live
    with slowed(app.state.bot.pipeline, 4):
        started = time.monotonic()
        r = post(url, mention("地方転勤はありますか", ts="1700000400.000004"))
        assert r.status_code == 200 and time.monotonic() - started < 3.0
        assert fake.calls(POST_MESSAGE) == []
        call = fake.wait_for(POST_MESSAGE, timeout=15)[0]
        assert time.monotonic() - started >= 4 and call.body["thread_ts"] == "1700000400.000004"


def test_disabled_without_secrets(tmp_path):
    app = create_app(Settings(data_dir=tmp_path, slack_signing_secret=None, slack_bot_token=None))
    with serve(app) as url:
        r = post(url, {"type": "url_verification", "challenge": "x"})
        assert r.status_code == 404 and r.json()["error"]["code"] == "integration_disabled"
