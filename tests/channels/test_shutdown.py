"""`python -m bot serve` as a real process: SIGTERM lets an in-flight request finish; a corrupt index is
refused before the port is bound; logs are JSON lines with request ids and without the user's text."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time

import httpx
import pytest

from bot.settings import ROOT
from tests.conftest import free_port
from bot.waiting import wait_ready

pytestmark = pytest.mark.slow


def serve(tmp_path, **env_extra) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {**os.environ, "BOT_DATA_DIR": str(tmp_path / "data"), "BOT_TODAY": "2026-11-23", "OMP_NUM_THREADS": "1", **env_extra}
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "serve", "--port", str(port)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    return proc, f"http://127.0.0.1:{port}"


def wait_started(proc: subprocess.Popen, url: str) -> None:
    def exited():
        return None if proc.poll() is None else proc.stderr.read().decode(errors="replace")

    wait_ready(url, 90, exited)


def read_response(sock: socket.socket) -> tuple[int, dict, bytes]:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        assert chunk, "connection closed before the response head"
        data += chunk
    head, body = data.split(b"\r\n\r\n", 1)
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {k.lower(): v.strip() for k, v in (line.split(":", 1) for line in lines[1:])}
    length = int(headers["content-length"])
    while len(body) < length:
        chunk = sock.recv(65536)
        assert chunk, "connection closed mid-body"
        body += chunk
    return status, headers, body


def test_sigterm_lets_the_in_flight_request_finish(tmp_path):
    proc, url = serve(tmp_path)
    try:
        wait_started(proc, url)
        secret = "1996年6月15日生まれ、電話は090-1234-5678です。総合職の院卒者試験を受けられますか"
        body = json.dumps({"message": secret}, ensure_ascii=False).encode()
        port = int(url.rsplit(":", 1)[1])
        with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
            head = (
                f"POST /api/chat HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n"
                f"X-Request-ID: shutdown-test-1\r\nContent-Length: {len(body)}\r\n\r\n"
            ).encode()
            # The request is in flight: its head and half its body have arrived when SIGTERM comes.
            sock.sendall(head + body[: len(body) // 2])
            time.sleep(0.5)
            proc.send_signal(signal.SIGTERM)
            time.sleep(1.0)
            assert proc.poll() is None, "the server quit with a request still in flight"
            # New connections are refused during the graceful stop.
            with pytest.raises(httpx.HTTPError):
                httpx.get(url + "/healthz", timeout=2)
            sock.sendall(body[len(body) // 2 :])
            status, headers, payload = read_response(sock)
        assert status == 200
        answer = json.loads(payload)
        assert answer["kind"] in {"answer", "eligibility", "clarify", "fallback"} and answer["session_id"]
        assert headers["x-request-id"] == "shutdown-test-1"
        assert proc.wait(timeout=30) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    logs = proc.stderr.read().decode()
    records = [json.loads(line) for line in logs.splitlines() if line.startswith("{")]
    access = [r for r in records if r.get("logger") == "bot.access" and r.get("request_id") == "shutdown-test-1"]
    assert len(access) == 1
    assert access[0]["route"] == "/api/chat" and access[0]["status"] == 200
    assert access[0]["message_chars"] == len(secret)
    # Nothing the applicant typed reaches the log: not the birth date, not the phone number.
    for fragment in ("1996", "090-1234-5678", "生まれ", "院卒者試験"):
        assert fragment not in logs


def test_corrupt_index_is_refused_at_start_up(tmp_path):
    index = tmp_path / "index"
    shutil.copytree(ROOT / "index", index)
    (index / "vectors.faiss").write_bytes(b"not a faiss index")
    proc, url = serve(tmp_path, BOT_INDEX_DIR=str(index))
    try:
        code = proc.wait(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    err = proc.stderr.read().decode()
    assert code != 0
    assert "vectors.faiss" in err and "python -m bot index" in err
    assert "serving on" not in err  # refused before the port was bound
    with pytest.raises(httpx.HTTPError):
        httpx.get(url + "/healthz", timeout=1)
