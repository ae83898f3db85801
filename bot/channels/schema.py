"""The /api/chat contract, exactly as tools outside the repo rely on it (extend only by adding fields)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, StrictStr

from bot.types import Answer

MAX_MESSAGE = 2000


class ChatRequest(BaseModel):
    model_config = ConfigDict(extra="ignore")

    message: StrictStr = Field(min_length=1, max_length=MAX_MESSAGE)
    session_id: StrictStr | None = Field(default=None, min_length=1, max_length=128)


class CitationOut(BaseModel):
    n: int
    doc_id: str
    title: str
    organization: str
    quote: str
    url: str


class CheckOut(BaseModel):
    id: str
    label: str
    status: Literal["pass", "fail", "unknown"]
    detail: str
    cite: int | None


class EligibilityOut(BaseModel):
    exam: str
    verdict: Literal["eligible", "ineligible", "need_info"]
    checks: list[CheckOut]
    missing: list[str]


class ChatResponse(BaseModel):
    session_id: str
    kind: Literal["answer", "eligibility", "clarify", "fallback"]
    answer: str
    citations: list[CitationOut]
    eligibility: EligibilityOut | None
    suggestions: list[str]


class ErrorBody(BaseModel):
    code: str
    message: str


class ErrorResponse(BaseModel):
    error: ErrorBody


def to_response(session_id: str, answer: Answer) -> dict:
    eligibility = None
    if answer.eligibility is not None:
        e = answer.eligibility
        eligibility = {
            "exam": e.exam,
            "verdict": e.verdict,
            "checks": [
                {"id": c.id, "label": c.label, "status": c.status, "detail": c.detail, "cite": c.cite} for c in e.checks
            ],
            "missing": list(e.missing),
        }
    return {
        "session_id": session_id,
        "kind": answer.kind,
        "answer": answer.text,
        "citations": [
            {"n": c.n, "doc_id": c.doc_id, "title": c.title, "organization": c.organization, "quote": c.quote, "url": c.url}
            for c in answer.citations
        ],
        "eligibility": eligibility,
        "suggestions": list(answer.suggestions),
    }
