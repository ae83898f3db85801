"""Two real app processes (uvicorn via `python -m bot serve`) sharing one real PostgreSQL server.

What one instance writes, the other sees: a conversation started on A continues on B, a LINE redelivery to the
other instance is not answered twice, and both keep answering after PostgreSQL restarts.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import subprocess
import sys
import time
import uuid

import httpx
import pytest

from bot.settings import ROOT
from tests.channels.fake_platform import fake_line, free_port
from tests.conftest import TODAY
from bot.waiting import wait_ready

pytestmark = pytest.mark.slow

SECRET, TOKEN = "multi-instance-secret", "multi-instance-token"
REPLY = "/v2/bot/message/reply"
QUESTION = "1997年生まれで修士修了、総合職の院卒者試験を受けられる？"
FOLLOW_UP = "1997年6月生まれです"


class Instance:
    """`python -m bot serve` in its own process, with its own data_dir: only the database is shared."""

    def __init__(self, name: str, database_url: str, line_url: str, workdir) -> None:
        self.name = name
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        data_dir = workdir / name
        data_dir.mkdir()
        env = {**os.environ, "BOT_DATABASE_URL": database_url, "BOT_DATA_DIR": str(data_dir),
               "BOT_TODAY": TODAY.isoformat(), "BOT_LINE_CHANNEL_SECRET": SECRET, "BOT_LINE_CHANNEL_ACCESS_TOKEN": TOKEN,
               "BOT_LINE_API_BASE_URL": line_url, "BOT_LINE_DATA_API_BASE_URL": line_url, "OMP_NUM_THREADS": "1"}
        self.log = workdir / f"{name}.log"
        with open(self.log, "wb") as out:
            self.proc = subprocess.Popen([sys.executable, "-m", "bot", "serve", "--host", "127.0.0.1", "--port", str(self.port)],
                                         cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)

    def wait_ready(self, timeout: float = 120) -> None:
        def exited():
            return None if self.proc.poll() is None else self.log.read_text(errors="replace")[-3000:]

        wait_ready(self.url, timeout, exited, interval=0.2)

    def chat(self, message: str, session_id: str | None = None) -> dict:
        body = {"message": message} | ({"session_id": session_id} if session_id else {})
        r = httpx.post(self.url + "/api/chat", json=body, timeout=30)
        assert r.status_code == 200, r.text
        return r.json()

    def line(self, event: dict) -> httpx.Response:
        raw = json.dumps({"destination": "Ubot", "events": [event]}, ensure_ascii=False).encode()
        signature = base64.b64encode(hmac.new(SECRET.encode(), raw, hashlib.sha256).digest()).decode()
        return httpx.post(self.url + "/integrations/line/webhook", content=raw, timeout=10,
                          headers={"Content-Type": "application/json", "X-Line-Signature": signature})

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


@pytest.fixture(scope="module")
def platform():
    fake = fake_line()
    yield fake
    fake.close()


@pytest.fixture(scope="module")
def instances(pg_cluster, platform, tmp_path_factory):
    url = pg_cluster.create_database(f"multi_{uuid.uuid4().hex[:8]}")
    workdir = tmp_path_factory.mktemp("instances")
    pair = [Instance("a", url, platform.url, workdir), Instance("b", url, platform.url, workdir)]
    try:
        for instance in pair:
            instance.wait_ready()
        yield pair
    finally:
        for instance in pair:
            instance.stop()


def line_event(text: str, event_id: str, reply_token: str, user: str, redelivery: bool = False) -> dict:
    return {"type": "message", "mode": "active", "timestamp": int(time.time() * 1000),
            "source": {"type": "user", "userId": user}, "webhookEventId": event_id,
            "deliveryContext": {"isRedelivery": redelivery}, "replyToken": reply_token,
            "message": {"id": event_id[-8:], "type": "text", "quoteToken": "q", "text": text}}


def replies_to(platform, token: str) -> list:
    return [c for c in platform.calls(REPLY) if c.body.get("replyToken") == token]


def test_conversation_started_on_one_instance_continues_on_the_other(instances):
    a, b = instances
    first = a.chat(QUESTION)
    assert first["kind"] == "eligibility" and first["eligibility"]["verdict"] == "need_info"
    second = b.chat(FOLLOW_UP, first["session_id"])
    assert second["session_id"] == first["session_id"]
    assert second["kind"] == "eligibility" and second["eligibility"]["verdict"] == "eligible"
    # Control: without A's stored facts the same follow-up means nothing to B.
    alone = b.chat(FOLLOW_UP)
    assert alone["kind"] != "eligibility"


def test_line_redelivery_to_the_other_instance_is_not_answered_twice(instances, platform):
    a, b = instances
    event_id = "01" + uuid.uuid4().hex[:24].upper()
    assert a.line(line_event("地方転勤はありますか", event_id, "rt-original", "U-multi")).status_code == 200
    platform.wait_for(REPLY)
    assert len(replies_to(platform, "rt-original")) == 1
    # LINE redelivers the same webhookEventId (isRedelivery) — here to the other instance.
    assert b.line(line_event("地方転勤はありますか", event_id, "rt-original", "U-multi", redelivery=True)).status_code == 200
    # Control: B does answer a new event, so silence about the redelivery is deduplication, not a dead instance.
    assert b.line(line_event("地方転勤はありますか", "01" + uuid.uuid4().hex[:24].upper(), "rt-control", "U-other")).status_code == 200
    deadline = time.monotonic() + 30
    while not replies_to(platform, "rt-control") and time.monotonic() < deadline:
        time.sleep(0.1)
    assert len(replies_to(platform, "rt-control")) == 1
    time.sleep(1.0)
    assert len(replies_to(platform, "rt-original")) == 1


def test_both_instances_recover_after_a_postgres_restart(instances, pg_cluster):
    a, b = instances
    started = a.chat(QUESTION)  # the pools of both instances now hold connections
    b.chat("地方転勤はありますか")
    pg_cluster.restart()  # every one of those connections is dropped by the server
    finished = b.chat(FOLLOW_UP, started["session_id"])
    assert finished["eligibility"]["verdict"] == "eligible"
    assert a.chat("地方転勤はありますか")["kind"] in ("answer", "clarify")
    assert httpx.get(a.url + "/healthz", timeout=5).status_code == 200
