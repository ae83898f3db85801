"""Request ids, /metrics (parsed as Prometheus text), /healthz vs /readyz, JSON log lines — over real HTTP."""

from __future__ import annotations

import dataclasses
import io
import json
import logging

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import create_engine

from bot.channels.app import create_app
from bot.logs import JsonFormatter, configure_logging
from bot.settings import Settings
from bot.store.database import Store
from tests.conftest import TODAY, LiveServer, free_port


def scrape(url: str) -> dict[tuple[str, tuple], float]:
    """Every sample as {(name, sorted labels): value}."""
    response = httpx.get(url + "/metrics", timeout=30)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    samples = {}
    for family in text_string_to_metric_families(response.text):
        for s in family.samples:
            samples[(s.name, tuple(sorted(s.labels.items())))] = s.value
    return samples


def value(samples, name: str, **labels) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def test_request_id_is_echoed_or_minted(live_server):
    mine = httpx.get(live_server.url + "/healthz", headers={"x-request-id": "lb-7f3a.42"}, timeout=30)
    assert mine.headers["x-request-id"] == "lb-7f3a.42"
    minted = [httpx.get(live_server.url + "/healthz", timeout=30).headers["x-request-id"] for _ in range(2)]
    assert minted[0] != minted[1] and all(len(m) == 32 for m in minted)
    # A header that could smuggle text into log lines is replaced, not echoed.
    hostile = httpx.get(live_server.url + "/healthz", headers={"x-request-id": "a b\"}{" + "x" * 100}, timeout=30)
    assert hostile.headers["x-request-id"] != "a b\"}{" + "x" * 100 and len(hostile.headers["x-request-id"]) == 32


def test_metrics_count_requests_latency_and_answers_by_kind(live_server, bot):
    before = scrape(live_server.url)
    kinds = []
    for question in ("地方転勤はありますか", "2027年度の採用予定数は？", "在外勤務は必ずある？"):
        body = httpx.post(live_server.url + "/api/chat", json={"message": question}, timeout=30).json()
        kinds.append(body["kind"])
    stream = httpx.post(live_server.url + "/api/chat/stream", json={"message": "地方転勤はありますか"}, timeout=30)
    assert stream.status_code == 200
    httpx.post(live_server.url + "/api/chat", json={"message": ""}, timeout=30)  # a 422
    after = scrape(live_server.url)

    chat_200 = dict(method="POST", route="/api/chat", status="200")
    assert value(after, "bot_http_requests_total", **chat_200) - value(before, "bot_http_requests_total", **chat_200) == 3
    chat_422 = dict(method="POST", route="/api/chat", status="422")
    assert value(after, "bot_http_requests_total", **chat_422) - value(before, "bot_http_requests_total", **chat_422) == 1
    count = "bot_http_request_duration_seconds_count"
    assert value(after, count, route="/api/chat") - value(before, count, route="/api/chat") == 4
    assert value(after, count, route="/api/chat/stream") - value(before, count, route="/api/chat/stream") == 1
    slowest = value(after, "bot_http_request_duration_seconds_bucket", route="/api/chat", le="+Inf")
    assert slowest == value(after, count, route="/api/chat")
    mode = bot.retriever.mode
    for kind in set(kinds):
        labels = dict(kind=kind, retrieval_mode=mode, channel="api")
        assert value(after, "bot_answers_total", **labels) - value(before, "bot_answers_total", **labels) == kinds.count(kind)
    assert "fallback" in kinds  # 2027年度 is a year the documents do not cover: the fallback rate moves
    streamed = sum(value(after, "bot_answers_total", kind=k, retrieval_mode=mode, channel="stream") for k in ("answer", "eligibility", "clarify", "fallback"))
    streamed_before = sum(value(before, "bot_answers_total", kind=k, retrieval_mode=mode, channel="stream") for k in ("answer", "eligibility", "clarify", "fallback"))
    assert streamed - streamed_before == 1


def test_metrics_count_feedback_by_rating(live_server):
    before = scrape(live_server.url)
    for rating in ("up", "down", "down"):
        r = httpx.post(live_server.url + "/api/feedback", json={"rating": rating, "question": "転勤", "answer": "…"}, timeout=30)
        assert r.status_code == 201
    httpx.post(live_server.url + "/api/feedback", json={"rating": "meh"}, timeout=30)  # refused: not counted
    after = scrape(live_server.url)
    assert value(after, "bot_feedback_total", rating="up") - value(before, "bot_feedback_total", rating="up") == 1
    assert value(after, "bot_feedback_total", rating="down") - value(before, "bot_feedback_total", rating="down") == 2


