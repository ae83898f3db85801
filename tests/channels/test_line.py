"""LINE webhook against the real app on 127.0.0.1, with a recording stand-in for api.line.me."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
import uuid

import httpx
import pytest

from bot.channels.app import create_app
from bot.settings import Settings
from tests.channels.fake_platform import fake_line, serve, slowed

SECRET = "line-test-secret"
TOKEN = "line-test-access-token"
PUBLIC = "https://bot.example.go.jp"
REPLY, PUSH, LOADING = "/v2/bot/message/reply", "/v2/bot/message/push", "/v2/bot/chat/loading/start"


def make_app(data_dir, fake):
    return create_app(Settings(data_dir=data_dir, line_channel_secret=SECRET, line_channel_access_token=TOKEN,
                               line_api_base_url=fake.url, line_data_api_base_url=fake.url, public_base_url=PUBLIC))


@pytest.fixture(scope="module")
def fake():
    platform = fake_line()
    yield platform
    platform.close()


@pytest.fixture(scope="module")
def live(tmp_path_factory, fake):
    app = make_app(tmp_path_factory.mktemp("line"), fake)
    with serve(app) as url:
        yield app, url


@pytest.fixture(autouse=True)
def clean(fake):
    fake.reset()


def sign(body: bytes, secret: str = SECRET) -> str:
    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()


def text_event(text: str, user: str = "U1", event_id: str | None = None, reply_token: str = "rt-1") -> dict:
    return {"type": "message", "mode": "active", "timestamp": int(time.time() * 1000),
            "source": {"type": "user", "userId": user}, "webhookEventId": event_id or uuid.uuid4().hex,
            "deliveryContext": {"isRedelivery": False}, "replyToken": reply_token,
            "message": {"id": "100", "type": "text", "quoteToken": "q", "text": text}}


def post(url: str, events: list[dict], signature: str | None = None) -> httpx.Response:
    body = json.dumps({"destination": "Ubot", "events": events}, ensure_ascii=False).encode()
    headers = {"Content-Type": "application/json", "X-Line-Signature": signature or sign(body)}
    return httpx.post(f"{url}/integrations/line/webhook", content=body, headers=headers, timeout=10)


def texts(call) -> list[str]:
    return [m["text"] for m in call.body["messages"]]


def test_console_verify_is_acknowledged(live):
    _, url = live
    assert post(url, []).status_code == 200


def test_wrong_signature_is_rejected_before_anything_happens(live, fake):
    _, url = live
    r = post(url, [text_event("地方転勤はありますか")], signature=sign(b"other body"))
    assert r.status_code == 400 and r.json()["error"]["code"] == "invalid_signature"
    r = post(url, [text_event("地方転勤はありますか")], signature=sign(b"x", "wrong-secret"))
    assert r.status_code == 400
    time.sleep(0.5)
    assert fake.requests == []


def test_answer_is_replied_with_quote_and_https_source_links(live, fake):
    _, url = live
    assert post(url, [text_event("地方転勤はありますか", reply_token="rt-answer")]).status_code == 200
    call = fake.wait_for(REPLY)[0]
    assert call.body["replyToken"] == "rt-answer"
    assert call.headers["authorization"] == f"Bearer {TOKEN}"
    sent = texts(call)
    assert 1 <= len(sent) <= 5
    assert "地方官署" in sent[0] and "[1]" in sent[0]
    assert sent[-1].startswith("【出典】") and f"{PUBLIC}/sources/" in sent[-1]


def test_clarify_choices_become_quick_replies(live, fake):
    _, url = live
    post(url, [text_event("英語が苦手でも大丈夫？", user="U-clarify")])
    call = fake.wait_for(REPLY)[0]
    last = call.body["messages"][-1]
    items = last["quickReply"]["items"]
    assert 1 <= len(items) <= 13
    assert [i["action"]["text"] for i in items] == ["入管庁の場合", "外務省の場合"]
    assert all(len(i["action"]["label"]) <= 20 and i["action"]["type"] == "message" for i in items)
    assert "quickReply" not in call.body["messages"][0] or len(call.body["messages"]) == 1


def test_sessions_are_keyed_by_line_user(live, fake):
    app, url = live
    pipeline = app.state.bot.pipeline
    seen = []
    original = pipeline.ask

    def spy(message, session_id, today):
        seen.append(session_id)
        return original(message, session_id, today)

    pipeline.ask = spy
    try:
        post(url, [text_event("英語が苦手でも大丈夫？", user="U-sess")])
        fake.wait_for(REPLY)
        post(url, [text_event("外務省の場合", user="U-sess", reply_token="rt-2")])
        fake.wait_for(REPLY, 2)
    finally:
        pipeline.ask = original
    assert seen == ["line:U-sess", "line:U-sess"]


def test_sticker_gets_a_polite_text_answer(live, fake):
    _, url = live
    event = text_event("", user="U-sticker")
    event["message"] = {"id": "101", "type": "sticker", "packageId": "446", "stickerId": "1988",
                        "stickerResourceType": "STATIC", "quoteToken": "q"}
    post(url, [event])
    call = fake.wait_for(REPLY)[0]
    assert "文字で送って" in texts(call)[0]


def test_expired_reply_token_falls_back_to_push(live, fake):
    _, url = live
    fake.queue(REPLY, 400, {"message": "Invalid reply token"})
    post(url, [text_event("地方転勤はありますか", user="U-push")])
    push = fake.wait_for(PUSH)[0]
    assert push.body["to"] == "U-push"
    assert "地方官署" in texts(push)[0]
    uuid.UUID(push.headers["x-line-retry-key"])  # idempotent retries of the push


def test_other_reply_errors_do_not_push(live, fake):
    _, url = live
    fake.queue(REPLY, 500, {"message": "Internal error"})
    post(url, [text_event("地方転勤はありますか", user="U-500")])
    fake.wait_for(REPLY)
    time.sleep(0.5)
    assert fake.calls(PUSH) == []


def test_redelivery_is_not_answered_again_even_after_restart(tmp_path, fake):
    event = text_event("地方転勤はありますか", user="U-dup", event_id="01HDUPLICATEEVENT")
    with serve(make_app(tmp_path, fake)) as url:
        post(url, [event])
        fake.wait_for(REPLY)
        redelivered = {**event, "deliveryContext": {"isRedelivery": True}}
        assert post(url, [redelivered]).status_code == 200
        time.sleep(0.8)
        assert len(fake.calls(REPLY)) == 1
    with serve(make_app(tmp_path, fake)) as url:  # a restart with the same data_dir
        assert post(url, [redelivered]).status_code == 200
        post(url, [text_event("地方転勤はありますか", user="U-fresh")])
        fake.wait_for(REPLY, 2)
        time.sleep(0.8)
        assert [c.body["replyToken"] for c in fake.calls(REPLY)] == ["rt-1", "rt-1"]
        assert len(fake.calls(REPLY)) == 2  # the fresh event only


def test_ack_within_2s_while_a_slow_answer_arrives_later_with_loading(live, fake):
    app, url = live
    with slowed(app.state.bot.pipeline, 3):
        started = time.monotonic()
        r = post(url, [text_event("地方転勤はありますか", user="U-slow")])
        elapsed = time.monotonic() - started
        assert r.status_code == 200 and elapsed < 2.0
        assert fake.calls(REPLY) == []
        loading = fake.wait_for(LOADING, timeout=5)[0]
        assert loading.body["chatId"] == "U-slow" and loading.body["loadingSeconds"] % 5 == 0
        fake.wait_for(REPLY, timeout=10)
        assert time.monotonic() - started >= 3


def test_disabled_without_secrets_but_the_app_still_serves(tmp_path):
    app = create_app(Settings(data_dir=tmp_path, line_channel_secret=None, line_channel_access_token=None))
    with serve(app) as url:
        r = post(url, [])
        assert r.status_code == 404
        assert r.json()["error"]["code"] == "integration_disabled" and "LINE" in r.json()["error"]["message"]
        assert httpx.get(f"{url}/healthz").status_code == 200


def test_secrets_do_not_show_in_repr():
    settings = Settings(line_channel_secret=SECRET, line_channel_access_token=TOKEN)
    assert SECRET not in repr(settings) and TOKEN not in str(settings.model_dump())
