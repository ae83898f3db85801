"""The /api/chat contract over real HTTP, including bad input (never a 500)."""

import json
import subprocess
import sys

import httpx
import pytest

from bot.settings import ROOT

CONTRACT_KEYS = {"session_id", "kind", "answer", "citations", "eligibility", "suggestions"}
CITATION_KEYS = {"n", "doc_id", "title", "organization", "quote", "url"}


def test_chat_contract(live_server, docs_by_id):
    r = httpx.post(live_server.url + "/api/chat", json={"message": "在外勤務は必ずある？", "session_id": None}, timeout=30)
    assert r.status_code == 200
    body = r.json()
    assert CONTRACT_KEYS <= set(body)
    assert body["kind"] in {"answer", "eligibility", "clarify", "fallback"}
    assert isinstance(body["session_id"], str) and body["session_id"]
    for c in body["citations"]:
        assert CITATION_KEYS <= set(c)
        assert c["quote"] in docs_by_id[c["doc_id"]].text
        assert f"[{c['n']}]" in body["answer"]
    assert body["eligibility"] is None or {"exam", "verdict", "checks", "missing"} <= set(body["eligibility"])


def test_session_id_is_kept(live_server):
    r1 = httpx.post(live_server.url + "/api/chat", json={"message": "英語が苦手でも大丈夫？"}, timeout=30).json()
    r2 = httpx.post(live_server.url + "/api/chat", json={"message": "外務省の場合は？", "session_id": r1["session_id"]}, timeout=30).json()
    assert r2["session_id"] == r1["session_id"]
    assert r2["citations"] and r2["citations"][0]["organization"] == "外務省"


def test_source_link_shows_the_passage(live_server):
    body = httpx.post(live_server.url + "/api/chat", json={"message": "地方転勤はありますか"}, timeout=30).json()
    page = httpx.get(live_server.url + body["citations"][0]["url"], timeout=30)
    assert page.status_code == 200
    assert 'id="passage"' in page.text


@pytest.mark.parametrize(
    "content, code",
    [
        ({"message": ""}, "message_empty"),
        ({"message": "あ" * 2001}, "message_too_long"),
        ({"message": 123}, "invalid_request"),
        ({"message": "質問", "session_id": 5}, "invalid_request"),
        ({}, "message_empty"),
        ([1, 2], "invalid_body"),
        ("just a string", "invalid_body"),
    ],
)
def test_bad_requests_get_422_in_japanese(live_server, content, code):
    r = httpx.post(live_server.url + "/api/chat", json=content, timeout=30)
    assert r.status_code == 422
    error = r.json()["error"]
    assert error["code"] == code
    assert any("\u3040" <= ch <= "\u30ff" for ch in error["message"])


@pytest.mark.parametrize(
    "raw, headers",
    [
        (b"{not json", {"content-type": "application/json"}),
        (b"\xff\xfe\xfa", {"content-type": "application/json"}),
        (b"message=hi", {"content-type": "application/x-www-form-urlencoded"}),
        (b"", {"content-type": "application/json"}),
    ],
)
def test_malformed_bodies_are_422_not_500(live_server, raw, headers):
    r = httpx.post(live_server.url + "/api/chat", content=raw, headers=headers, timeout=30)
    assert r.status_code == 422
    assert "error" in r.json()


def test_exactly_2000_chars_is_accepted(live_server):
    r = httpx.post(live_server.url + "/api/chat", json={"message": "転勤" * 1000}, timeout=30)
    assert r.status_code == 200


def test_healthz(live_server):
    r = httpx.get(live_server.url + "/healthz", timeout=10)
    assert r.status_code == 200 and r.json()["status"] == "ok"


def test_unknown_route_is_json_404(live_server):
    r = httpx.get(live_server.url + "/nope", timeout=10)
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"


def test_cli_ask_json_prints_the_api_body(tmp_path):
    env = {"BOT_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    out = subprocess.run(
        [sys.executable, "-m", "bot", "ask", "在外勤務は必ずある？", "--json"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=True,
    )
    body = json.loads(out.stdout)
    assert CONTRACT_KEYS == set(body)
    assert body["citations"][0]["doc_id"] == "mofa-tech"


def test_cli_refuses_a_stale_index(tmp_path):
    corpus = tmp_path / "corpus"
    import shutil

    shutil.copytree(ROOT / "corpus", corpus)
    (corpus / "mofa-tech.md").write_text((corpus / "mofa-tech.md").read_text(encoding="utf-8") + "追記\n", encoding="utf-8")
    env = {"BOT_DATA_DIR": str(tmp_path), "BOT_CORPUS_DIR": str(corpus), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    out = subprocess.run([sys.executable, "-m", "bot", "ask", "転勤"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 2
    assert "python -m bot index" in out.stderr
