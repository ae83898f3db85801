"""A real HTTP server on 127.0.0.1 speaking the OpenAI chat-completions API (and Ollama's /api/chat).

Replies are scripted per test; every request body is recorded, so tests can assert what the bot sent.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Reply:
    content: str = ""
    status: int = 200
    delay: float = 0.0  # seconds before answering (a slow model)


class FakeLLM:
    def __init__(self) -> None:
        self.requests: list[dict] = []
        self.script: list[Reply] = []
        self.default = Reply(status=500)
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # keep test output clean
                pass

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers.get("content-length") or 0)) or b"{}")
                fake.requests.append({"path": self.path, "body": body})
                reply = fake.script.pop(0) if fake.script else fake.default
                if reply.delay:
                    time.sleep(reply.delay)
                if reply.status != 200:
                    self._send(reply.status, {"error": {"message": "scripted failure", "type": "server_error"}})
                elif self.path.endswith("/chat/completions"):
                    self._send(200, _openai(body, reply.content))
                elif self.path == "/api/chat":
                    self._send(200, _ollama(body, reply.content), ndjson=True)
                else:
                    self._send(404, {"error": {"message": "not found"}})

            def _send(self, status: int, payload: dict, ndjson: bool = False) -> None:
                data = (json.dumps(payload, ensure_ascii=False) + ("\n" if ndjson else "")).encode()
                try:
                    self.send_response(status)
                    self.send_header("content-type", "application/x-ndjson" if ndjson else "application/json")
                    self.send_header("content-length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout test)
                    pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> "FakeLLM":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()

    def reply(self, *replies: Reply) -> None:
        self.script = list(replies)
        self.requests.clear()


def _openai(request: dict, content: str) -> dict:
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": request.get("model", "fake"),
        "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }


def _ollama(request: dict, content: str) -> dict:
    return {
        "model": request.get("model", "fake"),
        "created_at": "2026-01-01T00:00:00Z",
        "message": {"role": "assistant", "content": content},
        "done": True,
        "done_reason": "stop",
    }
