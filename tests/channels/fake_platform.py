"""Stand-ins for api.line.me and slack.com/api: a local HTTP server that records every request.

Also runs the real app under uvicorn on 127.0.0.1, so webhooks are timed over a real socket.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import uvicorn


@dataclass
class Recorded:
    method: str
    path: str
    headers: dict
    body: object  # parsed JSON, a dict of form fields, or the raw text


@dataclass
class FakePlatform:
    defaults: dict = field(default_factory=dict)  # path -> (status, json body)
    requests: list = field(default_factory=list)
    queued: dict = field(default_factory=dict)  # path -> [(status, body)], used before the defaults

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        platform = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server's naming
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode("utf-8")
                try:
                    body = json.loads(raw) if raw else {}
                except ValueError:
                    body = {k: v[0] for k, v in parse_qs(raw).items()} or raw
                status, payload = platform._respond(self.path.split("?")[0], Recorded(
                    "POST", self.path.split("?")[0], {k.lower(): v for k, v in self.headers.items()}, body))
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST

            def log_message(self, *args):  # keep test output quiet
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def _respond(self, path: str, record: Recorded) -> tuple[int, object]:
        with self._lock:
            self.requests.append(record)
            if self.queued.get(path):
                return self.queued[path].pop(0)
        return self.defaults.get(path, (200, {}))

    def queue(self, path: str, status: int, body: object) -> None:
        with self._lock:
            self.queued.setdefault(path, []).append((status, body))

    def calls(self, path: str) -> list[Recorded]:
        with self._lock:
            return [r for r in self.requests if r.path == path]

    def wait_for(self, path: str, count: int = 1, timeout: float = 15.0) -> list[Recorded]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.calls(path)
            if len(found) >= count:
                return found
            time.sleep(0.05)
        raise AssertionError(f"expected {count} request(s) to {path}, got {len(self.calls(path))}: {self.requests}")

    def reset(self) -> None:
        with self._lock:
            self.requests.clear()
            self.queued.clear()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def fake_line() -> FakePlatform:
    return FakePlatform()


def fake_slack() -> FakePlatform:
    return FakePlatform(defaults={
        "/api/auth.test": (200, {"ok": True, "user_id": "UBOT", "bot_id": "BBOT", "team_id": "T1", "user": "bot"}),
        "/api/chat.postMessage": (200, {"ok": True, "ts": "1700000999.000100", "channel": "C1"}),
    })


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serve(app):
    """The app under uvicorn in a thread; yields its base URL once start-up (bot loading) is done."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the app did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@contextmanager
def slowed(pipeline, seconds: float):
    """The pipeline answers only after `seconds`: for acks that must not wait for the answer."""
    original = pipeline.ask

    def slow(*args, **kwargs):
        time.sleep(seconds)
        return original(*args, **kwargs)

    pipeline.ask = slow
    try:
        yield
    finally:
        pipeline.ask = original
