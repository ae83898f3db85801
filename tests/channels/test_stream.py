"""POST /api/chat/stream: deltas that add up to the answer, then a final event shaped exactly like /api/chat."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from bot.channels.app import create_app
from bot.channels.stream import chunks
from bot.settings import Settings


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    with TestClient(create_app(Settings(data_dir=tmp_path_factory.mktemp("data")))) as c:
        yield c


def parse_sse(text: str) -> list[tuple[str, dict]]:
    events = []
    for block in text.strip().split("\n\n"):
        lines = dict(line.split(": ", 1) for line in block.splitlines())
        events.append((lines["event"], json.loads(lines["data"])))
    return events


def test_chunks_concatenate_to_the_text():
    text = "「案内」によると、\n地方で働きます。また、管理職も！[1]\n※終了しています。"
    parts = chunks(text)
    assert "".join(parts) == text and len(parts) >= 3
    assert chunks("") == []


def test_stream_sends_deltas_then_final_equal_in_shape_to_api_chat(client):
    r = client.post("/api/chat/stream", json={"message": "地方転勤はありますか"})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/event-stream")
    events = parse_sse(r.text)
    kinds = [k for k, _ in events]
    assert kinds[-1] == "final" and set(kinds[:-1]) == {"delta"} and len(kinds) >= 2
    final = events[-1][1]
    assert "".join(d["text"] for _, d in events[:-1]) == final["answer"]
    plain = client.post("/api/chat", json={"message": "地方転勤はありますか", "session_id": final["session_id"]}).json()
    assert set(final) == set(plain) == {"session_id", "kind", "answer", "citations", "eligibility", "suggestions"}
    assert final["kind"] == plain["kind"] == "answer"
    assert final["citations"] and final["citations"][0]["url"].startswith("/sources/")
    assert final["citations"] == plain["citations"]


def test_stream_keeps_the_session(client):
    first = parse_sse(client.post("/api/chat/stream", json={"message": "英語が苦手でも大丈夫？"}).text)[-1][1]
    assert first["kind"] == "clarify" and first["suggestions"]
    again = parse_sse(client.post("/api/chat/stream", json={"message": "今日の天気は？", "session_id": first["session_id"]}).text)[-1][1]
    assert again["session_id"] == first["session_id"] and again["kind"] == "fallback"


@pytest.mark.parametrize(
    ("body", "code"),
    [({"message": ""}, "message_empty"), ({"message": "あ" * 2001}, "message_too_long"), ({}, "message_empty"), ({"message": 3}, "invalid_request")],
)
def test_bad_input_gets_the_same_422_as_api_chat(client, body, code):
    streamed = client.post("/api/chat/stream", json=body)
    plain = client.post("/api/chat", json=body)
    assert streamed.status_code == plain.status_code == 422
    assert streamed.json() == plain.json()
    assert streamed.json()["error"]["code"] == code


def test_invalid_json_is_422(client):
    r = client.post("/api/chat/stream", content=b"{not json", headers={"content-type": "application/json"})
    assert r.status_code == 422 and r.json()["error"]["code"] == "invalid_json"