def test_query_cache_shows_in_metrics(live_server):
    httpx.post(live_server.url + "/api/chat", json={"message": "研修制度について知りたい"}, timeout=30)
    before = scrape(live_server.url)
    httpx.post(live_server.url + "/api/chat", json={"message": "研修制度について知りたい"}, timeout=30)
    after = scrape(live_server.url)
    assert value(after, "bot_query_cache_hits") > value(before, "bot_query_cache_hits")
    assert value(after, "bot_query_cache_misses") == value(before, "bot_query_cache_misses")
    assert value(after, "bot_query_cache_entries") >= 1


def test_unknown_paths_share_one_label(live_server):
    for path in ("/wp-login.php", "/.env", "/admin/x"):
        assert httpx.get(live_server.url + path, timeout=30).status_code == 404
    text = httpx.get(live_server.url + "/metrics", timeout=30).text
    assert "wp-login" not in text and ".env" not in text
    assert 'route="unmatched",status="404"' in text


def test_healthz_and_readyz_when_ready(live_server):
    assert httpx.get(live_server.url + "/healthz", timeout=30).status_code == 200
    ready = httpx.get(live_server.url + "/readyz", timeout=30)
    assert ready.status_code == 200
    assert ready.json()["status"] == "ready" and ready.json()["store"] == "ok" and ready.json()["index"]["units"] > 0


def test_readyz_is_503_in_japanese_when_the_store_is_down(bot, tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'ready.sqlite3'}")
    with LiveServer(create_app(Settings(data_dir=tmp_path, today=TODAY), bot=dataclasses.replace(bot, store=store))) as srv:
        assert httpx.get(srv.url + "/readyz", timeout=30).status_code == 200
        # The database server goes away: a real engine pointed at a port where nothing listens.
        store.engine = create_engine(f"postgresql+psycopg://bot@127.0.0.1:{free_port()}/bot", connect_args={"connect_timeout": 2})
        assert httpx.get(srv.url + "/healthz", timeout=30).status_code == 200  # alive: do not restart it
        ready = httpx.get(srv.url + "/readyz", timeout=30)  # but not ready: route traffic elsewhere
        assert ready.status_code == 503
        error = ready.json()["error"]
        assert error["code"] == "store_unavailable"
        assert "データベース" in error["message"]


def test_json_log_lines_carry_request_id_and_never_the_question(bot, tmp_path):
    stream = io.StringIO()
    configure_logging("INFO", json_lines=True, stream=stream)
    try:
        with LiveServer(create_app(Settings(data_dir=tmp_path, today=TODAY), bot=bot)) as srv:
            secret = "私は1998年4月2日生まれで、メールはtaro@example.jpです。受験できますか"
            r = httpx.post(srv.url + "/api/chat", json={"message": secret, "session_id": "sess-log-1"}, headers={"x-request-id": "log-test-1"}, timeout=30)
            assert r.status_code == 200
            httpx.post(srv.url + "/api/chat", content=b"{broken", headers={"content-type": "application/json", "x-request-id": "log-test-2"}, timeout=30)
    finally:
        root = logging.getLogger()
        for handler in [h for h in root.handlers if getattr(h, "_bot_handler", False)]:
            root.removeHandler(handler)
        logging.getLogger("uvicorn.access").disabled = False
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    access = {line["request_id"]: line for line in lines if line["logger"] == "bot.access" and "request_id" in line}
    ok = access["log-test-1"]
    assert ok["route"] == "/api/chat" and ok["status"] == 200 and ok["message_chars"] == len(secret)
    assert ok["kind"] == r.json()["kind"] and isinstance(ok["duration_ms"], float)
    assert ok["session"] and "sess-log-1" not in ok["session"]  # a hash, not the id itself
    assert access["log-test-2"]["status"] == 422
    text = stream.getvalue()
    for fragment in ("1998", "taro@example.jp", "生まれ", "sess-log-1"):
        assert fragment not in text


def test_json_formatter_puts_tracebacks_in_the_log_only():
    record = logging.getLogger("bot.test").makeRecord("bot.test", logging.ERROR, __file__, 1, "boom %s", ("x",), None)
    try:
        raise ValueError("inner")
    except ValueError:
        import sys

        record.exc_info = sys.exc_info()
    entry = json.loads(JsonFormatter().format(record))
    assert entry["msg"] == "boom x" and entry["level"] == "ERROR" and "ValueError: inner" in entry["exc"]


@pytest.mark.parametrize("path", ["/api/chat", "/readyz", "/metrics", "/"])
def test_security_headers_on_every_kind_of_response(live_server, path):
    response = httpx.request("POST" if path == "/api/chat" else "GET", live_server.url + path, json={"message": "転勤"}, timeout=30)
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert "frame-ancestors" in response.headers["content-security-policy"]
    assert response.headers["x-request-id"]
