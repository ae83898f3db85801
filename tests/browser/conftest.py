"""Browser tests: the real app on 127.0.0.1 plus a separate-origin host page, driven by node playwright-core
scripts (run.mjs) against Debian's /usr/bin/chromium. Skipped, with the reason, when either is missing."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import uvicorn

from bot.channels.app import create_app
from bot.settings import ROOT, Settings
from bot.waiting import wait_ready

CHROMIUM = Path("/usr/bin/chromium")
NODE_MODULES = ROOT / "node_modules"
ARTIFACTS = ROOT / "test-artifacts"
RUNNER = Path(__file__).with_name("run.mjs")


def pytest_collection_modifyitems(config, items):
    missing = []
    if not CHROMIUM.exists():
        missing.append("/usr/bin/chromium (apt-get install -y chromium)")
    if not shutil.which("node") or not (NODE_MODULES / "playwright-core").is_dir() or not (NODE_MODULES / "axe-core").is_dir():
        missing.append("node with playwright-core and axe-core (npm install in the repo root)")
    if missing:
        skip = pytest.mark.skip(reason="browser tests need " + " and ".join(missing))
        for item in items:
            if "browser" in item.keywords:
                item.add_marker(skip)


class CorsSettings(Settings):
    # Stand-in for the cors_origins Settings field this issue asks for.
    cors_origins: list[str] = []


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


HOST_PAGE = """<!doctype html><html lang="ja"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>ホストサイト</title>
<link rel="stylesheet" href="/host.css">
<script src="{bot}/widget.js" data-bot-url="{bot}" data-title="採用Q&amp;A" defer></script>
</head><body><header><a href="#main" id="hostlink">本文へ</a></header>
<main id="main"><h1 id="hosth">ある省庁の採用サイト</h1><p>ホストページの本文です。</p><button id="hostbtn">ホストのボタン</button></main>
</body></html>"""
# Deliberately aggressive host styles: the widget must neither inherit them nor change them.
HOST_CSS = "h1 { color: rgb(128, 0, 0); font-family: serif; } button { background: rgb(255, 0, 255); } * { letter-spacing: .1em; }"


def host_server(bot_url: str):
    csp = f"default-src 'none'; script-src {bot_url}; style-src 'self' {bot_url}; connect-src {bot_url}; img-src 'self'"

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server API)
            body, kind = (HOST_CSS, "text/css") if self.path.startswith("/host.css") else (HOST_PAGE.format(bot=bot_url), "text/html")
            data = body.encode()
            self.send_response(200)
            self.send_header("Content-Type", kind + "; charset=utf-8")
            self.send_header("Content-Security-Policy", csp)  # a strict host CSP that only allows the bot origin
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    return ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)


@pytest.fixture(scope="session")
def servers(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("browser-data")
    port = free_port()
    bot_url = f"http://127.0.0.1:{port}"
    host = host_server(bot_url)
    host_url = f"http://127.0.0.1:{host.server_address[1]}"
    app = create_app(CorsSettings(data_dir=data_dir, cors_origins=[host_url]))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    threading.Thread(target=host.serve_forever, daemon=True).start()
    wait_ready(bot_url, 60, interval=0.2)
    yield {"bot": bot_url, "host": host_url, "data_dir": data_dir}
    server.should_exit = True
    host.shutdown()


@pytest.fixture
def run(servers):
    """Run one scenario of run.mjs; it prints a JSON result and exits non-zero with the failure."""

    def _run(scenario: str) -> dict:
        ARTIFACTS.mkdir(exist_ok=True)
        config = {"bot": servers["bot"], "host": servers["host"], "artifacts": str(ARTIFACTS), "chromium": str(CHROMIUM),
                  "axe": str(NODE_MODULES / "axe-core" / "axe.min.js")}
        proc = subprocess.run(["node", str(RUNNER), scenario, json.dumps(config)], capture_output=True, text=True, timeout=180, cwd=ROOT)
        if proc.returncode != 0:
            pytest.fail(f"scenario {scenario} failed:\n{proc.stdout[-4000:]}\n{proc.stderr[-4000:]}")
        return json.loads(proc.stdout.strip().splitlines()[-1])

    return _run
