"""POST /api/feedback: a 👍/👎 and optional comment on one answer, stored redacted."""

from __future__ import annotations

import threading
from typing import Literal

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, StrictStr

from bot.channels.schema import MAX_MESSAGE, CitationOut, ErrorResponse
from bot.feedback import FeedbackStore
from bot.messages import say

router = APIRouter()
_lock = threading.Lock()


class FeedbackRequest(BaseModel):
    model_config = ConfigDict(extra="ignore")

    session_id: StrictStr | None = Field(default=None, max_length=128)
    question: StrictStr = Field(default="", max_length=MAX_MESSAGE)
    answer: StrictStr = Field(default="", max_length=20000)
    citations: list[CitationOut] = Field(default_factory=list, max_length=50)
    rating: Literal["up", "down"]
    comment: StrictStr = Field(default="", max_length=MAX_MESSAGE)


def store_for(app) -> FeedbackStore:
    """Ratings go to the bot's shared store (SQLite or PostgreSQL), like sessions and dedupe keys."""
    with _lock:
        store = getattr(app.state, "feedback", None)
        if store is None:
            store = FeedbackStore(app.state.bot.store)
            app.state.feedback = store
        return store


@router.post("/api/feedback", status_code=201, responses={422: {"model": ErrorResponse}})
def feedback(body: FeedbackRequest, request: Request) -> JSONResponse:
    fid = store_for(request.app).add(
        session_id=body.session_id,
        question=body.question,
        answer=body.answer,
        citations=[c.model_dump() for c in body.citations],
        rating=body.rating,
        comment=body.comment,
    )
    return JSONResponse({"status": "ok", "id": fid, "message": say("channels.feedback_thanks")}, status_code=201)
