"""Where a conversation is sent: the in-process pipeline, or a running server's POST /api/chat.

Both turn the bot's reply into the same plain :class:`Reply`, so every answer-level metric is
computed identically. Over HTTP, citation offsets are recovered by locating the quoted text in the
corpus (quotes are verbatim); retrieval rankings are not part of the API, so rank metrics exist
only in-process.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date
from typing import Mapping, Sequence

import httpx

from bot.types import Answer
from evals.gold import locate


@dataclass(frozen=True)
class Cited:
    n: int
    doc_id: str
    start: int
    end: int
    quote: str
    title: str = ""


@dataclass(frozen=True)
class Reply:
    kind: str  # answer | eligibility | clarify | fallback | error
    text: str
    citations: tuple[Cited, ...] = ()
    verdict: str | None = None
    failed_checks: tuple[str, ...] = ()
    latency_ms: float = 0.0  # mean per turn
    error: str | None = None


class InProcessTarget:
    """A fresh session of a :class:`bot.answer.pipeline.Pipeline` per conversation."""

    def __init__(self, pipeline, today: date) -> None:
        self.pipeline = pipeline
        self.today = today

    def converse(self, turns: Sequence[str]) -> Reply:
        session = None
        started = time.perf_counter()
        for turn in turns:
            session, answer = self.pipeline.ask(turn, session, self.today)
        elapsed = (time.perf_counter() - started) * 1000 / len(turns)
        return reply_from_answer(answer, elapsed)


def reply_from_answer(answer: Answer, latency_ms: float = 0.0) -> Reply:
    citations = tuple(Cited(c.n, c.doc_id, c.start, c.end, c.quote, c.title) for c in answer.citations)
    e = answer.eligibility
    return Reply(
        kind=answer.kind,
        text=answer.text,
        citations=citations,
        verdict=e.verdict if e else None,
        failed_checks=tuple(c.id for c in e.checks if c.status == "fail") if e else (),
        latency_ms=latency_ms,
    )


class HttpTarget:
    """POST /api/chat on a running server; the turns of one case share its session_id."""

    def __init__(self, base_url: str, corpus_texts: Mapping[str, str], timeout: float = 60.0) -> None:
        self.url = base_url.rstrip("/") + "/api/chat"
        self.texts = corpus_texts
        self.client = httpx.Client(timeout=timeout)

    def close(self) -> None:
        self.client.close()

    def converse(self, turns: Sequence[str]) -> Reply:
        session_id = None
        started = time.perf_counter()
        body: dict = {}
        for turn in turns:
            payload = {"message": turn} if session_id is None else {"message": turn, "session_id": session_id}
            try:
                response = self._post(payload)
            except httpx.HTTPError as exc:
                return Reply("error", "", error=f"{type(exc).__name__}: {exc}")
            if response.status_code != 200:
                return Reply("error", "", error=f"HTTP {response.status_code}: {response.text[:200]}")
            body = response.json()
            session_id = body["session_id"]
        elapsed = (time.perf_counter() - started) * 1000 / len(turns)
        return reply_from_body(body, self.texts, elapsed)


    def _post(self, payload: dict, attempts: int = 5) -> httpx.Response:
        """One POST; a 429 from the server's rate limiter is waited out (Retry-After), not scored."""
        for _ in range(attempts):
            response = self.client.post(self.url, json=payload)
            if response.status_code != 429:
                return response
            time.sleep(min(float(response.headers.get("retry-after", "1") or 1), 30.0))
        return response


def reply_from_body(body: dict, corpus_texts: Mapping[str, str], latency_ms: float = 0.0) -> Reply:
    """A /api/chat response body as a Reply; offsets come from where each quote sits in its document."""
    citations = []
    for c in body.get("citations", []):
        span = locate(c["quote"], corpus_texts.get(c["doc_id"], "")) if c.get("quote") else None
        start, end = span if span else (0, 0)
        citations.append(Cited(c["n"], c["doc_id"], start, end, c["quote"], c.get("title", "")))
    e = body.get("eligibility")
    return Reply(
        kind=body["kind"],
        text=body["answer"],
        citations=tuple(citations),
        verdict=e["verdict"] if e else None,
        failed_checks=tuple(c["id"] for c in e["checks"] if c["status"] == "fail") if e else (),
        latency_ms=latency_ms,
    )
