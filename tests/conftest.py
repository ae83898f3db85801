"""Shared fixtures: the real corpus, the committed index, the real pipeline and a real HTTP server."""

from __future__ import annotations

import socket
import threading
from datetime import date
from pathlib import Path

import pytest
import uvicorn

from bot.corpus.store import load_corpus
from bot.service import Bot, build_bot
from bot.settings import ROOT, Settings
from bot.waiting import wait_ready

TODAY = date(2026, 11, 23)


@pytest.fixture(scope="session")
def settings(tmp_path_factory) -> Settings:
    return Settings(data_dir=tmp_path_factory.mktemp("data"), today=TODAY)


@pytest.fixture(scope="session")
def docs():
    return load_corpus(ROOT / "corpus")


@pytest.fixture(scope="session")
def docs_by_id(docs):
    return {d.doc_id: d for d in docs}


@pytest.fixture(scope="session")
def bot(settings) -> Bot:
    return build_bot(settings)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    """A uvicorn server on 127.0.0.1 in a background thread."""

    def __init__(self, app) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning"))
        self._thread = threading.Thread(target=self._server.run, daemon=True)

    def __enter__(self) -> "LiveServer":
        self._thread.start()
        wait_ready(self.url, 30, interval=0.05)
        return self

    def __exit__(self, *exc) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=10)


@pytest.fixture(scope="session")
def live_server(settings, bot):
    from bot.channels.app import create_app

    with LiveServer(create_app(settings, bot=bot)) as server:
        yield server


@pytest.fixture
def ask(bot):
    def _ask(message: str, session_id: str | None = None):
        return bot.pipeline.ask(message, session_id, TODAY)

    return _ask


def assert_answered_from(answer, fragment: str) -> None:
    """An answer (not a clarify or fallback) whose first citation quotes the fragment."""
    assert answer.kind == "answer", answer.text
    assert fragment in answer.citations[0].quote, [c.quote[:60] for c in answer.citations]


def corpus_path(doc_id: str) -> Path:
    return ROOT / "corpus" / f"{doc_id}.md"
